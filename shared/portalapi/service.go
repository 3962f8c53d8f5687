// Package portalapi is the portal user's side: who the request's portal user is (the
// session, its user type read fresh on every request, so an admin's change applies to the
// next request), the tabs they may open, and the staff admin's read-only preview, which is a
// portal session like any other and goes through exactly the same code.
package portalapi

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
	"crmportal/shared/staffcrm"
	"crmportal/shared/staffportal"
	"crmportal/shared/store"
)

// Service holds what the portal user's routes share.
type Service struct {
	Staff   *staffauth.Service
	Records *staffcrm.Service
	Store   *store.Store
	Portal  *staffportal.Service
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	r := staffcrm.New(d)
	return &Service{Staff: r.Staff, Records: r, Store: r.Store, Portal: staffportal.New(d)}
}

// Principal is an authenticated portal user (or a preview).
type Principal struct {
	OrgID       string
	UserID      string
	RecordID    string // the user's own Contact or Lead record; empty in a preview without one
	Preview     bool
	Name        string // the user's name, as the session remembers it
	SessionHash string
	UserType    store.UserType
}

var errNoSession = httpapi.Errorf(httpapi.Unauthenticated, "log in to the portal first")

// Authenticate returns the portal principal of r from the __Host-portal cookie. Unknown,
// expired or staff sessions are Unauthenticated; a state change without the CSRF header or
// from another origin is Forbidden, and so is any state change in a preview.
func (s *Service) Authenticate(ctx context.Context, r *httpapi.Request) (Principal, error) {
	raw, ok := auth.Cookie(r.Cookies, auth.PortalCookie)
	if !ok {
		return Principal{}, errNoSession
	}
	org, secret, ok := auth.ParseSessionToken(raw)
	if !ok {
		return Principal{}, errNoSession
	}
	hash := auth.HashSecret(secret)
	sess, err := s.Store.GetSession(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (sess.OrgID != org || sess.Kind != "portal")) {
		return Principal{}, errNoSession
	}
	if err != nil {
		return Principal{}, err
	}
	method := r.RequestContext.HTTP.Method
	if method != http.MethodGet && method != http.MethodHead {
		if reason := auth.CheckStateChange(method, func(n string) string { return httpapi.Header(r, n) }, s.origins(ctx)); reason != "" {
			return Principal{}, httpapi.Errorf(httpapi.Forbidden, "%s", reason)
		}
		if sess.Preview {
			return Principal{}, httpapi.Errorf(httpapi.Forbidden, "a preview is read-only")
		}
	}
	if now := s.Store.Now(); !sess.Preview && auth.NeedsTouch(now, sess.LastSeenAt) {
		idle := now.Add(auth.SessionIdle)
		if idle.After(sess.ExpiresAt) {
			idle = sess.ExpiresAt
		}
		if err := s.Store.TouchSession(ctx, hash, idle); err != nil {
			return Principal{}, err
		}
	}
	ut, err := s.Store.GetUserType(ctx, sess.OrgID, sess.UserTypeID)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, errNoSession // the type was deleted: the session ends with it
	}
	if err != nil {
		return Principal{}, err
	}
	return Principal{OrgID: sess.OrgID, UserID: sess.UserID, RecordID: sess.RecordID, Preview: sess.Preview,
		Name: sess.UserName, SessionHash: hash, UserType: ut}, nil
}

// origins are the browser origins allowed to change state with a cookie (the staff
// service's: one portal origin for the console and the portals).
func (s *Service) origins(ctx context.Context) []string {
	if o := s.Staff.PortalOrigin(ctx); o != "" {
		return []string{o}
	}
	return nil
}

// Actor is the principal in the audit log.
func (p Principal) Actor() store.Actor {
	if p.Preview {
		return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: p.Name}
	}
	return store.Actor{Kind: store.ActorPortal, ID: p.UserID, Name: p.Name}
}

// Guard wraps a portal route: it authenticates, then calls h with the principal.
func (s *Service) Guard(h func(context.Context, Principal, *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
		p, err := s.Authenticate(ctx, r)
		if err != nil {
			return nil, err
		}
		return h(ctx, p, r)
	}
}

// modules returns the modules of the principal's enabled tabs as the organization sees them
// (custom fields included), in one BatchGetItem of their customizations.
func (s *Service) modules(ctx context.Context, p Principal) (map[string]crm.Module, error) {
	var names []string
	for _, t := range p.UserType.Tabs {
		if t.Enabled {
			names = append(names, t.Module)
		}
	}
	custom, err := s.Store.GetCustomizations(ctx, p.OrgID, names)
	if err != nil {
		return nil, err
	}
	out := map[string]crm.Module{}
	for _, name := range names {
		base, ok := crm.StandardModule(name)
		if !ok {
			continue
		}
		if c, ok := custom[name]; ok && (len(c.Fields) > 0 || len(c.Layouts) > 0) {
			m, err := crm.Merge(base, c)
			if err != nil {
				return nil, err
			}
			base = m
		}
		out[name] = base
	}
	return out, nil
}
