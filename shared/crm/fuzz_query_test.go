package crm

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseListQuery checks that ParseListQuery never panics, that a query with errors is
// empty and its errors are sorted, and that an accepted query, written back as parameters,
// parses to the same query. The input is one or more parameters, "key=value" a line; the
// module is picked by the first argument.
func FuzzParseListQuery(f *testing.F) {
	mods := append(Standard(), testModule())
	for _, s := range []string{
		"limit=10\nsort=-Modified_Time",
		"sort=Name\ncursor=abc",
		"filter.Name=Acme",
		"filter.Name.contains=cme\nfilter.Number.gte=10\nfilter.Number.lte=20.5",
		"filter.Money.gte=1234.5\nfilter.Day.lte=2026-02-28",
		"filter.At.gte=2026-01-02T12:04:05-03:00",
		"filter.Flag=sim\nfilter.Tags=a",
		"filter.Stage=Sent\nfilter.Account=abcdefgh12",
		"filter.Items=x\nfilter.Flag.contains=t\nfilter.Nope=1\nlimit=0",
		"filter.Number.gte=1e400\nfilter.Share=101\nsort=-",
		"filter.Name.eq=  \nlimit= 7 ",
	} {
		f.Add(uint8(len(mods)-1), s)
		f.Add(uint8(0), strings.ReplaceAll(s, "Name", "Last_Name"))
	}
	f.Fuzz(func(t *testing.T, mi uint8, params string) {
		m := mods[int(mi)%len(mods)]
		q := map[string]string{}
		for _, line := range strings.Split(params, "\n") {
			k, v, _ := strings.Cut(line, "=")
			q[k] = v
		}
		lq, errs := m.ParseListQuery(q)
		if len(errs) > 0 {
			if !reflect.DeepEqual(lq, ListQuery{}) {
				t.Fatalf("errors %v with a query %+v", errs, lq)
			}
			for i := 1; i < len(errs); i++ {
				if errs[i-1].Field > errs[i].Field {
					t.Fatalf("errors not sorted: %v", errs)
				}
			}
			return
		}
		if lq.Limit < 1 || lq.Limit > MaxListLimit || len(lq.Cursor) > MaxCursorLength || len(lq.Filters) > MaxFilters {
			t.Fatalf("query out of bounds: %+v", lq)
		}
		if lq.Sort != ModifiedTime && lq.Sort != m.NameField {
			t.Fatalf("sort %q", lq.Sort)
		}
		again := map[string]string{"limit": strconv.Itoa(lq.Limit)}
		if lq.Cursor != "" {
			again["cursor"] = lq.Cursor
		}
		if lq.Desc {
			again["sort"] = "-" + lq.Sort
		} else {
			again["sort"] = lq.Sort
		}
		for _, fl := range lq.Filters {
			again[FilterPrefix+fl.Field+"."+fl.Op] = filterText(t, fl.Value)
		}
		lq2, errs2 := m.ParseListQuery(again)
		if len(errs2) > 0 {
			t.Fatalf("%+v written back as %q does not parse: %v", lq, again, errs2)
		}
		if lq2.Cursor == "" && lq.Cursor == "" {
			lq2.Cursor = lq.Cursor
		}
		if !reflect.DeepEqual(lq, lq2) {
			t.Fatalf("%q parsed as %+v, written back as %q it parses as %+v", params, lq, again, lq2)
		}
	})
}

// filterText is a filter value as a query parameter.
func filterText(t *testing.T, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case json.Number:
		return x.String()
	case int, int64:
		return fmt.Sprint(x)
	}
	t.Fatalf("filter value %#v of type %T", v, v)
	return ""
}
