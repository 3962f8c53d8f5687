package staffauth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

const password = "a long enough passphrase 42"

func member(t *testing.T, status string) store.Staff {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	return store.Staff{OrgID: orgID, ID: userID, Email: "ana@example.com", Name: "Ana", Role: store.RoleAdmin, Status: status,
		PasswordHash: hash}
}

func TestLogin(t *testing.T) {
	active, inactive := member(t, store.StaffActive), member(t, store.StaffInactive)
	tests := []struct {
		name         string
		csrf         bool
		body         string
		staff        []store.Staff
		counts       store.LoginCounts
		wantStatus   int
		wantFailures int
		wantReads    int
	}{
		{name: "without the CSRF header", body: `{"email":"ana@example.com","password":"` + password + `"}`,
			staff: []store.Staff{active}, wantStatus: http.StatusForbidden},
		{name: "no password", csrf: true, body: `{"email":"ana@example.com","password":""}`, wantStatus: http.StatusBadRequest},
		{name: "an unknown email", csrf: true, body: `{"email":"bob@example.com","password":"` + password + `"}`,
			staff: []store.Staff{active}, wantStatus: http.StatusUnauthorized, wantFailures: 1, wantReads: 1},
		{name: "a wrong password", csrf: true, body: `{"email":"ana@example.com","password":"not the passphrase"}`,
			staff: []store.Staff{active}, wantStatus: http.StatusUnauthorized, wantFailures: 1, wantReads: 1},
		{name: "a deactivated account's right password", csrf: true, body: `{"email":"ana@example.com","password":"` + password + `"}`,
			staff: []store.Staff{inactive}, wantStatus: http.StatusUnauthorized, wantFailures: 1, wantReads: 1},
		{name: "refused by the throttle: nothing verified, nothing counted", csrf: true,
			body:  `{"email":"ana@example.com","password":"` + password + `"}`,
			staff: []store.Staff{active}, counts: store.LoginCounts{Pair: auth.DefaultThrottle.PairLimit},
			wantStatus: http.StatusTooManyRequests, wantReads: 1},
		{name: "the right password", csrf: true, body: `{"email":" ANA@example.com","password":"` + password + `"}`,
			staff: []store.Staff{active}, wantStatus: http.StatusOK, wantReads: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{org: store.Org{ID: orgID, Name: "Acme"}, staff: tc.staff}
			ls := &fakeLoginStore{counts: tc.counts}
			reply, err := newService(f, ls, &fakeLinks{}).Login(context.Background(), request("POST", tc.body, tc.csrf))
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if ls.failures != tc.wantFailures || f.reads != tc.wantReads {
				t.Errorf("%d failures counted, %d reads; want %d and %d", ls.failures, f.reads, tc.wantFailures, tc.wantReads)
			}
			if tc.wantStatus != http.StatusOK {
				if len(f.createdSessions) != 0 {
					t.Errorf("a refused login created %d sessions", len(f.createdSessions))
				}
				return
			}
			if len(f.createdSessions) != 1 {
				t.Fatalf("%d sessions created, want 1", len(f.createdSessions))
			}
			s := f.createdSessions[0]
			if s.Kind != "staff" || s.OrgID != orgID || s.UserID != userID || !s.ExpiresAt.Equal(now.Add(auth.SessionAbsolute)) {
				t.Errorf("session %+v, want a staff session of %s/%s ending after %s", s, orgID, userID, auth.SessionAbsolute)
			}
			if len(reply.Cookies) != 1 || !strings.HasPrefix(reply.Cookies[0], auth.StaffCookie+"="+orgID+".") {
				t.Errorf("cookies %v, want the staff session cookie", reply.Cookies)
			}
			if info := reply.Body.(SessionInfo); info.User.ID != userID || info.Org.Name != "Acme" {
				t.Errorf("answer %+v, want the member and the organization", info)
			}
		})
	}
}

