package apitest

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/crm"
	"crmportal/shared/records"
	"crmportal/shared/store"
)

// demoPortal is the seeded demo organization with its admin logged in.
type demoPortal struct {
	admin    *client
	clientes string // the free user type's id
}

func (e *env) mustDemo(t *testing.T) demoPortal {
	t.Helper()
	svc := records.New(e.deps)
	if _, err := seed.Demo(context.Background(), svc, svc.Staff, demoPassword, nil); err != nil {
		t.Fatal(err)
	}
	d := demoPortal{admin: e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)}
	var list struct{ Items []userTypeJSON }
	d.admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &list)
	d.clientes = list.Items[0].ID
	return d
}

// demoContacts returns demo contacts that have an account, in a stable order.
func (e *env) demoContacts(t *testing.T) []store.Record {
	t.Helper()
	m, _ := crm.StandardModule(crm.Contacts)
	all, _, err := e.store.ListRecords(context.Background(), m, seed.DemoOrgID, crm.ListQuery{Sort: crm.ModifiedTime, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Record
	for _, c := range all {
		if ref, ok := c.Fields["Account_Name"].(map[string]any); ok && ref["id"] != "" {
			out = append(out, c)
		}
	}
	return out
}

// customer invites the demo contact as a Clientes user (erasing an earlier portal user of
// the contact, left by another test), accepts and returns the logged-in customer.
func (e *env) customer(t *testing.T, d demoPortal, contact store.Record) *client {
	t.Helper()
	ctx := context.Background()
	if u, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, contact.ID); err == nil {
		MustStatus(t, d.admin.Do("DELETE", "/api/admin/portal-users/"+u.ID, nil), http.StatusNoContent)
	} else if !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Contacts/"+contact.ID+"/invitation", map[string]any{"userTypeId": d.clientes}), http.StatusCreated)
	email, _ := contact.Fields["Email"].(string)
	c := e.Client(t)
	MustStatus(t, c.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": "a customer passphrase " + contact.ID}), http.StatusOK)
	return c
}

func TestPortalRecordWrites(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana, bruno := contacts[0], contacts[1]
	for _, c := range contacts[1:] {
		if c.Fields["Account_Name"].(map[string]any)["id"] != ana.Fields["Account_Name"].(map[string]any)["id"] {
			bruno = c
			break
		}
	}
	a := e.customer(t, d, ana)
	b := e.customer(t, d, bruno)

	// Create: the server links the case to Ana and her account; she cannot choose.
	r := a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Boleto não chegou", "Priority": "High", "Description": "O boleto de novembro."}})
	MustStatus(t, r, http.StatusCreated)
	var created struct {
		ID      string
		Version int
		Fields  map[string]any
	}
	r.JSON(t, &created)
	if r.Header.Get("ETag") != `"1"` || created.Fields["Subject"] != "Boleto não chegou" {
		t.Fatalf("created = %+v, ETag %q", created, r.Header.Get("ETag"))
	}
	if _, shown := created.Fields["Contact_Name"]; shown {
		t.Error("the answer holds Contact_Name, which Clientes does not show")
	}
	cases, _ := crm.StandardModule(crm.Cases)
	stored, err := e.store.GetRecord(context.Background(), cases, seed.DemoOrgID, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if id := stored.Fields["Contact_Name"].(map[string]any)["id"]; id != ana.ID {
		t.Errorf("Contact_Name = %v, want Ana %s", id, ana.ID)
	}
	if id := stored.Fields["Account_Name"].(map[string]any)["id"]; id != ana.Fields["Account_Name"].(map[string]any)["id"] {
		t.Errorf("Account_Name = %v, want Ana's account", id)
	}
	for _, tt := range []struct {
		name   string
		fields map[string]any
		want   string
	}{
		{"the scope lookup", map[string]any{"Subject": "x", "Contact_Name": bruno.ID}, "Contact_Name"},
		{"a hidden field", map[string]any{"Subject": "x", "Internal_Comments": "x"}, "Internal_Comments"},
		{"not a field", map[string]any{"Subject": "x", "Nope": "x"}, "Nope"},
		{"a read-only field", map[string]any{"Subject": "x", "Status": "Closed"}, "Status"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Do("POST", "/api/records/Cases", map[string]any{"fields": tt.fields})
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != tt.want {
				t.Errorf("fields = %v, want [%s]", f, tt.want)
			}
		})
	}
	hidden := a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Internal_Comments": "x"}}).Problem(t)
	unknown := a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Nope": "x"}}).Problem(t)
	if hidden.Errors[0].Message != unknown.Errors[0].Message {
		t.Errorf("a hidden field (%q) and an unknown one (%q) answer differently", hidden.Errors[0].Message, unknown.Errors[0].Message)
	}
	MustStatus(t, a.Do("POST", "/api/records/Invoices", map[string]any{"fields": map[string]any{"Subject": "x"}}), http.StatusForbidden)
	MustStatus(t, a.Do("POST", "/api/records/Accounts", map[string]any{"fields": map[string]any{"Account_Name": "x"}}), http.StatusNotFound)

	// Edit: If-Match, fields by permission, scope.
	path := "/api/records/Cases/" + created.ID
	MustStatus(t, a.Do("PATCH", path, map[string]any{"fields": map[string]any{"Priority": "Low"}}), http.StatusPreconditionRequired)
	MustStatus(t, a.Do("PATCH", path, map[string]any{"fields": map[string]any{"Priority": "Low"}}, "If-Match", `"7"`), http.StatusPreconditionFailed)
	MustStatus(t, a.Do("PATCH", path, map[string]any{"fields": map[string]any{"Status": "Closed"}}, "If-Match", `"1"`), http.StatusUnprocessableEntity)
	r = a.Do("PATCH", path, map[string]any{"fields": map[string]any{"Priority": "Low"}}, "If-Match", `"1"`)
	MustStatus(t, r, http.StatusOK)
	if r.Header.Get("ETag") != `"2"` {
		t.Errorf("ETag after the edit = %q", r.Header.Get("ETag"))
	}
	// Bruno, of another account, sees none of it: 404 exactly as for a missing record.
	missing := "/api/records/Cases/zzzzzzzzzzzzzzzzzzzz"
	for _, c := range []struct{ method, path string }{{"GET", path}, {"PATCH", path}, {"DELETE", path}, {"GET", missing}, {"PATCH", missing}} {
		r := b.Do(c.method, c.path, map[bool]any{true: nil, false: map[string]any{"fields": map[string]any{"Priority": "High"}}}[c.method != "PATCH"], "If-Match", `"2"`)
		MustStatus(t, r, http.StatusNotFound)
	}
	var list myRecords
	b.Do("GET", "/api/records/Cases?limit=100", nil).JSON(t, &list)
	for _, it := range list.Items {
		if it.ID == created.ID {
			t.Error("Bruno's case list holds Ana's case")
		}
	}
	// Delete is not allowed on Clientes' cases.
	MustStatus(t, a.Do("DELETE", path, nil), http.StatusForbidden)

	// Lists: filters on filterable fields only, page cap.
	r = a.Do("GET", "/api/records/Cases?filter.Priority=Low", nil)
	MustStatus(t, r, http.StatusOK)
	list = myRecords{}
	r.JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != created.ID {
		t.Errorf("filtered cases = %+v", list.Items)
	}
	list = myRecords{}
	a.Do("GET", "/api/records/Cases?filter.Priority=High", nil).JSON(t, &list)
	for _, it := range list.Items {
		if it.ID == created.ID {
			t.Error("the High filter returned the Low case")
		}
	}
	for _, q := range []string{"filter.Subject.contains=boleto", "filter.Internal_Comments=x", "limit=10000", "sort=Subject", "filter.Priority=Bogus"} {
		r := a.Do("GET", "/api/records/Cases?"+q, nil)
		MustStatus(t, r, http.StatusBadRequest)
	}
	MustStatus(t, a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Segunda via"}}), http.StatusCreated)
	var asc, desc myRecords
	a.Do("GET", "/api/records/Cases?sort=Modified_Time&limit=100", nil).JSON(t, &asc)
	a.Do("GET", "/api/records/Cases?sort=-Modified_Time&limit=100", nil).JSON(t, &desc)
	if n := len(asc.Items); n < 2 || n != len(desc.Items) || asc.Items[0].ID != desc.Items[n-1].ID {
		t.Errorf("ascending %d cases, descending %d: not the same list reversed", len(asc.Items), len(desc.Items))
	}
}
