package portalapi

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

const (
	org     = "org00001"
	contact = "contact001"
	account = "account001"
	caseID  = "case00001"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// clientes is a type based on Contacts: the own record (view), Cases of the account (view,
// create, edit; Subject and Priority writable, Status read-only, Internal_Comments hidden)
// and a disabled Products tab.
func clientes() store.UserType {
	return store.UserType{OrgID: org, UserType: access.UserType{ID: "ut000001", Name: "Clientes", BaseModule: crm.Contacts,
		Tabs: []access.Tab{
			{Module: crm.Contacts, Enabled: true, Scope: access.ScopeOwn, Layouts: []string{"default"}, View: true},
			{Module: crm.Cases, Enabled: true, Scope: access.ScopeAccount, ScopeField: "Account_Name", Layouts: []string{"default"},
				View: true, Create: true, Edit: true},
			{Module: crm.Products, Enabled: false, Scope: access.ScopeCatalog, Layouts: []string{"default"}, View: true},
		},
		Fields: map[string]map[string]access.Perm{
			crm.Contacts: {"Last_Name": access.PermRead, "Account_Name": access.PermRead},
			crm.Cases: {"Subject": access.PermWrite, "Priority": access.PermWrite, "Status": access.PermRead,
				"Account_Name": access.PermRead, "Internal_Comments": access.PermHidden},
		}}}
}

func principal() portalguard.Principal {
	return portalguard.Principal{OrgID: org, UserID: "user0001", RecordID: contact, Name: "Ana", UserType: clientes()}
}

func ownContact() store.Record {
	return store.Record{OrgID: org, ID: contact, Module: crm.Contacts, LayoutID: "default", Version: 1,
		Fields: map[string]any{"Last_Name": "Souza", "Account_Name": map[string]any{"id": account, "name": "Acme"}}}
}

func storedCase() store.Record {
	return store.Record{OrgID: org, ID: caseID, Module: crm.Cases, LayoutID: "default", Version: 3, Name: "Printer",
		Fields: map[string]any{"Subject": "Printer", "Status": "New", "Internal_Comments": "VIP, be quick",
			"Account_Name": map[string]any{"id": account, "name": "Acme"}}}
}

// recordsStore answers the user's own contact and the stored case.
func recordsStore(stored store.Record) *fakeStore {
	return &fakeStore{now: now,
		record: func(m crm.Module, _, id string) (store.Record, error) {
			if id == contact {
				return ownContact(), nil
			}
			return store.Record{}, store.ErrNotFound
		},
		consistent: func(m crm.Module, _, id string) (store.Record, error) {
			if id == stored.ID && m.APIName == stored.Module {
				return stored, nil
			}
			return store.Record{}, store.ErrNotFound
		}}
}

func jsonRequest(method string, params map[string]string, body string, headers ...string) *httpapi.Request {
	h := map[string]string{"content-type": "application/json"}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	r := &httpapi.Request{PathParameters: params, Body: body, Headers: h}
	r.RequestContext.HTTP.Method = method
	return r
}

// status is the HTTP status of a handler's answer: the reply's, or the one err is answered
// with.
func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

func TestUpdateRecord(t *testing.T) {
	path := map[string]string{"module": crm.Cases, "id": caseID}
	tests := []struct {
		name     string
		stored   store.Record
		body     string
		ifMatch  string
		writeErr error
		want     int
		// wantFields are the fields the written record holds (nil: nothing written)
		wantFields map[string]any
	}{
		{name: "a writable field", body: `{"fields":{"Subject":"Printer jam"}}`, ifMatch: `"3"`, want: http.StatusOK,
			wantFields: map[string]any{"Subject": "Printer jam", "Status": "New", "Internal_Comments": "VIP, be quick"}},
		{name: "null clears a writable field", body: `{"fields":{"Priority":null}}`, ifMatch: `"3"`, want: http.StatusOK,
			wantFields: map[string]any{"Subject": "Printer", "Status": "New", "Internal_Comments": "VIP, be quick"}},
		{name: "without If-Match", body: `{"fields":{"Subject":"x"}}`, want: http.StatusPreconditionRequired},
		{name: "a stale version", body: `{"fields":{"Subject":"x"}}`, ifMatch: `"2"`, want: http.StatusPreconditionFailed},
		{name: "a read-only field", body: `{"fields":{"Status":"Closed"}}`, ifMatch: `"3"`, want: http.StatusUnprocessableEntity},
		{name: "a hidden field is answered like an unknown one", body: `{"fields":{"Internal_Comments":"x"}}`, ifMatch: `"3"`, want: http.StatusUnprocessableEntity},
		{name: "the scope lookup is the portal's", body: `{"fields":{"Account_Name":"account999"}}`, ifMatch: `"3"`, want: http.StatusUnprocessableEntity},
		{name: "a body without fields", body: `{"layoutId":"default"}`, ifMatch: `"3"`, want: http.StatusBadRequest},
		{name: "a layout the tab does not allow", body: `{"layoutId":"other","fields":{}}`, ifMatch: `"3"`, want: http.StatusUnprocessableEntity},
		{name: "changed meanwhile", body: `{"fields":{"Subject":"x"}}`, ifMatch: `"3"`, writeErr: store.ErrVersion, want: http.StatusPreconditionFailed,
			wantFields: map[string]any{"Subject": "x", "Status": "New", "Internal_Comments": "VIP, be quick"}},
		{name: "a case of another account is 404", stored: func() store.Record {
			r := storedCase()
			r.Fields["Account_Name"] = map[string]any{"id": "account999"}
			return r
		}(), body: `{"fields":{"Subject":"x"}}`, ifMatch: `"3"`, want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := tt.stored
			if stored.ID == "" {
				stored = storedCase()
			}
			fs := recordsStore(stored)
			fs.updateRecord = func(store.Record, store.Record) error { return tt.writeErr }
			s := newService(fs)
			var headers []string
			if tt.ifMatch != "" {
				headers = []string{"if-match", tt.ifMatch}
			}
			reply, err := s.UpdateRecord(context.Background(), principal(), jsonRequest("PATCH", path, tt.body, headers...))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.wantFields == nil {
				if len(fs.writes) > 0 || len(fs.audit) > 0 {
					t.Errorf("a refused edit wrote %v and audited %d entries", fs.writes, len(fs.audit))
				}
				return
			}
			if len(fs.updated) != 1 {
				t.Fatalf("records written: %d, want 1", len(fs.updated))
			}
			got := fs.updated[0]
			delete(got.Fields, "Account_Name")
			if got.Version != 4 || !equalFields(got.Fields, tt.wantFields) {
				t.Errorf("written version %d fields %v, want version 4 fields %v", got.Version, got.Fields, tt.wantFields)
			}
			if tt.want != http.StatusOK {
				return
			}
			body := reply.Body.(RecordJSON)
			if _, ok := body.Fields["Internal_Comments"]; ok {
				t.Error("the answer holds a hidden field")
			}
			if reply.Headers["ETag"] != `"4"` {
				t.Errorf("ETag = %q, want \"4\"", reply.Headers["ETag"])
			}
			if len(fs.audit) != 1 || fs.audit[0].Action != audit.RecordUpdate || fs.audit[0].Actor.Kind != store.ActorPortal {
				t.Errorf("audit = %+v, want one record.update by the portal user", fs.audit)
			}
		})
	}
}

