package apitest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"crmportal/infra/sesinbox"
	"crmportal/shared/auth"
)

func TestLoginSetsAHostCookieAndMeAnswers(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Login Ltda")
	c := e.Client(t)
	r := c.Do("POST", "/api/admin/login", map[string]string{"email": strings.ToUpper(o.AdminEmail), "password": o.Password})
	MustStatus(t, r, http.StatusOK)
	if len(c.setCookies) != 1 {
		t.Fatalf("Set-Cookie = %q, want one session cookie", c.setCookies)
	}
	ck := c.setCookies[0]
	for _, want := range []string{auth.StaffCookie + "=", "Path=/", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age="} {
		if !strings.Contains(ck, want) {
			t.Errorf("cookie %q lacks %q", ck, want)
		}
	}
	if strings.Contains(ck, "Domain=") {
		t.Errorf("a __Host- cookie has no Domain: %q", ck)
	}
	var me struct {
		User struct{ ID, Email, Role string }
		Org  struct{ ID, Name string }
	}
	r = c.Do("GET", "/api/admin/me", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &me)
	if me.User.ID != o.AdminID || me.User.Role != "admin" || me.Org.ID != o.ID || me.Org.Name != "Login Ltda" {
		t.Errorf("me = %+v", me)
	}
	if strings.Contains(string(r.Body), "passwordHash") || strings.Contains(string(r.Body), "argon2") {
		t.Errorf("me leaks the password hash: %s", r.Body)
	}
}

func TestWrongPasswordAndUnknownEmailAnswerTheSame(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Same Answer")
	bodies := map[string]problem{}
	for name, creds := range map[string][2]string{
		"wrong password": {o.AdminEmail, "not the password at all"},
		"unknown email":  {"nobody-" + o.ID + "@staff.example", "not the password at all"},
		"empty hash":     {o.UserEmail, o.Password + "x"},
	} {
		r := e.Client(t).Do("POST", "/api/admin/login", map[string]string{"email": creds[0], "password": creds[1]})
		MustStatus(t, r, http.StatusUnauthorized)
		if len(r.Header.Values("Set-Cookie")) != 0 {
			t.Errorf("%s: a failed login set a cookie", name)
		}
		bodies[name] = r.Problem(t)
	}
	if bodies["wrong password"].Detail != bodies["unknown email"].Detail || bodies["wrong password"].Type != bodies["unknown email"].Type {
		t.Errorf("answers differ: %+v vs %+v", bodies["wrong password"], bodies["unknown email"])
	}
}

func TestLogoutEndsTheSessionAndNeedsTheCSRFHeader(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Logout SA")
	c := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, c.Do("POST", "/api/logout", nil, "X-Requested-With", ""), http.StatusForbidden)
	MustStatus(t, c.Do("POST", "/api/logout", nil, "Origin", "https://evil.example"), http.StatusForbidden)
	stolen := c.cookies[auth.StaffCookie]
	MustStatus(t, c.Do("POST", "/api/logout", nil), http.StatusNoContent)
	if _, ok := c.cookies[auth.StaffCookie]; ok {
		t.Error("logout did not clear the cookie")
	}
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	// The old token is dead on the server too, not only forgotten by the browser.
	c.cookies[auth.StaffCookie] = stolen
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
}

func TestStateChangesWithACookieNeedTheHeaderAndTheOrigin(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "CSRF Ltda")
	c := e.LoggedIn(t, o.AdminEmail, o.Password)
	body := map[string]string{"name": "Changed"}
	MustStatus(t, c.Do("PATCH", "/api/admin/org", body, "X-Requested-With", ""), http.StatusForbidden)
	MustStatus(t, c.Do("PATCH", "/api/admin/org", body, "Origin", "https://evil.example"), http.StatusForbidden)
	MustStatus(t, c.Do("PATCH", "/api/admin/org", body, "Origin", origin), http.StatusOK)
}

func TestSessionsExpire(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Expiry")
	c := e.LoggedIn(t, o.AdminEmail, o.Password)
	raw := c.cookies[auth.StaffCookie]
	_, secret, _ := auth.ParseSessionToken(raw)
	// Move the idle expiry into the past, as two idle hours would.
	if err := e.store.TouchSession(context.Background(), auth.HashSecret(secret), time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
}

// lastLink returns the newest reset link mailed to email, from the SES emulator's store, once
// the reset mailer has carried out the requests stored so far (waitForMail).
func lastLink(t *testing.T, email string) string {
	t.Helper()
	ms := mailsTo(t, email)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.Body.HTML == "" || m.Body.Text == "" {
			t.Errorf("email lacks an HTML or text part: %+v", m)
		}
		if got := sesinbox.StaffResetLink.FindStringSubmatch(m.Body.Text); got != nil {
			return got[1]
		}
	}
	t.Fatalf("no reset email to %s", email)
	return ""
}

