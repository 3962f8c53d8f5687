package platform

import (
	"context"
	"errors"
	"net/netip"
	"strings"

	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// notADomain reports whether host cannot be a custom domain (customdomain.Check refuses it):
// an IP address or a single label such as localhost, which needs no lookup.
func notADomain(host string) bool {
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return true
	}
	return !strings.Contains(host, ".")
}

// domainLookup is what the host scope reads: the organization holding a custom domain.
type domainLookup interface {
	OrgByDomain(ctx context.Context, host string) (string, error)
}

// unscopedRoutes answer the same under every host and read no table item: the health check,
// the API description and API Gateway's default route (the fallback's 404).
var unscopedRoutes = map[string]bool{"GET /api/health": true, "GET /api/openapi.yaml": true, "$default": true}

// hostScope wraps h with the custom-domain resolution (docs/custom-domains.md). The viewer's
// host is known only for a request the origin guard proved came through CloudFront
// (httpapi.RequestOrigin). When it is neither the deployment's own host (PORTAL_BASE_URL's),
// a CloudFront default domain, an IP address nor a single label (notADomain), one eventually consistent GetItem of its domain claim
// tells which organization holds it; nothing is cached across requests. Under a held domain
// the request carries customdomain.Host (so PortalOrigin, the slug lookups and the session
// check keep to that organization). The staff API answers 404 under any host but the
// deployment's own, before any lookup. A portal host no organization holds is served as the
// deployment's own.
func hostScope(base string, st domainLookup, h httpapi.HandlerFunc) httpapi.HandlerFunc {
	baseHost := customdomain.HostOf(base)
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
		viewer := customdomain.HostOf(httpapi.RequestOrigin(ctx))
		if viewer == "" || viewer == baseHost || strings.HasSuffix(viewer, ".cloudfront.net") || unscopedRoutes[r.RouteKey] || notADomain(viewer) {
			return h(ctx, r)
		}
		// The staff API is served at the deployment's own host only: under any other name
		// (CloudFront serves no names but the deployment's and the attached custom domains) it
		// answers 404 without a lookup, so no staff function needs to read domain claims.
		if p := r.RawPath; p == "/api/admin" || strings.HasPrefix(p, "/api/admin/") {
			return nil, httpapi.Errorf(httpapi.NotFound, "the staff console is not served under a portal's custom domain")
		}
		org, err := st.OrgByDomain(ctx, viewer)
		if errors.Is(err, store.ErrNotFound) {
			return h(ctx, r)
		}
		if err != nil {
			return nil, err
		}
		return h(customdomain.WithHost(ctx, customdomain.Host{Name: viewer, OrgID: org}), r)
	}
}
