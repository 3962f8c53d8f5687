package portalapi

import (
	"context"
	"net/http"
	"testing"

	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// GetPortal answers the current portal of an organization from bySlug.
func (f *slugPortals) GetPortal(_ context.Context, org string) (store.Portal, error) {
	for _, p := range f.bySlug {
		if p.OrgID == org && f.err == nil {
			return p, nil
		}
	}
	if f.err != nil {
		return store.Portal{}, f.err
	}
	return store.Portal{}, store.ErrNotFound
}

func TestGetDomain(t *testing.T) {
	f := &slugPortals{bySlug: map[string]store.Portal{"acme": {OrgID: "org1", Slug: "acme"}}}
	s := &publicService{store: f}
	tests := []struct {
		name       string
		ctx        context.Context
		wantStatus int
		wantPath   string
	}{
		{"deployment's own host", context.Background(), http.StatusNotFound, ""},
		{"custom domain of a portal", customdomain.WithHost(context.Background(), customdomain.Host{Name: "portal.acme.com", OrgID: "org1"}), http.StatusOK, "/p/acme/"},
		{"custom domain of an organization without a portal", customdomain.WithHost(context.Background(), customdomain.Host{Name: "x.acme.com", OrgID: "org2"}), http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply, err := s.GetDomain(tt.ctx, &httpapi.Request{})
			if tt.wantStatus != http.StatusOK {
				if got := httpapi.KindOf(err); got != httpapi.NotFound {
					t.Fatalf("kind = %v (err %v), want NotFound", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, ok := reply.Body.(DomainJSON)
			if !ok || got.Path != tt.wantPath {
				t.Errorf("body = %#v, want path %q", reply.Body, tt.wantPath)
			}
		})
	}
}
