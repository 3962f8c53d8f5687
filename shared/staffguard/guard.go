// Package staffguard says who is calling a staff route: it authenticates a request (the
// staff session cookie or a Bearer API token) into a Principal, applies the CSRF rule to
// state changes made with a cookie, and names the principal in the audit log. Every staff
// route package (staffauth, staffadmin, staffcrm, staffportal, ...) wraps its handlers with
// Guard.Guard; none of them builds another's service to get there.
package staffguard

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

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

// RequireAdmin answers Forbidden unless p is an admin.
func RequireAdmin(p Principal) error {
	if !p.IsAdmin() {
		return httpapi.Errorf(httpapi.Forbidden, "only an admin may do this")
	}
	return nil
}

// EffectiveRole is the role an API token acts with: the lower of the role it was made with
// and its member's role now. A demoted admin's token can no longer do admin things, and
// promoting the member again does not promote the tokens they made as a user.
func EffectiveRole(tokenRole, memberRole string) string {
	if tokenRole == store.RoleAdmin && memberRole == store.RoleAdmin {
		return store.RoleAdmin
	}
	return store.RoleUser
}

// guardStore is what the guard reads and touches: sessions, API tokens and members.
type guardStore interface {
	Now() time.Time
	GetSession(ctx context.Context, hash string) (store.Session, error)
	TouchSession(ctx context.Context, hash string, idleExpires time.Time) error
	GetAPIToken(ctx context.Context, org, id string) (store.APIToken, error)
	TouchAPIToken(ctx context.Context, org, id string) error
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
	GetStaffConsistent(ctx context.Context, org, id string) (store.Staff, error)
	Prefetch(ctx context.Context, keys ...store.ItemKey) (context.Context, error)
}

var _ guardStore = (*store.Store)(nil)

// Guard authenticates staff requests.
type Guard struct {
	store guardStore
	// portalBaseURL is this deployment's PORTAL_BASE_URL ("" when the request's own origin
	// stands for it).
	portalBaseURL string
}

// New builds the guard of a staff route package from its store and configuration.
func New(st *store.Store, cfg config.Config) *Guard {
	return &Guard{store: st, portalBaseURL: cfg.PortalBaseURL}
}

var errUnauthenticated = httpapi.Errorf(httpapi.Unauthenticated, "log in to the staff console first")

// Authenticate returns the staff principal of r: a Bearer API token, else the session cookie.
// It answers Unauthenticated for a missing, unknown or expired credential or a member who
// is no longer active, and Forbidden for a state-changing request with a session cookie but
// without the CSRF header or from another origin. Every request reads its member (strongly
// consistent): a deactivation or a change of role holds from the next request on, whatever
// the session or token recorded when it was made.
func (g *Guard) Authenticate(ctx context.Context, r *httpapi.Request) (Principal, error) {
	_, p, err := g.authenticate(ctx, r, 0)
	return p, err
}

// Reads names what a staff route reads besides the session, its member and, on a route with
// a {module}, the module's customization and the record {id} names: items fetched with the
// session in one BatchGetItem (Guard.GuardReading).
type Reads uint8

// ReadCustomizations is the customization of every standard module, or of ?module= alone when
// it names one: a route across modules (the search).
const ReadCustomizations Reads = 1

// prefetchKeys are the items a staff request reads as it starts: its session, its member (the
// cookie's hint), what reads names and, on a route with a {module}, the module's customization
// and the record {id} names, read in one BatchGetItem. Every read is still keyed from the session
// (store.Prefetch): a wrong hint costs a read, never a grant.
func prefetchKeys(org, hash string, h auth.SessionHints, r *httpapi.Request, reads Reads) []store.ItemKey {
	keys := []store.ItemKey{store.SessionKey(hash)}
	if h.UserID != "" {
		keys = append(keys, store.StaffKey(org, h.UserID))
	}
	if reads&ReadCustomizations != 0 {
		names := crm.StandardNames()
		if only := r.QueryStringParameters["module"]; crm.IsStandard(only) {
			names = []string{only}
		}
		for _, name := range names {
			keys = append(keys, store.CustomizationKey(org, name))
		}
	}
	module := r.PathParameters["module"]
	if _, ok := crm.StandardModule(module); !ok {
		return keys
	}
	keys = append(keys, store.CustomizationKey(org, module))
	if id := r.PathParameters["id"]; auth.ValidID(id) {
		keys = append(keys, store.RecordKey(org, module, id))
	}
	return keys
}

// authenticate is Authenticate that also reads ahead what the route will read
// (prefetchKeys) and returns the context those reads are answered from.
func (g *Guard) authenticate(ctx context.Context, r *httpapi.Request, reads Reads) (context.Context, Principal, error) {
	if h := httpapi.Header(r, "Authorization"); h != "" {
		p, err := g.authenticateToken(ctx, h)
		return ctx, p, err
	}
	raw, ok := auth.Cookie(r.Cookies, auth.StaffCookie)
	if !ok {
		return ctx, Principal{}, errUnauthenticated
	}
	org, secret, hints, ok := auth.ParseSessionTokenHints(raw)
	if !ok {
		return ctx, Principal{}, errUnauthenticated
	}
	hash := auth.HashSecret(secret)
	ctx, err := g.store.Prefetch(ctx, prefetchKeys(org, hash, hints, r, reads)...)
	if err != nil {
		return ctx, Principal{}, err
	}
	p, err := g.session(ctx, r, org, hash)
	return ctx, p, err
}

