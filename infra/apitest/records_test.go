package apitest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// record is a record as the API answers it.
type record struct {
	ID       string
	Module   string
	LayoutID string
	Version  int
	Fields   map[string]any
}

// MustCreate creates a record and returns it.
func (c *client) MustCreate(module string, fields map[string]any) record {
	c.tb.Helper()
	r := c.Do("POST", "/api/admin/records/"+module, map[string]any{"fields": fields})
	MustStatus(c.tb, r, http.StatusCreated)
	var rec record
	r.JSON(c.tb, &rec)
	return rec
}

func TestModules(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Modules")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	user := e.LoggedIn(t, o.UserEmail, o.Password)
	var list struct{ Items []struct{ APIName string } }
	admin.Do("GET", "/api/admin/modules", nil).JSON(t, &list)
	var names []string
	for _, m := range list.Items {
		names = append(names, m.APIName)
	}
	sort.Strings(names)
	if got, want := strings.Join(names, ","), "Accounts,Cases,Contacts,Invoices,Leads,Products,Quotes,Sales_Orders,Solutions"; got != want {
		t.Errorf("modules = %s, want %s", got, want)
	}
	MustStatus(t, admin.Do("GET", "/api/admin/modules/Deals", nil), http.StatusNotFound)

	r := admin.Do("GET", "/api/admin/modules/Cases", nil)
	MustStatus(t, r, http.StatusOK)
	if got := r.Header.Get("ETag"); got != `"0"` {
		t.Errorf("ETag = %q, want \"0\"", got)
	}
	custom := map[string]any{"fields": []map[string]any{{"apiName": "Contract_Number", "labels": map[string]string{"en": "Contract number", "pt-BR": "Número do contrato"}, "type": "text", "required": false}}}
	MustStatus(t, admin.Do("PATCH", "/api/admin/modules/Cases", custom), http.StatusPreconditionRequired)
	MustStatus(t, user.Do("PATCH", "/api/admin/modules/Cases", custom, "If-Match", `"0"`), http.StatusForbidden)
	bad := map[string]any{"fields": []map[string]any{{"apiName": "Subject", "labels": map[string]string{"en": "Dup"}, "type": "text"}}}
	r = admin.Do("PATCH", "/api/admin/modules/Cases", bad, "If-Match", `"0"`)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	r = admin.Do("PATCH", "/api/admin/modules/Cases", custom, "If-Match", `"0"`)
	MustStatus(t, r, http.StatusOK)
	if got := r.Header.Get("ETag"); got != `"1"` {
		t.Errorf("ETag after change = %q, want \"1\"", got)
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/modules/Cases", custom, "If-Match", `"0"`), http.StatusPreconditionFailed)

	// The custom field is a field of the module's records now.
	rec := admin.MustCreate("Cases", map[string]any{"Subject": "Printer broken", "Contract_Number": "C-77"})
	if rec.Fields["Contract_Number"] != "C-77" {
		t.Errorf("custom field = %v", rec.Fields["Contract_Number"])
	}
}

func TestRecordLifecycle(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Records")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	acct := c.MustCreate("Accounts", map[string]any{"Account_Name": "Padaria Pão Quente", "Billing_City": "São Paulo"})

	tests := []struct {
		name   string
		fields map[string]any
		want   []string
	}{
		{"missing required", map[string]any{"First_Name": "João"}, []string{"Last_Name"}},
		{"unknown field", map[string]any{"Last_Name": "Silva", "Salary": 10}, []string{"Salary"}},
		{"wrong types", map[string]any{"Last_Name": "Silva", "Email": "not-an-email", "Phone": true}, []string{"Email", "Phone"}},
		{"oversized", map[string]any{"Last_Name": strings.Repeat("x", 300)}, []string{"Last_Name"}},
		{"lookup to nothing", map[string]any{"Last_Name": "Silva", "Account_Name": "zzzzzzzzzzzzzzzzzzzz"}, []string{"Account_Name"}},
		{"lookup to the wrong module", map[string]any{"Last_Name": "Silva", "Account_Name": c.MustCreate("Products", map[string]any{"Product_Name": "Pão"}).ID}, []string{"Account_Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Do("POST", "/api/admin/records/Contacts", map[string]any{"fields": tt.fields})
			MustStatus(t, r, http.StatusUnprocessableEntity)
			got := r.Problem(t).fields()
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("fields = %v, want %v", got, tt.want)
			}
		})
	}
	var list struct{ Items []record }
	c.Do("GET", "/api/admin/records/Contacts", nil).JSON(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("refused creates wrote %d records", len(list.Items))
	}

	r := c.Do("POST", "/api/admin/records/Contacts", map[string]any{"fields": map[string]any{"First_Name": "João", "Last_Name": "Ação", "Email": "joao@cliente.example", "Account_Name": acct.ID}})
	MustStatus(t, r, http.StatusCreated)
	var rec record
	r.JSON(t, &rec)
	if r.Header.Get("ETag") != `"1"` || r.Header.Get("Location") != "/api/admin/records/Contacts/"+rec.ID {
		t.Errorf("headers = %v", r.Header)
	}
	if ref, _ := rec.Fields["Account_Name"].(map[string]any); ref["id"] != acct.ID || ref["name"] != "Padaria Pão Quente" {
		t.Errorf("lookup = %v, want {id, name} of the account", rec.Fields["Account_Name"])
	}
	path := "/api/admin/records/Contacts/" + rec.ID
	MustStatus(t, c.Do("GET", path, nil), http.StatusOK)

	patch := map[string]any{"fields": map[string]any{"Phone": "+55 11 5555-0100", "Email": nil}}
	MustStatus(t, c.Do("PATCH", path, patch), http.StatusPreconditionRequired)
	MustStatus(t, c.Do("PATCH", path, patch, "If-Match", `"7"`), http.StatusPreconditionFailed)
	MustStatus(t, c.Do("PATCH", path, map[string]any{"fields": map[string]any{"Last_Name": nil}}, "If-Match", `"1"`), http.StatusUnprocessableEntity)
	r = c.Do("PATCH", path, patch, "If-Match", `"1"`)
	MustStatus(t, r, http.StatusOK)
	var updated record
	r.JSON(t, &updated)
	if updated.Version != 2 || updated.Fields["Phone"] != "+55 11 5555-0100" || updated.Fields["Email"] != nil || updated.Fields["First_Name"] != "João" {
		t.Errorf("updated = %+v", updated)
	}
	MustStatus(t, c.Do("PATCH", path, patch, "If-Match", `"1"`), http.StatusPreconditionFailed) // a lost update is refused

	// The account's contacts are one query away (the portal's account scope).
	links, err := e.store.LinkedRecords(t.Context(), o.ID, acct.ID, "Contacts")
	if err != nil || len(links) != 1 || links[0] != rec.ID {
		t.Errorf("records linked to the account = %v, %v; want [%s]", links, err, rec.ID)
	}

	MustStatus(t, c.Do("DELETE", path, nil, "If-Match", `"1"`), http.StatusPreconditionFailed)
	MustStatus(t, c.Do("DELETE", path, nil, "If-Match", `"2"`), http.StatusNoContent)
	MustStatus(t, c.Do("GET", path, nil), http.StatusNotFound)
	MustStatus(t, c.Do("DELETE", path, nil), http.StatusNotFound)
	if links, _ := e.store.LinkedRecords(t.Context(), o.ID, acct.ID, "Contacts"); len(links) != 0 {
		t.Errorf("a deleted record is still linked: %v", links)
	}
}

