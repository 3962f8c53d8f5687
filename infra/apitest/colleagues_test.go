package apitest

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"crmportal/shared/store"
)

// colleagueJSON is a colleague as GET /api/me/colleagues lists them.
type colleagueJSON struct {
	ID, Name, Email, Status  string
	UserType                 struct{ ID, Name string }
	AccountAdmin, Manageable bool
}

type colleaguesJSON struct {
	Items      []colleagueJSON
	Candidates []struct{ ID, Name, Email string }
	Types      []struct {
		ID, Name  string
		SeatsLeft int
	}
}

// setDelegable sets a user type's delegable as the console's editor does: the type read,
// the flag changed, the whole type put back.
func (p portalOrg) setDelegable(t *testing.T, typeID string, on bool) {
	t.Helper()
	r := p.Admin.Do("GET", "/api/admin/user-types/"+typeID, nil)
	MustStatus(t, r, http.StatusOK)
	var got map[string]any
	r.JSON(t, &got)
	body := map[string]any{"delegable": on}
	for _, k := range []string{"name", "baseModule", "seats", "openFirstTab", "tabs", "notify", "mfa", "fields"} {
		if v, ok := got[k]; ok {
			body[k] = v
		}
	}
	version := strconv.Itoa(int(got["version"].(float64)))
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/user-types/"+typeID, body, "If-Match", version), http.StatusOK)
}

// accept accepts the last invitation emailed to addr and returns the customer's client.
func (e *env) accept(t *testing.T, addr string) *client {
	t.Helper()
	c := e.Client(t)
	MustStatus(t, c.Do("POST", "/api/invitations/"+tokenIn(t, addr, "invite")+"/accept", map[string]string{"password": "a colleague's passphrase " + addr}), http.StatusOK)
	return c
}

// colleagueOf finds the colleague with email in the list.
func colleagueOf(t *testing.T, l colleaguesJSON, email string) colleagueJSON {
	t.Helper()
	for _, c := range l.Items {
		if c.Email == email {
			return c
		}
	}
	t.Fatalf("no colleague %s in %+v", email, l.Items)
	return colleagueJSON{}
}

// wantNoUser fails unless the record has no portal user.
func (e *env) wantNoUser(t *testing.T, org, record string) {
	t.Helper()
	if u, err := e.store.PortalUserByRecord(context.Background(), org, record); err == nil {
		t.Errorf("record %s has the portal user %s (%s), want none", record, u.ID, u.Status)
	}
}

