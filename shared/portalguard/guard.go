// Package portalguard says who is calling a portal user's route and what they may reach: it
// authenticates a request (the __Host-portal session cookie, its user type read fresh on every
// request, so an admin's change applies to the next request) into a Principal, applies the
// CSRF rule to state changes and keeps a preview read-only, and resolves the record a route
// names into a Scope (the tab, the module, who the user is for scopes, the record), answering
// 404 for anything out of scope exactly as for a missing record. The portal user's route
// packages (portalapi, notes, attachments) wrap their handlers with Guard.Guard.
package portalguard

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/store"
)

// Principal is an authenticated portal user (or a staff admin's preview).
type Principal struct {
	OrgID       string
	UserID      string
	RecordID    string // the user's own Contact or Lead record; empty in a preview without one
	Preview     bool
	Name        string // the user's name, as the session remembers it
	SessionHash string
	UserType    store.UserType
}

// Actor is the principal in the audit log: a preview acts as the staff member behind it.
func (p Principal) Actor() store.Actor {
	if p.Preview {
		return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: p.Name}
	}
	return store.Actor{Kind: store.ActorPortal, ID: p.UserID, Name: p.Name}
}

// guardStore is what the guard reads: sessions (touched as they are used), user types and
// the records a scope is decided on.
type guardStore interface {
	Now() time.Time
	GetSession(ctx context.Context, hash string) (store.Session, error)
	TouchSession(ctx context.Context, hash string, idleExpires time.Time) error
	GetUserType(ctx context.Context, org, id string) (store.UserType, error)
	GetRecord(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	Prefetch(ctx context.Context, keys ...store.ItemKey) (context.Context, error)
}

var _ guardStore = (*store.Store)(nil)

// catalog is the modules as the organization sees them.
type catalog interface {
	Module(ctx context.Context, org, name string) (crm.Module, int, error)
	Modules(ctx context.Context, org string, names []string) (map[string]crm.Module, error)
}

var _ catalog = (*modules.Catalog)(nil)

// Guard authenticates portal users' requests and decides their scope.
type Guard struct {
	store   guardStore
	modules catalog
	// portalBaseURL is this deployment's PORTAL_BASE_URL ("" when the request's own origin
	// stands for it).
	portalBaseURL string
}

// New builds the guard of a portal route package from its store and configuration.
func New(st *store.Store, cfg config.Config) *Guard {
	return &Guard{store: st, modules: modules.New(st), portalBaseURL: cfg.PortalBaseURL}
}

// NewWith builds a guard over any storage and module catalog (tests give fakes).
func NewWith(st guardStore, mods catalog, portalBaseURL string) *Guard {
	return &Guard{store: st, modules: mods, portalBaseURL: portalBaseURL}
}

// ErrNoSession is the answer to a request without a valid portal session.
var ErrNoSession = httpapi.Errorf(httpapi.Unauthenticated, "log in to the portal first")

// Reads names what a route reads besides the session, its user type and, on a route with a
// {module}, the module's customization, the user's own record and the record {id} names:
// items fetched with the session in one BatchGetItem (Guard.GuardReading).
type Reads uint8

const (
	// ReadUser is the portal user's item.
	ReadUser Reads = 1 << iota
	// ReadOrg is the organization's item.
	ReadOrg
	// ReadPortal is the portal's item.
	ReadPortal
	// ReadOrgOnInvoices is the organization's item on a route whose {module} is Invoices
	// (the record view's payment link), and nothing on the other modules.
	ReadOrgOnInvoices
	// ReadTabs is the customization of every standard module and the user's own record (for
	// the tabs' scopes): a route across the user's tabs (the search), whose tabs are known
	// only once the user type is read.
	ReadTabs
)

// Authenticate returns the portal principal of r from the __Host-portal cookie. Unknown,
// expired or staff sessions are Unauthenticated; a state change without the CSRF header or
// from another origin is Forbidden, and so is any state change in a preview.
func (g *Guard) Authenticate(ctx context.Context, r *httpapi.Request) (Principal, error) {
	_, p, err := g.authenticate(ctx, r, 0)
	return p, err
}

// prefetchKeys are the items a request reads as it starts, named by its cookie's hints and
// its path, so that one BatchGetItem brings them with the session. The hints only choose what
// is read ahead: every read is still keyed from the session (store.Prefetch), so a wrong hint
// costs a read of its own, never another user's data.
func prefetchKeys(org, hash string, h auth.SessionHints, r *httpapi.Request, reads Reads) []store.ItemKey {
	keys := []store.ItemKey{store.SessionKey(hash)}
	if h.UserTypeID != "" {
		keys = append(keys, store.UserTypeKey(org, h.UserTypeID))
	}
	if reads&ReadUser != 0 && h.UserID != "" {
		keys = append(keys, store.PortalUserKey(org, h.UserID))
	}
	if reads&ReadOrg != 0 {
		keys = append(keys, store.OrgKey(org))
	}
	if reads&ReadPortal != 0 {
		keys = append(keys, store.PortalKey(org))
	}
	if reads&ReadTabs != 0 {
		for _, name := range crm.StandardNames() {
			keys = append(keys, store.CustomizationKey(org, name))
		}
		if h.RecordModule != "" && h.RecordID != "" {
			keys = append(keys, store.RecordKey(org, h.RecordModule, h.RecordID))
		}
	}
	module := r.PathParameters["module"]
	if _, ok := crm.StandardModule(module); !ok {
		return keys
	}
	keys = append(keys, store.CustomizationKey(org, module))
	if reads&ReadOrgOnInvoices != 0 && module == crm.Invoices && reads&ReadOrg == 0 {
		keys = append(keys, store.OrgKey(org))
	}
	if h.RecordModule != "" && h.RecordID != "" {
		keys = append(keys, store.RecordKey(org, h.RecordModule, h.RecordID))
	}
	if id := r.PathParameters["id"]; auth.ValidID(id) {
		keys = append(keys, store.RecordKey(org, module, id))
	}
	return keys
}

// authenticate is Authenticate that also reads ahead what the route will read (prefetchKeys)
// and returns the context those reads are answered from.
func (g *Guard) authenticate(ctx context.Context, r *httpapi.Request, reads Reads) (context.Context, Principal, error) {
	raw, ok := auth.Cookie(r.Cookies, auth.PortalCookie)
	if !ok {
		return ctx, Principal{}, ErrNoSession
	}
	org, secret, hints, ok := auth.ParseSessionTokenHints(raw)
	if !ok || !customdomain.Serves(ctx, org) {
		// Under a custom domain only its organization's sessions count (cookies are
		// host-only, so another's reaches it only if a client forged the host).
		return ctx, Principal{}, ErrNoSession
	}
	hash := auth.HashSecret(secret)
	ctx, err := g.store.Prefetch(ctx, prefetchKeys(org, hash, hints, r, reads)...)
	if err != nil {
		return ctx, Principal{}, err
	}
	sess, err := g.store.GetSession(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (sess.OrgID != org || sess.Kind != "portal")) {
		return ctx, Principal{}, ErrNoSession
	}
	if err != nil {
		return ctx, Principal{}, err
	}
	method := r.RequestContext.HTTP.Method
	if method != http.MethodGet && method != http.MethodHead {
		if err := g.CheckStateChange(ctx, r); err != nil {
			return ctx, Principal{}, err
		}
		if sess.Preview {
			return ctx, Principal{}, httpapi.Errorf(httpapi.Forbidden, "a preview is read-only")
		}
	}
	if now := g.store.Now(); !sess.Preview && auth.NeedsTouch(now, sess.LastSeenAt) {
		idle := now.Add(auth.SessionIdle)
		if idle.After(sess.ExpiresAt) {
			idle = sess.ExpiresAt
		}
		if err := g.store.TouchSession(ctx, hash, idle); err != nil {
			return ctx, Principal{}, err
		}
	}
	ut, err := g.store.GetUserType(ctx, sess.OrgID, sess.UserTypeID)
	if errors.Is(err, store.ErrNotFound) {
		return ctx, Principal{}, ErrNoSession // the type was deleted: the session ends with it
	}
	if err != nil {
		return ctx, Principal{}, err
	}
	return ctx, Principal{OrgID: sess.OrgID, UserID: sess.UserID, RecordID: sess.RecordID, Preview: sess.Preview,
		Name: sess.UserName, SessionHash: hash, UserType: ut}, nil
}

// CheckStateChange refuses (Forbidden) a state change without the CSRF header or from
// another origin than the portal's: every portal route's rule, and on its own the rule of the
// anonymous ones (login, invitation, reset), against login CSRF.
func (g *Guard) CheckStateChange(ctx context.Context, r *httpapi.Request) error {
	var origins []string
	if o := g.PortalOrigin(ctx); o != "" {
		origins = []string{o}
	}
	if reason := auth.CheckStateChange(r.RequestContext.HTTP.Method, func(n string) string { return httpapi.Header(r, n) }, origins); reason != "" {
		return httpapi.Errorf(httpapi.Forbidden, "%s", reason)
	}
	return nil
}

// PortalOrigin is the portal's origin for the request in ctx (httpapi.PortalOrigin with this
// deployment's PORTAL_BASE_URL): what the CSRF check allows and what links start with.
func (g *Guard) PortalOrigin(ctx context.Context) string {
	return httpapi.PortalOrigin(ctx, g.portalBaseURL)
}

// Guard wraps a portal route: it authenticates, then calls h with the principal. The
// session, the user type and, on a route with a {module}, the module's customization, the
// user's own record and the record {id} names come in one BatchGetItem; h's reads of them
// cost no round trip.
func (g *Guard) Guard(h func(context.Context, Principal, *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return g.GuardReading(0, h)
}

// GuardReading is Guard for a route that also reads the items reads names: they come in the
// same BatchGetItem.
func (g *Guard) GuardReading(reads Reads, h func(context.Context, Principal, *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
		ctx, p, err := g.authenticate(ctx, r, reads)
		if err != nil {
			return nil, err
		}
		return h(ctx, p, r)
	}
}
