package apitest

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
	"crmportal/shared/mfa"
	"crmportal/shared/secondfactor"
	"crmportal/shared/store"
)

// totpCode is the code of secret at now+offset (what the authenticator app shows then),
// computed from the secret as an app does.
func totpCode(t *testing.T, secret string, offset time.Duration) string {
	t.Helper()
	c, err := mfa.Code(secret, time.Now().Add(offset))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolment is a 201 with a new TOTP secret.
type enrolment struct {
	Secret     string `json:"secret"`
	OTPAuthURI string `json:"otpauthUri"`
	QRSVG      string `json:"qrSvg"`
}

// pending is a login's 202.
type pending struct {
	SecondFactor struct {
		Methods []string `json:"methods"`
		Enrol   bool     `json:"enrol"`
	} `json:"secondFactor"`
}

// mustPending logs in with c and checks that the answer is a 202 asking for a second factor
// (enrol or not), with the pending cookie and no session cookie.
func mustPending(t *testing.T, c *client, path, email, password, cookie, session string, enrol bool) {
	t.Helper()
	r := c.Do("POST", path, map[string]string{"email": email, "password": password})
	MustStatus(t, r, http.StatusAccepted)
	var p pending
	r.JSON(t, &p)
	if p.SecondFactor.Enrol != enrol {
		t.Fatalf("enrol = %v, want %v (%s)", p.SecondFactor.Enrol, enrol, r.Body)
	}
	if c.cookies[cookie] == "" {
		t.Fatalf("no %s cookie: %v", cookie, c.setCookies)
	}
	if _, ok := c.cookies[session]; ok {
		t.Fatalf("a pending login set the session cookie %s", session)
	}
	for _, sc := range c.setCookies {
		if strings.HasPrefix(sc, cookie+"=") && !(strings.Contains(sc, "HttpOnly") && strings.Contains(sc, "Secure") && strings.Contains(sc, "SameSite=Strict") && strings.Contains(sc, "Max-Age=300")) {
			t.Errorf("pending cookie %q lacks HttpOnly, Secure, SameSite=Strict or 5 minutes", sc)
		}
	}
}

// auditActions lists the actions of org's audit log (after the window of stale reads).
func (e *env) auditActions(t *testing.T, org string) []string {
	t.Helper()
	settle()
	entries, _, err := e.store.ListAudit(context.Background(), org, store.AuditFilter{}, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range entries {
		out = append(out, a.Action+" "+a.Detail)
	}
	return out
}

func countPrefix(list []string, prefix string) int {
	n := 0
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

// accountFailures is the login throttle's count of failures of account (with passwordHash) in
// the current window.
func (e *env) accountFailures(t *testing.T, account, passwordHash string) int {
	t.Helper()
	now := time.Now()
	_, counts, err := e.store.LoginState(context.Background(), auth.DefaultThrottle.WindowStart(now),
		store.NewLoginKeys(account, auth.HashSecret(passwordHash), "192.0.2.1"))
	if err != nil {
		t.Fatal(err)
	}
	return counts.Account
}

// TestPortalTOTP walks a portal user through the TOTP factor: enrolment from the account page,
// logins with a code and with recovery codes, and every bad input of the issue: a wrong code,
// a code of another user, a reused code, a recovery code used twice, a pending login used twice
// or expired, no data route for a pending login, disabling without the password or with a
// wrong code; the throttle counts wrong codes and the audit log has every step.
func TestPortalTOTP(t *testing.T) {
	e := MustEnv(t)
	p, email := e.activePortalUser(t, "Dois Fatores")
	const password = "the first portal passphrase"
	loginPath := "/api/p/" + p.Slug + "/login"
	stepPath := loginPath + "/second-factor"
	step := func(c *client, body map[string]string) response { return c.Do("POST", stepPath, body) }

	c := e.Client(t)
	MustStatus(t, c.Do("POST", loginPath, map[string]string{"email": email, "password": password}), http.StatusOK)
	var st secondfactor.StatusJSON
	c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
	if st.Policy != mfa.Optional || st.TOTP.Enabled {
		t.Fatalf("status before enrolling = %+v, want optional and not enabled", st)
	}

	// Enrolment: a wrong first code changes nothing; the right one enables it.
	r := c.Do("POST", "/api/me/mfa", map[string]string{"action": "start"})
	MustStatus(t, r, http.StatusCreated)
	var en enrolment
	r.JSON(t, &en)
	if !strings.Contains(en.OTPAuthURI, "secret="+en.Secret) || !strings.HasPrefix(en.QRSVG, "<svg") {
		t.Fatalf("enrolment = %+v", en)
	}
	other, _ := mfa.NewKey("x", "y")
	r = c.Do("POST", "/api/me/mfa", map[string]string{"action": "confirm", "code": totpCode(t, other.Secret, 0)})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); !slices.Equal(f, []string{"code"}) {
		t.Errorf("wrong first code names %v, want [code]", f)
	}
	r = c.Do("POST", "/api/me/mfa", map[string]string{"action": "confirm", "code": totpCode(t, en.Secret, -30*time.Second)})
	MustStatus(t, r, http.StatusOK)
	var rc secondfactor.RecoveryJSON
	r.JSON(t, &rc)
	if len(rc.RecoveryCodes) != 10 {
		t.Fatalf("%d recovery codes, want 10", len(rc.RecoveryCodes))
	}
	c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
	if !st.TOTP.Enabled || st.RecoveryCodesLeft != 10 {
		t.Fatalf("status after enrolling = %+v", st)
	}

	t.Run("a login asks for the code; no data route answers the pending login", func(t *testing.T) {
		c := e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusUnauthorized)
		MustStatus(t, c.Do("GET", "/api/me/mfa", nil), http.StatusUnauthorized)
		MustStatus(t, c.Do("GET", "/api/me/tabs", nil), http.StatusUnauthorized)
	})

	t.Run("wrong code, another user's code, then the code: once", func(t *testing.T) {
		c := e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		user, _ := e.store.PortalUserByEmail(context.Background(), p.ID, email)
		before := e.accountFailures(t, "portal "+p.ID+" "+store.NormalizeEmail(email), user.PasswordHash)
		for _, code := range []string{"000000", totpCode(t, other.Secret, 0)} {
			r := step(c, map[string]string{"method": "totp", "code": code})
			MustStatus(t, r, http.StatusUnauthorized)
			if f := r.Problem(t).fields(); !slices.Equal(f, []string{"code"}) {
				t.Errorf("a wrong code names %v, want [code]", f)
			}
		}
		if got := e.accountFailures(t, "portal "+p.ID+" "+store.NormalizeEmail(email), user.PasswordHash); got != before+2 {
			t.Errorf("the throttle counted %d failures for two wrong codes, want 2", got-before)
		}
		code := totpCode(t, en.Secret, 0)
		saved := c.cookies[secondfactor.PortalPendingCookie]
		r := step(c, map[string]string{"method": "totp", "code": code})
		MustStatus(t, r, http.StatusOK)
		if c.cookies["__Host-portal"] == "" || c.cookies[secondfactor.PortalPendingCookie] != "" {
			t.Fatalf("after the second step: cookies %v, want the session and no pending one", c.setCookies)
		}
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusOK)

		// The pending login is spent.
		c2 := e.Client(t)
		c2.cookies[secondfactor.PortalPendingCookie] = saved
		MustStatus(t, step(c2, map[string]string{"method": "totp", "code": totpCode(t, en.Secret, 30*time.Second)}), http.StatusUnauthorized)

		// The same code again, in a new login: refused (each code once), and no earlier one either.
		c3 := e.Client(t)
		mustPending(t, c3, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		MustStatus(t, step(c3, map[string]string{"method": "totp", "code": code}), http.StatusUnauthorized)
		MustStatus(t, step(c3, map[string]string{"method": "totp", "code": totpCode(t, en.Secret, -30*time.Second)}), http.StatusUnauthorized)
		if _, ok := c3.cookies["__Host-portal"]; ok {
			t.Error("a reused code started a session")
		}
	})

	t.Run("recovery codes work once each, in any case, with or without the dash", func(t *testing.T) {
		c := e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		MustStatus(t, step(c, map[string]string{"method": "recovery", "code": rc.RecoveryCodes[0]}), http.StatusOK)
		c = e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		MustStatus(t, step(c, map[string]string{"method": "recovery", "code": rc.RecoveryCodes[0]}), http.StatusUnauthorized)
		MustStatus(t, step(c, map[string]string{"method": "recovery", "code": strings.ToUpper(strings.ReplaceAll(rc.RecoveryCodes[1], "-", ""))}), http.StatusOK)
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		if st.RecoveryCodesLeft != 8 {
			t.Errorf("recovery codes left = %d, want 8", st.RecoveryCodesLeft)
		}
	})

	t.Run("an expired pending login is refused", func(t *testing.T) {
		c := e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		hash := auth.HashSecret(c.cookies[secondfactor.PortalPendingCookie])
		past := strconv.FormatInt(time.Now().Add(-time.Second).Unix(), 10)
		if _, err := e.deps.DynamoDB.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(e.deps.Config.TableName),
			Key:                       map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "MFAPENDING#" + hash}, "SK": &types.AttributeValueMemberS{Value: "MFAPENDING"}},
			UpdateExpression:          aws.String("SET expiresAt = :t"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberN{Value: past}}}); err != nil {
			t.Fatal(err)
		}
		MustStatus(t, step(c, map[string]string{"method": "recovery", "code": rc.RecoveryCodes[2]}), http.StatusUnauthorized)
	})

	t.Run("a password reset by email keeps the factor", func(t *testing.T) {
		MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": email}), http.StatusAccepted)
		waitForMail(t)
		MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+tokenIn(t, email, "reset"), map[string]string{"password": password}), http.StatusNoContent)
		c := e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
	})

	t.Run("disabling needs the password and a current code", func(t *testing.T) {
		c := e.Client(t)
		mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
		MustStatus(t, step(c, map[string]string{"method": "recovery", "code": rc.RecoveryCodes[3]}), http.StatusOK)
		for _, tt := range []struct {
			name  string
			body  map[string]string
			field string
		}{
			{"no password", map[string]string{"action": "disable", "code": totpCode(t, en.Secret, 0)}, "password"},
			{"wrong password", map[string]string{"action": "disable", "password": "not it at all", "code": totpCode(t, en.Secret, 0)}, "password"},
			{"wrong code", map[string]string{"action": "disable", "password": password, "code": totpCode(t, other.Secret, 0)}, "code"},
		} {
			r := c.Do("POST", "/api/me/mfa", tt.body)
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); !slices.Contains(f, tt.field) {
				t.Errorf("%s: fields %v, want %s", tt.name, f, tt.field)
			}
		}
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		if !st.TOTP.Enabled {
			t.Fatal("a refused disable turned the factor off")
		}
		MustStatus(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "disable", "password": password, "code": totpCode(t, en.Secret, 30*time.Second)}), http.StatusNoContent)
		MustStatus(t, e.Client(t).Do("POST", loginPath, map[string]string{"email": email, "password": password}), http.StatusOK)
	})

	got := e.auditActions(t, p.ID)
	for _, want := range []string{"mfa_enrolled totp", "mfa_used totp", "mfa_used recovery", "mfa_failed totp", "mfa_failed recovery", "mfa_disabled totp"} {
		if countPrefix(got, want) == 0 {
			t.Errorf("the audit log lacks %q: %v", want, got)
		}
	}
}

