package apitest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffcrm"
)

// staffSortable is the module answer's sortable marks.
type staffSortable struct {
	Sortable []struct{ Field, State string }
	Version  int
}

// markSortable sends fields as the module's sortable list and answers the response.
func markSortable(t *testing.T, admin *client, module string, fields []string) response {
	t.Helper()
	r := admin.Do("GET", "/api/admin/modules/"+module, nil)
	MustStatus(t, r, http.StatusOK)
	return admin.Do("PATCH", "/api/admin/modules/"+module, map[string]any{"sortable": fields}, "If-Match", r.Header.Get("ETag"))
}

// TestStaffSortsByMarkedField: an admin marks Grand_Total sortable on Invoices that already
// has records; the request writes their keys and answers it ready; the staff list then sorts
// by it in both directions across pages of 2 (records without a total last), a record whose
// total changes moves, a deleted one leaves, a new one joins; a field not marked, a fourth
// mark and a sort with filters are 400s naming the parameter; unmarking ends the sort.
func TestStaffSortsByMarkedField(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Ordem")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	ids := map[string]string{}
	for _, inv := range []map[string]any{
		{"Subject": "banana", "Grand_Total": 1000},
		{"Subject": "Água", "Grand_Total": 9.99},
		{"Subject": "zinco", "Grand_Total": 250.5},
		{"Subject": "Ábaco", "Grand_Total": 100},
		{"Subject": "Caju"},
		{"Subject": "Caqui", "Grand_Total": -20},
	} {
		ids[inv["Subject"].(string)] = admin.MustCreate("Invoices", inv).ID
	}
	settle() // the fill reads the records eventually consistently

	r := markSortable(t, admin, "Invoices", []string{"Grand_Total"})
	MustStatus(t, r, http.StatusOK)
	var m staffSortable
	r.JSON(t, &m)
	if len(m.Sortable) != 1 || m.Sortable[0].Field != "Grand_Total" || m.Sortable[0].State != "ready" {
		t.Fatalf("sortable %+v, want Grand_Total ready", m.Sortable)
	}
	settle()

	list := func(t *testing.T, query string) []string {
		t.Helper()
		got, _ := subjects(t, admin, "/api/admin/records/Invoices?limit=2&"+query, "Subject")
		return got
	}
	t.Run("existing records, both directions", func(t *testing.T) {
		if got, want := list(t, "sort=Grand_Total"), []string{"Caqui", "Água", "Ábaco", "zinco", "banana", "Caju"}; !slices.Equal(got, want) {
			t.Errorf("ascending: got %v, want %v", got, want)
		}
		if got, want := list(t, "sort=-Grand_Total"), []string{"banana", "zinco", "Ábaco", "Água", "Caqui", "Caju"}; !slices.Equal(got, want) {
			t.Errorf("descending: got %v, want %v", got, want)
		}
	})

	t.Run("change, delete, create", func(t *testing.T) {
		var rec record
		admin.Do("GET", "/api/admin/records/Invoices/"+ids["banana"], nil).JSON(t, &rec)
		MustStatus(t, admin.Do("PATCH", "/api/admin/records/Invoices/"+ids["banana"], map[string]any{"fields": map[string]any{"Grand_Total": 1}},
			"If-Match", strconv.Itoa(rec.Version)), http.StatusOK)
		MustStatus(t, admin.Do("DELETE", "/api/admin/records/Invoices/"+ids["zinco"], nil), http.StatusNoContent)
		admin.MustCreate("Invoices", map[string]any{"Subject": "novo", "Grand_Total": 50})
		settle()
		if got, want := list(t, "sort=Grand_Total"), []string{"Caqui", "banana", "Água", "novo", "Ábaco", "Caju"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		// The five totals fill the first page of 5 exactly; the record without one follows.
		got, pages := subjects(t, admin, "/api/admin/records/Invoices?limit=5&sort=-Grand_Total", "Subject")
		if want := []string{"Ábaco", "novo", "Água", "banana", "Caqui", "Caju"}; !slices.Equal(got, want) || pages != 2 {
			t.Errorf("pages of 5: got %v in %d pages, want %v in 2", got, pages, want)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		r := admin.Do("GET", "/api/admin/records/Invoices?sort=Due_Date", nil)
		MustStatus(t, r, http.StatusBadRequest)
		want := "Due_Date cannot be sorted: sortable fields are Modified_Time, Subject, Grand_Total (prefix - for descending)"
		if p := r.Problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "sort" || p.Errors[0].Message != want {
			t.Errorf("got %+v, want sort: %q", p.Errors, want)
		}
		r = admin.Do("GET", "/api/admin/records/Invoices?sort=Grand_Total&filter.Status=Created", nil)
		MustStatus(t, r, http.StatusBadRequest)
		if p := r.Problem(t); !slices.Equal(p.fields(), []string{"sort"}) {
			t.Errorf("with a filter: got %+v, want a problem naming sort", p)
		}
		r = markSortable(t, admin, "Invoices", []string{"Grand_Total", "Due_Date", "Invoice_Date", "Status"})
		MustStatus(t, r, http.StatusBadRequest)
		if p := r.Problem(t); !slices.Contains(p.fields(), "sortable") {
			t.Errorf("a fourth field: got %+v, want a problem naming sortable", p)
		}
		r = markSortable(t, admin, "Invoices", []string{"Description"})
		MustStatus(t, r, http.StatusBadRequest)
		if p := r.Problem(t); !slices.Equal(p.fields(), []string{"sortable[0]"}) {
			t.Errorf("a textarea: got %+v, want a problem naming sortable[0]", p)
		}
	})

	t.Run("one Query a page at any size", func(t *testing.T) {
		before := e.staffSortedPageCalls(t, admin)
		for i := range 30 {
			admin.MustCreate("Invoices", map[string]any{"Subject": "mais " + strconv.Itoa(i), "Grand_Total": 500 + i})
		}
		settle()
		after := e.staffSortedPageCalls(t, admin)
		if !slices.Equal(before, after) {
			t.Errorf("round trips grew with the module: %v, then %v", before, after)
		}
		if queries := countOf(after, "Query"); queries != 1 {
			t.Errorf("round trips %v, want one Query", after)
		}
	})

	t.Run("unmark", func(t *testing.T) {
		MustStatus(t, markSortable(t, admin, "Invoices", []string{}), http.StatusOK)
		settle()
		MustStatus(t, admin.Do("GET", "/api/admin/records/Invoices?sort=Grand_Total", nil), http.StatusBadRequest)
		if n := e.sortIndexItems(t, o.ID, "Invoices", "Grand_Total"); n != 0 {
			t.Errorf("%d index items left after unmarking, want 0", n)
		}
	})
}

// staffSortedPageCalls lists the DynamoDB calls of the staff list's handler, in process, for
// the first page of 5 of Invoices sorted by -Grand_Total (after the guard's own reads).
func (e *env) staffSortedPageCalls(t *testing.T, admin *client) []string {
	t.Helper()
	var c callCounter
	d := e.countingDeps(&c)
	h := staffcrm.ListRecordsFunction(d)
	r := httpapi.Request{RouteKey: "GET /api/admin/records/{module}", RawPath: "/api/admin/records/Invoices", PathParameters: map[string]string{"module": "Invoices"},
		QueryStringParameters: map[string]string{"sort": "-Grand_Total", "limit": "5"}, Cookies: []string{auth.StaffCookie + "=" + admin.cookies[auth.StaffCookie]},
		Headers: map[string]string{"accept": "application/json", "x-requested-with": auth.RequestedWithValue}}
	if secret := e.deps.Config.OriginVerifySecret; secret != "" {
		r.Headers[strings.ToLower(httpapi.OriginVerifyHeader)] = secret
	}
	r.RequestContext.HTTP.Method, r.RequestContext.HTTP.Path, r.RequestContext.HTTP.SourceIP = "GET", r.RawPath, "203.0.113.9"
	c.roundTrips()
	out, err := h(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	var page myRecords
	if err := json.Unmarshal([]byte(out.Body), &page); out.StatusCode != http.StatusOK || err != nil || len(page.Items) == 0 {
		t.Fatalf("status %d, %d items (%v): %s", out.StatusCode, len(page.Items), err, out.Body)
	}
	// Retries of a batch's unprocessed keys (injected faults) are one call each: keep one.
	return slices.Compact(c.roundTrips())
}

func countOf(calls []string, name string) int {
	n := 0
	for _, c := range calls {
		if c == name {
			n++
		}
	}
	return n
}

// sortIndexItems counts the items of a field's sort index (strongly consistent).
func (e *env) sortIndexItems(t *testing.T, org, module, field string) int {
	t.Helper()
	out, err := e.deps.DynamoDB.Query(context.Background(), &dynamodb.QueryInput{TableName: aws.String(e.deps.Config.TableName),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: "ORG#" + org + "#SORT#" + module + "#" + field}}})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Items)
}
