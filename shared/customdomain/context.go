package customdomain

import "context"

// Host is a request's custom domain: the host name the viewer asked for and the organization
// that holds it.
type Host struct {
	Name  string
	OrgID string
}

// Origin is the portal's origin under the custom domain ("https://" and the name).
func (h Host) Origin() string { return "https://" + h.Name }

type hostKey struct{}

// WithHost returns ctx carrying h as the request's custom domain. Only the resolution of a
// host proven to come from CloudFront (platform's host scope) may call it.
func WithHost(ctx context.Context, h Host) context.Context {
	return context.WithValue(ctx, hostKey{}, h)
}

// FromContext returns the request's custom domain, if it came under one.
func FromContext(ctx context.Context) (Host, bool) {
	h, ok := ctx.Value(hostKey{}).(Host)
	return h, ok
}

// Serves reports whether a request in ctx may be answered for organization org: always
// under the deployment's own host, and under a custom domain only for the organization that
// holds it (another organization's portal is not found there).
func Serves(ctx context.Context, org string) bool {
	h, ok := FromContext(ctx)
	return !ok || h.OrgID == org
}