func TestPasswordResetByEmail(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Reset Ltda")
	old := e.LoggedIn(t, o.AdminEmail, o.Password)
	anon := e.Client(t)
	MustStatus(t, anon.Do("POST", "/api/admin/password-reset", map[string]string{"email": o.AdminEmail}), http.StatusAccepted)
	unknown := anon.Do("POST", "/api/admin/password-reset", map[string]string{"email": "nobody-" + o.ID + "@staff.example"})
	MustStatus(t, unknown, http.StatusAccepted)
	token := lastLink(t, o.AdminEmail)

	r := anon.Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": "short"})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.Problem(t).fields(); len(got) != 1 || got[0] != "password" {
		t.Errorf("fields = %v, want [password]", got)
	}
	MustStatus(t, anon.Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": "password1234"}), http.StatusUnprocessableEntity)
	newPassword := "a brand new passphrase for the console"
	MustStatus(t, anon.Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": newPassword}), http.StatusNoContent)
	MustStatus(t, anon.Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": newPassword + "!"}), http.StatusGone)
	MustStatus(t, anon.Do("POST", "/api/admin/password-reset/"+strings.Repeat("A", 43), map[string]string{"password": newPassword}), http.StatusGone)

	MustStatus(t, old.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized) // sessions end on reset
	MustStatus(t, anon.Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password}), http.StatusUnauthorized)
	e.LoggedIn(t, o.AdminEmail, newPassword)

	// The stored hash is Argon2id with the policy's parameters.
	u, err := e.store.GetStaff(context.Background(), o.ID, o.AdminID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := auth.ParseHashParams(u.PasswordHash)
	if err != nil || p.Memory < 19*1024 || p.Time < 2 || p.Threads != 1 {
		t.Errorf("hash parameters = %+v, %v; want m >= 19 MiB, t >= 2, p = 1", p, err)
	}
}

func TestAPITokens(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Tokens")
	c := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, c.Do("POST", "/api/admin/tokens", map[string]string{"name": ""}), http.StatusUnprocessableEntity)
	r := c.Do("POST", "/api/admin/tokens", map[string]string{"name": "nightly export"})
	MustStatus(t, r, http.StatusCreated)
	var created struct {
		Token  struct{ ID, Name, Role string }
		Secret string
	}
	r.JSON(t, &created)
	if !strings.HasPrefix(created.Secret, "cpt_"+o.ID+"_"+created.Token.ID+"_") || created.Token.Role != "admin" {
		t.Fatalf("created = %+v", created)
	}
	list := c.Do("GET", "/api/admin/tokens", nil)
	MustStatus(t, list, http.StatusOK)
	if strings.Contains(string(list.Body), created.Secret[len(created.Secret)-43:]) {
		t.Error("the token list shows the secret")
	}

	script := e.Client(t)
	script.bearer = created.Secret
	MustStatus(t, script.Do("GET", "/api/admin/org", nil), http.StatusOK)
	// A script needs no CSRF header: a bearer token is never sent by a browser on its own.
	MustStatus(t, script.Do("PATCH", "/api/admin/org", map[string]string{"name": "Tokens 2"}, "X-Requested-With", ""), http.StatusOK)
	script.bearer = created.Secret[:len(created.Secret)-1] + "x"
	MustStatus(t, script.Do("GET", "/api/admin/org", nil), http.StatusUnauthorized)

	other := e.LoggedIn(t, o.UserEmail, o.Password)
	MustStatus(t, other.Do("DELETE", "/api/admin/tokens/"+created.Token.ID, nil), http.StatusNotFound)
	MustStatus(t, c.Do("DELETE", "/api/admin/tokens/"+created.Token.ID, nil), http.StatusNoContent)
	script.bearer = created.Secret
	MustStatus(t, script.Do("GET", "/api/admin/org", nil), http.StatusUnauthorized)
}

func TestOrgSettings(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Settings")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	user := e.LoggedIn(t, o.UserEmail, o.Password)
	MustStatus(t, user.Do("GET", "/api/admin/org", nil), http.StatusOK)
	MustStatus(t, user.Do("PATCH", "/api/admin/org", map[string]string{"name": "x"}), http.StatusForbidden)

	r := admin.Do("PATCH", "/api/admin/org", map[string]string{"language": "pt_BR", "timeFormat": "13h", "timeZone": "Mars/Olympus", "country": "XX", "name": ""})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got, want := strings.Join(r.Problem(t).fields(), ","), "name,language,timeFormat,timeZone,country"; got != want {
		t.Errorf("fields = %s, want %s", got, want)
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/org", map[string]any{"name": "Settings", "plan": "gold"}), http.StatusBadRequest)

	r = admin.Do("PATCH", "/api/admin/org", map[string]string{"language": "en-us", "timeFormat": "12h", "timeZone": "Europe/Lisbon", "country": "PT"})
	MustStatus(t, r, http.StatusOK)
	var got struct{ Name, Language, TimeFormat, TimeZone, Country string }
	settle() // the settings are read eventually consistently (the PATCH answers them as saved)
	admin.Do("GET", "/api/admin/org", nil).JSON(t, &got)
	if got.Name != "Settings" || got.Language != "en-US" || got.TimeFormat != "12h" || got.TimeZone != "Europe/Lisbon" || got.Country != "PT" {
		t.Errorf("org = %+v", got)
	}
}