func TestLogout(t *testing.T) {
	staffSecret, portalSecret := mustSecret(t), mustSecret(t)
	staffHash, portalHash := auth.HashSecret(staffSecret), auth.HashSecret(portalSecret)
	sessions := map[string]store.Session{
		staffHash:  {Hash: staffHash, OrgID: orgID, UserID: userID, Kind: "staff"},
		portalHash: {Hash: portalHash, OrgID: orgID, UserID: "cust1234", UserName: "Carla", Kind: "portal"},
	}
	cookies := []string{auth.StaffCookie + "=" + auth.FormatSessionToken(orgID, staffSecret),
		auth.PortalCookie + "=" + auth.FormatSessionToken(orgID, portalSecret)}
	tests := []struct {
		name        string
		csrf        bool
		session     string
		cookies     []string
		wantStatus  int
		wantDeleted []string
		wantAudits  int
	}{
		{name: "without the CSRF header", cookies: cookies, wantStatus: http.StatusForbidden},
		{name: "without a session", csrf: true, wantStatus: http.StatusNoContent},
		{name: "both sessions end, the portal user's audited", csrf: true, cookies: cookies, wantStatus: http.StatusNoContent,
			wantDeleted: []string{staffHash, portalHash}, wantAudits: 1},
		{name: "session=portal ends only the portal session", csrf: true, session: "portal", cookies: cookies,
			wantStatus: http.StatusNoContent, wantDeleted: []string{portalHash}, wantAudits: 1},
		{name: "an unknown session value", csrf: true, session: "all", cookies: cookies, wantStatus: http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{sessions: sessions}
			r := request("POST", "", tc.csrf)
			r.Cookies = tc.cookies
			if tc.session != "" {
				r.QueryStringParameters = map[string]string{"session": tc.session}
			}
			reply, err := newService(f, &fakeLoginStore{}, &fakeLinks{}).Logout(context.Background(), r)
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if !slices.Equal(f.deletedSessions, tc.wantDeleted) || len(f.audits) != tc.wantAudits {
				t.Errorf("deleted sessions %v, audited %d; want %v and %d", f.deletedSessions, len(f.audits), tc.wantDeleted, tc.wantAudits)
			}
			if tc.wantAudits > 0 && (f.audits[0].Action != audit.Logout || f.audits[0].Actor.Kind != store.ActorPortal) {
				t.Errorf("audit %+v, want the portal user's logout", f.audits[0])
			}
			if err == nil && len(reply.Cookies) != 2-strings.Count(tc.session, "portal") {
				t.Errorf("cookies %v, want only the ended sessions' cookies cleared", reply.Cookies)
			}
			if tc.session == "portal" && err == nil && strings.Contains(strings.Join(reply.Cookies, ";"), auth.StaffCookie) {
				t.Errorf("cookies %v: session=portal cleared the staff cookie", reply.Cookies)
			}
		})
	}
}

func mustSecret(t *testing.T) string {
	t.Helper()
	s, err := auth.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMe(t *testing.T) {
	p := staffguard.Principal{OrgID: orgID, UserID: userID, Role: store.RoleAdmin}
	f := &fakeStore{org: store.Org{ID: orgID, Name: "Acme"}, staff: []store.Staff{{OrgID: orgID, ID: userID, Name: "Ana"}}}
	reply, err := newService(f, &fakeLoginStore{}, &fakeLinks{}).Me(context.Background(), p, request("GET", "", false))
	if err != nil {
		t.Fatal(err)
	}
	if info := reply.Body.(SessionInfo); info.User.Name != "Ana" || info.Org.ID != orgID {
		t.Errorf("answer %+v, want the member and the organization", info)
	}
	p.UserID = "gone1234"
	_, err = newService(f, &fakeLoginStore{}, &fakeLinks{}).Me(context.Background(), p, request("GET", "", false))
	if got := status(t, nil, err); got != http.StatusNotFound || !strings.Contains(err.Error(), "user not found") {
		t.Errorf("a member who is gone: %d %v, want 404 user not found", got, err)
	}
}

func TestRequestReset(t *testing.T) {
	tests := []struct {
		name       string
		csrf       bool
		body       string
		wantStatus int
	}{
		{name: "without the CSRF header", body: `{"email":"ana@example.com"}`, wantStatus: http.StatusForbidden},
		{name: "no email", csrf: true, body: `{"email":"  "}`, wantStatus: http.StatusBadRequest},
		{name: "any address is accepted alike", csrf: true, body: `{"email":"Nobody@Example.com"}`, wantStatus: http.StatusAccepted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{}
			reply, err := newService(f, &fakeLoginStore{}, &fakeLinks{}).RequestReset(context.Background(), request("POST", tc.body, tc.csrf))
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if f.reads != 0 {
				t.Errorf("the request read %d accounts; it must not tell known addresses from unknown ones", f.reads)
			}
			if tc.wantStatus != http.StatusAccepted {
				if len(f.mailRequests) != 0 {
					t.Errorf("a refused request stored %+v", f.mailRequests)
				}
				return
			}
			if len(f.mailRequests) != 1 || f.mailRequests[0].Kind != store.MailStaffReset ||
				f.mailKeys[0] != (store.ThrottleKey{Kind: "reset", Hash: auth.HashSecret("nobody@example.com")}) {
				t.Errorf("stored %+v under %+v, want one staff reset counted by the normalized address", f.mailRequests, f.mailKeys)
			}
		})
	}
}

