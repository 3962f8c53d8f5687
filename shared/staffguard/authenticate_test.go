package staffguard

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

var (
	errNotFaked = errors.New("fake: call not expected by this case")
	now         = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
)

// fakeStore answers the guard's reads from a few values a case sets (a nil function is a
// read the case does not expect) and counts the touches.
type fakeStore struct {
	session       func(hash string) (store.Session, error)
	token         func(org, id string) (store.APIToken, error)
	member        func(org, id string) (store.Staff, error)
	sessionTouch  int
	tokenTouch    int
	memberReads   int
	touchedExpiry time.Time
}

func (f *fakeStore) Now() time.Time { return now }

// Prefetch reads nothing ahead: the fake answers every read from memory.
func (f *fakeStore) Prefetch(ctx context.Context, _ ...store.ItemKey) (context.Context, error) {
	return ctx, nil
}

func (f *fakeStore) GetSession(_ context.Context, hash string) (store.Session, error) {
	if f.session == nil {
		return store.Session{}, errNotFaked
	}
	return f.session(hash)
}

func (f *fakeStore) TouchSession(_ context.Context, _ string, idle time.Time) error {
	f.sessionTouch++
	f.touchedExpiry = idle
	return nil
}

func (f *fakeStore) GetAPIToken(_ context.Context, org, id string) (store.APIToken, error) {
	if f.token == nil {
		return store.APIToken{}, errNotFaked
	}
	return f.token(org, id)
}

func (f *fakeStore) TouchAPIToken(context.Context, string, string) error {
	f.tokenTouch++
	return nil
}

func (f *fakeStore) GetStaff(_ context.Context, org, id string) (store.Staff, error) {
	return f.GetStaffConsistent(context.Background(), org, id)
}

func (f *fakeStore) GetStaffConsistent(_ context.Context, org, id string) (store.Staff, error) {
	f.memberReads++
	if f.member == nil {
		return store.Staff{}, errNotFaked
	}
	return f.member(org, id)
}

const (
	org    = "org12345"
	userID = "user1234"
	portal = "https://portal.example"
)

