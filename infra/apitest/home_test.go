package apitest

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// myHome is the answer of GET /api/me/home.
type myHome struct {
	Sections []struct {
		Module, Kind string
		More         bool
		Items        []struct {
			ID          string
			Name        string
			Fields      map[string]any
			Overdue     bool
			LatestReply *struct{ Body, Author string }
		}
	}
}

// TestPortalHome: a demo customer's home lists what needs their attention from their own
// records only (another contact's overdue invoice never shows), under the type's pt-BR labels,
// with only the fields Clientes shows, and the latest public staff note of a case as its
// reply (a later internal note never is). Every answer is checked against docs/openapi.yaml
// by the client.
func TestPortalHome(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana, bruno := contacts[2], contacts[3]

	create := func(module string, owner store.Record, fields map[string]any) string {
		t.Helper()
		m, _ := crm.StandardModule(module)
		id, err := auth.NewID()
		if err != nil {
			t.Fatal(err)
		}
		now := e.store.Now()
		fields["Contact_Name"] = map[string]any{"id": owner.ID, "name": owner.Name}
		fields["Account_Name"] = owner.Fields["Account_Name"]
		rec := store.Record{OrgID: seed.DemoOrgID, Module: module, ID: id, LayoutID: m.Layouts[0].ID, Version: 1,
			Name: fields["Subject"].(string), CreatedAt: now, ModifiedAt: now, Fields: fields}
		if err := e.store.CreateRecord(ctx, m, rec); err != nil {
			t.Fatal(err)
		}
		return id
	}
	overdue := create(crm.Invoices, ana, map[string]any{"Subject": "Home overdue", "Status": "Overdue", "Due_Date": "2026-01-10",
		"Grand_Total": "4140.00", "Purchase_Order": "OC-HIDDEN"})
	issued := create(crm.Invoices, ana, map[string]any{"Subject": "Home issued", "Status": "Created", "Due_Date": "2099-01-10"})
	paid := create(crm.Invoices, ana, map[string]any{"Subject": "Home paid", "Status": "Paid"})
	others := create(crm.Invoices, bruno, map[string]any{"Subject": "Home someone else's", "Status": "Overdue"})
	quote := create(crm.Quotes, ana, map[string]any{"Subject": "Home quote", "Quote_Stage": "Delivered"})
	openCase := create(crm.Cases, ana, map[string]any{"Subject": "Home case", "Status": "Open", "Internal_Comments": "hidden"})
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Cases/"+openCase+"/notes", map[string]any{"body": "Enviamos um técnico."}), http.StatusCreated)
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Cases/"+openCase+"/notes", map[string]any{"body": "VIP, be quick", "internal": true}), http.StatusCreated)

	c := e.customer(t, d, ana)
	r := c.Do("GET", "/api/me/home?lang=pt-BR", nil)
	MustStatus(t, r, http.StatusOK)
	var home myHome
	r.JSON(t, &home)

	shown := map[string]bool{
		"Subject": true, "Status": true, "Priority": true, "Due_Date": true, "Grand_Total": true, "Quote_Stage": true, "Valid_Till": true}
	found := map[string]bool{}
	for _, sec := range home.Sections {
		for _, it := range sec.Items {
			found[it.ID] = true
			for f := range it.Fields {
				if !shown[f] {
					t.Errorf("%s %s carries %s, which the home does not show", sec.Kind, it.ID, f)
				}
			}
			switch it.ID {
			case overdue:
				if !it.Overdue || it.Fields["Status"] != "Overdue" || it.Name != "Home overdue" {
					t.Errorf("the overdue invoice = %+v, want overdue, Status Overdue (the web labels it), name Home overdue", it)
				}
			case issued:
				if it.Overdue || it.Fields["Status"] != "Emitida" {
					t.Errorf("the issued invoice = %+v, want due, not overdue, under the type's pt-BR label Emitida", it)
				}
			case openCase:
				if it.LatestReply == nil || it.LatestReply.Body != "Enviamos um técnico." {
					t.Errorf("the case's latest reply = %+v, want the public staff note", it.LatestReply)
				}
			}
		}
	}
	for name, id := range map[string]string{"the overdue invoice": overdue, "the issued invoice": issued, "the delivered quote": quote, "the open case": openCase} {
		if !found[id] {
			t.Errorf("%s (%s) is not on the home", name, id)
		}
	}
	if found[paid] {
		t.Error("a paid invoice is on the home")
	}
	if found[others] {
		t.Error("another contact's invoice is on the home")
	}

	// Without a session there is no home.
	MustStatus(t, e.Client(t).Do("GET", "/api/me/home", nil), http.StatusUnauthorized)
}

// TestPortalHomeTurnedOff: an admin's openFirstTab on Clientes is kept, read back, and tells
// the portal to open the first tab (Me.home false); a type without a viewable tab may not
// turn the home off (422 naming openFirstTab).
func TestPortalHomeTurnedOff(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	c := e.customer(t, d, e.demoContacts(t)[4])
	var me struct{ Home bool }
	c.Do("GET", "/api/me", nil).JSON(t, &me)
	if !me.Home {
		t.Fatal("Me.home = false before the admin turns the home off")
	}

	var full map[string]any
	r := d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil)
	r.JSON(t, &full)
	version := func() string {
		var now userTypeJSON
		d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &now)
		return strconv.Itoa(now.Version)
	}
	body := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": full["tabs"],
		"fields": full["fields"], "openFirstTab": true}
	MustStatus(t, d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", version()), http.StatusOK)
	t.Cleanup(func() {
		delete(body, "openFirstTab")
		d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", version())
	})
	var got struct{ OpenFirstTab bool }
	d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &got)
	if !got.OpenFirstTab {
		t.Error("the user type does not read back openFirstTab")
	}
	c.Do("GET", "/api/me", nil).JSON(t, &me)
	if me.Home {
		t.Error("Me.home = true after the admin turned the home off")
	}

	none := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": []any{},
		"fields": map[string]any{}, "openFirstTab": true}
	r = d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, none, "If-Match", version())
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if fields := r.Problem(t).fields(); len(fields) != 1 || fields[0] != "openFirstTab" {
		t.Errorf("refused fields = %v, want [openFirstTab]", fields)
	}
}