// TestAccountAdminColleagues: staff mark a Contact's user account admin; the account admin
// lists the users of their Account, invites its Contacts as delegated types within the seats,
// resends, deactivates and reactivates them, audited as themself; everything outside their
// Account, a type not delegated, a seat beyond the limit and their own deactivation is
// refused with nothing changed; for anyone else the routes do not exist.
func TestAccountAdminColleagues(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Colegas", 1) // Fornecedores (licensed, on Contacts): one seat
	ctx := context.Background()
	acct := p.Admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta Colegas"})
	other := p.Admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta Alheia"})
	id := strings.ToLower(o0())
	contact := func(last, account string) record {
		return p.Admin.MustCreate("Contacts", map[string]any{"Last_Name": last, "First_Name": "Ana",
			"Email": last + "-" + id + "@colegas.example", "Account_Name": account})
	}
	chefe, ana, bia, carla := contact("chefe", acct.ID), contact("ana", acct.ID), contact("bia", acct.ID), contact("carla", acct.ID)
	alheia := contact("alheia", other.ID)
	email := func(r record) string { return r.Fields["Email"].(string) }

	MustStatus(t, p.invite(t, "Contacts", chefe.ID, p.Free.ID), http.StatusCreated)
	admin := e.accept(t, email(chefe))
	MustStatus(t, p.invite(t, "Contacts", alheia.ID, p.Free.ID), http.StatusCreated)
	stranger := e.accept(t, email(alheia))
	chefeUser, err := e.store.PortalUserByRecord(ctx, p.ID, chefe.ID)
	if err != nil {
		t.Fatal(err)
	}
	alheiaUser, err := e.store.PortalUserByRecord(ctx, p.ID, alheia.ID)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("not an account admin: the routes do not exist", func(t *testing.T) {
		MustStatus(t, admin.Do("GET", "/api/me/colleagues", nil), http.StatusNotFound)
		MustStatus(t, admin.Do("POST", "/api/me/colleagues", map[string]any{"recordId": ana.ID, "userTypeId": p.Free.ID}), http.StatusNotFound)
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+alheiaUser.ID, map[string]any{"action": "deactivate"}), http.StatusNotFound)
		e.wantNoUser(t, p.ID, ana.ID)
	})

	t.Run("staff mark only a Contact with an Account", func(t *testing.T) {
		lone := p.Admin.MustCreate("Contacts", map[string]any{"Last_Name": "sozinha", "Email": "sozinha-" + id + "@colegas.example"})
		MustStatus(t, p.invite(t, "Contacts", lone.ID, p.Free.ID), http.StatusCreated)
		u, err := e.store.PortalUserByRecord(ctx, p.ID, lone.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/account-admin", map[string]any{"accountAdmin": true})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"accountAdmin"}) {
			t.Errorf("fields %v, want [accountAdmin]", got)
		}
		MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/account-admin", map[string]any{}), http.StatusUnprocessableEntity)
		MustStatus(t, p.User.Do("POST", "/api/admin/portal-users/"+chefeUser.ID+"/account-admin", map[string]any{"accountAdmin": true}), http.StatusForbidden)
	})

	r := p.Admin.Do("POST", "/api/admin/portal-users/"+chefeUser.ID+"/account-admin", map[string]any{"accountAdmin": true})
	MustStatus(t, r, http.StatusOK)
	var marked struct{ AccountAdmin bool }
	r.JSON(t, &marked)
	if !marked.AccountAdmin {
		t.Fatalf("accountAdmin %v after marking, want true", marked.AccountAdmin)
	}
	list := func() colleaguesJSON {
		t.Helper()
		r := admin.Do("GET", "/api/me/colleagues", nil)
		MustStatus(t, r, http.StatusOK)
		var l colleaguesJSON
		r.JSON(t, &l)
		return l
	}

	t.Run("the list: the Account's users, its Contacts to invite, the delegated types", func(t *testing.T) {
		settle() // the Account's Contacts are listed from their link items, eventually consistent
		l := list()
		if got := colleagueOf(t, l, email(chefe)); !got.AccountAdmin {
			t.Errorf("the account admin is listed without accountAdmin: %+v", got)
		}
		var cands []string
		for _, c := range l.Candidates {
			cands = append(cands, c.Email)
		}
		slices.Sort(cands)
		want := []string{email(ana), email(bia), email(carla)}
		if !slices.Equal(cands, want) {
			t.Errorf("candidates %v, want %v", cands, want)
		}
		if len(l.Items) != 1 || len(l.Types) != 0 {
			t.Errorf("items %+v and types %+v, want the admin alone and no delegated type", l.Items, l.Types)
		}
	})

	t.Run("a type not delegated is refused, nothing changed", func(t *testing.T) {
		r := admin.Do("POST", "/api/me/colleagues", map[string]any{"recordId": ana.ID, "userTypeId": p.Free.ID})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"userTypeId"}) {
			t.Errorf("fields %v, want [userTypeId]", got)
		}
		e.wantNoUser(t, p.ID, ana.ID)
	})

	t.Run("only a type based on Contacts can be delegated", func(t *testing.T) {
		r := p.Admin.Do("GET", "/api/admin/user-types/"+p.Leads.ID, nil)
		var got map[string]any
		r.JSON(t, &got)
		body := map[string]any{"name": got["name"], "baseModule": got["baseModule"], "seats": got["seats"], "tabs": got["tabs"],
			"fields": got["fields"], "delegable": true}
		r = p.Admin.Do("PUT", "/api/admin/user-types/"+p.Leads.ID, body, "If-Match", strconv.Itoa(int(got["version"].(float64))))
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if fields := r.Problem(t).fields(); !slices.Equal(fields, []string{"delegable"}) {
			t.Errorf("fields %v, want [delegable]", fields)
		}
	})

	p.setDelegable(t, p.Free.ID, true)
	p.setDelegable(t, p.Suppliers.ID, true)

	t.Run("a Contact of another Account is not found, nothing changed", func(t *testing.T) {
		stray := p.Admin.MustCreate("Contacts", map[string]any{"Last_Name": "estranha", "Email": "estranha-" + id + "@colegas.example", "Account_Name": other.ID})
		MustStatus(t, admin.Do("POST", "/api/me/colleagues", map[string]any{"recordId": stray.ID, "userTypeId": p.Free.ID}), http.StatusNotFound)
		e.wantNoUser(t, p.ID, stray.ID)
		if n := len(mailsTo(t, email(stray))); n != 0 {
			t.Errorf("%d emails to a Contact of another Account", n)
		}
	})

	t.Run("bad bodies name the field", func(t *testing.T) {
		r := admin.Do("POST", "/api/me/colleagues", map[string]any{})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"recordId", "userTypeId"}) {
			t.Errorf("fields %v, want [recordId userTypeId]", got)
		}
		r = admin.Do("POST", "/api/me/colleagues/"+chefeUser.ID, map[string]any{"action": "erase"})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"action"}) {
			t.Errorf("fields %v, want [action]", got)
		}
	})

	var anaID, biaID string
	t.Run("invites within the seats, audited as the account admin", func(t *testing.T) {
		r := admin.Do("POST", "/api/me/colleagues", map[string]any{"recordId": ana.ID, "userTypeId": p.Free.ID})
		MustStatus(t, r, http.StatusCreated)
		var c colleagueJSON
		r.JSON(t, &c)
		anaID = c.ID
		if c.Status != "invited" || c.Email != email(ana) || c.UserType.ID != p.Free.ID || !c.Manageable {
			t.Errorf("invited %+v", c)
		}
		if n := len(mailsTo(t, email(ana))); n != 1 {
			t.Errorf("%d invitation emails to ana, want 1", n)
		}
		r = admin.Do("POST", "/api/me/colleagues", map[string]any{"recordId": bia.ID, "userTypeId": p.Suppliers.ID})
		MustStatus(t, r, http.StatusCreated)
		r.JSON(t, &c)
		biaID = c.ID
		if got := e.userTypeUsers(t, p.ID, p.Suppliers.ID); got != 1 {
			t.Errorf("Fornecedores holds %d users, want 1", got)
		}
		entries, _, err := e.store.ListAudit(ctx, p.ID, store.AuditFilter{RecordID: ana.ID, Action: "invitation_sent"}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Actor.Kind != store.ActorPortal || entries[0].Actor.ID != chefeUser.ID {
			t.Errorf("audit of ana's invitation %+v, want one by the account admin (portal %s)", entries, chefeUser.ID)
		}
		// Staff see it in the console's audit log, with the account admin as the actor.
		if got := auditOf(t, p.Admin, "invitation_sent", ana.ID); len(got) != 1 {
			t.Errorf("staff's audit log of ana's invitation %v, want one entry", got)
		}
	})

	t.Run("a seat beyond the limit is the staff's 422, nothing changed", func(t *testing.T) {
		r := admin.Do("POST", "/api/me/colleagues", map[string]any{"recordId": carla.ID, "userTypeId": p.Suppliers.ID})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"userTypeId"}) {
			t.Errorf("fields %v, want [userTypeId]", got)
		}
		e.wantNoUser(t, p.ID, carla.ID)
		if got := e.userTypeUsers(t, p.ID, p.Suppliers.ID); got != 1 {
			t.Errorf("Fornecedores holds %d users, want 1", got)
		}
		for _, ty := range list().Types {
			if ty.ID == p.Suppliers.ID {
				t.Errorf("the full type is offered: %+v", ty)
			}
		}
	})

	t.Run("their own deactivation is refused", func(t *testing.T) {
		r := admin.Do("POST", "/api/me/colleagues/"+chefeUser.ID, map[string]any{"action": "deactivate"})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"id"}) {
			t.Errorf("fields %v, want [id]", got)
		}
		MustStatus(t, admin.Do("GET", "/api/me", nil), http.StatusOK)
	})

	t.Run("a user of another Account is not found, nothing changed", func(t *testing.T) {
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+alheiaUser.ID, map[string]any{"action": "deactivate"}), http.StatusNotFound)
		MustStatus(t, stranger.Do("GET", "/api/me", nil), http.StatusOK)
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/zzzzzzzzzzzzzzzzzzzz", map[string]any{"action": "deactivate"}), http.StatusNotFound)
	})

	t.Run("resend, deactivate and reactivate", func(t *testing.T) {
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+anaID, map[string]any{"action": "resend"}), http.StatusOK)
		if n := len(mailsTo(t, email(ana))); n != 2 {
			t.Errorf("%d invitation emails to ana after a resend, want 2", n)
		}
		anaClient := e.accept(t, email(ana))
		MustStatus(t, anaClient.Do("GET", "/api/me/colleagues", nil), http.StatusNotFound) // not an account admin
		r := admin.Do("POST", "/api/me/colleagues/"+anaID, map[string]any{"action": "deactivate"})
		MustStatus(t, r, http.StatusOK)
		var c colleagueJSON
		r.JSON(t, &c)
		if c.Status != "deactivated" {
			t.Errorf("status %s after deactivate", c.Status)
		}
		MustStatus(t, anaClient.Do("GET", "/api/me", nil), http.StatusUnauthorized)
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+anaID, map[string]any{"action": "reactivate"}), http.StatusOK)
		if got := colleagueOf(t, list(), email(ana)); got.Status != "active" {
			t.Errorf("ana is %s after reactivate", got.Status)
		}
		entries, _, err := e.store.ListAudit(ctx, p.ID, store.AuditFilter{RecordID: ana.ID, Action: "portal_user_deactivate"}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Actor.Kind != store.ActorPortal || entries[0].Actor.ID != chefeUser.ID {
			t.Errorf("audit of ana's deactivation %+v, want one by the account admin", entries)
		}
	})

	t.Run("a reactivation beyond the seats is the staff's 422", func(t *testing.T) {
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+biaID, map[string]any{"action": "deactivate"}), http.StatusOK)
		MustStatus(t, p.invite(t, "Contacts", carla.ID, p.Suppliers.ID), http.StatusCreated) // staff take the freed seat
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+biaID, map[string]any{"action": "reactivate"}), http.StatusUnprocessableEntity)
		if got := colleagueOf(t, list(), email(bia)); got.Status != "deactivated" {
			t.Errorf("bia is %s after a refused reactivation", got.Status)
		}
	})

	t.Run("a user of a type no longer delegated: 422 naming userTypeId", func(t *testing.T) {
		p.setDelegable(t, p.Suppliers.ID, false)
		carlaUser, err := e.store.PortalUserByRecord(ctx, p.ID, carla.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := admin.Do("POST", "/api/me/colleagues/"+carlaUser.ID, map[string]any{"action": "resend"})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"userTypeId"}) {
			t.Errorf("fields %v, want [userTypeId]", got)
		}
		if n := len(mailsTo(t, email(carla))); n != 1 {
			t.Errorf("%d emails to carla, want the staff's one", n)
		}
		if got := colleagueOf(t, list(), email(carla)); got.Manageable {
			t.Errorf("carla is listed manageable: %+v", got)
		}
	})

	t.Run("unmarked by staff: the routes are gone at the next request", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+chefeUser.ID+"/account-admin", map[string]any{"accountAdmin": false}), http.StatusOK)
		MustStatus(t, admin.Do("GET", "/api/me/colleagues", nil), http.StatusNotFound)
		MustStatus(t, admin.Do("POST", "/api/me/colleagues/"+anaID, map[string]any{"action": "deactivate"}), http.StatusNotFound)
	})
}
