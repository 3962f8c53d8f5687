package apitest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/seed"
	"crmportal/shared/crm"
)

// TestNamesRefuseControlCharacters: every name the API takes refuses line breaks and other
// control characters with a 422 naming the field, and nothing changes.
func TestNamesRefuseControlCharacters(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Nomes", 2)
	for _, bad := range []string{"Acme\r\nBcc: x@example.com", "Acme\nInc", "Acme\tInc", "Acme\u2028Inc", "Acme\u0085Inc"} {
		t.Run(strconv.Quote(bad), func(t *testing.T) {
			for _, tt := range []struct {
				what, method, path string
				body               map[string]any
				hdr                []string
			}{
				{"organization", "PATCH", "/api/admin/org", map[string]any{"name": bad}, nil},
				{"portal", "PATCH", "/api/admin/portal", map[string]any{"name": bad}, []string{"If-Match", `"1"`}},
				{"user type", "POST", "/api/admin/user-types", map[string]any{"name": bad, "baseModule": "Contacts"}, nil},
				{"API token", "POST", "/api/admin/tokens", map[string]any{"name": bad}, nil},
			} {
				r := p.Admin.Do(tt.method, tt.path, tt.body, tt.hdr...)
				MustStatus(t, r, http.StatusUnprocessableEntity)
				if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "name" {
					t.Errorf("%s: fields = %v, want [name]", tt.what, f)
				}
			}
		})
	}
	var org struct{ Name string }
	p.Admin.Do("GET", "/api/admin/org", nil).JSON(t, &org)
	var pt portalJSON
	p.Admin.Do("GET", "/api/admin/portal", nil).JSON(t, &pt)
	if org.Name != "Nomes" || pt.Version != 1 {
		t.Errorf("org %q, portal version %d: a refused name changed them", org.Name, pt.Version)
	}

	// A record's name becomes the invited portal user's: a line break in it refuses the
	// invitation (the CRM's text fields take line breaks).
	email := "quebra-" + p.ID + "@cliente.example"
	r := p.invite(t, "Contacts", p.contact(t, "Souza\r\nBcc: x@example.com", email).ID, p.Free.ID)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "name" {
		t.Errorf("invitation: fields = %v, want [name]", f)
	}
	if n := len(mailsTo(t, email)); n != 0 {
		t.Errorf("%d emails sent for a refused invitation", n)
	}
}

// TestExportsPerHour: a portal user's data export and a staff member's audit CSV answer 429
// with Retry-After after 10 in an hour; another user is not affected.
func TestExportsPerHour(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	id := o0()
	acct := d.admin.MustCreate("Accounts", map[string]any{"Account_Name": "Export " + id})
	contacts, _ := crm.StandardModule(crm.Contacts)
	customers := make([]*client, 2)
	for i := range customers {
		c := d.admin.MustCreate("Contacts", map[string]any{"Last_Name": "Export", "Account_Name": acct.ID, "Email": "export-" + strconv.Itoa(i) + "-" + id + "@customer.example"})
		rec, err := e.store.GetRecord(context.Background(), contacts, seed.DemoOrgID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		customers[i] = e.customer(t, d, rec)
	}
	o := e.MustOrg(t, "Auditoria "+id)
	auditor := e.LoggedIn(t, o.AdminEmail, o.Password)

	for _, tt := range []struct {
		name, path string
		c, other   *client
	}{
		{"portal export", "/api/me/export", customers[0], customers[1]},
		{"audit CSV", "/api/admin/audit?format=csv", auditor, d.admin},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 10 {
				if r := tt.c.Do("GET", tt.path, nil); r.Status != http.StatusOK {
					t.Fatalf("export %d: status %d, want 200; %s", i+1, r.Status, r.Body)
				}
			}
			r := tt.c.Do("GET", tt.path, nil)
			MustStatus(t, r, http.StatusTooManyRequests)
			if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 3600 {
				t.Errorf("Retry-After = %q, want 1 to 3600 seconds", r.Header.Get("Retry-After"))
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Errorf("Content-Type = %q", ct)
			}
			MustStatus(t, tt.other.Do("GET", tt.path, nil), http.StatusOK)
			if tt.name == "audit CSV" {
				// The continuation of an export is not a new one: past the limit it is still
				// served (here refused only for its malformed cursor).
				MustStatus(t, tt.c.Do("GET", tt.path+"&cursor=not-a-cursor", nil), http.StatusBadRequest)
			}
		})
	}
}

// TestTokenPagesSendNoReferrer: the pages whose address holds an invitation or reset token,
// and the API's answers on those routes, tell the browser to send no Referer, so the token
// never reaches another site (or a log) through one.
func TestTokenPagesSendNoReferrer(t *testing.T) {
	index, err := os.ReadFile("../../web/index.html")
	if err != nil {
		t.Fatal(err)
	}
	const meta = `<meta name="referrer" content="no-referrer" />`
	if !strings.Contains(string(index), meta) {
		t.Fatalf("web/index.html lacks %s", meta)
	}
	web := t.TempDir()
	if err := os.WriteFile(filepath.Join(web, "index.html"), index, 0o644); err != nil {
		t.Fatal(err)
	}
	gw, _, err := gateway.Local(context.Background(), st, "../..", origin, web, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	track(gw)
	srv := httptest.NewServer(gw)
	t.Cleanup(func() {
		srv.Close()
		gw.Wait()
	})
	token := strings.Repeat("A", 43)
	for _, tt := range []struct{ method, path string }{
		{"GET", "/p/acme/invite/" + token},
		{"GET", "/p/acme/reset/" + token},
		{"GET", "/admin/reset/" + token},
		{"GET", "/api/invitations/" + token},
		{"POST", "/api/invitations/" + token + "/accept"},
		{"POST", "/api/password-reset/" + token},
		{"POST", "/api/admin/password-reset/" + token},
	} {
		t.Run(tt.method+" "+tt.path[:strings.LastIndexByte(tt.path, '/')], func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(`{"password":"a long enough passphrase"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Requested-With", "portal")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("Referrer-Policy = %q (status %d), want no-referrer", got, resp.StatusCode)
			}
			if !strings.HasPrefix(tt.path, "/api/") && (resp.StatusCode != http.StatusOK || !strings.Contains(string(body), meta)) {
				t.Errorf("status %d, body %q: want the app's page with %s", resp.StatusCode, body, meta)
			}
		})
	}
}

// TestUsesGivenBack: a use given back (an export that failed after it was counted) frees its
// place in the hour, and giving back never takes a counter below zero.
func TestUsesGivenBack(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	count := func(who string) bool {
		t.Helper()
		ok, _, err := e.store.CountUse(ctx, "test-use", who, 3)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	giveBack := func(who string) {
		t.Helper()
		if err := e.store.UncountUse(ctx, "test-use", who, e.store.Now()); err != nil {
			t.Fatal(err)
		}
	}
	full := "full-" + o0()
	for i := range 3 {
		if !count(full) {
			t.Fatalf("use %d of 3 refused", i+1)
		}
	}
	if count(full) {
		t.Fatal("a 4th use of 3 counted")
	}
	giveBack(full)
	if !count(full) {
		t.Error("the use given back is still taken")
	}

	fresh := "fresh-" + o0()
	giveBack(fresh)
	giveBack(fresh)
	for i := range 3 {
		if !count(fresh) {
			t.Fatalf("use %d of 3 refused after giving back nothing", i+1)
		}
	}
	if count(fresh) {
		t.Error("giving back an empty counter made room past the limit")
	}
}
