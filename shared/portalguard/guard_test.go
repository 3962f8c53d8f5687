package portalguard

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

var errUnexpected = errors.New("unexpected call")

// fakeStore answers the guard's reads with its functions; a call without one fails with
// errUnexpected. touched records the sessions touched.
type fakeStore struct {
	now         time.Time
	session     func(hash string) (store.Session, error)
	userType    func(org, id string) (store.UserType, error)
	record      func(m crm.Module, org, id string) (store.Record, error)
	consistent  func(m crm.Module, org, id string) (store.Record, error)
	touched     []string
	recordReads int
}

func (f *fakeStore) Now() time.Time { return f.now }

// Prefetch reads nothing ahead: the fake answers every read from memory.
func (f *fakeStore) Prefetch(ctx context.Context, _ ...store.ItemKey) (context.Context, error) {
	return ctx, nil
}

func (f *fakeStore) GetSession(_ context.Context, hash string) (store.Session, error) {
	if f.session == nil {
		return store.Session{}, errUnexpected
	}
	return f.session(hash)
}
func (f *fakeStore) TouchSession(_ context.Context, hash string, _ time.Time) error {
	f.touched = append(f.touched, hash)
	return nil
}
func (f *fakeStore) GetUserType(_ context.Context, org, id string) (store.UserType, error) {
	if f.userType == nil {
		return store.UserType{}, errUnexpected
	}
	return f.userType(org, id)
}
func (f *fakeStore) GetRecord(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
	f.recordReads++
	if f.record == nil {
		return store.Record{}, errUnexpected
	}
	return f.record(m, org, id)
}
func (f *fakeStore) GetRecordConsistent(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
	f.recordReads++
	if f.consistent == nil {
		return store.Record{}, errUnexpected
	}
	return f.consistent(m, org, id)
}

// standardModules answers the standard modules, as an organization without customizations
// sees them.
type standardModules struct{}

func (standardModules) Module(_ context.Context, _, name string) (crm.Module, int, error) {
	m, ok := crm.StandardModule(name)
	if !ok {
		return crm.Module{}, 0, httpapi.Errorf(httpapi.NotFound, "no module %q", name)
	}
	return m, 1, nil
}
func (standardModules) Modules(_ context.Context, _ string, names []string) (map[string]crm.Module, error) {
	out := map[string]crm.Module{}
	for _, n := range names {
		if m, ok := crm.StandardModule(n); ok {
			out[n] = m
		}
	}
	return out, nil
}

const (
	org     = "org00001"
	secret  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ" // 43 characters, as auth.NewSecret makes
	contact = "contact001"
	account = "account001"
)

// userType is a type based on Contacts: the own record, Cases of the account (view, edit,
// no delete, notes) and a disabled Products tab.
func userType() store.UserType {
	return store.UserType{OrgID: org, UserType: access.UserType{ID: "ut000001", Name: "Clientes", BaseModule: crm.Contacts,
		Tabs: []access.Tab{
			{Module: crm.Contacts, Enabled: true, Scope: access.ScopeOwn, Layouts: []string{"default"}, View: true},
			{Module: crm.Cases, Enabled: true, Scope: access.ScopeAccount, ScopeField: "Account_Name", Layouts: []string{"default"},
				View: true, Edit: true, Notes: true},
			{Module: crm.Products, Enabled: false, Scope: access.ScopeCatalog, Layouts: []string{"default"}, View: true},
		},
		Fields: map[string]map[string]access.Perm{crm.Cases: {"Subject": access.PermWrite}}}}
}

func portalSession(preview bool) store.Session {
	return store.Session{Hash: auth.HashSecret(secret), OrgID: org, UserID: "user0001", Kind: "portal", Preview: preview,
		UserTypeID: "ut000001", RecordID: contact, UserName: "Ana"}
}

func request(method string, headers map[string]string, cookies ...string) *httpapi.Request {
	r := &httpapi.Request{Cookies: cookies, Headers: headers}
	r.RequestContext.HTTP.Method = method
	return r
}

var cookie = auth.PortalCookie + "=" + auth.FormatSessionToken(org, secret)

