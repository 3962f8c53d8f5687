package portalapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"crmportal/shared/branding"
	"crmportal/shared/httpapi"
	"crmportal/shared/locale"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// Public is what a portal's login page shows: its name, address, branding and languages.
type Public struct {
	LogoURL   string         `json:"logoUrl,omitempty"`
	Name      string         `json:"name"`
	Slug      string         `json:"slug"`
	Branding  store.Branding `json:"branding"`
	Languages []string       `json:"languages"`
	// Currency is the organization's (ISO 4217), in which the portal shows money whatever the
	// reader's language; only GET /api/p/{slug} fills it.
	Currency string `json:"currency,omitempty"`
	// PasskeyLogin: some user type of the portal allows signing in with a passkey alone, so the
	// login page offers it (it names no person: whether a passkey works is the sign-in's to say).
	// Only GET /api/p/{slug} fills it.
	PasskeyLogin bool `json:"passkeyLogin,omitempty"`
}

// currencyOf is the currency of an organization in country: reais in Brazil, US dollars
// elsewhere (the console's rule, web/src/shared/lib/format.ts currencyOf).
func currencyOf(country string) string {
	if country == "BR" {
		return "BRL"
	}
	return "USD"
}

// PublicView is pt as anyone may see it, its logo linked through logos.
func PublicView(ctx context.Context, logos branding.Logos, pt store.Portal) Public {
	b := pt.Branding
	b.LogoKey = "" // the key is internal; the link is enough
	return Public{Name: pt.Name, Slug: pt.Slug, Branding: b, Languages: locale.UILanguages, LogoURL: logos.URL(ctx, pt.Branding.LogoKey)}
}

// LooksLikeSlug tells whether slug is made of what any slug, current or old, is made of
// (^[a-z0-9-]{1,63}$; access.CheckSlug allows less); other paths are answered 404 without a
// lookup. It is written out, not a regular expression: one compiled at package initialization
// would cost every function that links this package in its cold start.
func LooksLikeSlug(slug string) bool {
	if len(slug) < 1 || len(slug) > 63 {
		return false
	}
	for i := 0; i < len(slug); i++ {
		if c := slug[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// portalsBySlug is the storage the public route reads: the portal, and its organization for
// the currency.
type portalsBySlug interface {
	PortalBySlug(ctx context.Context, slug string) (store.Portal, error)
	GetOrg(ctx context.Context, id string) (store.Org, error)
	ListUserTypes(ctx context.Context, org string) ([]store.UserType, error)
	portalOfOrg
}

var _ portalsBySlug = (*store.Store)(nil)

// publicService answers the public route: it needs no session, so nothing of Service.
type publicService struct {
	store portalsBySlug
	logos branding.Logos
}

var errNoPortal = httpapi.Errorf(httpapi.NotFound, "no portal at this address")

// GetPublic answers GET /api/p/{slug} for anyone. An old slug answers the renamed portal,
// whose slug then differs from the one asked for (the browser moves to the new address).
func (s *publicService) GetPublic(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	slug := strings.ToLower(r.PathParameters["slug"])
	if !LooksLikeSlug(slug) {
		return nil, errNoPortal
	}
	pt, err := s.store.PortalBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoPortal
	}
	if err != nil {
		return nil, err
	}
	org, err := s.store.GetOrg(ctx, pt.OrgID)
	if errors.Is(err, store.ErrNotFound) { // an organization being removed: its portal is gone
		return nil, errNoPortal
	}
	if err != nil {
		return nil, err
	}
	uts, err := s.store.ListUserTypes(ctx, pt.OrgID)
	if err != nil {
		return nil, err
	}
	view := PublicView(ctx, s.logos, pt)
	view.Currency = currencyOf(org.Country)
	for _, ut := range uts {
		view.PasskeyLogin = view.PasskeyLogin || ut.PasskeyLogin
	}
	reply := httpapi.JSON(http.StatusOK, view)
	reply.Headers = map[string]string{"Cache-Control": "public, max-age=60"}
	return reply, nil
}

// PublicFunction is the handler of GET /api/p/{slug} and GET /api/domain (the portal a
// custom domain serves).
func PublicFunction(d platform.Deps) httpapi.LambdaFunc {
	s := &publicService{store: store.New(d.DynamoDB, d.Config.TableName, nil), logos: branding.New(d)}
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/p/{slug}": d.Adapt(s.GetPublic),
		"GET /api/domain":   d.Adapt(s.GetDomain),
	})
}
