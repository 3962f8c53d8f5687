package staffauth

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// OrgSummary names the organization of a staff session.
type OrgSummary struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// SessionInfo is the answer of login and of GET /api/admin/me.
type SessionInfo struct {
	User store.Staff `json:"user"`
	Org  OrgSummary  `json:"org"`
}

// Login checks an email and password. It needs the CSRF header like every state change (a
// forged cross-site login would sign the victim's browser in to the attacker's account).
// Unknown emails, wrong passwords and deactivated accounts get the same 401 after the same
// storage calls and the same Argon2id work; attempts are throttled by VerifyLogin. Success
// starts a session (a new token every login) in a __Host- cookie.
func (s *Service) Login(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	in, err := logins.DecodeCredentials(r)
	if err != nil {
		return nil, err
	}
	var user store.Staff
	ok, rehash, err := s.Logins.VerifyLogin(ctx, r, "staff "+store.NormalizeEmail(in.Email), in.Password, func() (string, bool, error) {
		var err error
		user, err = s.Store.StaffForLogin(ctx, in.Email)
		return user.PasswordHash, user.Status == "active", err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, logins.ErrBadCredentials
	}
	current := user.PasswordHash
	if rehash {
		if h, err := auth.HashPassword(in.Password); err == nil && s.Store.RehashPassword(ctx, user.OrgID, user.ID, user.PasswordHash, h) == nil {
			current = h
		}
	}
	org, err := s.Store.GetOrg(ctx, user.OrgID)
	if err != nil {
		return nil, err
	}
	// A second factor due answers 202 with a pending login instead of the session.
	user.PasswordHash = current
	if reply, err := s.beginSecondFactor(ctx, user, org); err != nil || reply != nil {
		return reply, err
	}
	return s.startSession(ctx, r, user, org, current)
}

// startSession starts a staff session for user (of org), conditioned on the password hash
// current being still theirs, and answers who they are with the session cookie.
func (s *Service) startSession(ctx context.Context, r *httpapi.Request, user store.Staff, org store.Org, current string) (*httpapi.Reply, error) {
	now := s.Store.Now()
	secret, err := auth.NewSecret()
	if err != nil {
		return nil, err
	}
	sess := store.Session{Hash: auth.HashSecret(secret), OrgID: user.OrgID, UserID: user.ID, Kind: "staff", Role: user.Role,
		CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(auth.SessionIdle), ExpiresAt: now.Add(auth.SessionAbsolute)}
	// The session is conditioned on the password verified: a reset that commits meanwhile
	// fails the login rather than leaving a session of the old password behind.
	if err := s.Store.CreateSession(ctx, sess, s.Store.StaffSessionGuard(user.OrgID, user.ID, current)); errors.Is(err, store.ErrUserChanged) {
		return nil, logins.ErrBadCredentials
	} else if err != nil {
		return nil, err
	}
	// A session cookie still present from an earlier login is replaced, and its session ended.
	if old, ok := auth.Cookie(r.Cookies, auth.StaffCookie); ok {
		if _, oldSecret, ok := auth.ParseSessionToken(old); ok {
			_ = s.Store.DeleteSession(ctx, auth.HashSecret(oldSecret))
		}
	}
	reply := httpapi.JSON(http.StatusOK, SessionInfo{User: user, Org: OrgSummary{ID: org.ID, Name: org.Name}})
	// The cookie names the member every request of the session reads (staffguard reads it
	// with the session in one BatchGetItem).
	token := auth.FormatSessionTokenWith(user.OrgID, secret, auth.SessionHints{UserID: user.ID})
	reply.Cookies = []string{auth.SetCookie(auth.StaffCookie, token, auth.SessionAbsolute)}
	return reply, nil
}

// logoutCookies are the session cookies POST /api/logout ends, by its "session" query value:
// none ends both; "portal" ends only the portal session, so that signing out of the portal
// (or out of a staff preview, which lives in the portal cookie) leaves the console signed in.
var logoutCookies = map[string][]string{
	"":       {auth.StaffCookie, auth.PortalCookie},
	"portal": {auth.PortalCookie},
}

// Logout ends the request's sessions (staff and portal cookies, or only the portal one with
// ?session=portal) and clears those cookies. It needs the CSRF header like every state change,
// and answers 204 even without a session.
func (s *Service) Logout(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	names, ok := logoutCookies[r.QueryStringParameters["session"]]
	if !ok {
		return nil, httpapi.InvalidQuery(httpapi.FieldError{Field: "session", Message: "must be portal or absent"})
	}
	for _, name := range names {
		if raw, ok := auth.Cookie(r.Cookies, name); ok {
			if _, secret, ok := auth.ParseSessionToken(raw); ok {
				hash := auth.HashSecret(secret)
				sess, err := s.Store.GetSession(ctx, hash)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return nil, err
				}
				if err := s.Store.DeleteSession(ctx, hash); err != nil {
					return nil, err
				}
				if err == nil && sess.Kind == "portal" && !sess.Preview {
					audit.Record(ctx, s.Store, r, audit.Entry{OrgID: sess.OrgID, Action: audit.Logout,
						Actor: store.Actor{Kind: store.ActorPortal, ID: sess.UserID, Name: sess.UserName}})
				}
			}
		}
	}
	reply := noContent()
	for _, name := range names {
		reply.Cookies = append(reply.Cookies, auth.ClearCookie(name))
	}
	return reply, nil
}

// Me answers the logged-in staff member and the organization.
func (s *Service) Me(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	user, err := s.Store.GetStaff(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, named(err, "user")
	}
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, named(err, "organization")
	}
	return httpapi.JSON(http.StatusOK, SessionInfo{User: user, Org: OrgSummary{ID: org.ID, Name: org.Name}}), nil
}

// LoginFunction is the handler of POST /api/admin/login.
func LoginFunction(d platform.Deps, flows FactorFlows) httpapi.LambdaFunc {
	return d.Adapt(withFactors(New(d), flows).Login)
}

// LogoutFunction is the handler of POST /api/logout.
func LogoutFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).Logout) }

// MeFunction is the handler of GET /api/admin/me, of GET and PUT /api/admin/me/preferences
// and of GET and POST /api/admin/me/mfa (one function for the member's own routes: the route
// picks the handler).
func MeFunction(d platform.Deps, flows FactorFlows) httpapi.LambdaFunc {
	s := withFactors(New(d), flows)
	me, get, put := s.Guard.Guard(s.Me), s.Guard.Guard(s.Preferences), s.Guard.Guard(s.SetPreferences)
	getMFA, postMFA := s.Guard.Guard(s.MyMFA), s.Guard.Guard(s.ChangeMyMFA)
	return d.Adapt(func(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
		switch r.RouteKey {
		case "GET /api/admin/me/preferences":
			return get(ctx, r)
		case "PUT /api/admin/me/preferences":
			return put(ctx, r)
		case "GET /api/admin/me/mfa":
			return getMFA(ctx, r)
		case "POST /api/admin/me/mfa":
			return postMFA(ctx, r)
		}
		return me(ctx, r)
	})
}