func TestAuthenticate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	csrf := map[string]string{"x-requested-with": auth.RequestedWithValue}
	tests := []struct {
		name     string
		req      *httpapi.Request
		session  func() (store.Session, error)
		userType error // GetUserType's error
		want     int   // 0: authenticated
		touched  bool
	}{
		{name: "no cookie", req: request("GET", nil), want: http.StatusUnauthorized},
		{name: "a cookie that is no session token", req: request("GET", nil, auth.PortalCookie+"=garbage"), want: http.StatusUnauthorized},
		{name: "unknown session", req: request("GET", nil, cookie),
			session: func() (store.Session, error) { return store.Session{}, store.ErrNotFound }, want: http.StatusUnauthorized},
		{name: "a staff session in the portal cookie", req: request("GET", nil, cookie),
			session: func() (store.Session, error) { s := portalSession(false); s.Kind = "staff"; return s, nil }, want: http.StatusUnauthorized},
		{name: "a session of another organization", req: request("GET", nil, cookie),
			session: func() (store.Session, error) { s := portalSession(false); s.OrgID = "org00002"; return s, nil }, want: http.StatusUnauthorized},
		{name: "a state change without the CSRF header", req: request("PATCH", nil, cookie),
			session: func() (store.Session, error) { return portalSession(false), nil }, want: http.StatusForbidden},
		{name: "a state change from another origin", req: request("POST", map[string]string{"x-requested-with": auth.RequestedWithValue, "origin": "https://evil.example"}, cookie),
			session: func() (store.Session, error) { return portalSession(false), nil }, want: http.StatusForbidden},
		{name: "a preview's state change", req: request("PATCH", csrf, cookie),
			session: func() (store.Session, error) { return portalSession(true), nil }, want: http.StatusForbidden},
		{name: "the user type was deleted", req: request("GET", nil, cookie),
			session: func() (store.Session, error) { return portalSession(false), nil }, userType: store.ErrNotFound, want: http.StatusUnauthorized, touched: true},
		{name: "a storage failure is no 401", req: request("GET", nil, cookie),
			session: func() (store.Session, error) { return store.Session{}, errors.New("throttled") }, want: http.StatusInternalServerError},
		{name: "a stale session is touched", req: request("GET", nil, cookie),
			session: func() (store.Session, error) {
				s := portalSession(false)
				s.LastSeenAt, s.ExpiresAt = now.Add(-time.Hour), now.Add(time.Hour)
				return s, nil
			}, touched: true},
		{name: "a fresh session is not touched", req: request("POST", csrf, cookie),
			session: func() (store.Session, error) {
				s := portalSession(false)
				s.LastSeenAt, s.ExpiresAt = now, now.Add(time.Hour)
				return s, nil
			}},
		{name: "a preview's read", req: request("GET", nil, cookie),
			session: func() (store.Session, error) { return portalSession(true), nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{now: now, userType: func(o, id string) (store.UserType, error) {
				if tt.userType != nil {
					return store.UserType{}, tt.userType
				}
				return userType(), nil
			}}
			if tt.session != nil {
				fs.session = func(hash string) (store.Session, error) {
					if hash != auth.HashSecret(secret) {
						t.Errorf("GetSession(%q), want the hash of the cookie's secret", hash)
					}
					return tt.session()
				}
			}
			g := NewWith(fs, standardModules{}, "https://portal.example")
			called := false
			_, err := g.Guard(func(_ context.Context, p Principal, _ *httpapi.Request) (*httpapi.Reply, error) {
				called = true
				if p.OrgID != org || p.UserType.ID != "ut000001" || p.SessionHash != auth.HashSecret(secret) {
					t.Errorf("principal = %+v", p)
				}
				return nil, nil
			})(context.Background(), tt.req)
			if got := status(err); got != tt.want {
				t.Errorf("status = %d (%v), want %d", got, err, tt.want)
			}
			if called != (tt.want == 0) {
				t.Errorf("handler called: %v, want %v", called, tt.want == 0)
			}
			if got := len(fs.touched) > 0; got != tt.touched {
				t.Errorf("session touched: %v, want %v", got, tt.touched)
			}
		})
	}
}

