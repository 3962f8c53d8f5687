package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"crmportal/shared/customdomain"
)

// OriginVerifyHeader carries the secret CloudFront adds to every request it sends to the API
// (the API origin's custom header in template.yaml). Only CloudFront knows it, so a request
// that carries it came through the distribution and its other CloudFront headers are
// CloudFront's.
const OriginVerifyHeader = "x-origin-verify"

// ViewerHostHeader carries the Host the viewer asked for, set by the API behaviour's
// viewer-request function (template.yaml's ViewerHostFunction), which overwrites whatever the
// viewer sent under that name. CloudFront routes to the distribution only requests for its
// own domain or an alias, so the value is the portal's own host.
const ViewerHostHeader = "x-viewer-host"

// errNotThroughCloudFront is the guard's answer. It names the rule, never the secret.
var errNotThroughCloudFront = Errorf(Forbidden,
	"the API answers only requests that come through the portal's CloudFront distribution (header X-Origin-Verify)")

// Guard wraps h with the origin guard. When secret is set, a request whose X-Origin-Verify
// header does not equal it (compared in constant time) is refused with 403 before h runs;
// one that matches has the header removed, so neither h nor a log line sees the secret, and
// its viewer's origin ("https://" and the X-Viewer-Host header) is put in the context for
// RequestOrigin. An empty secret checks nothing and trusts no viewer host: that is only for
// processes that no network request reaches without the local gateway (which sets a secret).
func Guard(secret string, h HandlerFunc) HandlerFunc {
	if secret == "" {
		return func(ctx context.Context, r *Request) (*Reply, error) {
			dropHeader(r, OriginVerifyHeader)
			dropHeader(r, ViewerHostHeader)
			return h(ctx, r)
		}
	}
	want := sha256.Sum256([]byte(secret))
	return func(ctx context.Context, r *Request) (*Reply, error) {
		// Hashes of equal length, so the comparison's time says nothing of the secret's length.
		sent := Header(r, OriginVerifyHeader)
		got := sha256.Sum256([]byte(sent))
		dropHeader(r, OriginVerifyHeader)
		if sent == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			return nil, errNotThroughCloudFront
		}
		if host, ok := viewerHost(Header(r, ViewerHostHeader)); ok {
			ctx = WithRequestOrigin(ctx, "https://"+host)
		}
		return h(ctx, r)
	}
}

type originKey struct{}

// WithRequestOrigin returns ctx carrying origin as the portal's origin of the request being
// served. Guard sets it for a request proven to come through CloudFront; the reset mailer
// sets it from the origin its mail request recorded. Nothing else may.
func WithRequestOrigin(ctx context.Context, origin string) context.Context {
	if origin == "" {
		return ctx
	}
	return context.WithValue(ctx, originKey{}, origin)
}

// RequestOrigin is the viewer's origin WithRequestOrigin put in ctx, or "".
func RequestOrigin(ctx context.Context) string {
	o, _ := ctx.Value(originKey{}).(string)
	return o
}

// PortalOrigin is the portal's origin (scheme and host, no trailing slash) for the request
// in ctx: configured (PORTAL_BASE_URL: the custom domain, or the local stack's origin) when
// set, else the viewer's origin the guard proved (the CloudFront domain, known to the
// functions from the first deploy on), else "". It is the one origin the CSRF check allows
// and the base of every link the portal hands out or emails.
//
// Under a custom domain (customdomain.FromContext) it is that domain's origin instead: the
// organization's portal is served there, so its CSRF check and links name it.
func PortalOrigin(ctx context.Context, configured string) string {
	if h, ok := customdomain.FromContext(ctx); ok {
		return h.Origin()
	}
	if configured != "" {
		return configured
	}
	return RequestOrigin(ctx)
}

// viewerHost checks a Host value: a DNS name or an IP literal with an optional port, nothing
// that could turn "https://" + host into another URL (no slash, at sign, space or query).
func viewerHost(v string) (string, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" || len(v) > 260 {
		return "", false
	}
	for _, c := range v {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '-', c == ':', c == '[', c == ']':
		default:
			return "", false
		}
	}
	return v, true
}

// dropHeader removes a header whatever its case.
func dropHeader(r *Request, name string) {
	for k := range r.Headers {
		if strings.EqualFold(k, name) {
			delete(r.Headers, k)
		}
	}
}