// setMFA sets a user type's second-factor policy as the console's editor does.
func (p portalOrg) setMFA(t *testing.T, typeID, policy string) {
	t.Helper()
	MustStatus(t, p.putMFA(t, typeID, policy), http.StatusOK)
}

// putMFA puts a user type back with the second-factor policy policy: the type read, the
// policy changed, the whole type put back.
func (p portalOrg) putMFA(t *testing.T, typeID, policy string) response {
	t.Helper()
	r := p.Admin.Do("GET", "/api/admin/user-types/"+typeID, nil)
	MustStatus(t, r, http.StatusOK)
	var got map[string]any
	r.JSON(t, &got)
	body := map[string]any{"mfa": policy}
	for _, k := range []string{"name", "baseModule", "seats", "openFirstTab", "tabs", "notify", "delegable", "fields"} {
		if v, ok := got[k]; ok {
			body[k] = v
		}
	}
	version := strconv.Itoa(int(got["version"].(float64)))
	return p.Admin.Do("PUT", "/api/admin/user-types/"+typeID, body, "If-Match", version)
}

// TestPortalMFARequired: a type that requires a second factor makes its users enrol at their
// next login before any data route answers; they cannot turn it off; new recovery codes void
// the old; the console lists the factor; a type whose policy is off asks for none and lets
// nobody enrol; an admin's reset (audited) makes them enrol again; erasing the user erases the
// factor; an invalid policy is a 422 naming mfa.
func TestPortalMFARequired(t *testing.T) {
	e := MustEnv(t)
	p, email := e.activePortalUser(t, "Fator Exigido")
	const password = "the first portal passphrase"
	loginPath := "/api/p/" + p.Slug + "/login"
	stepPath := loginPath + "/second-factor"

	r := p.Admin.Do("GET", "/api/admin/user-types/"+p.Free.ID, nil)
	var ut map[string]any
	r.JSON(t, &ut)
	if ut["mfa"] != "optional" {
		t.Errorf("a new type's mfa = %v, want optional", ut["mfa"])
	}
	r = p.putMFA(t, p.Free.ID, "always")
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); !slices.Contains(f, "mfa") {
		t.Errorf("an invalid policy names %v, want mfa", f)
	}
	p.setMFA(t, p.Free.ID, "required")
	settle()

	c := e.Client(t)
	mustPending(t, c, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", true)
	MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	r = c.Do("POST", stepPath, map[string]string{"method": "recovery", "code": "22222-22222"})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	r = c.Do("POST", stepPath, map[string]string{"method": "enrol"})
	MustStatus(t, r, http.StatusCreated)
	var en enrolment
	r.JSON(t, &en)
	MustStatus(t, c.Do("POST", stepPath, map[string]string{"method": "totp", "code": "123456"}), http.StatusUnauthorized)
	r = c.Do("POST", stepPath, map[string]string{"method": "totp", "code": totpCode(t, en.Secret, 0)})
	MustStatus(t, r, http.StatusOK)
	var me struct {
		Email         string   `json:"email"`
		RecoveryCodes []string `json:"recoveryCodes"`
	}
	r.JSON(t, &me)
	if me.Email != email || len(me.RecoveryCodes) != 10 {
		t.Fatalf("the enrolling login answered %s", r.Body)
	}
	MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusOK)
	r = c.Do("POST", "/api/me/mfa", map[string]string{"action": "disable", "password": password, "code": totpCode(t, en.Secret, 30*time.Second)})
	MustStatus(t, r, http.StatusConflict)

	// New recovery codes replace the old ones.
	r = c.Do("POST", "/api/me/mfa", map[string]string{"action": "recovery-codes", "password": password, "code": totpCode(t, en.Secret, 30*time.Second)})
	MustStatus(t, r, http.StatusOK)
	var fresh secondfactor.RecoveryJSON
	r.JSON(t, &fresh)
	c2 := e.Client(t)
	mustPending(t, c2, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", false)
	MustStatus(t, c2.Do("POST", stepPath, map[string]string{"method": "recovery", "code": me.RecoveryCodes[0]}), http.StatusUnauthorized)
	MustStatus(t, c2.Do("POST", stepPath, map[string]string{"method": "recovery", "code": fresh.RecoveryCodes[0]}), http.StatusOK)

	// The console lists the factor; an admin's reset makes the user enrol again.
	settle()
	var list struct {
		Items []struct {
			ID    string   `json:"id"`
			Email string   `json:"email"`
			MFA   []string `json:"mfa"`
		} `json:"items"`
	}
	p.Admin.Do("GET", "/api/admin/portal-users", nil).JSON(t, &list)
	id := ""
	for _, u := range list.Items {
		if u.Email == email {
			id = u.ID
			if !slices.Equal(u.MFA, []string{"totp"}) {
				t.Errorf("the list's mfa = %v, want [totp]", u.MFA)
			}
		}
	}
	// Off: the type's users are not asked, even with a factor, and cannot enrol.
	p.setMFA(t, p.Free.ID, "off")
	settle()
	c3 := e.Client(t)
	MustStatus(t, c3.Do("POST", loginPath, map[string]string{"email": email, "password": password}), http.StatusOK)
	MustStatus(t, c3.Do("POST", "/api/me/mfa", map[string]string{"action": "start"}), http.StatusForbidden)
	p.setMFA(t, p.Free.ID, "required")
	settle()

	// An admin's reset (not a staff user's) makes the user enrol again.
	MustStatus(t, p.User.Do("POST", "/api/admin/portal-users/"+id+"/mfa-reset", nil), http.StatusForbidden)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+id+"/mfa-reset", nil), http.StatusNoContent)
	c4 := e.Client(t)
	mustPending(t, c4, loginPath, email, password, secondfactor.PortalPendingCookie, "__Host-portal", true)
	if got := e.auditActions(t, p.ID); countPrefix(got, "mfa_reset") != 1 || countPrefix(got, "mfa_recovery_codes") != 1 {
		t.Errorf("the audit log has %d mfa_reset and %d mfa_recovery_codes, want 1 each: %v", countPrefix(got, "mfa_reset"), countPrefix(got, "mfa_recovery_codes"), got)
	}
	r = c4.Do("POST", stepPath, map[string]string{"method": "enrol"})
	MustStatus(t, r, http.StatusCreated)
	r.JSON(t, &en)
	MustStatus(t, c4.Do("POST", stepPath, map[string]string{"method": "totp", "code": totpCode(t, en.Secret, 0)}), http.StatusOK)

	// Erasing the user erases their second factor with their other credentials.
	if _, err := e.store.GetFactor(context.Background(), p.ID, store.FactorPortal, id); err != nil {
		t.Fatalf("before the erasure: %v", err)
	}
	MustStatus(t, p.Admin.Do("DELETE", "/api/admin/portal-users/"+id, nil), http.StatusNoContent)
	if _, err := e.store.GetFactor(context.Background(), p.ID, store.FactorPortal, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after the erasure the factor is %v, want gone", err)
	}
}

