package apitest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"crmportal/infra/gateway"
	"crmportal/infra/sesinbox"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// mailsTo returns the emails sent to addr, oldest first, once the reset mailer has carried
// out the requests stored so far (waitForMail).
func mailsTo(t *testing.T, addr string) []sesinbox.Message {
	t.Helper()
	waitForMail(t)
	msgs, err := sesinbox.List(context.Background(), http.DefaultClient, st.SESURL)
	if err != nil {
		t.Fatal(err)
	}
	return sesinbox.To(msgs, addr)
}

// tokenIn returns the token of the last email to addr whose link has the path part kind
// ("invite" or "reset"), checking that both parts carry it.
func tokenIn(t *testing.T, addr, kind string) string {
	t.Helper()
	ms := mailsTo(t, addr)
	if len(ms) == 0 {
		t.Fatalf("no email to %s", addr)
	}
	m := ms[len(ms)-1]
	got := sesinbox.PortalLink(kind).FindStringSubmatch(m.Body.Text)
	if got == nil {
		t.Fatalf("no %s link in the text part %q", kind, m.Body.Text)
	}
	if !regexp.MustCompile(`href="[^"]*/` + kind + `/` + got[1] + `"`).MatchString(m.Body.HTML) {
		t.Errorf("the HTML part lacks the link: %q", m.Body.HTML)
	}
	return got[1]
}

type portalUserJSON struct {
	ID, Email, Name, RecordID, RecordModule, AccountID, Status string
	UserType                                                   struct{ ID, Name string }
	Delivery                                                   *struct{ State, Reason string }
	Version                                                    int
}

type meJSON struct {
	ID, Email, Name string
	Preferences     map[string]string
	PreferencesSet  bool
	FirstTab        string
	Preview         bool
	Portal          struct{ Name, Slug string }
}

// portalOrg is an organization with a portal, a free type on Contacts with its Contacts tab
// open, a licensed type on Leads and one on Contacts.
type portalOrg struct {
	org
	Slug                   string
	Free, Leads, Suppliers userTypeJSON
	Admin, User            *client
}

func (e *env) mustPortalOrg(t *testing.T, name string, seats int) portalOrg {
	t.Helper()
	o := e.MustOrg(t, name)
	e.setLimits(t, o.ID, store.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 2 * seats})
	p := portalOrg{org: o, Admin: e.LoggedIn(t, o.AdminEmail, o.Password), User: e.LoggedIn(t, o.UserEmail, o.Password)}
	r := p.Admin.Do("POST", "/api/admin/portal", map[string]any{"name": name + " " + o.ID[:6]})
	MustStatus(t, r, http.StatusCreated)
	var pt struct{ Slug string }
	r.JSON(t, &pt)
	p.Slug = pt.Slug
	p.Free = p.Admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})
	p.Leads = p.Admin.mustUserType(map[string]any{"name": "Interessados", "baseModule": "Leads", "seats": seats})
	p.Suppliers = p.Admin.mustUserType(map[string]any{"name": "Fornecedores", "baseModule": "Contacts", "seats": seats})
	got := userTypeJSON{}
	p.Admin.Do("GET", "/api/admin/user-types/"+p.Free.ID, nil).JSON(t, &got)
	body := map[string]any{"name": got.Name, "baseModule": got.BaseModule, "seats": got.Seats, "tabs": got.Tabs,
		"fields": map[string]any{"Contacts": map[string]string{"Last_Name": "read", "Email": "read"}}}
	body["tabs"].([]map[string]any)[0]["enabled"] = true
	body["tabs"].([]map[string]any)[0]["display"] = map[string]any{"kind": "list", "columns": []string{"Last_Name", "Email"}}
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/user-types/"+p.Free.ID, body, "If-Match", strconv.Itoa(got.Version)), http.StatusOK)
	return p
}