func TestRecordListPagesSortsAndFilters(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Lists")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	for i := 0; i < 23; i++ {
		status := "Draft"
		if i%3 == 0 {
			status = "Paid"
		}
		c.MustCreate("Invoices", map[string]any{"Subject": fmt.Sprintf("Fatura %02d", i), "Status": status, "Grand_Total": 100 + i})
	}
	settle() // the list below is an eventually consistent read of these writes
	seen := map[string]bool{}
	cursor := ""
	pages := 0
	for {
		var page struct {
			Items      []record
			NextCursor string
		}
		r := c.Do("GET", "/api/admin/records/Invoices?limit=10&cursor="+cursor, nil)
		MustStatus(t, r, http.StatusOK)
		r.JSON(t, &page)
		pages++
		for _, it := range page.Items {
			if seen[it.ID] {
				t.Fatalf("record %s on two pages", it.ID)
			}
			seen[it.ID] = true
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if len(seen) != 23 || pages < 3 {
		t.Errorf("listed %d records in %d pages, want 23 in 3", len(seen), pages)
	}

	var byName struct{ Items []record }
	c.Do("GET", "/api/admin/records/Invoices?sort=Subject&limit=3", nil).JSON(t, &byName)
	if len(byName.Items) != 3 || byName.Items[0].Fields["Subject"] != "Fatura 00" || byName.Items[2].Fields["Subject"] != "Fatura 02" {
		t.Errorf("sorted by Subject: %+v", byName.Items)
	}
	var filtered struct{ Items []record }
	c.Do("GET", "/api/admin/records/Invoices?limit=100&filter.Status=Paid", nil).JSON(t, &filtered)
	if len(filtered.Items) != 8 {
		t.Errorf("filter Status=Paid: %d records, want 8", len(filtered.Items))
	}
	c.Do("GET", "/api/admin/records/Invoices?limit=100&filter.Subject.contains=FATURA%201", nil).JSON(t, &filtered)
	if len(filtered.Items) != 10 {
		t.Errorf("filter Subject contains 'FATURA 1': %d records, want 10", len(filtered.Items))
	}
	c.Do("GET", "/api/admin/records/Invoices?limit=100&filter.Grand_Total.gte=120", nil).JSON(t, &filtered)
	if len(filtered.Items) != 3 {
		t.Errorf("filter Grand_Total >= 120: %d records, want 3", len(filtered.Items))
	}
	for _, bad := range []string{"sort=Status", "limit=0", "limit=101", "filter.Nope=1", "filter.Grand_Total.gte=lots", "cursor=bm9wZQ"} {
		r := c.Do("GET", "/api/admin/records/Invoices?"+bad, nil)
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, r.Status)
		}
	}
}

