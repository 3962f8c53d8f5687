package apitest

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"crmportal/infra/seed"
	"crmportal/infra/template"
	"crmportal/shared/auth"
	"crmportal/shared/routes"
)

// TestSecurityHeadersOnEveryRoute: every route of template.yaml, answering an anonymous
// caller (mostly with an error), carries the security headers docs/security.md lists.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	e := MustEnv(t)
	tmpl, err := template.Load(filepath.Join("../..", "template.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := e.Client(t)
	want := map[string]*regexp.Regexp{
		"Strict-Transport-Security": regexp.MustCompile(`max-age=\d{7,}`),
		"Content-Security-Policy":   regexp.MustCompile(`frame-ancestors 'none'`),
		"X-Content-Type-Options":    regexp.MustCompile(`^nosniff$`),
		"Referrer-Policy":           regexp.MustCompile(`^(no-referrer|strict-origin-when-cross-origin|same-origin)$`),
	}
	n := 0
	for _, r := range append(tmpl.Routes(), routes.Route{Method: "GET", Path: "/api/no-such-route"}, routes.Route{Method: "DELETE", Path: "/api/health"}) {
		path := strings.NewReplacer("{module}", "Contacts", "{id}", "zzzzzzzzzzzzzzzzzzzz", "{noteId}", "zzzzzzzzzzzzzzzzzzzz",
			"{aid}", "zzzzzzzzzzzzzzzzzzzz", "{slug}", "no-such-portal", "{token}", strings.Repeat("A", 43), "{jobId}", "zzzzzzzzzzzzzzzzzzzz",
			"{action}", "resend", "{name}", "invitation", "{lang}", "en").Replace(r.Path)
		var body any
		if r.Method != "GET" && r.Method != "DELETE" {
			body = map[string]any{}
		}
		got := c.Do(r.Method, path, body)
		n++
		for h, re := range want {
			if v := got.Header.Get(h); !re.MatchString(v) {
				t.Errorf("%s %s (status %d): %s = %q", r.Method, path, got.Status, h, v)
			}
		}
		if got.Status >= 400 && !strings.HasPrefix(got.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s %s: error %d as %q, want application/problem+json", r.Method, path, got.Status, got.Header.Get("Content-Type"))
		}
	}
	t.Logf("%d routes checked", n)
}

// TestSessionCookieAttributes: both session cookies are __Host- cookies, Secure, HttpOnly,
// SameSite=Lax, Path=/, without Domain.
func TestSessionCookieAttributes(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	check := func(lines []string, name string) {
		t.Helper()
		for _, l := range lines {
			if !strings.HasPrefix(l, name+"=") {
				continue
			}
			for _, attr := range []string{"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} {
				if !strings.Contains(l, "; "+attr) {
					t.Errorf("%s lacks %s: %s", name, attr, l)
				}
			}
			if strings.Contains(strings.ToLower(l), "domain=") {
				t.Errorf("%s has a Domain: %s", name, l)
			}
			return
		}
		t.Errorf("no %s cookie among %v", name, lines)
	}
	staffClient := e.Client(t)
	staffClient.Login(seed.DemoAdminEmail, demoPassword)
	check(staffClient.setCookies, auth.StaffCookie)
	customer := e.customer(t, d, e.demoContacts(t)[20])
	check(customer.setCookies, auth.PortalCookie)
}

// TestCSRFRefusals: a state change with a session cookie but without the header, or from
// another origin, is refused with 403 and changes nothing; so is an anonymous portal login
// from another origin.
func TestCSRFRefusals(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	customer := e.customer(t, d, e.demoContacts(t)[21])
	prefs := map[string]any{"language": "en", "timeFormat": "12h", "timeZone": "Europe/Lisbon", "country": "PT"}
	for _, tt := range []struct {
		name string
		hdr  []string
	}{
		{"no header", []string{"X-Requested-With", ""}},
		{"another value", []string{"X-Requested-With", "XMLHttpRequest"}},
		{"foreign origin", []string{"Origin", "https://evil.example"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			MustStatus(t, customer.Do("PATCH", "/api/me/preferences", prefs, tt.hdr...), http.StatusForbidden)
			MustStatus(t, d.admin.Do("PATCH", "/api/admin/org", map[string]any{"name": "Hacked"}, tt.hdr...), http.StatusForbidden)
			MustStatus(t, e.Client(t).Do("POST", "/api/p/"+seed.DemoPortalSlug+"/login",
				map[string]any{"email": "x@example.com", "password": "whatever it is"}, tt.hdr...), http.StatusForbidden)
			MustStatus(t, customer.Do("POST", "/api/logout", nil, tt.hdr...), http.StatusForbidden)
		})
	}
	var me struct{ Preferences map[string]string }
	customer.Do("GET", "/api/me", nil).JSON(t, &me)
	if me.Preferences["timeZone"] == "Europe/Lisbon" {
		t.Error("a refused request changed the preferences")
	}
	var org struct{ Name string }
	d.admin.Do("GET", "/api/admin/org", nil).JSON(t, &org)
	if org.Name == "Hacked" {
		t.Error("a refused request renamed the organization")
	}
	MustStatus(t, customer.Do("PATCH", "/api/me/preferences", prefs, "Origin", origin), http.StatusOK)
}

// TestLoginsOfKnownAndUnknownEmailsDoTheSameWork: at every stage of the throttle (free
// attempts, delayed ones, refused ones), a wrong password for a known email and any password
// for an unknown one get the same answer after the same delay, the same DynamoDB calls (in
// the same order, on the same kinds of items, with the same consistency and expressions) and
// the same Argon2id work. It counts the work instead of timing it: on a loaded machine,
// times measure the machine.
func TestLoginsOfKnownAndUnknownEmailsDoTheSameWork(t *testing.T) {
	e := MustEnv(t)
	for _, rig := range []func(*testing.T) *loginRig{e.staffRig, e.portalRig} {
		l := rig(t)
		t.Run(l.name, func(t *testing.T) {
			l.t = t
			th := auth.DefaultThrottle
			unknown := "nobody-" + l.name + "-" + l.prefix[len("2001:db8:"):] + "@cliente.example"
			network := l.network(0, 0)
			for i := 0; i <= th.PairLimit+1; i++ {
				k := l.attempt(l.email, "not the password at all", network)
				u := l.attempt(unknown, "not the password at all", network)
				stage := fmt.Sprintf("attempt %d", i+1)
				wantStatus, wantRuns := http.StatusUnauthorized, int64(1)
				if i >= th.PairLimit {
					wantStatus, wantRuns = http.StatusTooManyRequests, 0
				}
				if k.Status != wantStatus || k.Argon2Runs != wantRuns {
					t.Errorf("%s, known email: status %d after %d Argon2id derivations, want %d after %d", stage, k.Status, k.Argon2Runs, wantStatus, wantRuns)
				}
				if len(k.Calls) < 2 {
					t.Errorf("%s: %d DynamoDB calls recorded, want the lookup and the throttle's at least", stage, len(k.Calls))
				}
				for _, c := range []struct {
					what      string
					ofKnown   any
					ofUnknown any
				}{
					{"status", k.Status, u.Status},
					{"problem", k.Detail, u.Detail},
					{"Retry-After", k.RetryAfter, u.RetryAfter},
					{"delays", k.Slept, u.Slept},
					{"Argon2id derivations", k.Argon2Runs, u.Argon2Runs},
					{"Argon2id cost (KiB-passes)", k.Argon2Work, u.Argon2Work},
					{"DynamoDB calls", strings.Join(k.Calls, "\n"), strings.Join(u.Calls, "\n")},
				} {
					if fmt.Sprint(c.ofKnown) != fmt.Sprint(c.ofUnknown) {
						t.Errorf("%s: %s differ:\nknown email:   %v\nunknown email: %v", stage, c.what, c.ofKnown, c.ofUnknown)
					}
				}
			}
		})
	}
}

// TestArgon2idParametersReadBack: the stored password hashes carry the Argon2id parameters
// docs/security.md gives (m=19456 KiB, t=2, p=1).
func TestArgon2idParametersReadBack(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contact := e.demoContacts(t)[23]
	e.customer(t, d, contact)
	u, err := e.store.PortalUserByRecord(t.Context(), seed.DemoOrgID, contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.store.StaffByEmail(t.Context(), seed.DemoAdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$`)
	for who, h := range map[string]string{"portal user": u.PasswordHash, "staff": s.PasswordHash} {
		m := re.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("%s hash %q is not an Argon2id PHC string", who, h)
		}
		mem, _ := strconv.Atoi(m[1])
		iter, _ := strconv.Atoi(m[2])
		if mem < 19456 || iter < 2 || m[3] != "1" {
			t.Errorf("%s hash parameters m=%s t=%s p=%s, want m>=19456 KiB, t>=2, p=1", who, m[1], m[2], m[3])
		}
	}
}
