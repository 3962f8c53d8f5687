package apitest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"crmportal/infra/seed"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// demoPortal is the seeded demo organization with its admin logged in.
type demoPortal struct {
	admin    *client
	clientes string // the free user type's id
}

func (e *env) mustDemo(t *testing.T) demoPortal {
	t.Helper()
	if _, err := seed.Demo(context.Background(), store.New(e.deps.DynamoDB, e.deps.Config.TableName, nil), demoPassword, nil); err != nil {
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

// mustErasePortalUser erases a portal user as an admin does. An erasure walks the
// organization's whole audit log, and the demo organization's is long: one request may
// stop short and answer 503 ("ask again to continue it"), so it asks again, as the answer
// says, a bounded number of times. A 404 means the user is gone already: the caller found
// them by the record's eventually consistent index, which may still name a user another
// test erased.
func mustErasePortalUser(t *testing.T, admin *client, id string) {
	t.Helper()
	for range 10 {
		r := admin.Do("DELETE", "/api/admin/portal-users/"+id, nil)
		if r.Status == http.StatusNotFound {
			return
		}
		if r.Status != http.StatusServiceUnavailable {
			MustStatus(t, r, http.StatusNoContent)
			return
		}
	}
	t.Fatalf("erasing portal user %s: still 503 after 10 requests", id)
}

// customer invites the demo contact as a Clientes user (erasing an earlier portal user of
// the contact, left by another test), accepts and returns the logged-in customer.
func (e *env) customer(t *testing.T, d demoPortal, contact store.Record) *client {
	t.Helper()
	ctx := context.Background()
	if u, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, contact.ID); err == nil {
		mustErasePortalUser(t, d.admin, u.ID)
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
	settle() // the list is an eventually consistent Query of the writes just made
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
	for _, q := range []string{"filter.Subject.contains=boleto", "filter.Internal_Comments=x", "limit=10000", "sort=Internal_Comments", "filter.Priority=Bogus"} {
		r := a.Do("GET", "/api/records/Cases?"+q, nil)
		MustStatus(t, r, http.StatusBadRequest)
	}
	// My data: the profile and exactly the records the customer sees, as a download.
	r = a.Do("GET", "/api/me/export", nil)
	MustStatus(t, r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("export Content-Disposition = %q", cd)
	}
	var export struct {
		Profile struct{ Email, RecordID string }
		Records map[string][]struct {
			ID     string
			Fields map[string]any
		}
	}
	r.JSON(t, &export)
	if export.Profile.Email != ana.Fields["Email"] || export.Profile.RecordID != ana.ID || len(export.Records["Contacts"]) != 1 {
		t.Errorf("export profile = %+v, own records %d", export.Profile, len(export.Records["Contacts"]))
	}
	found := false
	for _, c := range export.Records["Cases"] {
		found = found || c.ID == created.ID
		if _, ok := c.Fields["Contact_Name"]; ok {
			t.Error("the export holds a hidden field")
		}
	}
	if !found {
		t.Error("the export lacks the customer's case")
	}
	for _, inv := range export.Records["Invoices"] {
		if inv.Fields["Status"] == "Draft" {
			t.Error("the export holds an invoice the fixed criterion hides")
		}
	}
	MustStatus(t, a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Segunda via"}}), http.StatusCreated)
	settle() // the lists are eventually consistent Queries: both must see the new case
	var asc, desc myRecords
	a.Do("GET", "/api/records/Cases?sort=Modified_Time&limit=100", nil).JSON(t, &asc)
	a.Do("GET", "/api/records/Cases?sort=-Modified_Time&limit=100", nil).JSON(t, &desc)
	if n := len(asc.Items); n < 2 || n != len(desc.Items) || asc.Items[0].ID != desc.Items[n-1].ID {
		t.Errorf("ascending %d cases, descending %d: not the same list reversed", len(asc.Items), len(desc.Items))
	}
}

type noteJSON struct {
	ID, Body string
	Internal bool
	Mine     bool
	Version  int
	Author   struct{ Kind, ID, Name string }
}

func TestNotesAndAudit(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana, bruno := contacts[2], contacts[3]
	a := e.customer(t, d, ana)
	b := e.customer(t, d, bruno)
	r := a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Nota fiscal errada"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	notes := "/api/records/Cases/" + cs.ID + "/notes"
	staffNotes := "/api/admin/records/Cases/" + cs.ID + "/notes"

	MustStatus(t, a.Do("POST", notes, map[string]any{"body": " "}), http.StatusUnprocessableEntity)
	MustStatus(t, a.Do("POST", notes, map[string]any{"body": "x", "internal": true}), http.StatusUnprocessableEntity)
	r = a.Do("POST", notes, map[string]any{"body": "Segue o número do pedido: 123."})
	MustStatus(t, r, http.StatusCreated)
	var mine noteJSON
	r.JSON(t, &mine)
	if !mine.Mine || mine.Author.Kind != "portal" || mine.Author.ID == "" {
		t.Errorf("note = %+v", mine)
	}
	MustStatus(t, d.admin.Do("POST", staffNotes, map[string]any{"body": "Cliente difícil; não prometer prazo.", "internal": true}), http.StatusCreated)
	MustStatus(t, d.admin.Do("POST", staffNotes, map[string]any{"body": "Corrigimos a nota; segue em anexo."}), http.StatusCreated)
	var staffList struct{ Items []noteJSON }
	r = d.admin.Do("POST", staffNotes, map[string]any{"body": "x", "internal": "yes"})
	MustStatus(t, r, http.StatusBadRequest)
	// The portal sees its note and the staff's public reply, never the internal one.
	var list struct{ Items []noteJSON }
	a.Do("GET", notes, nil).JSON(t, &list)
	if len(list.Items) != 2 || list.Items[0].ID != mine.ID || list.Items[1].Author.Kind != "staff" || list.Items[1].Mine {
		t.Fatalf("portal notes = %+v", list.Items)
	}
	for _, n := range list.Items {
		if n.Internal {
			t.Error("the portal got an internal note")
		}
	}
	// Staff see all three, the portal user's attributed to them.
	d.admin.Do("GET", staffNotes, nil).JSON(t, &staffList)
	if len(staffList.Items) != 3 || staffList.Items[0].Author.Kind != "portal" || staffList.Items[0].Author.Name == "" {
		t.Fatalf("staff notes = %+v", staffList.Items)
	}
	// Edit and delete: own notes only, with If-Match; others' record: 404.
	own := notes + "/" + mine.ID
	reply := notes + "/" + list.Items[1].ID
	MustStatus(t, a.Do("PATCH", own, map[string]any{"body": "Pedido 124."}), http.StatusPreconditionRequired)
	MustStatus(t, a.Do("PATCH", own, map[string]any{"body": "Pedido 124."}, "If-Match", `"1"`), http.StatusOK)
	MustStatus(t, a.Do("PATCH", reply, map[string]any{"body": "hacked"}, "If-Match", `"1"`), http.StatusForbidden)
	MustStatus(t, a.Do("DELETE", reply, nil), http.StatusForbidden)
	internal := notes + "/" + staffList.Items[1].ID
	MustStatus(t, a.Do("DELETE", internal, nil), http.StatusNotFound)
	MustStatus(t, b.Do("GET", notes, nil), http.StatusNotFound)
	MustStatus(t, b.Do("POST", notes, map[string]any{"body": "oi"}), http.StatusNotFound)
	MustStatus(t, b.Do("DELETE", own, nil), http.StatusNotFound)
	MustStatus(t, a.Do("GET", "/api/records/Invoices/zzzzzzzzzzzzzzzzzzzz/notes", nil), http.StatusNotFound)
	MustStatus(t, a.Do("DELETE", own, nil), http.StatusNoContent)

	// The audit log has every step, with the fields an edit changed.
	MustStatus(t, a.Do("PATCH", "/api/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Priority": "Low", "Subject": "Nota fiscal errada"}}, "If-Match", `"1"`), http.StatusOK)
	MustStatus(t, a.Do("GET", "/api/records/Cases/"+cs.ID, nil), http.StatusOK)
	MustStatus(t, a.Do("POST", "/api/logout", nil), http.StatusNoContent)
	settle() // the audit log is listed eventually consistently
	var me struct{ ID string }
	u, _ := e.store.PortalUserByRecord(context.Background(), seed.DemoOrgID, ana.ID)
	me.ID = u.ID
	var log struct {
		Items []struct {
			Action, RecordID, Module, IP string
			Fields                       []string
			Actor                        struct{ Kind, ID string }
		}
		NextCursor string
	}
	MustStatus(t, e.LoggedIn(t, seed.DemoUserEmail, demoPassword).Do("GET", "/api/admin/audit", nil), http.StatusForbidden)
	r = d.admin.Do("GET", "/api/admin/audit?userId="+me.ID+"&limit=100", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &log)
	var actions []string
	for i := len(log.Items) - 1; i >= 0; i-- {
		it := log.Items[i]
		if it.Actor.ID != me.ID || it.IP == "" {
			t.Errorf("entry %+v: wrong actor or no address", it)
		}
		actions = append(actions, it.Action)
		if it.Action == "record_update" && (len(it.Fields) != 1 || it.Fields[0] != "Priority") {
			t.Errorf("the edit's changed fields = %v, want [Priority]", it.Fields)
		}
	}
	want := []string{"invitation_accepted", "record_create", "note_create", "note_update", "note_delete", "record_update", "record_view", "logout"}
	if strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Errorf("Ana's actions = %v, want %v", actions, want)
	}
	log.Items = nil
	d.admin.Do("GET", "/api/admin/audit?recordId="+cs.ID+"&action=note_create", nil).JSON(t, &log)
	if len(log.Items) != 1 || log.Items[0].Action != "note_create" {
		t.Errorf("note_create entries of the case = %+v", log.Items)
	}
	r = d.admin.Do("GET", "/api/admin/audit?userId="+me.ID+"&format=csv", nil)
	MustStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(string(r.Body), "record_update") ||
		strings.Count(string(r.Body), "\n") != len(want)+1 {
		t.Errorf("CSV (%s) = %s", ct, r.Body)
	}
	for _, q := range []string{"from=yesterday", "userId=NOT-AN-ID", "limit=0", "format=xml"} {
		MustStatus(t, d.admin.Do("GET", "/api/admin/audit?"+q, nil), http.StatusBadRequest)
	}
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	log.Items = nil
	d.admin.Do("GET", "/api/admin/audit?userId="+me.ID+"&from="+future, nil).JSON(t, &log)
	if len(log.Items) != 0 {
		t.Errorf("entries from the future = %d", len(log.Items))
	}
	MustStatus(t, d.admin.Do("DELETE", "/api/admin/audit", nil), http.StatusMethodNotAllowed)
}
