package apitest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/shared/store"
)

// directCall sends a request to the API's own endpoint (the gateway's ExecuteAPI: no
// CloudFront in front), with the CSRF header on state changes and hdr's pairs. It does not
// check the answer against docs/openapi.yaml: that document describes the API at the
// portal's address, and this one refuses every request.
func directCall(t *testing.T, base, method, path, body string, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		req.Header.Set("X-Requested-With", "portal")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// TestOriginGuardRefusesRequestsThatBypassCloudFront: a request straight to the API's own
// endpoint, without the origin guard's header or with a guessed one, is refused by the
// function with a 403 problem naming the rule (a route that needs no session, one that does
// with a valid staff session, a login with the right password, and the $default route); through
// the distribution the same requests work, whatever X-Origin-Verify the client sends.
func TestOriginGuardRefusesRequestsThatBypassCloudFront(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Guarda de Origem")
	staffClient := e.LoggedIn(t, o.AdminEmail, o.Password)
	session := "__Host-staff=" + staffClient.cookies["__Host-staff"]
	direct := httptest.NewServer(e.gw.ExecuteAPI())
	t.Cleanup(direct.Close)
	login := `{"email":"` + o.AdminEmail + `","password":"` + o.Password + `"}`
	requests := []struct {
		name, method, path, body string
	}{
		{"login", "POST", "/api/admin/login", login},
		{"health", "GET", "/api/health", ""},
		{"staff me with a valid session", "GET", "/api/admin/me", ""},
		{"no such route ($default)", "GET", "/api/no-such-route", ""},
	}
	headers := []struct {
		name string
		hdr  []string
	}{
		{"without X-Origin-Verify", nil},
		{"with a guessed X-Origin-Verify", []string{"X-Origin-Verify", "guessed-secret-of-the-right-length-0123456789abcdef"}},
	}
	for _, rq := range requests {
		for _, h := range headers {
			t.Run(rq.name+" "+h.name, func(t *testing.T) {
				hdr := append([]string{"Cookie", session}, h.hdr...)
				status, header, body := directCall(t, direct.URL, rq.method, rq.path, rq.body, hdr...)
				if status != http.StatusForbidden {
					t.Fatalf("status = %d, want 403; body %s", status, body)
				}
				if c := header.Values("Set-Cookie"); len(c) > 0 {
					t.Errorf("the refused request set cookies %v", c)
				}
				if ct := header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type = %q, want application/problem+json", ct)
				}
				var p problem
				if err := json.Unmarshal(body, &p); err != nil {
					t.Fatal(err)
				}
				if p.Status != http.StatusForbidden || !strings.Contains(p.Detail, "X-Origin-Verify") || !strings.Contains(p.Detail, "CloudFront") {
					t.Errorf("problem = %+v, want a 403 naming the rule (X-Origin-Verify, CloudFront)", p)
				}
			})
		}
	}
	// Through the distribution, a client's own X-Origin-Verify is overwritten, as CloudFront's
	// origin custom header does.
	c := e.Client(t)
	MustStatus(t, c.Do("GET", "/api/health", nil, "X-Origin-Verify", "guessed"), http.StatusOK)
	MustStatus(t, c.Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password}, "X-Origin-Verify", "guessed"), http.StatusOK)
}

// viewerOriginEnv is a gateway over the test stack whose functions have no PORTAL_BASE_URL:
// a stack without a custom domain, whose functions take the portal's origin from each
// request the origin guard proved came through CloudFront ("https://" and the viewer's host).
func viewerOriginEnv(t *testing.T) (*env, string) {
	t.Helper()
	gw, deps, err := gateway.Local(context.Background(), st, "../..", "", t.TempDir(), io.Discard, gateway.WithDynamoDBFaults(injected))
	if err != nil {
		t.Fatal(err)
	}
	if deps.Config.PortalBaseURL != "" {
		t.Fatalf("PORTAL_BASE_URL = %q, want none", deps.Config.PortalBaseURL)
	}
	track(gw)
	srv := httptest.NewServer(gw)
	t.Cleanup(func() {
		srv.Close()
		gw.Wait()
	})
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, gw: gw, deps: deps, store: store.New(deps.DynamoDB, deps.Config.TableName, nil)}, "https://" + u.Host
}

// TestFirstDeployAllowsTheDistributionsOrigin: with no PORTAL_BASE_URL (the first deploy of a
// stack without a custom domain), a browser POST from the portal's own origin is allowed at
// once and the links the portal sends start with it; a foreign origin is refused, also when
// the client names a host of its choosing in X-Viewer-Host (the viewer-request function
// overwrites it).
func TestFirstDeployAllowsTheDistributionsOrigin(t *testing.T) {
	e, portalOrigin := viewerOriginEnv(t)
	o := e.MustOrg(t, "Primeiro Deploy")
	creds := map[string]string{"email": o.AdminEmail, "password": o.Password}
	for _, tt := range []struct {
		name string
		hdr  []string
		want int
	}{
		{"the portal's own origin", []string{"Origin", portalOrigin}, http.StatusOK},
		{"a foreign origin", []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"a foreign origin naming itself the viewer's host", []string{"Origin", "https://evil.example", "X-Viewer-Host", "evil.example"}, http.StatusForbidden},
		{"the plain-http origin of the same host", []string{"Origin", strings.Replace(portalOrigin, "https://", "http://", 1)}, http.StatusForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Client(t).Do("POST", "/api/admin/login", creds, tt.hdr...)
			MustStatus(t, r, tt.want)
			if tt.want == http.StatusForbidden && !strings.Contains(r.Problem(t).Detail, "origin not allowed") {
				t.Errorf("problem %s, want the CSRF origin rule", r.Body)
			}
		})
	}

	t.Run("invitation link", func(t *testing.T) {
		p := e.mustPortalOrg(t, "Convite Primeiro Deploy", 2)
		settle()
		email := "first-deploy-" + p.ID + "@cliente.example"
		c := p.contact(t, "Prado", email)
		MustStatus(t, p.invite(t, "Contacts", c.ID, p.Free.ID), http.StatusCreated)
		token := tokenIn(t, email, "invite")
		ms := mailsTo(t, email)
		want := portalOrigin + "/p/" + p.Slug + "/invite/" + token
		if text := ms[len(ms)-1].Body.Text; !strings.Contains(text, want) {
			t.Errorf("invitation text %q does not link %s", text, want)
		}
	})

	t.Run("staff reset link from the reset mailer", func(t *testing.T) {
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset", map[string]string{"email": o.UserEmail}, "Origin", portalOrigin), http.StatusAccepted)
		ms := mailsTo(t, o.UserEmail)
		if len(ms) == 0 {
			t.Fatal("no reset email")
		}
		if text := ms[len(ms)-1].Body.Text; !strings.Contains(text, portalOrigin+"/admin/reset/") {
			t.Errorf("reset text %q does not link under %s/admin/reset/", text, portalOrigin)
		}
	})
}