func (p portalOrg) contact(t *testing.T, last, email string) record {
	t.Helper()
	acct := p.Admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta de " + last})
	fields := map[string]any{"Last_Name": last, "First_Name": "Ana", "Account_Name": acct.ID}
	if email != "" {
		fields["Email"] = email
	}
	return p.Admin.MustCreate("Contacts", fields)
}

func (p portalOrg) invite(t *testing.T, module, id, typeID string) response {
	t.Helper()
	return p.User.Do("POST", "/api/admin/records/"+module+"/"+id+"/invitation", map[string]any{"userTypeId": typeID})
}

func (e *env) userTypeUsers(t *testing.T, org, id string) int {
	t.Helper()
	ut, err := e.store.GetUserType(context.Background(), org, id)
	if err != nil {
		t.Fatal(err)
	}
	return ut.Users
}

func TestInvitationAcceptPreferencesLogin(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Convites", 5)
	email := "ana-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Souza", email)

	// Bad input: nothing is written.
	noMail := p.contact(t, "Sem Email", "")
	r := p.invite(t, "Contacts", noMail.ID, p.Free.ID)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "email" {
		t.Errorf("no email: fields %v", f)
	}
	acct := p.Admin.MustCreate("Accounts", map[string]any{"Account_Name": "Só conta"})
	r = p.invite(t, "Accounts", acct.ID, p.Free.ID)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "module" {
		t.Errorf("account: fields %v", f)
	}
	r = p.invite(t, "Contacts", ana.ID, p.Leads.ID)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "userTypeId" {
		t.Errorf("wrong base module: fields %v", f)
	}
	MustStatus(t, p.invite(t, "Contacts", ana.ID, "zzzzzzzzzzzzzzzzzzzz"), http.StatusUnprocessableEntity)
	MustStatus(t, p.invite(t, "Contacts", "zzzzzzzzzzzzzzzzzzzz", p.Free.ID), http.StatusNotFound)
	MustStatus(t, p.invite(t, "Nope", ana.ID, p.Free.ID), http.StatusNotFound)
	if n := e.userTypeUsers(t, p.ID, p.Free.ID); n != 0 {
		t.Fatalf("refused invitations took %d seats", n)
	}
	if n := len(mailsTo(t, email)); n != 0 {
		t.Fatalf("refused invitations sent %d emails", n)
	}

	// The invitation: one user, one seat, one email in the organization's language.
	r = p.invite(t, "Contacts", ana.ID, p.Free.ID)
	MustStatus(t, r, http.StatusCreated)
	var u portalUserJSON
	r.JSON(t, &u)
	if u.Status != "invited" || u.Email != email || u.RecordID != ana.ID || u.AccountID == "" || u.Delivery == nil || u.Delivery.State != "sent" || u.UserType.Name != "Clientes" {
		t.Fatalf("invitation = %+v", u)
	}
	ms := mailsTo(t, email)
	if len(ms) != 1 || ms[0].Subject != "Convites Ltda convida você para o Convites "+p.ID[:6] && ms[0].Subject != "Convites convida você para o Convites "+p.ID[:6] {
		t.Fatalf("emails = %+v", ms)
	}
	token := tokenIn(t, email, "invite")
	// Sent twice quickly: the same invitation, no second email.
	r = p.invite(t, "Contacts", ana.ID, p.Free.ID)
	MustStatus(t, r, http.StatusOK)
	var again portalUserJSON
	r.JSON(t, &again)
	if again.ID != u.ID || len(mailsTo(t, email)) != 1 || e.userTypeUsers(t, p.ID, p.Free.ID) != 1 {
		t.Fatalf("repeat = %+v, emails %d", again, len(mailsTo(t, email)))
	}
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Suppliers.ID), http.StatusConflict) // already invited

	// The link.
	anon := e.Client(t)
	r = anon.Do("GET", "/api/invitations/"+token, nil)
	MustStatus(t, r, http.StatusOK)
	var inv struct {
		Email, Company string
		Portal         struct{ Name, Slug string }
	}
	r.JSON(t, &inv)
	if inv.Email != email || inv.Company != "Convites" || inv.Portal.Slug != p.Slug {
		t.Errorf("invitation page = %+v", inv)
	}
	// Each refusal carries the code the web app shows in the customer's language.
	for _, bad := range []struct{ password, code string }{
		{"short", "password.too_short"}, {"password1234", "password.common"}, {email, "password.email"},
	} {
		r = anon.Do("POST", "/api/invitations/"+token+"/accept", map[string]string{"password": bad.password})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		p := r.Problem(t)
		if f := p.fields(); len(f) != 1 || f[0] != "password" {
			t.Errorf("password %q: fields %v", bad.password, f)
		} else if p.Errors[0].Code != bad.code {
			t.Errorf("password %q: code %q, want %q", bad.password, p.Errors[0].Code, bad.code)
		}
	}
	MustStatus(t, anon.Do("POST", "/api/invitations/"+token+"/accept", map[string]string{"password": "a passphrase long enough"}, "X-Requested-With", ""), http.StatusForbidden)
	password := "the customer's own passphrase"
	r = anon.Do("POST", "/api/invitations/"+token+"/accept", map[string]string{"password": password})
	MustStatus(t, r, http.StatusOK)
	var me meJSON
	r.JSON(t, &me)
	if me.PreferencesSet || me.Preferences["language"] != "pt-BR" || me.Preferences["timeZone"] != "America/Sao_Paulo" || me.FirstTab != "Contacts" || me.Email != email {
		t.Errorf("me after accepting = %+v", me)
	}
	first := anon.cookies[auth.PortalCookie]
	if first == "" {
		t.Fatal("accepting set no portal cookie")
	}
	for _, path := range []string{"/api/invitations/" + token, "/api/invitations/" + token + "/accept"} {
		method := map[bool]string{true: "GET", false: "POST"}[path == "/api/invitations/"+token]
		r = e.Client(t).Do(method, path, map[bool]any{true: nil, false: map[string]string{"password": password}}[method == "GET"])
		MustStatus(t, r, http.StatusGone)
	}

	// First-login preferences.
	r = anon.Do("PATCH", "/api/me/preferences", map[string]string{"language": "xx-!!", "timeFormat": "25h", "timeZone": "Mars/Base", "country": "ZZ"})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 4 {
		t.Errorf("bad preferences: fields %v", f)
	}
	r = anon.Do("PATCH", "/api/me/preferences", map[string]string{"language": "en", "timeFormat": "12h", "timeZone": "Europe/Lisbon", "country": "PT"})
	MustStatus(t, r, http.StatusOK)
	r = anon.Do("GET", "/api/me", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &me)
	if !me.PreferencesSet || me.Preferences["timeZone"] != "Europe/Lisbon" || me.Preferences["timeFormat"] != "12h" {
		t.Errorf("me after preferences = %+v", me)
	}
	MustStatus(t, anon.Do("GET", "/api/me/tabs", nil), http.StatusOK)

	// Logout, then login per portal: unknown emails and wrong passwords look the same.
	MustStatus(t, anon.Do("POST", "/api/logout", nil), http.StatusNoContent)
	MustStatus(t, anon.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	wrong := anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": "not the passphrase at all"})
	unknown := anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": "nobody-" + p.ID + "@cliente.example", "password": "not the passphrase at all"})
	MustStatus(t, wrong, http.StatusUnauthorized)
	MustStatus(t, unknown, http.StatusUnauthorized)
	if pw, pu := wrong.Problem(t), unknown.Problem(t); pw.Detail != pu.Detail || pw.Type != pu.Type {
		t.Errorf("wrong password %s and unknown email %s answer differently", wrong.Body, unknown.Body)
	}
	MustStatus(t, anon.Do("POST", "/api/p/no-such-portal-"+p.ID[:5]+"/login", map[string]string{"email": email, "password": password}), http.StatusNotFound)
	MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusOK)
	second := anon.cookies[auth.PortalCookie]
	if second == "" || second == first {
		t.Error("login did not start a new session")
	}
	MustStatus(t, anon.Do("GET", "/api/me", nil), http.StatusOK)

	// The users list.
	var list struct {
		Items      []portalUserJSON
		NextCursor string
	}
	MustStatus(t, p.User.Do("GET", "/api/admin/portal-users", nil), http.StatusForbidden)
	r = p.Admin.Do("GET", "/api/admin/portal-users?status=active&userTypeId="+p.Free.ID, nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != u.ID || list.Items[0].Status != "active" {
		t.Errorf("active users = %+v", list.Items)
	}
	list.Items = nil
	p.Admin.Do("GET", "/api/admin/portal-users?status=invited", nil).JSON(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("invited users = %+v, want none", list.Items)
	}
	MustStatus(t, p.Admin.Do("GET", "/api/admin/portal-users?status=gone", nil), http.StatusBadRequest)

	// Deactivation ends the session at once and frees the seat; the old cookie is refused.
	r = p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/deactivate", nil)
	MustStatus(t, r, http.StatusOK)
	MustStatus(t, anon.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusUnauthorized)
	if n := e.userTypeUsers(t, p.ID, p.Free.ID); n != 0 {
		t.Errorf("deactivated user holds %d seats", n)
	}
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/deactivate", nil), http.StatusConflict)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/activate", nil), http.StatusOK)
	if n := e.userTypeUsers(t, p.ID, p.Free.ID); n != 1 {
		t.Errorf("reactivated user holds %d seats", n)
	}
	MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusOK)

	// A change of type moves the seat and ends the sessions; the base module must match.
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/change-type", map[string]string{"userTypeId": p.Leads.ID}), http.StatusUnprocessableEntity)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/change-type", nil), http.StatusUnprocessableEntity)
	r = p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/change-type", map[string]string{"userTypeId": p.Suppliers.ID})
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &u)
	if u.UserType.ID != p.Suppliers.ID || e.userTypeUsers(t, p.ID, p.Free.ID) != 0 || e.userTypeUsers(t, p.ID, p.Suppliers.ID) != 1 {
		t.Errorf("after change of type: %+v", u)
	}
	MustStatus(t, anon.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/promote", nil), http.StatusNotFound)

	// Password reset: same answer for unknown emails, single use, sessions end.
	MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusOK)
	before := len(mailsTo(t, email))
	MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": "nobody-" + p.ID + "@cliente.example"}), http.StatusAccepted)
	MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": email}), http.StatusAccepted)
	if got := len(mailsTo(t, email)); got != before+1 {
		t.Fatalf("reset emails = %d, want %d", got, before+1)
	}
	reset := tokenIn(t, email, "reset")
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+reset, map[string]string{"password": "a staff reset it is not"}), http.StatusGone)
	newPassword := "a new passphrase for the portal"
	MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+reset, map[string]string{"password": "short"}), http.StatusUnprocessableEntity)
	MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+reset, map[string]string{"password": newPassword}), http.StatusNoContent)
	MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+reset, map[string]string{"password": newPassword + "!"}), http.StatusGone)
	MustStatus(t, anon.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": newPassword}), http.StatusOK)
	for i := 0; i < 6; i++ {
		MustStatus(t, anon.Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": email}), http.StatusAccepted)
	}
	if got := len(mailsTo(t, email)); got != before+5 {
		t.Errorf("reset emails after 7 requests in the hour = %d, want %d (5 per hour)", got-before, 5)
	}

	// Erase: the portal data goes, the CRM record stays, the person can be invited again.
	MustStatus(t, p.Admin.Do("DELETE", "/api/admin/portal-users/"+u.ID, nil), http.StatusNoContent)
	MustStatus(t, anon.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	MustStatus(t, p.Admin.Do("GET", "/api/admin/records/Contacts/"+ana.ID, nil), http.StatusOK)
	MustStatus(t, p.Admin.Do("DELETE", "/api/admin/portal-users/"+u.ID, nil), http.StatusNotFound)
	if _, err := e.store.PortalUserByEmail(context.Background(), p.ID, email); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("erased user still found by email: %v", err)
	}
	if n := e.userTypeUsers(t, p.ID, p.Suppliers.ID); n != 0 {
		t.Errorf("erased user holds %d seats", n)
	}
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
}

func TestResendRevokeAndDeactivatedPortal(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Reenvios", 2)
	email := "bia-" + p.ID + "@cliente.example"
	bia := p.contact(t, "Lima", email)
	r := p.invite(t, "Contacts", bia.ID, p.Suppliers.ID)
	MustStatus(t, r, http.StatusCreated)
	var u portalUserJSON
	r.JSON(t, &u)
	first := tokenIn(t, email, "invite")

	// A resend revokes the earlier link; at most 3 a hour.
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/resend", nil), http.StatusOK)
	second := tokenIn(t, email, "invite")
	if second == first {
		t.Fatal("resend sent the same token")
	}
	MustStatus(t, e.Client(t).Do("GET", "/api/invitations/"+first, nil), http.StatusGone)
	MustStatus(t, e.Client(t).Do("GET", "/api/invitations/"+second, nil), http.StatusOK)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/resend", nil), http.StatusOK)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/resend", nil), http.StatusOK)
	r = p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/resend", nil)
	MustStatus(t, r, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	last := tokenIn(t, email, "invite")
	if n := len(mailsTo(t, email)); n != 4 {
		t.Errorf("emails = %d, want 4 (one invitation, three resends)", n)
	}

	// Revoke: the link dies, the seat is free, the record can be invited again.
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/activate", nil), http.StatusConflict)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/revoke", nil), http.StatusNoContent)
	MustStatus(t, e.Client(t).Do("GET", "/api/invitations/"+last, nil), http.StatusGone)
	MustStatus(t, e.Client(t).Do("POST", "/api/invitations/"+last+"/accept", map[string]string{"password": "a passphrase long enough"}), http.StatusGone)
	if n := e.userTypeUsers(t, p.ID, p.Suppliers.ID); n != 0 {
		t.Errorf("revoked invitation holds %d seats", n)
	}

	// An expired link is the same 410; so is a forged portal cookie's request a 401.
	late := p.contact(t, "Tarde", "lia-"+p.ID+"@cliente.example")
	MustStatus(t, p.invite(t, "Contacts", late.ID, p.Free.ID), http.StatusCreated)
	expired := tokenIn(t, "lia-"+p.ID+"@cliente.example", "invite")
	_, err := e.deps.DynamoDB.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(e.deps.Config.TableName),
		Key:              map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "INVITE#" + auth.HashSecret(expired)}, "SK": &types.AttributeValueMemberS{Value: "INVITE"}},
		UpdateExpression: aws.String("SET expiresAt = :past"), ExpressionAttributeValues: map[string]types.AttributeValue{
			":past": &types.AttributeValueMemberN{Value: strconv.FormatInt(time.Now().Add(-time.Minute).Unix(), 10)}}})
	if err != nil {
		t.Fatal(err)
	}
	MustStatus(t, e.Client(t).Do("GET", "/api/invitations/"+expired, nil), http.StatusGone)
	MustStatus(t, e.Client(t).Do("POST", "/api/invitations/"+expired+"/accept", map[string]string{"password": "a passphrase long enough"}), http.StatusGone)
	forged := e.Client(t)
	forged.cookies[auth.PortalCookie] = auth.FormatSessionToken(p.ID, strings.Repeat("A", 43))
	MustStatus(t, forged.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/revoke", nil), http.StatusNotFound) // revoked already

	// A full type refuses, with nothing written.
	other := p.contact(t, "Costa", "caio-"+p.ID+"@cliente.example")
	MustStatus(t, p.invite(t, "Contacts", bia.ID, p.Suppliers.ID), http.StatusCreated)
	MustStatus(t, p.invite(t, "Contacts", other.ID, p.Suppliers.ID), http.StatusCreated)
	third := p.contact(t, "Dias", "davi-"+p.ID+"@cliente.example")
	r = p.invite(t, "Contacts", third.ID, p.Suppliers.ID)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "userTypeId" {
		t.Errorf("full type: fields %v", f)
	}
	if _, err := e.store.PortalUserByRecord(context.Background(), p.ID, third.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused invitation left a user: %v", err)
	}

	// A deactivated portal takes no invitations and no logins.
	var pt struct{ Version int }
	p.Admin.Do("GET", "/api/admin/portal", nil).JSON(t, &pt)
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/portal", map[string]any{"disabled": true}, "If-Match", strconv.Itoa(pt.Version)), http.StatusOK)
	MustStatus(t, p.invite(t, "Contacts", third.ID, p.Free.ID), http.StatusConflict)
	MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": "x@example.com", "password": "whatever it is"}), http.StatusForbidden)
}

