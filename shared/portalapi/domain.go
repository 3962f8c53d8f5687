package portalapi

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// DomainJSON is the portal a custom domain serves: its slug and the path of its home page.
type DomainJSON struct {
	Slug string `json:"slug"`
	Path string `json:"path"`
}

// portalOfOrg is the storage GetDomain reads.
type portalOfOrg interface {
	GetPortal(ctx context.Context, org string) (store.Portal, error)
}

var errNoDomainPortal = httpapi.Errorf(httpapi.NotFound, "this address is not a portal's custom domain")

// GetDomain answers GET /api/domain for anyone: under a custom domain (the host scope put
// customdomain.Host in ctx) the portal of the organization that holds it, which the browser
// app's page at / moves to; under any other host 404, and the app shows its landing page.
func (s *publicService) GetDomain(ctx context.Context, _ *httpapi.Request) (*httpapi.Reply, error) {
	h, ok := customdomain.FromContext(ctx)
	if !ok {
		return nil, errNoDomainPortal
	}
	pt, err := s.store.GetPortal(ctx, h.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoDomainPortal
	}
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, DomainJSON{Slug: pt.Slug, Path: "/p/" + pt.Slug + "/"}), nil
}
