package staff

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
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

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

var errBadCredentials = httpapi.Errorf(httpapi.Unauthenticated, "the email or the password is wrong")

// Login checks an email and password. Unknown emails, wrong passwords and deactivated
// accounts get the same 401 after the same work (one Argon2id verification); failures are
// counted per account and per IP, growing delays follow the free attempts and a 429 with
// Retry-After the limit. Success starts a session (a new token every login) in a __Host-
// cookie.
func (s *Service) Login(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	var in credentials
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if trimmed(in.Email) == "" || in.Password == "" || len(in.Email) > 254 || len(in.Password) > 4096 {
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "email and password are required",
			Fields: []httpapi.FieldError{{Field: "email", Message: "is required"}, {Field: "password", Message: "is required"}}}
	}
	keys := []store.ThrottleKey{
		{Kind: "acct", Hash: auth.HashSecret(store.NormalizeEmail(in.Email))},
		{Kind: "ip", Hash: auth.HashSecret(httpapi.ClientIP(*r))},
	}
	var user store.Staff
	ok, rehash, err := s.VerifyLogin(ctx, keys, in.Password, func() (string, bool, error) {
		var err error
		user, err = s.Store.StaffByEmail(ctx, in.Email)
		return user.PasswordHash, user.Status == "active", err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadCredentials
	}
	current := user.PasswordHash
	if rehash {
		if h, err := auth.HashPassword(in.Password); err == nil && s.Store.RehashPassword(ctx, user.OrgID, user.ID, user.PasswordHash, h) == nil {
			current = h
		}
	}
	now := s.Store.Now()
	org, err := s.Store.GetOrg(ctx, user.OrgID)
	if err != nil {
		return nil, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return nil, err
	}
	sess := store.Session{Hash: auth.HashSecret(secret), OrgID: user.OrgID, UserID: user.ID, Kind: "staff", Role: user.Role,
		CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(IdleTimeout), ExpiresAt: now.Add(AbsoluteTimeout)}
	// The session is conditioned on the password verified: a reset that commits meanwhile
	// fails the login rather than leaving a session of the old password behind.
	if err := s.Store.CreateSession(ctx, sess, s.Store.StaffSessionGuard(user.OrgID, user.ID, current)); errors.Is(err, store.ErrUserChanged) {
		return nil, errBadCredentials
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
	reply.Cookies = []string{auth.SetCookie(auth.StaffCookie, auth.FormatSessionToken(user.OrgID, secret), AbsoluteTimeout)}
	return reply, nil
}

// VerifyLogin checks password against the account lookup finds (its password hash, whether
// it is active, or store.ErrNotFound), throttled by keys (the account's and the client
// address's failure counters): at the limit it answers a 429 error without checking; past
// the free attempts it waits a growing delay first. Unknown accounts, accounts without a
// password and inactive ones cost the same one Argon2id verification as a wrong password
// and answer ok false like it; every false counts a failure on each key. rehash tells that
// the hash was made with older parameters.
func (s *Service) VerifyLogin(ctx context.Context, keys []store.ThrottleKey, password string, lookup func() (hash string, active bool, err error)) (ok, rehash bool, err error) {
	now := s.Store.Now()
	window := s.Throttle.WindowStart(now)
	counts, err := s.Store.Failures(ctx, window, keys...)
	if err != nil {
		return false, false, err
	}
	allowed, delay, retry := s.Throttle.Decide(now, counts[0], counts[len(counts)-1])
	if !allowed {
		return false, false, &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: int(retry.Seconds()) + 1,
			Detail: "too many failed logins; try again later or reset your password"}
	}
	if delay > 0 {
		s.Sleep(ctx, delay)
	}
	hash, active, err := lookup()
	switch {
	case errors.Is(err, store.ErrNotFound), err == nil && hash == "":
		auth.EqualizeTiming(password)
	case err != nil:
		return false, false, err
	default:
		ok, rehash, err = auth.VerifyPassword(hash, password)
		if err != nil {
			return false, false, err
		}
		ok = ok && active
	}
	if !ok {
		if err := s.Store.AddFailure(ctx, window, window.Add(s.Throttle.Window), keys...); err != nil {
			return false, false, err
		}
		return false, false, nil
	}
	return true, rehash, nil
}

// Logout ends the request's sessions (staff and portal cookies) and clears the cookies. It
// needs the CSRF header like every state change, and answers 204 even without a session.
func (s *Service) Logout(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if reason := auth.CheckStateChange(r.RequestContext.HTTP.Method, func(n string) string { return httpapi.Header(r, n) }, s.origins()); reason != "" {
		return nil, httpapi.Errorf(httpapi.Forbidden, "%s", reason)
	}
	for _, name := range []string{auth.StaffCookie, auth.PortalCookie} {
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
	reply.Cookies = []string{auth.ClearCookie(auth.StaffCookie), auth.ClearCookie(auth.PortalCookie)}
	return reply, nil
}

// Me answers the logged-in staff member and the organization.
func (s *Service) Me(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	user, err := s.Store.GetStaff(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, storeError(err, "user")
	}
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, storeError(err, "organization")
	}
	return httpapi.JSON(http.StatusOK, SessionInfo{User: user, Org: OrgSummary{ID: org.ID, Name: org.Name}}), nil
}

// LoginFunction is the handler of POST /api/admin/login.
func LoginFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).Login) }

// LogoutFunction is the handler of POST /api/logout.
func LogoutFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).Logout) }

// MeFunction is the handler of GET /api/admin/me.
func MeFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard(s.Me))
}