// failingSES is an env whose functions' SES calls fail while fail is set: the fault is
// injected in the SDK's middleware stack, after the retries.
func (e *env) failingSES(t *testing.T, fail *atomic.Bool) *env {
	t.Helper()
	deps := e.deps
	deps = deps.WithAPIOptions(ses.ServiceID, func(s *middleware.Stack) error {
		return s.Finalize.Add(middleware.FinalizeMiddlewareFunc("fault", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if fail.Load() {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "MessageRejected", Message: "Email address is not verified."}
			}
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
	})
	return e.withDeps(t, deps, gateway.WithDynamoDBFaults(injected))
}

func TestInvitationSendFailureAndBounce(t *testing.T) {
	base := MustEnv(t)
	var fail atomic.Bool
	e := base.failingSES(t, &fail)
	p := e.mustPortalOrg(t, "Falhas", 3)
	email := "eva-" + p.ID + "@cliente.example"
	eva := p.contact(t, "Rocha", email)

	fail.Store(true)
	r := p.invite(t, "Contacts", eva.ID, p.Free.ID)
	MustStatus(t, r, http.StatusCreated)
	var u portalUserJSON
	r.JSON(t, &u)
	if u.Delivery == nil || u.Delivery.State != "send_failed" || u.Delivery.Reason == "" || u.Status != "invited" {
		t.Fatalf("invitation with SES down = %+v", u)
	}
	if n := e.userTypeUsers(t, p.ID, p.Free.ID); n != 1 {
		t.Errorf("the failed invitation holds %d seats, want 1", n)
	}
	var list struct{ Items []portalUserJSON }
	settle() // the list is an index query: eventually consistent, it may miss the last second's writes
	p.Admin.Do("GET", "/api/admin/portal-users?status=invited", nil).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Delivery == nil || list.Items[0].Delivery.State != "send_failed" {
		t.Errorf("admins see %+v", list.Items)
	}
	fail.Store(false)
	r = p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/resend", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &u)
	if u.Delivery == nil || u.Delivery.State != "sent" {
		t.Fatalf("resend = %+v", u)
	}
	tokenIn(t, email, "invite")

	// SES reports a bounce of the message through SNS.
	pu, err := e.store.GetPortalUser(context.Background(), p.ID, u.ID)
	if err != nil || pu.Delivery == nil || pu.Delivery.MessageID == "" {
		t.Fatalf("stored delivery = %+v, %v", pu.Delivery, err)
	}
	msg := fmt.Sprintf(`{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General"},"mail":{"messageId":%q}}`, pu.Delivery.MessageID)
	var ev struct{ Records []map[string]any }
	ev.Records = []map[string]any{{"EventSource": "aws:sns", "Sns": map[string]any{"Message": msg, "Timestamp": "2026-11-28T12:00:00Z"}}}
	b, _ := json.Marshal(ev)
	var sns = gateway.SNSFunctions["functions/email-events"](e.gw.FunctionDeps("EmailEventsFunction"))
	var snsEvent events.SNSEvent
	if err := json.Unmarshal(b, &snsEvent); err != nil {
		t.Fatal(err)
	}
	if err := sns(context.Background(), snsEvent); err != nil {
		t.Fatal(err)
	}
	settle() // the list (an index query) right after the bounce's write
	p.Admin.Do("GET", "/api/admin/portal-users?status=invited", nil).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Delivery == nil || list.Items[0].Delivery.State != "bounced" || list.Items[0].Delivery.Reason != "Permanent/General" {
		t.Errorf("after the bounce admins see %+v", list.Items[0].Delivery)
	}
}

// TestLastSeatUnderConcurrency: 200 parallel invitations of different people for the last
// seat of a type create exactly one portal user.
func TestLastSeatUnderConcurrency(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Disputa", 3)
	e.setUsers(t, p.ID, p.Suppliers.ID, 2)
	m, _ := crm.StandardModule("Contacts")
	const n = 200
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range ids {
		ids[i], _ = auth.NewID()
		wg.Add(1)
		go func() {
			defer wg.Done()
			now := e.store.Now()
			rec := store.Record{OrgID: p.ID, Module: "Contacts", ID: ids[i], LayoutID: m.Layouts[0].ID, Version: 1, Name: "Pessoa " + strconv.Itoa(i),
				Fields:    map[string]any{"Last_Name": "Pessoa " + strconv.Itoa(i), "Email": fmt.Sprintf("p%d-%s@cliente.example", i, p.ID)},
				CreatedAt: now, ModifiedAt: now}
			if err := e.store.CreateRecord(context.Background(), m, rec); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	codes := make([]int, n)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.Client(t)
			c.cookies = p.User.cookies
			codes[i] = c.Do("POST", "/api/admin/records/Contacts/"+ids[i]+"/invitation", map[string]any{"userTypeId": p.Suppliers.ID}).Status
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	if count[http.StatusCreated] != 1 || count[http.StatusCreated]+count[http.StatusUnprocessableEntity]+count[http.StatusConflict] != n {
		t.Errorf("answers = %v, want exactly one 201 and the rest 422 or 409", count)
	}
	if got := e.userTypeUsers(t, p.ID, p.Suppliers.ID); got != 3 {
		t.Errorf("users = %d, want 3 (the seats)", got)
	}
	var list struct{ Items []portalUserJSON }
	p.Admin.Do("GET", "/api/admin/portal-users?limit=100", nil).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("portal users = %d, want 1", len(list.Items))
	}
}

// TestOneTokenOneSession: parallel uses of one invitation token start exactly one session.
func TestOneTokenOneSession(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Token", 2)
	email := "fabi-" + p.ID + "@cliente.example"
	MustStatus(t, p.invite(t, "Contacts", p.contact(t, "Melo", email).ID, p.Free.ID), http.StatusCreated)
	token := tokenIn(t, email, "invite")
	const n = 20
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = e.Client(t).Do("POST", "/api/invitations/"+token+"/accept", map[string]string{"password": "the one passphrase for all"}).Status
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	if count[http.StatusOK] != 1 || count[http.StatusGone] != n-1 {
		t.Errorf("answers = %v, want one 200 and %d 410", count, n-1)
	}
}

func TestEmailTemplates(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Modelos", 2)
	var list struct {
		Items []struct {
			Name, Language, Subject, Text, HTML string
			Custom                              bool
		}
	}
	MustStatus(t, p.User.Do("GET", "/api/admin/email-templates", nil), http.StatusForbidden)
	p.Admin.Do("GET", "/api/admin/email-templates", nil).JSON(t, &list)
	// Three emails (invitation, portal reset, notification) in three languages.
	if len(list.Items) != 9 || list.Items[0].Custom {
		t.Fatalf("templates = %+v", list.Items)
	}
	spanish := 0
	for _, it := range list.Items {
		if it.Language == "es" {
			spanish++
			if it.Name == "invitation" && it.Subject != "{{.Company}} le invita a {{.Portal}}" {
				t.Errorf("Spanish invitation subject = %q", it.Subject)
			}
		}
	}
	if spanish != 3 {
		t.Errorf("Spanish templates = %d, want 3", spanish)
	}
	path := "/api/admin/email-templates/invitation/pt-BR"
	for _, tt := range []struct {
		name  string
		body  map[string]string
		field string
		says  string // in the field's message, when set
	}{
		{"no link in the text", map[string]string{"subject": "Oi", "text": "Olá", "html": `<a href="{{.Link}}">ir</a>`}, "text", ""},
		{"no link in the html", map[string]string{"subject": "Oi", "text": "{{.Link}}", "html": "<p>Olá</p>"}, "html", ""},
		{"broken subject", map[string]string{"subject": "{{.Company", "text": "{{.Link}}", "html": `<a href="{{.Link}}">ir</a>`}, "subject", ""},
		{"unknown value", map[string]string{"subject": "{{.Boss}}", "text": "{{.Link}}", "html": `<a href="{{.Link}}">ir</a>`}, "subject", ""},
		{"empty html", map[string]string{"subject": "Oi", "text": "{{.Link}}", "html": " "}, "html", ""},
		{"a value in an event handler", map[string]string{"subject": "Oi", "text": "{{.Link}}", "html": `<a href="{{.Link}}" onclick="{{.Name}}">ir</a>`}, "html", "at byte 32 in onclick, an event handler"},
		{"a value in a script", map[string]string{"subject": "Oi", "text": "{{.Link}}", "html": `<a href="{{.Link}}">ir</a><script>var n = "{{.Name}}"</script>`}, "html", "at byte 46 inside <script>"},
		{"a value in an unquoted attribute", map[string]string{"subject": "Oi", "text": "{{.Link}}", "html": `<a href={{.Link}}>ir</a>`}, "html", "at byte 11 in an unquoted attribute value"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Admin.Do("PUT", path, tt.body)
			MustStatus(t, r, http.StatusUnprocessableEntity)
			pr := r.Problem(t)
			if f := pr.fields(); len(f) != 1 || f[0] != tt.field {
				t.Fatalf("fields = %v, want [%s]", f, tt.field)
			}
			if !strings.Contains(pr.Errors[0].Message, tt.says) {
				t.Errorf("message = %q, want it to say %q", pr.Errors[0].Message, tt.says)
			}
		})
	}
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/email-templates/welcome/pt-BR", map[string]string{"subject": "a", "text": "b", "html": "c"}), http.StatusNotFound)
	own := map[string]string{"subject": "Bem-vindo ao {{.Portal}}, {{.Name}}", "text": "Entre: {{.Link}}", "html": `<p><a href="{{.Link}}">Entrar</a> {{.Name}}</p>`}
	MustStatus(t, p.Admin.Do("PUT", path, own), http.StatusOK)
	settle() // an invitation reads the organization's templates eventually consistently
	email := "hugo-" + p.ID + "@cliente.example"
	MustStatus(t, p.invite(t, "Contacts", p.contact(t, "Pires <b>", email).ID, p.Free.ID), http.StatusCreated)
	ms := mailsTo(t, email)
	if len(ms) != 1 || ms[0].Subject != "Bem-vindo ao Modelos "+p.ID[:6]+", Ana Pires <b>" || !regexp.MustCompile(`Pires &lt;b&gt;`).MatchString(ms[0].Body.HTML) {
		t.Errorf("email with the organization's template = %+v", ms)
	}
	tokenIn(t, email, "invite")
	r := p.Admin.Do("DELETE", path, nil)
	MustStatus(t, r, http.StatusOK)
	list.Items = nil
	p.Admin.Do("GET", "/api/admin/email-templates", nil).JSON(t, &list)
	for _, it := range list.Items {
		if it.Custom {
			t.Errorf("%s/%s still custom after the reset", it.Name, it.Language)
		}
	}
}
