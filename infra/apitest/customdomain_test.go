package apitest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"crmportal/shared/auth"
)

// hostTransport sends every request with Host host, as a browser that reached the portal by
// a custom domain does: the local gateway stands for CloudFront and passes the viewer's host
// to the functions (X-Viewer-Host), as the distribution's viewer-request function does.
type hostTransport struct{ host string }

func (h hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = h.host
	return http.DefaultTransport.RoundTrip(r)
}

// onHost is a client whose requests ask for host.
func (e *env) onHost(t *testing.T, host string) *client {
	c := e.Client(t)
	c.http = &http.Client{Timeout: 60 * time.Second, Transport: hostTransport{host: host}}
	return c
}

// TestCustomDomainRouting: an admin sets the portal's custom domain; under that host the API
// names the organization's portal (the app's / moves there), serves its slug and no other
// organization's, accepts its origin for state changes (invitation, login) and refuses
// another, sets the host-only __Host-portal cookie, and answers no staff route; the
// invitation email links to the domain. Bad hosts are 422 and a domain another organization
// holds 409, naming customDomain, with nothing changed; a released domain is free to claim.
func TestCustomDomainRouting(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Dominio", 1)
	other := e.mustPortalOrg(t, "Outro Dominio", 1)
	domain := "portal-" + strings.ToLower(p.ID[:8]) + ".acme.test"
	domainOrigin := "https://" + domain
	type orgJSON struct{ Name, CustomDomain string }

	t.Run("invalid hosts are refused", func(t *testing.T) {
		for _, bad := range []string{"https://" + domain, domain + ":443", domain + "/p/x", "localhost", "192.0.2.7",
			"bad_label.acme.test", "-x.acme.test", "portal.localhost", strings.Repeat("a", 250) + ".test"} {
			r := p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"customDomain": bad})
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "customDomain" {
				t.Errorf("%q: fields = %v, want [customDomain]", bad, f)
			}
		}
	})

	t.Run("the admin sets it", func(t *testing.T) {
		// Capitals and spaces are normalized away.
		r := p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"customDomain": " " + strings.ToUpper(domain) + " "})
		MustStatus(t, r, http.StatusOK)
		var got orgJSON
		r.JSON(t, &got)
		if got.CustomDomain != domain {
			t.Fatalf("customDomain = %q, want %q", got.CustomDomain, domain)
		}
		MustStatus(t, p.User.Do("PATCH", "/api/admin/org", map[string]any{"customDomain": ""}), http.StatusForbidden)
	})

	t.Run("another organization cannot take it", func(t *testing.T) {
		r := other.Admin.Do("PATCH", "/api/admin/org", map[string]any{"customDomain": domain, "name": "Renamed"})
		MustStatus(t, r, http.StatusConflict)
		if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "customDomain" {
			t.Errorf("fields = %v, want [customDomain]", f)
		}
		var got orgJSON
		other.Admin.Do("GET", "/api/admin/org", nil).JSON(t, &got)
		if got.CustomDomain != "" || got.Name != "Outro Dominio" {
			t.Errorf("after the refusal: %+v, want unchanged", got)
		}
	})

	settle() // the domain's claim is read eventually consistently
	hc := e.onHost(t, domain)

	t.Run("the domain names its portal", func(t *testing.T) {
		r := hc.Do("GET", "/api/domain", nil)
		MustStatus(t, r, http.StatusOK)
		var got struct{ Slug, Path string }
		r.JSON(t, &got)
		if got.Slug != p.Slug || got.Path != "/p/"+p.Slug+"/" {
			t.Errorf("GET /api/domain = %+v, want slug %q", got, p.Slug)
		}
		MustStatus(t, p.Admin.Do("GET", "/api/domain", nil), http.StatusNotFound) // the deployment's own host
	})

	t.Run("only its own portal is served there", func(t *testing.T) {
		MustStatus(t, hc.Do("GET", "/api/p/"+p.Slug, nil), http.StatusOK)
		MustStatus(t, hc.Do("GET", "/api/p/"+other.Slug, nil), http.StatusNotFound)
		MustStatus(t, e.Client(t).Do("GET", "/api/p/"+other.Slug, nil), http.StatusOK)
		MustStatus(t, hc.Do("POST", "/api/admin/login", map[string]string{"email": p.AdminEmail, "password": p.Password}), http.StatusNotFound)
	})

	email := "ana-" + p.ID + "@cliente.example"
	password := "the customer's own passphrase"
	t.Run("the invitation links to the domain and is accepted there", func(t *testing.T) {
		ana := p.contact(t, "Dominio", email)
		MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
		ms := mailsTo(t, email)
		if len(ms) != 1 || !strings.Contains(ms[0].Body.Text, domainOrigin+"/p/"+p.Slug+"/invite/") {
			t.Fatalf("invitation emails = %+v, want a link under %s", ms, domainOrigin)
		}
		token := tokenIn(t, email, "invite")
		body := map[string]string{"password": password}
		MustStatus(t, hc.Do("POST", "/api/invitations/"+token+"/accept", body, "Origin", origin), http.StatusForbidden)
		MustStatus(t, hc.Do("POST", "/api/invitations/"+token+"/accept", body, "Origin", "https://evil.example"), http.StatusForbidden)
		MustStatus(t, hc.Do("POST", "/api/invitations/"+token+"/accept", body, "Origin", domainOrigin), http.StatusOK)
	})

	t.Run("login there sets the host-only cookie and the session works", func(t *testing.T) {
		c := e.onHost(t, domain)
		login := map[string]string{"email": email, "password": password}
		MustStatus(t, c.Do("POST", "/api/p/"+p.Slug+"/login", login, "Origin", origin), http.StatusForbidden)
		MustStatus(t, c.Do("POST", "/api/p/"+other.Slug+"/login", login, "Origin", domainOrigin), http.StatusNotFound)
		MustStatus(t, c.Do("POST", "/api/p/"+p.Slug+"/login", login, "Origin", domainOrigin), http.StatusOK)
		found := false
		for _, sc := range c.setCookies {
			if strings.HasPrefix(sc, auth.PortalCookie+"=") {
				found = true
				if strings.Contains(strings.ToLower(sc), "domain=") || !strings.Contains(sc, "Path=/") || !strings.Contains(sc, "Secure") {
					t.Errorf("Set-Cookie %q, want a host-only Secure cookie for /", sc)
				}
			}
		}
		if !found {
			t.Fatalf("login set no %s cookie: %v", auth.PortalCookie, c.setCookies)
		}
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusOK)
		prefs := map[string]any{"language": "en", "timeFormat": "24h", "timeZone": "America/Sao_Paulo", "country": "BR"}
		MustStatus(t, c.Do("PATCH", "/api/me/preferences", prefs, "Origin", "https://evil.example"), http.StatusForbidden)
		MustStatus(t, c.Do("PATCH", "/api/me/preferences", prefs, "Origin", domainOrigin), http.StatusOK)
	})

	t.Run("a released domain is free to claim", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"customDomain": ""}), http.StatusOK)
		r := other.Admin.Do("PATCH", "/api/admin/org", map[string]any{"customDomain": domain})
		MustStatus(t, r, http.StatusOK)
		var got orgJSON
		r.JSON(t, &got)
		if got.CustomDomain != domain {
			t.Errorf("customDomain = %q, want %q", got.CustomDomain, domain)
		}
		settle()
		MustStatus(t, hc.Do("GET", "/api/p/"+p.Slug, nil), http.StatusNotFound)
		MustStatus(t, hc.Do("GET", "/api/p/"+other.Slug, nil), http.StatusOK)
	})
}
