package apitest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalapi"
)

// sortedCustomer is a portal org whose customer Ana sees her invoices (own scope) with
// Subject, Grand_Total and Status shown and Description hidden, and a catalog of Products
// with Product_Name and Unit_Price shown; her client and cookie.
type sortedCustomer struct {
	portalOrg
	client *client
	cookie string
}

func (e *env) mustSortedCustomer(t *testing.T) sortedCustomer {
	t.Helper()
	p := e.mustPortalOrg(t, "Ordena", 2)
	email := "sort-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Sorted", email)
	tabs := map[string]func(tab map[string]any){
		"Invoices": func(tab map[string]any) {
			tab["enabled"], tab["view"] = true, true
			tab["scope"], tab["scopeField"] = "own", "Contact_Name"
			tab["display"] = map[string]any{"kind": "list", "columns": []string{"Subject", "Grand_Total", "Status"}}
			tab["filterable"] = []string{"Status"}
		},
		"Products": func(tab map[string]any) {
			tab["enabled"], tab["view"], tab["scope"], tab["scopeField"] = true, true, "catalog", ""
			tab["display"] = map[string]any{"kind": "list", "columns": []string{"Product_Name", "Unit_Price"}}
		},
	}
	var ut userTypeJSON
	p.Admin.Do("GET", "/api/admin/user-types/"+p.Free.ID, nil).JSON(t, &ut)
	for _, tab := range ut.Tabs {
		if change, ok := tabs[tab["module"].(string)]; ok {
			change(tab)
		}
	}
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/user-types/"+p.Free.ID, map[string]any{"name": ut.Name, "baseModule": ut.BaseModule, "seats": ut.Seats, "tabs": ut.Tabs,
		"fields": map[string]any{"Contacts": map[string]string{"Last_Name": "read", "Email": "read"},
			"Invoices": map[string]string{"Subject": "read", "Grand_Total": "read", "Status": "read"},
			"Products": map[string]string{"Product_Name": "read", "Unit_Price": "read"}}},
		"If-Match", strconv.Itoa(ut.Version)), http.StatusOK)
	for i, price := range []float64{30, 4.5, 200} {
		p.Admin.MustCreate("Products", map[string]any{"Product_Name": "Produto " + strconv.Itoa(i), "Unit_Price": price})
	}
	// Totals whose text order is not their order; one without a total; one of another contact.
	for _, inv := range []map[string]any{
		{"Subject": "banana", "Grand_Total": 1000, "Status": "Approved"},
		{"Subject": "Água", "Grand_Total": 9.99},
		{"Subject": "zinco", "Grand_Total": 250.5, "Status": "Approved"},
		{"Subject": "Ábaco", "Grand_Total": 100},
		{"Subject": "Caju"},
		{"Subject": "Caqui", "Grand_Total": -20},
	} {
		inv["Contact_Name"], inv["Description"] = ana.ID, "secret "+inv["Subject"].(string)
		p.Admin.MustCreate("Invoices", inv)
	}
	other := p.contact(t, "Other", "")
	p.Admin.MustCreate("Invoices", map[string]any{"Subject": "Alheia", "Grand_Total": 1, "Contact_Name": other.ID})
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
	c := e.Client(t)
	MustStatus(t, c.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": "a sorting passphrase"}), http.StatusOK)
	settle() // the lists below are eventually consistent reads of these writes
	return sortedCustomer{portalOrg: p, client: c, cookie: auth.PortalCookie + "=" + c.cookies[auth.PortalCookie]}
}

// subjects lists every page of path (limit per page), following nextCursor, and answers the
// values of field (a text) in the order listed and the number of pages.
func subjects(t *testing.T, c *client, path, field string) ([]string, int) {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		var page myRecords
		r := c.Do("GET", path+"&cursor="+url.QueryEscape(cursor), nil)
		MustStatus(t, r, http.StatusOK)
		r.JSON(t, &page)
		pages++
		for _, it := range page.Items {
			if seen[it.ID] {
				t.Fatalf("%s: record %s on two pages", path, it.ID)
			}
			seen[it.ID] = true
			if _, ok := it.Fields["Description"]; ok {
				t.Fatalf("%s: a hidden field is listed", path)
			}
			name, _ := it.Fields[field].(string)
			out = append(out, name)
		}
		if page.NextCursor == "" || pages > 20 {
			return out, pages
		}
		cursor = page.NextCursor
	}
}

// TestPortalSortsByAnyVisibleField: a customer sorts her invoices (own scope, no index for
// these orders) by an amount numerically and by text without case or accents, in both
// directions, records without a value last, across pages of 2 that neither repeat nor skip.
func TestPortalSortsByAnyVisibleField(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	tests := []struct {
		name, query string
		want        []string
	}{
		{"amount ascending", "sort=Grand_Total", []string{"Caqui", "Água", "Ábaco", "zinco", "banana", "Caju"}},
		{"amount descending", "sort=-Grand_Total", []string{"banana", "zinco", "Ábaco", "Água", "Caqui", "Caju"}},
		{"text ascending", "sort=Subject", []string{"Ábaco", "Água", "banana", "Caju", "Caqui", "zinco"}},
		{"text descending", "sort=-Subject", []string{"zinco", "Caqui", "Caju", "banana", "Água", "Ábaco"}},
		{"with a filter", "sort=-Subject&filter.Status=Approved", []string{"zinco", "banana"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, pages := subjects(t, s.client, "/api/records/Invoices?limit=2&"+tt.query, "Subject")
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if want := max(1, (len(tt.want)+1)/2); pages != want {
				t.Errorf("got %d pages, want %d", pages, want)
			}
		})
	}
}

