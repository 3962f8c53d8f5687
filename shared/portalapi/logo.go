package portalapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"crmportal/shared/branding"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// LogoCacheSeconds is how long a browser or a mail client's image proxy may keep the logo
// route's redirect: well under branding.LogoURLLifetime, so a kept redirect still leads to a
// working link, and short enough that a new logo shows within minutes.
const LogoCacheSeconds = 300

// portalBySlug is the storage the logo route reads.
type portalBySlug interface {
	PortalBySlug(ctx context.Context, slug string) (store.Portal, error)
}

// logoService answers the logo route: it needs no session, so nothing of Service.
type logoService struct {
	store portalBySlug
	logos branding.Logos
}

var errNoLogo = httpapi.Errorf(httpapi.NotFound, "no logo at this address")

// GetLogo answers GET /api/p/{slug}/logo for anyone: 302 to a short-lived signed link to the
// portal's current logo, the stable address the emails show it from (the signed links expire
// within the hour, an invitation lasts days). 404 without a logo, for a deactivated portal
// and for an address that is no portal; an old slug answers the renamed portal's logo.
func (s *logoService) GetLogo(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	slug := strings.ToLower(r.PathParameters["slug"])
	if !LooksLikeSlug(slug) {
		return nil, errNoLogo
	}
	pt, err := s.store.PortalBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoLogo
	}
	if err != nil {
		return nil, err
	}
	if pt.Disabled || pt.Branding.LogoKey == "" {
		return nil, errNoLogo
	}
	link, err := s.logos.Sign(ctx, pt.Branding.LogoKey)
	if err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusFound, Headers: map[string]string{
		"Location":      link,
		"Cache-Control": "public, max-age=" + strconv.Itoa(LogoCacheSeconds),
	}}, nil
}

// LogoFunction is the handler of GET /api/p/{slug}/logo.
func LogoFunction(d platform.Deps) httpapi.LambdaFunc {
	s := &logoService{store: store.New(d.DynamoDB, d.Config.TableName, nil), logos: branding.New(d)}
	return d.Adapt(s.GetLogo)
}