func mustSecret(t *testing.T) string {
	t.Helper()
	s, err := auth.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func member(role, status string) func(string, string) (store.Staff, error) {
	return func(o, id string) (store.Staff, error) {
		if o != org || id != userID {
			return store.Staff{}, store.ErrNotFound
		}
		return store.Staff{OrgID: org, ID: userID, Name: "Ana", Role: role, Status: status}, nil
	}
}

func TestAuthenticateSession(t *testing.T) {
	secret := mustSecret(t)
	cookie := auth.StaffCookie + "=" + auth.FormatSessionToken(org, secret)
	fresh := store.Session{Hash: auth.HashSecret(secret), OrgID: org, UserID: userID, Kind: "staff", Role: store.RoleAdmin,
		LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
	stale := fresh
	stale.LastSeenAt = now.Add(-time.Hour)
	sessions := func(s store.Session) func(string) (store.Session, error) {
		return func(hash string) (store.Session, error) {
			if hash != s.Hash {
				return store.Session{}, store.ErrNotFound
			}
			return s, nil
		}
	}
	portalSession := fresh
	portalSession.Kind = "portal"
	otherOrg := fresh
	otherOrg.OrgID = "other123"
	tests := []struct {
		name       string
		method     string
		headers    map[string]string
		cookies    []string
		session    store.Session
		member     func(string, string) (store.Staff, error)
		wantStatus int // 0: authenticated
		wantRole   string
		wantTouch  int
	}{
		{name: "no credential", method: "GET", wantStatus: http.StatusUnauthorized},
		{name: "malformed cookie", method: "GET", cookies: []string{auth.StaffCookie + "=nonsense"}, wantStatus: http.StatusUnauthorized},
		{name: "unknown session", method: "GET", cookies: []string{auth.StaffCookie + "=" + auth.FormatSessionToken(org, mustSecret(t))},
			session: fresh, wantStatus: http.StatusUnauthorized},
		{name: "a portal user's session", method: "GET", cookies: []string{cookie}, session: portalSession, wantStatus: http.StatusUnauthorized},
		{name: "a session of another organization", method: "GET", cookies: []string{cookie}, session: otherOrg, wantStatus: http.StatusUnauthorized},
		{name: "an inactive member", method: "GET", cookies: []string{cookie}, session: fresh,
			member: member(store.RoleAdmin, store.StaffInactive), wantStatus: http.StatusUnauthorized},
		{name: "a member who is gone", method: "GET", cookies: []string{cookie}, session: fresh,
			member: func(string, string) (store.Staff, error) { return store.Staff{}, store.ErrNotFound }, wantStatus: http.StatusUnauthorized},
		{name: "a change without the CSRF header", method: "POST", cookies: []string{cookie}, session: fresh,
			member: member(store.RoleAdmin, store.StaffActive), wantStatus: http.StatusForbidden},
		{name: "a change from another origin", method: "POST", cookies: []string{cookie}, session: fresh,
			headers: map[string]string{"x-requested-with": auth.RequestedWithValue, "origin": "https://evil.example"},
			member:  member(store.RoleAdmin, store.StaffActive), wantStatus: http.StatusForbidden},
		{name: "a change from the portal's origin", method: "POST", cookies: []string{cookie}, session: fresh,
			headers: map[string]string{"x-requested-with": auth.RequestedWithValue, "origin": portal},
			member:  member(store.RoleAdmin, store.StaffActive), wantRole: store.RoleAdmin},
		{name: "the member's role now, not the session's", method: "GET", cookies: []string{cookie}, session: fresh,
			member: member(store.RoleUser, store.StaffActive), wantRole: store.RoleUser},
		{name: "a session seen long ago is touched", method: "GET", cookies: []string{cookie}, session: stale,
			member: member(store.RoleAdmin, store.StaffActive), wantRole: store.RoleAdmin, wantTouch: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{session: sessions(tc.session), member: tc.member}
			g := &Guard{store: f, portalBaseURL: portal}
			r := &httpapi.Request{Headers: tc.headers, Cookies: tc.cookies}
			r.RequestContext.HTTP.Method = tc.method
			called := 0
			reply, err := g.Guard(func(_ context.Context, p Principal, _ *httpapi.Request) (*httpapi.Reply, error) {
				called++
				if p.Role != tc.wantRole || p.OrgID != org || p.UserID != userID || p.SessionHash == "" {
					t.Errorf("principal = %+v, want role %q of %s/%s with a session", p, tc.wantRole, org, userID)
				}
				return &httpapi.Reply{Status: http.StatusNoContent}, nil
			})(context.Background(), r)
			if tc.wantStatus != 0 {
				if got := httpapi.KindOf(err).Status(); got != tc.wantStatus || called != 0 {
					t.Errorf("status %d, handler called %d times (err %v); want %d and no call", got, called, err, tc.wantStatus)
				}
				if f.sessionTouch != 0 {
					t.Errorf("a refused request touched its session %d times", f.sessionTouch)
				}
				return
			}
			if err != nil || reply.Status != http.StatusNoContent || called != 1 {
				t.Fatalf("err %v, handler called %d times; want it called once", err, called)
			}
			if f.sessionTouch != tc.wantTouch {
				t.Errorf("session touched %d times, want %d", f.sessionTouch, tc.wantTouch)
			}
			if tc.wantTouch > 0 && !f.touchedExpiry.Equal(tc.session.ExpiresAt) {
				t.Errorf("touched to %s, want the absolute expiry %s (idle would pass it)", f.touchedExpiry, tc.session.ExpiresAt)
			}
		})
	}
}

func TestAuthenticateAPIToken(t *testing.T) {
	secret, tokenID := mustSecret(t), "tok12345"
	bearer := "Bearer " + auth.FormatAPIToken(org, tokenID, secret)
	valid := store.APIToken{OrgID: org, ID: tokenID, UserID: userID, Role: store.RoleAdmin, SecretHash: auth.HashSecret(secret),
		CreatedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Hour), LastUsedAt: now}
	expired := valid
	expired.ExpiresAt = now
	wrongSecret := valid
	wrongSecret.SecretHash = auth.HashSecret(mustSecret(t))
	userToken := valid
	userToken.Role = store.RoleUser
	unused := valid
	unused.LastUsedAt = time.Time{}
	tests := []struct {
		name        string
		header      string
		token       store.APIToken
		member      func(string, string) (store.Staff, error)
		wantStatus  int
		wantRole    string
		wantTouch   int
		wantMembers int
	}{
		{name: "not a bearer token", header: "Basic abc", wantStatus: http.StatusUnauthorized},
		{name: "a malformed token", header: "Bearer cpt_x", wantStatus: http.StatusUnauthorized},
		{name: "an unknown token", header: "Bearer " + auth.FormatAPIToken(org, "tok99999", secret), token: valid, wantStatus: http.StatusUnauthorized},
		{name: "a wrong secret", header: bearer, token: wrongSecret, wantStatus: http.StatusUnauthorized},
		{name: "an expired token", header: bearer, token: expired, wantStatus: http.StatusUnauthorized},
		{name: "a token of an inactive member", header: bearer, token: valid, member: member(store.RoleAdmin, store.StaffInactive),
			wantStatus: http.StatusUnauthorized, wantMembers: 1},
		{name: "an admin's token", header: bearer, token: valid, member: member(store.RoleAdmin, store.StaffActive),
			wantRole: store.RoleAdmin, wantMembers: 1},
		{name: "an admin token of a demoted admin", header: bearer, token: valid, member: member(store.RoleUser, store.StaffActive),
			wantRole: store.RoleUser, wantMembers: 1},
		{name: "a user token of a promoted user", header: bearer, token: userToken, member: member(store.RoleAdmin, store.StaffActive),
			wantRole: store.RoleUser, wantMembers: 1},
		{name: "a token unused for long is touched", header: bearer, token: unused, member: member(store.RoleAdmin, store.StaffActive),
			wantRole: store.RoleAdmin, wantTouch: 1, wantMembers: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{member: tc.member, token: func(o, id string) (store.APIToken, error) {
				if o != tc.token.OrgID || id != tc.token.ID {
					return store.APIToken{}, store.ErrNotFound
				}
				return tc.token, nil
			}}
			g := &Guard{store: f, portalBaseURL: portal}
			// A state change with a token needs no CSRF header: no browser sends it by itself.
			r := &httpapi.Request{Headers: map[string]string{"authorization": tc.header}}
			r.RequestContext.HTTP.Method = "POST"
			p, err := g.Authenticate(context.Background(), r)
			if f.memberReads != tc.wantMembers || f.tokenTouch != tc.wantTouch {
				t.Errorf("member reads %d, token touches %d; want %d and %d", f.memberReads, f.tokenTouch, tc.wantMembers, tc.wantTouch)
			}
			if tc.wantStatus != 0 {
				if got := httpapi.KindOf(err).Status(); got != tc.wantStatus {
					t.Errorf("status %d (err %v), want %d", got, err, tc.wantStatus)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Role != tc.wantRole || p.TokenID != tokenID || p.Name != "Ana" {
				t.Errorf("principal = %+v, want role %q with token %s and the member's name", p, tc.wantRole, tokenID)
			}
		})
	}
}

func TestRequireAdmin(t *testing.T) {
	tests := []struct {
		name string
		role string
		want int
	}{
		{"admin", store.RoleAdmin, 0},
		{"user", store.RoleUser, http.StatusForbidden},
		{"no role", "", http.StatusForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := RequireAdmin(Principal{Role: tc.role})
			got := 0
			if err != nil {
				got = httpapi.KindOf(err).Status()
			}
			if got != tc.want {
				t.Errorf("RequireAdmin(%q) = %d (%v), want %d", tc.role, got, err, tc.want)
			}
		})
	}
}