// TestPortalCatalogSortsByPrice: a catalog tab (every record of the module, no index for the
// price) sorts by price across pages.
func TestPortalCatalogSortsByPrice(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	got, _ := subjects(t, s.client, "/api/records/Products?limit=2&sort=-Unit_Price", "Product_Name")
	if want := []string{"Produto 2", "Produto 0", "Produto 1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestPortalSortBadInput: a hidden field, an unknown one and one of a type without an order
// get the same 400 naming sort and the rule (the sortable fields); a cursor of another sort
// or a forged one is a 400 naming cursor. The staff list's message is the same.
func TestPortalSortBadInput(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	const rule = " cannot be sorted: sortable fields are Modified_Time, Subject, Status, Grand_Total (prefix - for descending)"
	for _, field := range []string{"Description", "Nope", "-Description"} {
		t.Run(field, func(t *testing.T) {
			r := s.client.Do("GET", "/api/records/Invoices?sort="+field, nil)
			MustStatus(t, r, http.StatusBadRequest)
			p := r.Problem(t)
			want := strings.TrimPrefix(field, "-") + rule
			if len(p.Errors) != 1 || p.Errors[0].Field != "sort" || p.Errors[0].Message != want {
				t.Errorf("got %+v, want sort: %q", p.Errors, want)
			}
		})
	}
	var page myRecords
	s.client.Do("GET", "/api/records/Invoices?limit=2&sort=-Grand_Total", nil).JSON(t, &page)
	for _, tt := range []struct{ name, query string }{
		{"another direction's", "sort=Grand_Total&cursor=" + page.NextCursor},
		{"another field's", "sort=Subject&cursor=" + page.NextCursor},
		{"forged", "sort=Grand_Total&cursor=bm9wZQ"},
		{"on the indexed list", "cursor=" + page.NextCursor},
	} {
		t.Run("cursor "+tt.name, func(t *testing.T) {
			r := s.client.Do("GET", "/api/records/Invoices?"+tt.query, nil)
			MustStatus(t, r, http.StatusBadRequest)
			if p := r.Problem(t); !slices.Contains(p.fields(), "cursor") {
				t.Errorf("got %+v, want a problem naming cursor", p)
			}
		})
	}
	t.Run("staff", func(t *testing.T) {
		r := s.Admin.Do("GET", "/api/admin/records/Invoices?sort=Grand_Total", nil)
		MustStatus(t, r, http.StatusBadRequest)
		want := "Grand_Total cannot be sorted: sortable fields are Modified_Time, Subject (prefix - for descending)"
		if p := r.Problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "sort" || p.Errors[0].Message != want {
			t.Errorf("got %+v, want sort: %q", p.Errors, want)
		}
	})
}

// TestPortalSortIsBounded: the function's own handler, in process, sorts the customer's 6
// invoices in one Query after the request's batch; with its bound lowered to 5 it answers
// 400 naming sort, the bound and the way out.
func TestPortalSortIsBounded(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	var c callCounter
	d := e.countingDeps(&c)
	list := func(bound int, query string) (int, string) {
		svc := portalapi.New(d)
		svc.SortScopeMax = bound
		h := d.Adapt(svc.Guard.Guard(svc.ListRecords))
		r := httpapi.Request{RouteKey: "GET /api/records/{module}", RawPath: "/api/records/Invoices", PathParameters: map[string]string{"module": "Invoices"},
			QueryStringParameters: map[string]string{"sort": query, "limit": "100"}, Cookies: []string{s.cookie},
			Headers: map[string]string{"accept": "application/json", "x-requested-with": auth.RequestedWithValue}}
		if secret := e.deps.Config.OriginVerifySecret; secret != "" {
			r.Headers[strings.ToLower(httpapi.OriginVerifyHeader)] = secret
		}
		r.RequestContext.HTTP.Method, r.RequestContext.HTTP.Path, r.RequestContext.HTTP.SourceIP = "GET", r.RawPath, "203.0.113.9"
		out, err := h(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return out.StatusCode, out.Body
	}
	c.roundTrips()
	status, body := list(0, "-Grand_Total")
	calls := c.roundTrips()
	var page myRecords
	if err := json.Unmarshal([]byte(body), &page); status != http.StatusOK || err != nil || len(page.Items) != 6 {
		t.Fatalf("status %d, %d items (%v), want 200 and 6", status, len(page.Items), err)
	}
	// The request's batch (sent again for unprocessed keys under injected faults), then one
	// Query for the whole scope (under 1 MB).
	queries, others := 0, 0
	for _, call := range calls {
		switch call {
		case "Query":
			queries++
		case "BatchGetItem":
		default:
			others++
		}
	}
	if queries != 1 || others != 0 || len(calls) < 2 || calls[len(calls)-1] != "Query" {
		t.Errorf("round trips %v, want BatchGetItem then one Query", calls)
	}

	status, body = list(5, "Grand_Total")
	var p problem
	if err := json.Unmarshal([]byte(body), &p); status != http.StatusBadRequest || err != nil {
		t.Fatalf("status %d (%v), want 400", status, err)
	}
	want := "sorts by Grand_Total only up to " + strconv.Itoa(5) + " records: add filters to narrow the list, or sort by Modified_Time"
	if len(p.Errors) != 1 || p.Errors[0].Field != "sort" || p.Errors[0].Message != want {
		t.Errorf("got %+v, want sort: %q", p.Errors, want)
	}
	if status, _ := list(5, "-Modified_Time"); status != http.StatusOK {
		t.Errorf("the indexed sort past the bound: status %d, want 200", status)
	}
}
