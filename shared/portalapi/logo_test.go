package portalapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"crmportal/shared/branding"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

func TestGetLogo(t *testing.T) {
	acme := store.Portal{OrgID: "org1", Name: "Acme", Slug: "acme", OldSlugs: []string{"acme-old"},
		Branding: store.Branding{LogoKey: "branding/org1/logo-a-b"}}
	plain := store.Portal{OrgID: "org2", Name: "Plain", Slug: "plain"}
	off := store.Portal{OrgID: "org3", Name: "Off", Slug: "off", Disabled: true, Branding: store.Branding{LogoKey: "branding/org3/logo-c-d"}}
	const acmeLink = "https://s3.example/att/branding/org1/logo-a-b?signed"
	tests := []struct {
		name        string
		slug        string
		err         error
		want        int
		wantTo      string
		wantLookups int
	}{
		{name: "a portal with a logo", slug: "acme", want: http.StatusFound, wantTo: acmeLink, wantLookups: 1},
		{name: "upper case is the same address", slug: "ACME", want: http.StatusFound, wantTo: acmeLink, wantLookups: 1},
		{name: "an old slug leads to the renamed portal's logo", slug: "acme-old", want: http.StatusFound, wantTo: acmeLink, wantLookups: 1},
		{name: "no logo", slug: "plain", want: http.StatusNotFound, wantLookups: 1},
		{name: "a deactivated portal shows none", slug: "off", want: http.StatusNotFound, wantLookups: 1},
		{name: "no portal there", slug: "nobody", want: http.StatusNotFound, wantLookups: 1},
		{name: "not a slug: 404 without a lookup", slug: "a.b/../c", want: http.StatusNotFound},
		{name: "a storage failure is not a 404", slug: "acme", err: errors.New("down"), want: http.StatusInternalServerError, wantLookups: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &slugPortals{bySlug: map[string]store.Portal{"acme": acme, "acme-old": acme, "plain": plain, "off": off}, err: tt.err}
			s := &logoService{store: f, logos: branding.Logos{Presign: logoSigner{}, Bucket: "att"}}
			reply, err := s.GetLogo(context.Background(), &httpapi.Request{PathParameters: map[string]string{"slug": tt.slug}})
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
			if tt.want != http.StatusFound {
				return
			}
			if got := reply.Headers["Location"]; got != tt.wantTo {
				t.Errorf("Location = %q, want %q", got, tt.wantTo)
			}
			if got, want := reply.Headers["Cache-Control"], "public, max-age=300"; got != want {
				t.Errorf("Cache-Control = %q, want %q", got, want)
			}
			if LogoCacheSeconds >= int(branding.LogoURLLifetime.Seconds()) {
				t.Errorf("the redirect is kept %d s, longer than its link works (%v)", LogoCacheSeconds, branding.LogoURLLifetime)
			}
		})
	}
}
