package staffauth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

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

// Login checks an email and password. It needs the CSRF header like every state change (a
// forged cross-site login would sign the victim's browser in to the attacker's account).
// Unknown emails, wrong passwords and deactivated accounts get the same 401 after the same
// storage calls and the same Argon2id work; attempts are throttled by VerifyLogin. Success
// starts a session (a new token every login) in a __Host- cookie.
func (s *Service) Login(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.guard().CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in credentials
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Email) == "" || in.Password == "" || len(in.Email) > 254 || len(in.Password) > 4096 {
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "email and password are required",
			Fields: []httpapi.FieldError{{Field: "email", Message: "is required"}, {Field: "password", Message: "is required"}}}
	}
	var user store.Staff
	ok, rehash, err := s.VerifyLogin(ctx, r, "staff "+store.NormalizeEmail(in.Email), in.Password, func() (string, bool, error) {
		var err error
		user, err = s.Store.StaffForLogin(ctx, in.Email)
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
		CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(auth.SessionIdle), ExpiresAt: now.Add(auth.SessionAbsolute)}
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
	reply.Cookies = []string{auth.SetCookie(auth.StaffCookie, auth.FormatSessionToken(user.OrgID, secret), auth.SessionAbsolute)}
	return reply, nil
}

// VerifyLogin checks password for a login to account (a name unique among all logins:
// "staff" or "portal <org>", and the normalized email) from the request's client address,
// throttled by s.Throttle (auth.Throttle says the policy). lookup finds the account: its
// password hash, whether it may log in, or store.ErrNotFound.
//
// The steps are the same for known and unknown emails, so that neither their answers nor
// their storage calls nor their hash work tell them apart: lookup first (the counters are
// keyed by the account's password, so that a new password starts them afresh; an unknown
// email, or an account without a password, has the constant generation ""); then one
// BatchGetItem of the attempt's counters and known-address marker; then, when a limit is
// reached, a 429 error with Retry-After and nothing else (no hash, nothing counted);
// otherwise the delay s.Sleep waits, one Argon2id verification (of the account's hash, or of
// a fixed hash for unknown emails, accounts without a password), and for a failure (ok
// false) one ADD on each counter. A success marks the address known to the account (a put,
// at most once a day per account and address). rehash tells that the hash was made with
// older parameters.
func (s *Service) VerifyLogin(ctx context.Context, r *httpapi.Request, account, password string, lookup func() (hash string, active bool, err error)) (ok, rehash bool, err error) {
	hash, active, err := lookup()
	found := err == nil && hash != ""
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, false, err
	}
	generation := ""
	if found {
		generation = auth.HashSecret(hash)
	}
	keys := store.NewLoginKeys(account, generation, auth.ThrottleAddress(httpapi.ClientIP(*r)))
	now := s.Store.Now()
	window := s.Throttle.WindowStart(now)
	counts, err := s.Store.LoginState(ctx, window, keys)
	if err != nil {
		return false, false, err
	}
	ruling := s.Throttle.Decide(now, auth.LoginFailures{Pair: counts.Pair, Account: counts.Account, Address: counts.Address,
		Known: !counts.KnownUntil.IsZero()})
	if ruling.Refused != auth.NotRefused {
		return false, false, &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: ceilSeconds(ruling.RetryAfter),
			Detail: refusalDetail[ruling.Refused], Extra: map[string]string{"limit": refusalLimit[ruling.Refused]}}
	}
	if ruling.Delay > 0 {
		s.Sleep(ctx, ruling.Delay)
	}
	if found {
		ok, rehash, err = auth.VerifyPassword(hash, password)
		if err != nil {
			return false, false, err
		}
		ok = ok && active
	} else {
		auth.EqualizeTiming(password)
	}
	if !ok {
		if err := s.Store.CountLoginFailure(ctx, window, window.Add(s.Throttle.Window), keys); err != nil {
			return false, false, err
		}
		return false, false, nil
	}
	// The marker is written again once a day at most: a login that finds it fresh adds no write.
	if s.Throttle.KnownFor > 0 && counts.KnownUntil.Before(now.Add(s.Throttle.KnownFor-24*time.Hour)) {
		if err := s.Store.RememberAddress(ctx, keys, now.Add(s.Throttle.KnownFor)); err != nil {
			return false, false, err
		}
	}
	return true, rehash, nil
}

// refusalDetail is the 429's text for each limit. Each says only what is true for it: a new
// password lifts the pair's refusal (its counter is keyed by the password); nothing but time
// or another address lifts the address's.
var refusalDetail = map[auth.Refusal]string{
	auth.PairRefused:    "too many failed logins to this account from your network; try again later, or reset your password, which lifts this at once",
	auth.AddressRefused: "too many failed logins from your network; try again later, or from a network you have logged in from before",
}

// refusalLimit names the limit of a 429 for clients (the problem's "limit" member): "account"
// when a password reset lifts it, "network" when only time or another network does.
var refusalLimit = map[auth.Refusal]string{auth.PairRefused: "account", auth.AddressRefused: "network"}

// ceilSeconds is d in whole seconds, rounded up (a Retry-After never says to come back early).
func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// Logout ends the request's sessions (staff and portal cookies) and clears the cookies. It
// needs the CSRF header like every state change, and answers 204 even without a session.
func (s *Service) Logout(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.guard().CheckStateChange(ctx, r); err != nil {
		return nil, err
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
		return nil, named(err, "user")
	}
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, named(err, "organization")
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
