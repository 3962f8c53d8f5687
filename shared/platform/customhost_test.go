package platform

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// claims answers OrgByDomain from a map and counts its lookups.
type claims struct {
	orgs    map[string]string
	err     error
	lookups int
}

func (c *claims) OrgByDomain(_ context.Context, host string) (string, error) {
	c.lookups++
	if c.err != nil {
		return "", c.err
	}
	if o, ok := c.orgs[host]; ok {
		return o, nil
	}
	return "", store.ErrNotFound
}

func TestHostScope(t *testing.T) {
	boom := errors.New("throttled")
	tests := []struct {
		name, viewer, routeKey, path string
		err                          error
		wantLookups                  int
		wantOrg                      string // the customdomain.Host the handler saw; "" none
		fails                        bool
		wantKind                     httpapi.Kind
	}{
		{"no viewer host", "", "GET /api/p/{slug}", "/api/p/acme", nil, 0, "", false, 0},
		{"the deployment's host", "https://portal.example.net:443", "GET /api/p/{slug}", "/api/p/acme", nil, 0, "", false, 0},
		{"a CloudFront default domain", "https://d111.cloudfront.net", "GET /api/p/{slug}", "/api/p/acme", nil, 0, "", false, 0},
		{"an IP address", "http://127.0.0.1:8080", "POST /api/admin/password-reset", "/api/admin/password-reset", nil, 0, "", false, 0},
		{"localhost", "http://localhost:3000", "GET /api/p/{slug}", "/api/p/acme", nil, 0, "", false, 0},
		{"the health check", "https://portal.acme.com", "GET /api/health", "/api/health", nil, 0, "", false, 0},
		{"a held custom domain", "https://portal.acme.com", "GET /api/p/{slug}", "/api/p/acme", nil, 1, "org1", false, 0},
		{"a host nobody holds", "https://other.example.org", "GET /api/p/{slug}", "/api/p/acme", nil, 1, "", false, 0},
		{"the staff API under a custom domain, without a lookup", "https://portal.acme.com", "GET /api/admin/me", "/api/admin/me", nil, 0, "", true, httpapi.NotFound},
		{"the staff API under a host nobody holds", "https://other.example.org", "POST /api/admin/password-reset", "/api/admin/password-reset", nil, 0, "", true, httpapi.NotFound},
		{"a failed lookup", "https://portal.acme.com", "GET /api/p/{slug}", "/api/p/acme", boom, 1, "", true, httpapi.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &claims{orgs: map[string]string{"portal.acme.com": "org1"}, err: tt.err}
			var seen string
			called := false
			h := hostScope("https://portal.example.net", c, func(ctx context.Context, _ *httpapi.Request) (*httpapi.Reply, error) {
				called = true
				if hst, ok := customdomain.FromContext(ctx); ok {
					seen = hst.OrgID
				}
				return &httpapi.Reply{Status: http.StatusOK}, nil
			})
			ctx := httpapi.WithRequestOrigin(context.Background(), tt.viewer)
			_, err := h(ctx, &httpapi.Request{RouteKey: tt.routeKey, RawPath: tt.path})
			if c.lookups != tt.wantLookups {
				t.Errorf("lookups = %d, want %d", c.lookups, tt.wantLookups)
			}
			if tt.fails {
				if err == nil || httpapi.KindOf(err) != tt.wantKind || called {
					t.Errorf("err = %v (called %v), want kind %v and no call", err, called, tt.wantKind)
				}
				return
			}
			if err != nil || !called {
				t.Fatalf("err = %v, called %v", err, called)
			}
			if seen != tt.wantOrg {
				t.Errorf("organization in ctx = %q, want %q", seen, tt.wantOrg)
			}
		})
	}
}