// status is the HTTP status err is answered with; 0 for no error.
func status(err error) int {
	if err == nil {
		return 0
	}
	return httpapi.KindOf(err).Status()
}

func TestActorOfAPreviewIsTheStaffMember(t *testing.T) {
	for _, tt := range []struct {
		name    string
		preview bool
		want    string
	}{{"portal user", false, store.ActorPortal}, {"preview", true, store.ActorStaff}} {
		t.Run(tt.name, func(t *testing.T) {
			got := Principal{UserID: "u1", Name: "Ana", Preview: tt.preview}.Actor()
			if got != (store.Actor{Kind: tt.want, ID: "u1", Name: "Ana"}) {
				t.Errorf("Actor() = %+v, want kind %q", got, tt.want)
			}
		})
	}
}

func TestScoped(t *testing.T) {
	ownContact := store.Record{ID: contact, Module: crm.Contacts, LayoutID: "default",
		Fields: map[string]any{"Account_Name": map[string]any{"id": account, "name": "Acme"}}}
	caseOf := func(acct, layout string) store.Record {
		return store.Record{ID: "case0001", Module: crm.Cases, LayoutID: layout, Version: 3,
			Fields: map[string]any{"Subject": "Help", "Account_Name": map[string]any{"id": acct, "name": "x"}}}
	}
	tests := []struct {
		name        string
		module, id  string
		action      string
		stored      store.Record
		storedErr   error
		want        int
		wantReads   int // record reads (own record and the path's)
		wantAccount string
	}{
		{name: "a case of the user's account", module: crm.Cases, id: "case0001", action: access.ActionEdit,
			stored: caseOf(account, "default"), wantReads: 2, wantAccount: account},
		{name: "a case of another account is 404, not 403", module: crm.Cases, id: "case0001", action: access.ActionEdit,
			stored: caseOf("account999", "default"), want: http.StatusNotFound, wantReads: 2},
		{name: "a case in a layout the tab does not allow is 404", module: crm.Cases, id: "case0001", action: access.ActionView,
			stored: caseOf(account, "secret"), want: http.StatusNotFound, wantReads: 2},
		{name: "a missing case is 404", module: crm.Cases, id: "case0001", action: access.ActionView,
			storedErr: store.ErrNotFound, want: http.StatusNotFound, wantReads: 2},
		{name: "a malformed id is 404 without a read", module: crm.Cases, id: "../x", action: access.ActionView,
			want: http.StatusNotFound},
		{name: "a tab that does not allow deleting is 403", module: crm.Cases, id: "case0001", action: access.ActionDelete,
			stored: caseOf(account, "default"), want: http.StatusForbidden, wantReads: 2},
		{name: "a disabled tab is 404", module: crm.Products, id: "prod0001", action: access.ActionView, want: http.StatusNotFound},
		{name: "a module the type has no tab of is 404", module: crm.Invoices, id: "inv00001", action: access.ActionView, want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{
				record: func(m crm.Module, o, id string) (store.Record, error) {
					if m.APIName != crm.Contacts || id != contact {
						t.Errorf("GetRecord(%s, %s): want the user's own contact", m.APIName, id)
					}
					return ownContact, nil
				},
				consistent: func(m crm.Module, o, id string) (store.Record, error) {
					if o != org || id != tt.id {
						t.Errorf("GetRecordConsistent(%s, %s, %s)", m.APIName, o, id)
					}
					return tt.stored, tt.storedErr
				},
			}
			g := NewWith(fs, standardModules{}, "")
			p := Principal{OrgID: org, UserID: "user0001", RecordID: contact, UserType: userType()}
			r := &httpapi.Request{PathParameters: map[string]string{"module": tt.module, "id": tt.id}}
			sc, err := g.Scoped(context.Background(), p, r, tt.action)
			if got := status(err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if fs.recordReads != tt.wantReads {
				t.Errorf("record reads = %d, want %d", fs.recordReads, tt.wantReads)
			}
			if tt.want == 0 && (sc.Record.ID != tt.stored.ID || sc.Module.APIName != tt.module || sc.Tab.Module != tt.module || sc.Self.AccountID != tt.wantAccount) {
				t.Errorf("scope = %+v", sc)
			}
		})
	}
}
