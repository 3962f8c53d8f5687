// Package staffauth serves the staff console's own routes: login, logout, who am I, password
// resets, personal API tokens and the organization's settings. It also authenticates staff
// requests (session cookie or API token) for every other staff route.
package staffauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// Staff sessions last auth.SessionIdle idle and auth.SessionAbsolute at most.
const (
	// ResetLifetime is how long a password reset link works; SetupLifetime a first-password link.
	ResetLifetime = time.Hour
	SetupLifetime = 72 * time.Hour
)

// Service holds what the staff routes share.
type Service struct {
	Store    *store.Store
	Mail     *mail.Sender
	Config   config.Config
	Throttle auth.Throttle
	// Sleep waits before answering a throttled login; tests replace it.
	Sleep func(context.Context, time.Duration)
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	return &Service{
		Store:    store.New(d.DynamoDB, d.Config.TableName, nil),
		Mail:     &mail.Sender{SES: d.SES, From: d.Config.SenderEmail, ConfigurationSet: d.Config.MailConfigurationSet},
		Config:   d.Config,
		Throttle: auth.DefaultThrottle,
		Sleep:    sleep,
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Principal is an authenticated staff member, with the role they have now: the member's
// current role for a session, the lower of the token's and the member's for an API token.
type Principal struct {
	OrgID  string
	UserID string
	Role   string
	// Name is the member's name as the request read it (for the audit log).
	Name string
	// SessionHash is set when the request came with a session cookie, TokenID with an API token.
	SessionHash string
	TokenID     string
}

// IsAdmin tells whether the principal may manage the portal and the organization's settings.
func (p Principal) IsAdmin() bool { return p.Role == store.RoleAdmin }

var errUnauthenticated = httpapi.Errorf(httpapi.Unauthenticated, "log in to the staff console first")

// Authenticate returns the staff principal of r: a Bearer API token, else the session cookie.
// It answers Unauthenticated for a missing, unknown or expired credential or a member who
// is no longer active, and Forbidden for a state-changing request with a session cookie but
// without the CSRF header or from another origin. Every request reads its member (strongly
// consistent): a deactivation or a change of role holds from the next request on, whatever
// the session or token recorded when it was made.
func (s *Service) Authenticate(ctx context.Context, r *httpapi.Request) (Principal, error) {
	if h := httpapi.Header(r, "Authorization"); h != "" {
		return s.authenticateToken(ctx, h)
	}
	raw, ok := auth.Cookie(r.Cookies, auth.StaffCookie)
	if !ok {
		return Principal{}, errUnauthenticated
	}
	org, secret, ok := auth.ParseSessionToken(raw)
	if !ok {
		return Principal{}, errUnauthenticated
	}
	hash := auth.HashSecret(secret)
	sess, err := s.Store.GetSession(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (sess.OrgID != org || sess.Kind != "staff")) {
		return Principal{}, errUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	if reason := auth.CheckStateChange(r.RequestContext.HTTP.Method, func(n string) string { return httpapi.Header(r, n) }, s.origins(ctx)); reason != "" {
		return Principal{}, httpapi.Errorf(httpapi.Forbidden, "%s", reason)
	}
	m, err := s.activeMember(ctx, sess.OrgID, sess.UserID)
	if err != nil {
		return Principal{}, err
	}
	now := s.Store.Now()
	if auth.NeedsTouch(now, sess.LastSeenAt) {
		idle := now.Add(auth.SessionIdle)
		if idle.After(sess.ExpiresAt) {
			idle = sess.ExpiresAt
		}
		if err := s.Store.TouchSession(ctx, hash, idle); err != nil {
			return Principal{}, err
		}
	}
	return Principal{OrgID: sess.OrgID, UserID: sess.UserID, Role: m.Role, Name: m.Name, SessionHash: hash}, nil
}

// activeMember reads the member a credential belongs to as it is now; a member who is gone
// or inactive is Unauthenticated, as an unknown credential is.
func (s *Service) activeMember(ctx context.Context, org, id string) (store.Staff, error) {
	m, err := s.Store.GetStaffConsistent(ctx, org, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.Status != store.StaffActive) {
		return store.Staff{}, errUnauthenticated
	}
	return m, err
}

func (s *Service) authenticateToken(ctx context.Context, header string) (Principal, error) {
	bearer, ok := auth.BearerToken(header)
	if !ok {
		return Principal{}, errUnauthenticated
	}
	org, id, secret, ok := auth.ParseAPIToken(bearer)
	if !ok {
		return Principal{}, errUnauthenticated
	}
	tok, err := s.Store.GetAPIToken(ctx, org, id)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, errUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	if subtle.ConstantTimeCompare([]byte(tok.SecretHash), []byte(auth.HashSecret(secret))) != 1 || tok.Expired(s.Store.Now()) {
		return Principal{}, errUnauthenticated
	}
	m, err := s.activeMember(ctx, tok.OrgID, tok.UserID)
	if err != nil {
		return Principal{}, err
	}
	if auth.NeedsTouch(s.Store.Now(), tok.LastUsedAt) {
		if err := s.Store.TouchAPIToken(ctx, org, id); err != nil {
			return Principal{}, err
		}
	}
	return Principal{OrgID: tok.OrgID, UserID: tok.UserID, Role: EffectiveRole(tok.Role, m.Role), Name: m.Name, TokenID: tok.ID}, nil
}

// origins are the browser origins allowed to change state with a cookie: the portal's
// (httpapi.PortalOrigin), none when it is not known.
func (s *Service) origins(ctx context.Context) []string {
	if o := s.PortalOrigin(ctx); o != "" {
		return []string{o}
	}
	return nil
}

// PortalOrigin is the portal's origin for the request in ctx (httpapi.PortalOrigin with this
// deployment's PORTAL_BASE_URL): what the CSRF check allows and what links start with.
func (s *Service) PortalOrigin(ctx context.Context) string {
	return httpapi.PortalOrigin(ctx, s.Config.PortalBaseURL)
}

// Actor is the principal in the audit log.
func (s *Service) Actor(ctx context.Context, p Principal) store.Actor {
	name := p.Name
	if name == "" {
		if u, err := s.Store.GetStaff(ctx, p.OrgID, p.UserID); err == nil {
			name = u.Name
		}
	}
	return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: name}
}

// RequireAdmin answers Forbidden unless p is an admin.
func RequireAdmin(p Principal) error {
	if !p.IsAdmin() {
		return httpapi.Errorf(httpapi.Forbidden, "only an admin may do this")
	}
	return nil
}

// Guard wraps a staff route: it authenticates, then calls h with the principal.
func (s *Service) Guard(h func(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
		p, err := s.Authenticate(ctx, r)
		if err != nil {
			return nil, err
		}
		return h(ctx, p, r)
	}
}

// storeError maps the store's errors to client errors; others stay internal.
func storeError(err error, what string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return httpapi.Errorf(httpapi.NotFound, "%s not found", what)
	case errors.Is(err, store.ErrVersion):
		return httpapi.Errorf(httpapi.PreconditionFailed, "%s changed since it was read; reload it", what)
	case errors.Is(err, store.ErrExists):
		return httpapi.Errorf(httpapi.Conflict, "%s already exists", what)
	}
	return err
}

func noContent() *httpapi.Reply { return &httpapi.Reply{Status: http.StatusNoContent} }

func trimmed(s string) string { return strings.TrimSpace(s) }
