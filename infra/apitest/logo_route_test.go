package apitest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"crmportal/shared/store"
)

// TestPortalLogoRoute: GET /api/p/{slug}/logo, the stable address the emails show the logo
// from, answers 404 while the portal has no logo, then 302 to a signed link that serves the
// uploaded bytes from the local S3 (a redirect kept for less time than the link works); the
// invitation email in the local inbox shows the logo from that address, with the company's
// name as its alternative text; a deactivated portal's logo is not served.
func TestPortalLogoRoute(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Logo & Cia")
	e.setLimits(t, o.ID, store.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 10})
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	r := admin.Do("POST", "/api/admin/portal", map[string]any{"name": "Portal Logo " + o.ID[:6]})
	MustStatus(t, r, http.StatusCreated)
	var pt struct{ Slug string }
	r.JSON(t, &pt)
	anon := e.Client(t)
	anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	logoPath := "/api/p/" + pt.Slug + "/logo"

	t.Run("no logo: 404", func(t *testing.T) {
		settle()
		MustStatus(t, anon.Do("GET", logoPath, nil), http.StatusNotFound)
		MustStatus(t, anon.Do("GET", "/api/p/no-such-portal-"+o.ID[:6]+"/logo", nil), http.StatusNotFound)
	})

	png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, bytes.Repeat([]byte{7}, 64)...)
	key, status := uploadLogo(t, admin, "image/png", png)
	if status >= 300 {
		t.Fatalf("upload: status %d", status)
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": key}}, "If-Match", "1"), http.StatusOK)
	settle() // the route reads the portal by slug eventually consistently

	t.Run("a logo: 302 to a link serving its bytes", func(t *testing.T) {
		r := anon.Do("GET", logoPath, nil)
		MustStatus(t, r, http.StatusFound)
		if got, want := r.Header.Get("Cache-Control"), "public, max-age=300"; got != want {
			t.Errorf("Cache-Control = %q, want %q", got, want)
		}
		resp, err := http.Get(r.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, png) {
			t.Errorf("the link answers %d with %d bytes, not the uploaded logo", resp.StatusCode, len(got))
		}
	})

	t.Run("the invitation email shows the logo from the route", func(t *testing.T) {
		ut := admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})
		email := "logo-" + o.ID + "@cliente.example"
		acct := admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta Logo"})
		c := admin.MustCreate("Contacts", map[string]any{"Last_Name": "Lima", "First_Name": "Lia", "Account_Name": acct.ID, "Email": email})
		MustStatus(t, admin.Do("POST", "/api/admin/records/Contacts/"+c.ID+"/invitation", map[string]any{"userTypeId": ut.ID}), http.StatusCreated)
		ms := mailsTo(t, email)
		if len(ms) != 1 {
			t.Fatalf("%d emails to %s, want the invitation", len(ms), email)
		}
		img := regexp.MustCompile(`<img src="([^"]+)" alt="Logo &amp; Cia" height="48"`).FindStringSubmatch(ms[0].Body.HTML)
		if img == nil {
			t.Fatalf("the HTML part shows no logo:\n%s", ms[0].Body.HTML)
		}
		src, err := url.Parse(img[1])
		if err != nil || !src.IsAbs() || src.Path != logoPath {
			t.Fatalf("the logo's address %q is not an absolute link to %s", img[1], logoPath)
		}
		// The address the email holds answers as the route does.
		MustStatus(t, anon.Do("GET", src.Path, nil), http.StatusFound)
	})

	t.Run("a deactivated portal's logo: 404", func(t *testing.T) {
		MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"disabled": true}, "If-Match", "2"), http.StatusOK)
		settle()
		MustStatus(t, anon.Do("GET", logoPath, nil), http.StatusNotFound)
	})
}

// TestPublicPortalCurrency: GET /api/p/{slug} answers the organization's currency, in which
// the portal shows money whatever the reader's language, and follows a change of country.
func TestPublicPortalCurrency(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Moeda")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	r := admin.Do("POST", "/api/admin/portal", map[string]any{})
	MustStatus(t, r, http.StatusCreated)
	var pt struct{ Slug string }
	r.JSON(t, &pt)
	currency := func() string {
		settle()
		var pub struct{ Currency string }
		r := e.Client(t).Do("GET", "/api/p/"+pt.Slug, nil)
		MustStatus(t, r, http.StatusOK)
		r.JSON(t, &pub)
		return pub.Currency
	}
	if got := currency(); got != "BRL" {
		t.Errorf("a Brazilian organization's currency = %q, want BRL", got)
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/org", map[string]any{"country": "US"}), http.StatusOK)
	if got := currency(); got != "USD" {
		t.Errorf("after the move to the US, currency = %q, want USD", got)
	}
}