func TestMailReset(t *testing.T) {
	active, inactive := member(t, store.StaffActive), member(t, store.StaffInactive)
	tests := []struct {
		name        string
		staff       []store.Staff
		makeErr     error
		wantErr     bool
		wantMailed  int
		wantOutcome string // "" not finished
	}{
		{name: "an unknown address: nothing sent", wantOutcome: store.MailNone},
		{name: "a deactivated account: nothing sent", staff: []store.Staff{inactive}, wantOutcome: store.MailNone},
		{name: "an active account gets its link", staff: []store.Staff{active}, wantMailed: 1, wantOutcome: store.MailSent},
		{name: "a request carried out meanwhile", staff: []store.Staff{active}, makeErr: store.ErrNotFound},
		{name: "a failure leaves it to be tried again", staff: []store.Staff{active}, makeErr: errors.New("busy"), wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{staff: tc.staff}
			l := &fakeLinks{makeErr: tc.makeErr}
			err := newService(f, &fakeLoginStore{}, l).MailReset(context.Background(), store.MailRequest{ID: "req12345", Email: "ana@example.com"})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want an error: %v", err, tc.wantErr)
			}
			if len(l.mailed) != tc.wantMailed || f.finished["req12345"] != tc.wantOutcome {
				t.Errorf("mailed %d, finished %q; want %d and %q", len(l.mailed), f.finished["req12345"], tc.wantMailed, tc.wantOutcome)
			}
		})
	}
}

func TestReset(t *testing.T) {
	secret := mustSecret(t)
	hash := auth.HashSecret(secret)
	token := func(purpose string) map[string]store.ResetToken {
		return map[string]store.ResetToken{hash: {Hash: hash, OrgID: orgID, UserID: userID, Purpose: purpose, ExpiresAt: now.Add(time.Hour)}}
	}
	tests := []struct {
		name       string
		csrf       bool
		token      string
		body       string
		tokens     map[string]store.ResetToken
		staff      []store.Staff
		use        func(store.ResetToken, string) error
		wantStatus int
		wantReads  int
	}{
		{name: "without the CSRF header", token: secret, body: `{"password":"` + password + `"}`, tokens: token(store.PurposeReset),
			wantStatus: http.StatusForbidden},
		{name: "a token too long to be one", csrf: true, token: strings.Repeat("a", 101), body: `{"password":"` + password + `"}`,
			wantStatus: http.StatusGone},
		{name: "an unknown token", csrf: true, token: mustSecret(t), body: `{"password":"` + password + `"}`, tokens: token(store.PurposeReset),
			wantStatus: http.StatusGone, wantReads: 1},
		{name: "a token of another purpose", csrf: true, token: secret, body: `{"password":"` + password + `"}`, tokens: token("invite"),
			wantStatus: http.StatusGone, wantReads: 1},
		{name: "a deactivated member's link", csrf: true, token: secret, body: `{"password":"` + password + `"}`,
			tokens: token(store.PurposeReset), staff: []store.Staff{{OrgID: orgID, ID: userID, Status: store.StaffInactive}},
			wantStatus: http.StatusGone, wantReads: 2},
		{name: "a password the policy refuses", csrf: true, token: secret, body: `{"password":"short"}`,
			tokens: token(store.PurposeReset), staff: []store.Staff{{OrgID: orgID, ID: userID, Status: store.StaffActive}},
			wantStatus: http.StatusUnprocessableEntity, wantReads: 2},
		{name: "a link used meanwhile", csrf: true, token: secret, body: `{"password":"` + password + `"}`,
			tokens: token(store.PurposeReset), staff: []store.Staff{{OrgID: orgID, ID: userID, Status: store.StaffActive}},
			use: func(store.ResetToken, string) error { return store.ErrNotFound }, wantStatus: http.StatusGone, wantReads: 2},
		{name: "a first password set", csrf: true, token: secret, body: `{"password":"` + password + `"}`,
			tokens: token(store.PurposeSetup), staff: []store.Staff{{OrgID: orgID, ID: userID, Status: store.StaffActive}},
			wantStatus: http.StatusNoContent, wantReads: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{tokens: tc.tokens, staff: tc.staff, useToken: tc.use}
			r := request("POST", tc.body, tc.csrf)
			r.PathParameters = map[string]string{"token": tc.token}
			reply, err := newService(f, &fakeLoginStore{}, &fakeLinks{}).Reset(context.Background(), r)
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if f.reads != tc.wantReads {
				t.Errorf("%d reads, want %d", f.reads, tc.wantReads)
			}
			if tc.wantStatus != http.StatusNoContent {
				if len(f.usedTokens) != 0 {
					t.Errorf("a refused reset set a password")
				}
				return
			}
			if len(f.usedTokens) != 1 || !strings.HasPrefix(f.usedTokens[0], "$argon2id$") {
				t.Errorf("passwords set %v, want one Argon2id hash", f.usedTokens)
			}
		})
	}
}