func equalFields(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestCreateRecord(t *testing.T) {
	path := map[string]string{"module": crm.Cases}
	tests := []struct {
		name   string
		tab    func(*access.Tab)
		body   string
		want   int
		refuse bool
	}{
		{name: "linked to the user's account by the server", body: `{"fields":{"Subject":"New printer"}}`, want: http.StatusCreated},
		{name: "the scope lookup cannot be sent", body: `{"fields":{"Subject":"x","Account_Name":"account999"}}`, want: http.StatusUnprocessableEntity, refuse: true},
		{name: "a required field missing", body: `{"fields":{"Priority":"High"}}`, want: http.StatusUnprocessableEntity, refuse: true},
		{name: "a tab without create", tab: func(t *access.Tab) { t.Create = false }, body: `{"fields":{"Subject":"x"}}`, want: http.StatusForbidden, refuse: true},
		{name: "a fixed criterion the new record misses", tab: func(t *access.Tab) {
			t.Fixed = &access.Criterion{Field: "Status", Op: access.OpEq, Values: []string{"Closed"}}
		}, body: `{"fields":{"Subject":"x"}}`, want: http.StatusUnprocessableEntity, refuse: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := recordsStore(storedCase())
			s := newService(fs)
			p := principal()
			if tt.tab != nil {
				tt.tab(&p.UserType.Tabs[1])
			}
			reply, err := s.CreateRecord(context.Background(), p, jsonRequest("POST", path, tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.refuse {
				if len(fs.writes) > 0 {
					t.Errorf("a refused create wrote %v", fs.writes)
				}
				return
			}
			if len(fs.created) != 1 {
				t.Fatalf("records created: %d, want 1", len(fs.created))
			}
			rec := fs.created[0]
			if ref, _ := rec.Fields["Account_Name"].(map[string]any); ref["id"] != account {
				t.Errorf("Account_Name = %v, want the user's account %s", rec.Fields["Account_Name"], account)
			}
			if rec.CreatedBy != (store.Ref{ID: "user0001", Name: "Ana (portal)"}) {
				t.Errorf("CreatedBy = %+v", rec.CreatedBy)
			}
			if reply.Headers["Location"] != "/api/records/Cases/"+rec.ID {
				t.Errorf("Location = %q", reply.Headers["Location"])
			}
		})
	}
}

func TestDeleteRecordNeedsTheTabsPermission(t *testing.T) {
	fs := recordsStore(storedCase())
	s := newService(fs)
	_, err := s.DeleteRecord(context.Background(), principal(), jsonRequest("DELETE", map[string]string{"module": crm.Cases, "id": caseID}, ""))
	if got := status(nil, err); got != http.StatusForbidden {
		t.Errorf("status = %d (%v), want 403", got, err)
	}
	if len(fs.writes) > 0 {
		t.Errorf("a refused delete wrote %v", fs.writes)
	}
}

func TestGetRecord(t *testing.T) {
	tests := []struct {
		name   string
		module string
		id     string
		want   int
	}{
		{"a case of the account", crm.Cases, caseID, http.StatusOK},
		{"a malformed id", crm.Cases, "../../x", http.StatusNotFound},
		{"a missing case", crm.Cases, "case99999", http.StatusNotFound},
		{"a disabled tab", crm.Products, "prod00001", http.StatusNotFound},
		{"no such module", "Nope", caseID, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := recordsStore(storedCase())
			reply, err := newService(fs).GetRecord(context.Background(), principal(),
				jsonRequest("GET", map[string]string{"module": tt.module, "id": tt.id}, ""))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.want != http.StatusOK {
				if len(fs.audit) > 0 {
					t.Errorf("a refused read was audited: %+v", fs.audit)
				}
				return
			}
			body := reply.Body.(RecordJSON)
			if _, ok := body.Fields["Internal_Comments"]; ok || body.Fields["Subject"] != "Printer" {
				t.Errorf("fields = %v, want Subject and no hidden field", body.Fields)
			}
			if len(fs.audit) != 1 || fs.audit[0].Action != audit.RecordView {
				t.Errorf("audit = %+v, want one record.view", fs.audit)
			}
		})
	}
}

func TestTabsShowOnlyWhatTheTypeAllows(t *testing.T) {
	p := principal()
	reply, err := newService(&fakeStore{now: now}).Tabs(context.Background(), p, jsonRequest("GET", nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	tabs := reply.Body.(Tabs)
	var modules []string
	for _, tab := range tabs.Tabs {
		modules = append(modules, tab.Module)
	}
	if want := []string{crm.Contacts, crm.Cases}; !slices.Equal(modules, want) {
		t.Fatalf("tabs = %v, want %v (the disabled tab left out)", modules, want)
	}
	modes := map[string]access.Perm{}
	for _, f := range tabs.Tabs[1].Fields {
		modes[f.APIName] = f.Mode
	}
	want := map[string]access.Perm{"Subject": access.PermWrite, "Priority": access.PermWrite, "Status": access.PermRead,
		"Account_Name": access.PermRead}
	if len(modes) != len(want) {
		t.Errorf("Cases fields = %v, want %v", modes, want)
	}
	for f, m := range want {
		if modes[f] != m {
			t.Errorf("field %s: mode %q, want %q", f, modes[f], m)
		}
	}
	if perms := tabs.Tabs[1].Permissions; !perms.Create || !perms.Edit || perms.Delete {
		t.Errorf("Cases permissions = %+v", perms)
	}
}

func TestExport(t *testing.T) {
	t.Run("a preview has nothing to export and counts nothing", func(t *testing.T) {
		fs := &fakeStore{now: now}
		p := principal()
		p.Preview = true
		_, err := newService(fs).Export(context.Background(), p, jsonRequest("GET", nil, ""))
		if got := status(nil, err); got != http.StatusForbidden {
			t.Errorf("status = %d (%v), want 403", got, err)
		}
		if len(fs.writes) > 0 {
			t.Errorf("wrote %v", fs.writes)
		}
	})
	t.Run("past the hour's exports: 429 with Retry-After", func(t *testing.T) {
		fs := &fakeStore{now: now, countUse: func(kind, who string, max int) (bool, time.Time, error) {
			if kind != "export" || who != org+"#user0001" || max != ExportsPerHour {
				t.Errorf("CountUse(%q, %q, %d)", kind, who, max)
			}
			return false, now.Add(30 * time.Minute), nil
		}}
		_, err := newService(fs).Export(context.Background(), principal(), jsonRequest("GET", nil, ""))
		var e *httpapi.Error
		if got := status(nil, err); got != http.StatusTooManyRequests || !asError(err, &e) || e.RetryAfter != 1800 {
			t.Errorf("status = %d (%v), want 429 with Retry-After 1800", got, err)
		}
	})
	t.Run("a failed export gives its use back", func(t *testing.T) {
		fs := &fakeStore{now: now, countUse: func(string, string, int) (bool, time.Time, error) { return true, time.Time{}, nil },
			portalUser: func(string, string) (store.PortalUser, error) { return store.PortalUser{}, store.ErrNotFound }}
		_, err := newService(fs).Export(context.Background(), principal(), jsonRequest("GET", nil, ""))
		if got := status(nil, err); got != http.StatusUnauthorized {
			t.Errorf("status = %d (%v), want 401", got, err)
		}
		if !slices.Equal(fs.writes, []string{"CountUse", "UncountUse"}) {
			t.Errorf("writes = %v, want the use counted and given back", fs.writes)
		}
	})
}

func TestLogin(t *testing.T) {
	open := store.Portal{OrgID: org, Slug: "acme", Name: "Acme"}
	active := store.PortalUser{OrgID: org, ID: "user0001", Name: "Ana", Status: "active", UserTypeID: "ut000001", PasswordHash: "h"}
	csrf := []string{"x-requested-with", auth.RequestedWithValue}
	tests := []struct {
		name       string
		slug, body string
		headers    []string
		portal     store.Portal
		user       store.PortalUser
		userErr    error
		passwordOK bool
		want       int
		wantWrites []string
		wantAudit  string
	}{
		{name: "without the CSRF header", slug: "acme", body: `{"email":"ana@example.com","password":"pw"}`, want: http.StatusForbidden},
		{name: "without a password", slug: "acme", body: `{"email":"ana@example.com"}`, headers: csrf, want: http.StatusBadRequest},
		{name: "no portal at the address", slug: "Not A Slug!", body: `{"email":"a@example.com","password":"pw"}`, headers: csrf, want: http.StatusNotFound},
		{name: "a closed portal", slug: "acme", body: `{"email":"a@example.com","password":"pw"}`, headers: csrf,
			portal: store.Portal{OrgID: org, Slug: "acme", Disabled: true}, want: http.StatusForbidden},
		{name: "a wrong password", slug: "acme", body: `{"email":"ana@example.com","password":"pw"}`, headers: csrf,
			portal: open, user: active, want: http.StatusUnauthorized, wantAudit: audit.LoginFailed},
		{name: "an unknown email gets the same answer", slug: "acme", body: `{"email":"x@example.com","password":"pw"}`, headers: csrf,
			portal: open, userErr: store.ErrNotFound, passwordOK: true, want: http.StatusUnauthorized, wantAudit: audit.LoginFailed},
		{name: "an invited user cannot log in yet", slug: "acme", body: `{"email":"ana@example.com","password":"pw"}`, headers: csrf,
			portal: open, user: store.PortalUser{OrgID: org, ID: "user0001", Status: "invited"}, passwordOK: true, want: http.StatusUnauthorized, wantAudit: audit.LoginFailed},
		{name: "the right password", slug: "acme", body: `{"email":"ana@example.com","password":"pw"}`, headers: csrf,
			portal: open, user: active, passwordOK: true, want: http.StatusOK, wantWrites: []string{"CreatePortalLogin"}, wantAudit: audit.Login},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{now: now,
				portalBySlug: func(slug string) (store.Portal, error) {
					if tt.portal.OrgID == "" {
						return store.Portal{}, store.ErrNotFound
					}
					return tt.portal, nil
				},
				forLogin: func(o, email string) (store.PortalUser, error) { return tt.user, tt.userErr },
				userType: func(string, string) (store.UserType, error) { return clientes(), nil },
				org:      func(string) (store.Org, error) { return store.Org{ID: org, Name: "Acme", Language: "pt-BR"}, nil },
				portal: func(string) (store.Portal, error) {
					if tt.portal.OrgID != "" {
						return tt.portal, nil
					}
					return open, nil
				},
				portalUser: func(string, string) (store.PortalUser, error) { return active, nil },
			}
			s := newService(fs)
			logins := &fakeLogins{ok: tt.passwordOK}
			s.Logins = logins
			r := jsonRequest("POST", map[string]string{"slug": tt.slug}, tt.body, tt.headers...)
			reply, err := s.Login(context.Background(), r)
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if !slices.Equal(fs.writes, tt.wantWrites) {
				t.Errorf("writes = %v, want %v", fs.writes, tt.wantWrites)
			}
			var actions []string
			for _, e := range fs.audit {
				actions = append(actions, e.Action)
			}
			if tt.wantAudit == "" && len(actions) > 0 || tt.wantAudit != "" && !slices.Equal(actions, []string{tt.wantAudit}) {
				t.Errorf("audit = %v, want %q", actions, tt.wantAudit)
			}
			if tt.want == http.StatusOK {
				if len(reply.Cookies) != 1 || len(fs.sessions) != 1 || fs.sessions[0].Kind != "portal" || fs.sessions[0].UserID != "user0001" {
					t.Errorf("cookies %v, sessions %+v: want one portal session of the user", reply.Cookies, fs.sessions)
				}
				if me := reply.Body.(MeJSON); me.FirstTab != crm.Contacts || me.Portal.Slug != "acme" {
					t.Errorf("me = %+v", me)
				}
			}
		})
	}
}
