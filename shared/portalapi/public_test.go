package portalapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/access"
	"crmportal/shared/branding"
	"crmportal/shared/httpapi"
	"crmportal/shared/locale"
	"crmportal/shared/store"
)

// slugPortals are portals by slug (current and old); it counts the lookups and answers err
// when set.
type slugPortals struct {
	bySlug  map[string]store.Portal
	orgs    map[string]store.Org
	types   map[string][]store.UserType
	err     error
	lookups int
}

func (f *slugPortals) GetOrg(_ context.Context, id string) (store.Org, error) {
	o, ok := f.orgs[id]
	if !ok {
		return store.Org{}, store.ErrNotFound
	}
	return o, nil
}

func (f *slugPortals) ListUserTypes(_ context.Context, org string) ([]store.UserType, error) {
	return f.types[org], nil
}

func (f *slugPortals) PortalBySlug(_ context.Context, slug string) (store.Portal, error) {
	f.lookups++
	if f.err != nil {
		return store.Portal{}, f.err
	}
	p, ok := f.bySlug[slug]
	if !ok {
		return store.Portal{}, store.ErrNotFound
	}
	return p, nil
}

// logoSigner signs a link of the key it is given, without keys.
type logoSigner struct{}

func (logoSigner) PresignGetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return &v4.PresignedHTTPRequest{URL: "https://s3.example/" + aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key) + "?signed"}, nil
}

func TestGetPublic(t *testing.T) {
	acme := store.Portal{OrgID: "org1", Name: "Acme", Slug: "acme", OldSlugs: []string{"acme-old"}, Version: 2,
		Branding: store.Branding{LogoKey: "branding/org1/logo-a-b", PrimaryColor: "#112233"}}
	plain := store.Portal{OrgID: "org2", Name: "Plain", Slug: "plain"}
	orphan := store.Portal{OrgID: "gone", Name: "Orphan", Slug: "orphan"}
	tests := []struct {
		name         string
		slug         string
		err          error
		want         int
		wantSlug     string
		wantLogo     string
		wantCurrency string
		wantLookups  int
		wantPasskey  bool
	}{
		{name: "a portal", slug: "acme", want: http.StatusOK, wantSlug: "acme",
			wantLogo: "https://s3.example/att/branding/org1/logo-a-b?signed", wantCurrency: "BRL", wantLookups: 1, wantPasskey: true},
		{name: "upper case is the same address", slug: "ACME", want: http.StatusOK, wantSlug: "acme",
			wantLogo: "https://s3.example/att/branding/org1/logo-a-b?signed", wantCurrency: "BRL", wantLookups: 1, wantPasskey: true},
		{name: "an old slug answers the portal under its new one", slug: "acme-old", want: http.StatusOK, wantSlug: "acme",
			wantLogo: "https://s3.example/att/branding/org1/logo-a-b?signed", wantCurrency: "BRL", wantLookups: 1, wantPasskey: true},
		{name: "no logo, no link; a US organization's dollars", slug: "plain", want: http.StatusOK, wantSlug: "plain",
			wantCurrency: "USD", wantLookups: 1},
		{name: "a portal whose organization is gone", slug: "orphan", want: http.StatusNotFound, wantLookups: 1},
		{name: "no portal there", slug: "nobody", want: http.StatusNotFound, wantLookups: 1},
		{name: "not a slug: 404 without a lookup", slug: "a.b/../c", want: http.StatusNotFound},
		{name: "a storage failure is not a 404", slug: "acme", err: errors.New("down"), want: http.StatusInternalServerError, wantLookups: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &slugPortals{bySlug: map[string]store.Portal{"acme": acme, "acme-old": acme, "plain": plain, "orphan": orphan},
				orgs: map[string]store.Org{"org1": {ID: "org1", Country: "BR"}, "org2": {ID: "org2", Country: "US"}}, err: tt.err,
				types: map[string][]store.UserType{
					"org1": {{UserType: access.UserType{ID: "t1"}}, {UserType: access.UserType{ID: "t2", PasskeyLogin: true}}},
					"org2": {{UserType: access.UserType{ID: "t3"}}}}}
			s := &publicService{store: f, logos: branding.Logos{Presign: logoSigner{}, Bucket: "att"}}
			reply, err := s.GetPublic(context.Background(), &httpapi.Request{PathParameters: map[string]string{"slug": tt.slug}})
			got := 0
			if err != nil {
				got = httpapi.KindOf(err).Status()
			} else {
				got = reply.Status
			}
			if got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if f.lookups != tt.wantLookups {
				t.Errorf("lookups = %d, want %d", f.lookups, tt.wantLookups)
			}
			if tt.want != http.StatusOK {
				return
			}
			p := reply.Body.(Public)
			if p.Slug != tt.wantSlug || p.LogoURL != tt.wantLogo {
				t.Errorf("slug, logoUrl = %q, %q; want %q, %q", p.Slug, p.LogoURL, tt.wantSlug, tt.wantLogo)
			}
			if p.PasskeyLogin != tt.wantPasskey {
				t.Errorf("passkeyLogin = %v, want %v", p.PasskeyLogin, tt.wantPasskey)
			}
			if p.Currency != tt.wantCurrency {
				t.Errorf("currency = %q, want %q", p.Currency, tt.wantCurrency)
			}
			if p.Branding.LogoKey != "" {
				t.Errorf("the logo's key %q is shown; only its link may be", p.Branding.LogoKey)
			}
			if len(p.Languages) != len(locale.UILanguages) {
				t.Errorf("languages = %v, want %v", p.Languages, locale.UILanguages)
			}
			if got := reply.Headers["Cache-Control"]; got != "public, max-age=60" {
				t.Errorf("Cache-Control = %q", got)
			}
		})
	}
}