// TestStaffTOTP: the organization's staffMfa makes admins enrol at their next login while
// members sign in with their password; a member enrols from their own settings and then is
// asked; an admin resets a member's factor (not their own here), audited.
func TestStaffTOTP(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Equipe Dois Fatores")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	r := admin.Do("PATCH", "/api/admin/org", map[string]string{"staffMfa": "everyone"})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	MustStatus(t, admin.Do("PATCH", "/api/admin/org", map[string]string{"staffMfa": "admins"}), http.StatusOK)
	settle()

	c := e.Client(t)
	mustPending(t, c, "/api/admin/login", o.AdminEmail, o.Password, secondfactor.StaffPendingCookie, "__Host-staff", true)
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	r = c.Do("POST", "/api/admin/login/second-factor", map[string]string{"method": "enrol"})
	MustStatus(t, r, http.StatusCreated)
	var en enrolment
	r.JSON(t, &en)
	r = c.Do("POST", "/api/admin/login/second-factor", map[string]string{"method": "totp", "code": totpCode(t, en.Secret, 0)})
	MustStatus(t, r, http.StatusOK)
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)

	// A member is not required: they sign in, then enrol from their settings.
	m := e.LoggedIn(t, o.UserEmail, o.Password)
	var before struct {
		Items []struct {
			ID  string    `json:"id"`
			MFA *[]string `json:"mfa"`
		} `json:"items"`
	}
	c.Do("GET", "/api/admin/staff", nil).JSON(t, &before)
	for _, it := range before.Items {
		if it.ID == o.MemberID && (it.MFA == nil || len(*it.MFA) != 0) {
			t.Errorf("a member without a factor lists mfa %v, want []", it.MFA)
		}
	}
	var st secondfactor.StatusJSON
	m.Do("GET", "/api/admin/me/mfa", nil).JSON(t, &st)
	if st.Policy != mfa.Optional || st.TOTP.Enabled {
		t.Fatalf("the member's status = %+v", st)
	}
	r = m.Do("POST", "/api/admin/me/mfa", map[string]string{"action": "start"})
	MustStatus(t, r, http.StatusCreated)
	var men enrolment
	r.JSON(t, &men)
	MustStatus(t, m.Do("POST", "/api/admin/me/mfa", map[string]string{"action": "confirm", "code": totpCode(t, men.Secret, 0)}), http.StatusOK)
	m2 := e.Client(t)
	mustPending(t, m2, "/api/admin/login", o.UserEmail, o.Password, secondfactor.StaffPendingCookie, "__Host-staff", false)
	// The admin's code is not the member's.
	MustStatus(t, m2.Do("POST", "/api/admin/login/second-factor", map[string]string{"method": "totp", "code": totpCode(t, en.Secret, 30*time.Second)}), http.StatusUnauthorized)
	MustStatus(t, m2.Do("POST", "/api/admin/login/second-factor", map[string]string{"method": "totp", "code": totpCode(t, men.Secret, 30*time.Second)}), http.StatusOK)

	settle()
	var list struct {
		Items []struct {
			ID  string   `json:"id"`
			MFA []string `json:"mfa"`
		} `json:"items"`
	}
	c.Do("GET", "/api/admin/staff", nil).JSON(t, &list)
	for _, it := range list.Items {
		if !slices.Equal(it.MFA, []string{"totp"}) {
			t.Errorf("staff %s lists mfa %v, want [totp]", it.ID, it.MFA)
		}
	}
	MustStatus(t, c.Do("POST", "/api/admin/staff/"+o.AdminID+"/mfa-reset", nil), http.StatusConflict)
	MustStatus(t, m.Do("POST", "/api/admin/staff/"+o.AdminID+"/mfa-reset", nil), http.StatusForbidden)
	MustStatus(t, c.Do("POST", "/api/admin/staff/"+o.MemberID+"/mfa-reset", nil), http.StatusNoContent)
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/login", map[string]string{"email": o.UserEmail, "password": o.Password}), http.StatusOK)
	got := e.auditActions(t, o.ID)
	for _, want := range []string{"mfa_enrolled totp", "mfa_used totp", "mfa_failed totp", "mfa_reset staff"} {
		if countPrefix(got, want) == 0 {
			t.Errorf("the audit log lacks %q: %v", want, got)
		}
	}
}
