package apitest

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"crmportal/infra/seed"
	"crmportal/infra/template"
	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// portalRoutes are the template's routes that a portal session reaches with a record id.
func portalRoutes(t *testing.T) []struct{ Method, Path string } {
	t.Helper()
	tmpl, err := template.Load(filepath.Join("../..", "template.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []struct{ Method, Path string }
	for _, r := range tmpl.Routes() {
		if strings.HasPrefix(r.Path, "/api/records/{module}/{id}") {
			out = append(out, struct{ Method, Path string }{r.Method, r.Path})
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d portal record routes in template.yaml", len(out))
	}
	return out
}

// TestNoPortalRouteReachesAnotherCustomersRecords: for every portal route with a record id
// and every module, customer A's session on customer B's records (of another account) and
// on a foreign organization's records answers 404, exactly as for a missing record.
func TestNoPortalRouteReachesAnotherCustomersRecords(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	ctx := context.Background()
	contacts := e.demoContacts(t)
	ana := contacts[6]
	var bruno store.Record
	for _, c := range contacts[7:] {
		if c.Fields["Account_Name"].(map[string]any)["id"] != ana.Fields["Account_Name"].(map[string]any)["id"] {
			bruno = c
			break
		}
	}
	a := e.customer(t, d, ana)
	b := e.customer(t, d, bruno)
	// B's things: a case with a note and an attachment.
	r := b.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Caso do Bruno"}})
	MustStatus(t, r, http.StatusCreated)
	var bcase struct{ ID string }
	r.JSON(t, &bcase)
	r = b.Do("POST", "/api/records/Cases/"+bcase.ID+"/notes", map[string]any{"body": "nota do Bruno"})
	MustStatus(t, r, http.StatusCreated)
	var bnote struct{ ID string }
	r.JSON(t, &bnote)
	pdf := []byte("%PDF-1.4\nBruno")
	aid := upload(t, b, "/api/records/Cases/"+bcase.ID+"/attachments", "b.pdf", "application/pdf", int64(len(pdf)), pdf)
	MustStatus(t, b.Do("POST", "/api/records/Cases/"+bcase.ID+"/attachments/"+aid+"/complete", nil), http.StatusOK)

	// For every module: a record of B's (their contact record, their records linked to
	// them or their account) that A must not reach, and a foreign organization's record.
	foreign := e.MustOrg(t, "Estrangeira")
	fadmin := e.LoggedIn(t, foreign.AdminEmail, foreign.Password)
	targets := map[string][]string{}
	for _, m := range crm.Standard() {
		var ids []string
		if m.APIName == crm.Contacts {
			ids = append(ids, bruno.ID)
		} else if linked, err := e.store.LinkedRecords(ctx, seed.DemoOrgID, bruno.ID, m.APIName); err == nil && len(linked) > 0 {
			ids = append(ids, linked[0])
		}
		fields := map[string]any{}
		if m.NameField != "" {
			fields[m.NameField] = "Estrangeiro"
		}
		if f, ok := m.Field("Last_Name"); ok {
			fields[f.APIName] = "Estrangeiro"
		}
		if fr := fadmin.Do("POST", "/api/admin/records/"+m.APIName, map[string]any{"fields": fields}); fr.Status == http.StatusCreated {
			var rec struct{ ID string }
			fr.JSON(t, &rec)
			ids = append(ids, rec.ID)
		}
		ids = append(ids, "zzzzzzzzzzzzzzzzzzzz")
		targets[m.APIName] = ids
	}
	targets[crm.Cases] = append(targets[crm.Cases], bcase.ID)

	tried := 0
	for _, rt := range portalRoutes(t) {
		for module, ids := range targets {
			for _, id := range ids {
				path := strings.NewReplacer("{module}", module, "{id}", id, "{noteId}", bnote.ID, "{aid}", aid).Replace(rt.Path)
				var body any
				switch {
				case strings.HasSuffix(rt.Path, "/notes") && rt.Method == "POST", strings.HasSuffix(rt.Path, "{noteId}") && rt.Method == "PATCH":
					body = map[string]any{"body": "intrusa"}
				case strings.HasSuffix(rt.Path, "/attachments") && rt.Method == "POST":
					body = map[string]any{"filename": "x.pdf", "contentType": "application/pdf", "size": 10}
				case rt.Method == "PATCH":
					body = map[string]any{"fields": map[string]any{"Subject": "intrusa"}}
				}
				r := a.Do(rt.Method, path, body, "If-Match", `"1"`)
				tried++
				if r.Status != http.StatusNotFound {
					t.Errorf("%s %s as customer A: status %d, want 404; body %s", rt.Method, path, r.Status, r.Body)
				}
			}
		}
	}
	t.Logf("%d requests, all 404", tried)
	// Nothing of B's changed.
	var notes struct{ Items []struct{ Body string } }
	b.Do("GET", "/api/records/Cases/"+bcase.ID+"/notes", nil).JSON(t, &notes)
	if len(notes.Items) != 1 || notes.Items[0].Body != "nota do Bruno" {
		t.Errorf("B's notes after the attempts = %+v", notes.Items)
	}
}

// TestNoResponseHoldsAHiddenField: every record answer of every tab (lists, single records,
// the export) holds only fields the user type shows, and a field an admin hides disappears
// from the very next answer.
func TestNoResponseHoldsAHiddenField(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	ctx := context.Background()
	invoices, _ := crm.StandardModule(crm.Invoices)
	var who store.Record
	for _, ct := range e.demoContacts(t)[8:] {
		ids, err := e.store.LinkedRecords(ctx, seed.DemoOrgID, ct.ID, crm.Invoices)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if inv, err := e.store.GetRecord(ctx, invoices, seed.DemoOrgID, id); err == nil && inv.Fields["Status"] != "Draft" && inv.Fields["Product_Details"] != nil {
				who = ct
			}
		}
		if who.ID != "" {
			break
		}
	}
	if who.ID == "" {
		t.Fatal("no demo contact with an issued invoice")
	}
	c := e.customer(t, d, who)
	ut, err := e.store.GetUserType(ctx, seed.DemoOrgID, d.clientes)
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, ut access.UserType) int {
		checked := 0
		var tabs myTabs
		c.Do("GET", "/api/me/tabs", nil).JSON(t, &tabs)
		for _, tab := range tabs.Tabs {
			m, _ := crm.StandardModule(tab.Module)
			visible := map[string]bool{}
			for _, f := range access.Visible(ut, m) {
				visible[f.APIName] = true
			}
			for _, f := range tab.Fields {
				if !visible[f.APIName] {
					t.Errorf("tabs answer %s.%s, a hidden field", tab.Module, f.APIName)
				}
			}
			var list myRecords
			c.Do("GET", "/api/records/"+tab.Module+"?limit=100", nil).JSON(t, &list)
			for _, rec := range list.Items {
				for k := range rec.Fields {
					checked++
					if !visible[k] {
						t.Errorf("list of %s holds %s, a hidden field", tab.Module, k)
					}
				}
				var one struct{ Fields map[string]any }
				c.Do("GET", "/api/records/"+tab.Module+"/"+rec.ID, nil).JSON(t, &one)
				for k := range one.Fields {
					checked++
					if !visible[k] {
						t.Errorf("%s %s holds %s, a hidden field", tab.Module, rec.ID, k)
					}
				}
			}
		}
		return checked
	}
	if n := check(t, ut.UserType); n == 0 {
		t.Fatal("no field was checked")
	}
	shown := func() bool {
		var list myRecords
		c.Do("GET", "/api/records/Invoices?limit=100", nil).JSON(t, &list)
		for _, it := range list.Items {
			if _, ok := it.Fields["Product_Details"]; ok {
				return true
			}
		}
		return false
	}
	if !shown() {
		t.Fatal("no invoice shows Product_Details before it is hidden")
	}
	// The admin hides Invoices.Product_Details: the next answers lack it.
	var got userTypeJSON
	d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &got)
	var full map[string]any
	r := d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil)
	r.JSON(t, &full)
	fields := full["fields"].(map[string]any)
	inv := fields["Invoices"].(map[string]any)
	inv["Product_Details"] = "hidden"
	body := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": full["tabs"], "fields": fields}
	MustStatus(t, d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", strconv.Itoa(got.Version)), http.StatusOK)
	t.Cleanup(func() {
		inv["Product_Details"] = "read"
		var now userTypeJSON
		d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &now)
		d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", strconv.Itoa(now.Version))
	})
	ut, err = e.store.GetUserType(ctx, seed.DemoOrgID, d.clientes)
	if err != nil {
		t.Fatal(err)
	}
	if p := ut.Perm(crm.Invoices, "Product_Details"); p != access.PermHidden {
		t.Fatalf("Product_Details is %s after hiding it", p)
	}
	check(t, ut.UserType)
	if shown() {
		t.Fatal("the invoice list still shows Product_Details after the admin hid it")
	}
}
