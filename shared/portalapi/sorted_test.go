package portalapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"crmportal/shared/crm"
)

func TestCompareSortedOrder(t *testing.T) {
	type rec struct {
		key string
		has bool
		id  string
	}
	recs := []rec{{"b", true, "1"}, {"", false, "2"}, {"a", true, "3"}, {"b", true, "0"}, {"", false, "1"}}
	tests := []struct {
		name string
		desc bool
		want string // ids in order
	}{
		{"ascending: values, ties by id, empty last", false, "3 0 1 1 2"},
		{"descending: values, ties by id reversed, empty still last", true, "1 0 3 2 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(recs)
			slices.SortFunc(got, func(a, b rec) int { return compareSorted(a.key, a.has, a.id, b.key, b.has, b.id, tt.desc) })
			ids := make([]string, len(got))
			for i, r := range got {
				ids[i] = r.id
			}
			if strings.Join(ids, " ") != tt.want {
				t.Errorf("got %v, want %s", ids, tt.want)
			}
		})
	}
}

func TestDecodeSortCursor(t *testing.T) {
	good := sortCursor{Sort: "-Grand_Total", Key: "c0", Has: true, ID: "r1"}.encode()
	tests := []struct {
		name, cursor, sort string
		ok                 bool
	}{
		{"its own", good, "-Grand_Total", true},
		{"another direction", good, "Grand_Total", false},
		{"another field", good, "-Subject", false},
		{"not base64", "%%%", "-Grand_Total", false},
		{"not JSON", "bm9wZQ", "-Grand_Total", false},
		{"no id", sortCursor{Sort: "Subject", Key: "x", Has: true}.encode(), "Subject", false},
		{"a key without a value", sortCursor{Sort: "Subject", Key: "x", ID: "r"}.encode(), "Subject", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeSortCursor(tt.cursor, tt.sort)
			if got := err == nil; got != tt.ok {
				t.Errorf("decodeSortCursor ok = %v (%v), want %v", got, err, tt.ok)
			}
		})
	}
}

// BenchmarkSortAtTheBound sorts SortScopeMax records by an amount and by a text, as
// listSorted does once their read is done (keys, then the sort with its tie-break).
func BenchmarkSortAtTheBound(b *testing.B) {
	amount := crm.Field{APIName: "Grand_Total", Type: crm.TypeCurrency}
	subject := crm.Field{APIName: "Subject", Type: crm.TypeText}
	recs := make([]RecordJSON, SortScopeMax)
	for i := range recs {
		recs[i] = RecordJSON{ID: fmt.Sprintf("r%05d", i), Fields: map[string]any{
			"Grand_Total": fmt.Sprintf("%d.%02d", (i*7919)%100000, i%100),
			"Subject":     fmt.Sprintf("Fatura número %d de São Paulo", (i*104729)%SortScopeMax),
		}}
	}
	for _, f := range []crm.Field{amount, subject} {
		b.Run(f.APIName, func(b *testing.B) {
			for b.Loop() {
				col := crm.Collator("pt-BR")
				items := make([]sortedRecord, 0, len(recs))
				for _, r := range recs {
					key, has := crm.OrderKey(f, r.Fields[f.APIName], col)
					items = append(items, sortedRecord{json: r, key: key, has: has})
				}
				slices.SortFunc(items, func(x, y sortedRecord) int {
					return compareSorted(x.key, x.has, x.json.ID, y.key, y.has, y.json.ID, true)
				})
			}
		})
	}
}
