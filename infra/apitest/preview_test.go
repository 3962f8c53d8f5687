package apitest

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalapi"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

type myTabs struct {
	Preview  bool
	UserType struct{ ID, Name string }
	Tabs     []struct {
		Module      string
		Scope       string
		Permissions struct{ Create, Edit, View, Delete bool }
		Fields      []struct {
			APIName, Mode string
			Options       []struct {
				Value  string
				Labels map[string]string
			}
		}
	}
}

func TestPreviewUsesThePortalsOwnRules(t *testing.T) {
	e := MustEnv(t)
	if _, err := seed.Demo(context.Background(), store.New(e.deps.DynamoDB, e.deps.Config.TableName, nil), demoPassword, nil); err != nil {
		t.Fatal(err)
	}
	admin := e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	staffUser := e.LoggedIn(t, seed.DemoUserEmail, demoPassword)
	var list struct{ Items []userTypeJSON }
	admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &list)
	clientes := list.Items[0]

	MustStatus(t, staffUser.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": clientes.ID}), http.StatusForbidden)
	MustStatus(t, admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": "zzzzzzzzzzzzzzzzzzzz"}), http.StatusUnprocessableEntity)
	MustStatus(t, admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": clientes.ID, "recordId": "zzzzzzzzzzzzzzzzzzzz"}), http.StatusUnprocessableEntity)
	MustStatus(t, admin.Do("GET", "/api/me/tabs", nil), http.StatusUnauthorized) // a staff session is no portal session

	r := admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": clientes.ID})
	MustStatus(t, r, http.StatusCreated)
	var pv struct{ URL string }
	r.JSON(t, &pv)
	if pv.URL != origin+"/p/acme?preview=1" {
		t.Errorf("preview url = %q", pv.URL)
	}
	if _, ok := admin.cookies[auth.PortalCookie]; !ok {
		t.Fatal("the preview set no portal cookie")
	}
	var tabs myTabs
	r = admin.Do("GET", "/api/me/tabs", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &tabs)
	var modules []string
	for _, tb := range tabs.Tabs {
		modules = append(modules, tb.Module)
	}
	if !tabs.Preview || tabs.UserType.Name != "Clientes" || len(modules) != 5 || modules[0] != "Contacts" || modules[1] != "Invoices" {
		t.Fatalf("tabs = %+v (%v)", tabs, modules)
	}
	fields := map[string]string{}
	for _, f := range tabs.Tabs[1].Fields {
		fields[f.APIName] = f.Mode
		if f.APIName == "Status" {
			for _, o := range f.Options {
				if o.Value == "Created" && o.Labels["pt-BR"] != "Emitida" {
					t.Errorf("Status Created labels = %v, want the customer label Emitida", o.Labels)
				}
			}
		}
	}
	if _, ok := fields["Description"]; ok {
		t.Error("a hidden invoice field is in the answer")
	}
	if fields["Subject"] != "read" || len(fields) != 6 {
		t.Errorf("invoice fields = %v, want the 6 read-only fields the type opens", fields)
	}
	// The preview shows each field in the mode the type gives it (writing is refused below).
	wantContacts := map[string]string{"First_Name": "read", "Email": "read", "Phone": "write", "Mailing_City": "write"}
	for _, f := range tabs.Tabs[0].Fields {
		if want, ok := wantContacts[f.APIName]; ok && f.Mode != want {
			t.Errorf("in a preview %s is %s, want %s as the type gives it", f.APIName, f.Mode, want)
		}
		delete(wantContacts, f.APIName)
	}
	if len(wantContacts) > 0 {
		t.Errorf("contact fields %v missing from the preview", wantContacts)
	}

	// A permission change applies to the next request.
	var ut map[string]any
	r = admin.Do("GET", "/api/admin/user-types/"+clientes.ID, nil)
	r.JSON(t, &ut)
	delete(ut["fields"].(map[string]any)["Invoices"].(map[string]any), "Due_Date")
	cols := ut["tabs"].([]any)[1].(map[string]any)["display"].(map[string]any)
	cols["columns"] = []string{"Subject", "Status", "Invoice_Date", "Grand_Total"}
	body := map[string]any{"name": ut["name"], "baseModule": ut["baseModule"], "seats": ut["seats"], "tabs": ut["tabs"], "fields": ut["fields"]}
	MustStatus(t, admin.Do("PUT", "/api/admin/user-types/"+clientes.ID, body, "If-Match", strconv.Itoa(int(ut["version"].(float64)))), http.StatusOK)
	admin.Do("GET", "/api/me/tabs", nil).JSON(t, &tabs)
	for _, f := range tabs.Tabs[1].Fields {
		if f.APIName == "Due_Date" {
			t.Error("Due_Date is still visible after the admin hid it")
		}
	}

	// A preview cannot change anything, through the same guard every portal route uses.
	s := portalapi.New(e.deps)
	called := false
	h := httpapi.Adapt(e.deps.Logger, s.Guard.Guard(func(context.Context, portalguard.Principal, *httpapi.Request) (*httpapi.Reply, error) {
		called = true
		return nil, nil
	}))
	req := httpapi.Request{Cookies: []string{auth.PortalCookie + "=" + admin.cookies[auth.PortalCookie]},
		Headers: map[string]string{"x-requested-with": "portal"}}
	req.RequestContext.HTTP.Method = "PATCH"
	resp, _ := h(context.Background(), req)
	if resp.StatusCode != http.StatusForbidden || called {
		t.Errorf("a preview's PATCH: status %d (handler called: %v), want 403", resp.StatusCode, called)
	}
	req.RequestContext.HTTP.Method = "GET"
	if resp, _ := h(context.Background(), req); resp.StatusCode != http.StatusNoContent || !called {
		t.Errorf("a preview's GET: status %d, want it to reach the handler", resp.StatusCode)
	}
}