// session is the principal of the session at hash, which the cookie says is of org.
func (g *Guard) session(ctx context.Context, r *httpapi.Request, org, hash string) (Principal, error) {
	sess, err := g.store.GetSession(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (sess.OrgID != org || sess.Kind != "staff")) {
		return Principal{}, errUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	if err := g.CheckStateChange(ctx, r); err != nil {
		return Principal{}, err
	}
	m, err := g.activeMember(ctx, sess.OrgID, sess.UserID)
	if err != nil {
		return Principal{}, err
	}
	now := g.store.Now()
	if auth.NeedsTouch(now, sess.LastSeenAt) {
		idle := now.Add(auth.SessionIdle)
		if idle.After(sess.ExpiresAt) {
			idle = sess.ExpiresAt
		}
		if err := g.store.TouchSession(ctx, hash, idle); err != nil {
			return Principal{}, err
		}
	}
	return Principal{OrgID: sess.OrgID, UserID: sess.UserID, Role: m.Role, Name: m.Name, SessionHash: hash}, nil
}

// activeMember reads the member a credential belongs to as it is now; a member who is gone
// or inactive is Unauthenticated, as an unknown credential is.
func (g *Guard) activeMember(ctx context.Context, org, id string) (store.Staff, error) {
	m, err := g.store.GetStaffConsistent(ctx, org, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.Status != store.StaffActive) {
		return store.Staff{}, errUnauthenticated
	}
	return m, err
}

func (g *Guard) authenticateToken(ctx context.Context, header string) (Principal, error) {
	bearer, ok := auth.BearerToken(header)
	if !ok {
		return Principal{}, errUnauthenticated
	}
	org, id, secret, ok := auth.ParseAPIToken(bearer)
	if !ok {
		return Principal{}, errUnauthenticated
	}
	tok, err := g.store.GetAPIToken(ctx, org, id)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, errUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	if subtle.ConstantTimeCompare([]byte(tok.SecretHash), []byte(auth.HashSecret(secret))) != 1 || tok.Expired(g.store.Now()) {
		return Principal{}, errUnauthenticated
	}
	m, err := g.activeMember(ctx, tok.OrgID, tok.UserID)
	if err != nil {
		return Principal{}, err
	}
	if auth.NeedsTouch(g.store.Now(), tok.LastUsedAt) {
		if err := g.store.TouchAPIToken(ctx, org, id); err != nil {
			return Principal{}, err
		}
	}
	return Principal{OrgID: tok.OrgID, UserID: tok.UserID, Role: EffectiveRole(tok.Role, m.Role), Name: m.Name, TokenID: tok.ID}, nil
}

// CheckStateChange is the CSRF rule of a state-changing request (auth.CheckStateChange: the
// X-Requested-With header and an Origin of the portal's): Forbidden when r breaks it. Guard
// applies it to cookie sessions; the routes that change state without a session (login,
// logout, password resets) call it themselves.
func (g *Guard) CheckStateChange(ctx context.Context, r *httpapi.Request) error {
	if reason := auth.CheckStateChange(r.RequestContext.HTTP.Method, func(n string) string { return httpapi.Header(r, n) }, g.origins(ctx)); reason != "" {
		return httpapi.Errorf(httpapi.Forbidden, "%s", reason)
	}
	return nil
}

// origins are the browser origins allowed to change state with a cookie: the portal's
// (httpapi.PortalOrigin), none when it is not known.
func (g *Guard) origins(ctx context.Context) []string {
	if o := g.PortalOrigin(ctx); o != "" {
		return []string{o}
	}
	return nil
}

// PortalOrigin is the portal's origin for the request in ctx (httpapi.PortalOrigin with this
// deployment's PORTAL_BASE_URL): what the CSRF check allows and what links start with.
func (g *Guard) PortalOrigin(ctx context.Context) string {
	return httpapi.PortalOrigin(ctx, g.portalBaseURL)
}

// Actor is the principal in the audit log. A principal without a name (one made outside a
// request) is named from its member record, best effort: the entry is written either way.
func (g *Guard) Actor(ctx context.Context, p Principal) store.Actor {
	name := p.Name
	if name == "" {
		if u, err := g.store.GetStaff(ctx, p.OrgID, p.UserID); err == nil {
			name = u.Name
		}
	}
	return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: name}
}

// Guard wraps a staff route: it authenticates, then calls h with the principal. The session,
// the member and, on a route with a {module}, the module's customization and the record {id}
// names come in one BatchGetItem; h's reads of them cost no round trip.
func (g *Guard) Guard(h func(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return g.GuardReading(0, h)
}

// GuardReading is Guard for a route that also reads the items reads names: they come in the
// same BatchGetItem.
func (g *Guard) GuardReading(reads Reads, h func(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
		ctx, p, err := g.authenticate(ctx, r, reads)
		if err != nil {
			return nil, err
		}
		return h(ctx, p, r)
	}
}