// TestTenantIsolation: whatever ids another organization's staff send, they read and write
// nothing of this one.
func TestTenantIsolation(t *testing.T) {
	e := MustEnv(t)
	a, b := e.MustOrg(t, "Org A"), e.MustOrg(t, "Org B")
	ca, cb := e.LoggedIn(t, a.AdminEmail, a.Password), e.LoggedIn(t, b.AdminEmail, b.Password)
	acct := ca.MustCreate("Accounts", map[string]any{"Account_Name": "Segredo de A"})
	contact := ca.MustCreate("Contacts", map[string]any{"Last_Name": "De A", "Account_Name": acct.ID})
	path := "/api/admin/records/Contacts/" + contact.ID

	MustStatus(t, cb.Do("GET", path, nil), http.StatusNotFound)
	MustStatus(t, cb.Do("PATCH", path, map[string]any{"fields": map[string]any{"Last_Name": "Hacked"}}, "If-Match", `"1"`), http.StatusNotFound)
	MustStatus(t, cb.Do("DELETE", path, nil), http.StatusNotFound)
	r := cb.Do("POST", "/api/admin/records/Contacts", map[string]any{"fields": map[string]any{"Last_Name": "B", "Account_Name": acct.ID}})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	var list struct {
		Items      []record
		NextCursor string
	}
	cb.Do("GET", "/api/admin/records/Contacts", nil).JSON(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("org B lists %d contacts of org A", len(list.Items))
	}
	// A's cursor is refused in B's list.
	ca.MustCreate("Contacts", map[string]any{"Last_Name": "Outro"})
	ca.Do("GET", "/api/admin/records/Contacts?limit=1", nil).JSON(t, &list)
	MustStatus(t, cb.Do("GET", "/api/admin/records/Contacts?cursor="+list.NextCursor, nil), http.StatusBadRequest)
	// B's session with A's organization id in the cookie is no session.
	raw := cb.cookies["__Host-staff"]
	cb.cookies["__Host-staff"] = a.ID + raw[strings.Index(raw, "."):]
	MustStatus(t, cb.Do("GET", "/api/admin/org", nil), http.StatusUnauthorized)

	var got record
	ca.Do("GET", path, nil).JSON(t, &got)
	if got.Version != 1 || got.Fields["Last_Name"] != "De A" {
		t.Errorf("org A's record changed: %+v", got)
	}
}
