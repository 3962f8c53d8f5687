package apitest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// staffMemberJSON is a member as GET /api/admin/staff answers it.
type staffMemberJSON struct {
	ID, Email, Name, Role, Status string
	CreatedAt                     time.Time
}

// tokenJSON is an API token as the token routes answer it.
type tokenJSON struct {
	ID, Name, Role, UserID, UserName string
	CreatedAt, ExpiresAt             time.Time
	Expired                          bool
}

// newToken creates an API token as c's member (body adds to the name) and returns a client
// that uses it, and the token.
func (e *env) newToken(t *testing.T, c *client, body map[string]any) (*client, tokenJSON) {
	t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	if _, ok := body["name"]; !ok {
		body["name"] = "script " + o0()
	}
	r := c.Do("POST", "/api/admin/tokens", body)
	MustStatus(t, r, http.StatusCreated)
	var created struct {
		Token  tokenJSON
		Secret string
	}
	r.JSON(t, &created)
	script := e.Client(t)
	script.bearer = created.Secret
	return script, created.Token
}

func patchStaff(c *client, id string, body map[string]string) response {
	c.tb.Helper()
	return c.Do("PATCH", "/api/admin/staff/"+id, body)
}

// auditOf lists the audit entries of action about id.
func auditOf(t *testing.T, admin *client, action, id string) []string {
	t.Helper()
	settle() // the log is listed from an index: eventually consistent
	r := admin.Do("GET", "/api/admin/audit?action="+action+"&recordId="+id, nil)
	MustStatus(t, r, http.StatusOK)
	var list struct {
		Items []struct {
			Detail string
			Actor  struct{ Kind, ID, Name string }
		}
	}
	r.JSON(t, &list)
	var out []string
	for _, it := range list.Items {
		out = append(out, it.Actor.Name+": "+it.Detail)
	}
	return out
}

func TestStaffListAndCreate(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Equipe")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	user := e.LoggedIn(t, o.UserEmail, o.Password)
	script, _ := e.newToken(t, admin, nil) // an admin's token: a first use (the token's touch)

	MustStatus(t, user.Do("GET", "/api/admin/staff", nil), http.StatusForbidden)
	MustStatus(t, user.Do("POST", "/api/admin/staff", map[string]string{"email": "x-" + o.ID + "@staff.example", "name": "X", "role": "user"}), http.StatusForbidden)

	settle() // the staff list is eventually consistent
	r := script.Do("GET", "/api/admin/staff", nil)
	MustStatus(t, r, http.StatusOK)
	var list struct{ Items []staffMemberJSON }
	r.JSON(t, &list)
	var got []string
	for _, m := range list.Items {
		got = append(got, m.Name+"/"+m.Role+"/"+m.Status)
	}
	if want := []string{"Admin Equipe/admin/active", "User Equipe/user/active"}; !slices.Equal(got, want) {
		t.Errorf("staff = %v, want %v (sorted by name)", got, want)
	}

	bad := []struct {
		name   string
		body   map[string]string
		fields string
	}{
		{"empty", map[string]string{}, "email,name,role"},
		{"display name in the email", map[string]string{"email": "Ana <ana@x.example>", "name": "Ana", "role": "user"}, "email"},
		{"name with CR LF", map[string]string{"email": "ana@x.example", "name": "Ana\r\nBcc: x@y.example", "role": "user"}, "name"},
		{"name of 101 characters", map[string]string{"email": "ana@x.example", "name": strings.Repeat("a", 101), "role": "user"}, "name"},
		{"unknown role", map[string]string{"email": "ana@x.example", "name": "Ana", "role": "owner"}, "role"},
	}
	for _, tc := range bad {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			r := admin.Do("POST", "/api/admin/staff", tc.body)
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if got := strings.Join(r.Problem(t).fields(), ","); got != tc.fields {
				t.Errorf("fields = %s, want %s", got, tc.fields)
			}
		})
	}

	t.Run("creates and emails the first-password link", func(t *testing.T) {
		email := "Nova-" + o.ID + "@Staff.example"
		creator, _ := e.newToken(t, admin, nil)
		r := creator.Do("POST", "/api/admin/staff", map[string]string{"email": email, "name": " Nova Pessoa ", "role": "user"})
		MustStatus(t, r, http.StatusCreated)
		var m staffMemberJSON
		r.JSON(t, &m)
		if m.Email != strings.ToLower(email) || m.Name != "Nova Pessoa" || m.Role != "user" || m.Status != "active" || !auth.ValidID(m.ID) {
			t.Errorf("created = %+v", m)
		}
		token := lastLink(t, strings.ToLower(email))
		newPassword := "the new member's own passphrase"
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": newPassword}), http.StatusNoContent)
		e.LoggedIn(t, strings.ToLower(email), newPassword)
		if got := auditOf(t, admin, "staff_created", m.ID); len(got) != 1 || !strings.HasPrefix(got[0], "Admin Equipe: ") {
			t.Errorf("audit of the creation = %v, want one entry by Admin Equipe", got)
		}

		again := admin.Do("POST", "/api/admin/staff", map[string]string{"email": strings.ToUpper(email), "name": "Outra", "role": "admin"})
		MustStatus(t, again, http.StatusConflict)
	})
}

func TestDeactivationStopsSessionsAndTokensAtOnce(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	o := e.MustOrg(t, "Desligamento")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	member := e.LoggedIn(t, o.UserEmail, o.Password)
	script, tok := e.newToken(t, member, nil)
	MustStatus(t, script.Do("GET", "/api/admin/me", nil), http.StatusOK)
	// A first-password link made before the deactivation.
	svc := staffauth.New(e.deps)
	u, err := e.store.GetStaffConsistent(ctx, o.ID, o.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	link, _, err := svc.PasswordLink(ctx, u, true)
	if err != nil {
		t.Fatal(err)
	}

	MustStatus(t, patchStaff(member, o.AdminID, map[string]string{"status": "inactive"}), http.StatusForbidden)
	MustStatus(t, patchStaff(admin, o.AdminID, map[string]string{"status": "inactive"}), http.StatusConflict) // themselves
	MustStatus(t, patchStaff(admin, "zzzzzzzzzzzzzzzzzzzz", map[string]string{"status": "inactive"}), http.StatusNotFound)
	r := patchStaff(admin, o.MemberID, map[string]string{"status": "gone", "role": "owner"})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.Join(r.Problem(t).fields(), ","); got != "role,status" {
		t.Errorf("fields = %s, want role,status", got)
	}

	updater, _ := e.newToken(t, admin, nil)
	r = patchStaff(updater, o.MemberID, map[string]string{"status": "inactive"})
	MustStatus(t, r, http.StatusOK)
	var m staffMemberJSON
	r.JSON(t, &m)
	if m.Status != "inactive" || m.Role != "user" {
		t.Errorf("after deactivation = %+v", m)
	}
	MustStatus(t, member.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	MustStatus(t, script.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/login", map[string]string{"email": o.UserEmail, "password": o.Password}), http.StatusUnauthorized)
	token := link[strings.LastIndex(link, "/")+1:]
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": "a passphrase after leaving"}), http.StatusGone)
	if n := e.sessionEntries(t, o.ID, o.MemberID); n != 0 {
		t.Errorf("session entries after deactivation = %d, want 0", n)
	}
	if toks, err := e.store.ListOrgAPITokens(ctx, o.ID, o.MemberID); err != nil || len(toks) != 0 {
		t.Errorf("tokens after deactivation = %v, %v; want none", toks, err)
	}
	if got := auditOf(t, admin, "staff_deactivated", o.MemberID); len(got) != 1 {
		t.Errorf("audit of the deactivation = %v, want one entry", got)
	}

	// Reactivation: the member logs in again; the token does not come back.
	MustStatus(t, patchStaff(admin, o.MemberID, map[string]string{"status": "active"}), http.StatusOK)
	MustStatus(t, script.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	again := e.LoggedIn(t, o.UserEmail, o.Password)
	settle() // a member's own token list is read from an index
	list := again.Do("GET", "/api/admin/tokens", nil)
	MustStatus(t, list, http.StatusOK)
	if strings.Contains(string(list.Body), tok.ID) {
		t.Errorf("the token is listed again after reactivation: %s", list.Body)
	}
	if got := auditOf(t, admin, "staff_activated", o.MemberID); len(got) != 1 {
		t.Errorf("audit of the activation = %v, want one entry", got)
	}
}

func TestRoleChangesEndSessionsAndRescopeTokens(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Papeis")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	member := e.LoggedIn(t, o.UserEmail, o.Password)

	// Promotion: the member's session ends; logged in again, they are an admin.
	r := patchStaff(admin, o.MemberID, map[string]string{"role": "admin"})
	MustStatus(t, r, http.StatusOK)
	MustStatus(t, member.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	promoted := e.LoggedIn(t, o.UserEmail, o.Password)
	MustStatus(t, promoted.Do("GET", "/api/admin/staff", nil), http.StatusOK)
	script, _ := e.newToken(t, promoted, nil)
	MustStatus(t, script.Do("PATCH", "/api/admin/org", map[string]string{"name": "Papeis 2"}), http.StatusOK)

	// Demotion: the session ends and the token can no longer do admin things.
	MustStatus(t, patchStaff(admin, o.MemberID, map[string]string{"role": "user"}), http.StatusOK)
	MustStatus(t, promoted.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	MustStatus(t, script.Do("GET", "/api/admin/org", nil), http.StatusOK)
	MustStatus(t, script.Do("PATCH", "/api/admin/org", map[string]string{"name": "Papeis 3"}), http.StatusForbidden)
	MustStatus(t, script.Do("GET", "/api/admin/staff", nil), http.StatusForbidden)
	var mine struct{ Items []tokenJSON }
	settle() // a member's own token list is read from an index
	list := script.Do("GET", "/api/admin/tokens", nil)
	MustStatus(t, list, http.StatusOK)
	list.JSON(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].Role != "user" {
		t.Errorf("tokens after the demotion = %+v, want one of role user", mine.Items)
	}
	// Promoted again, the token made as an admin stays a user's.
	MustStatus(t, patchStaff(admin, o.MemberID, map[string]string{"role": "admin"}), http.StatusOK)
	MustStatus(t, script.Do("PATCH", "/api/admin/org", map[string]string{"name": "Papeis 4"}), http.StatusForbidden)
	if got := auditOf(t, admin, "staff_role_changed", o.MemberID); len(got) != 3 || !strings.Contains(got[0], "(user → admin)") || !strings.Contains(got[1], "(admin → user)") {
		t.Errorf("audit of the role changes = %v, want three, newest first", got)
	}

	// The last active admin: nobody can demote or deactivate themselves, so an admin stays.
	MustStatus(t, patchStaff(admin, o.MemberID, map[string]string{"status": "inactive"}), http.StatusOK)
	for _, body := range []map[string]string{{"role": "user"}, {"status": "inactive"}} {
		r := patchStaff(admin, o.AdminID, body)
		MustStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.Problem(t).Detail, "yourself") {
			t.Errorf("409 detail = %q, want it to say why", r.Problem(t).Detail)
		}
	}
	// Demoting an inactive admin takes away no active admin.
	MustStatus(t, patchStaff(admin, o.MemberID, map[string]string{"role": "user"}), http.StatusOK)
}

func TestAdminsListAndRevokeEveryToken(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Chaves")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	member := e.LoggedIn(t, o.UserEmail, o.Password)
	memberScript, memberTok := e.newToken(t, member, nil)
	adminScript, adminTok := e.newToken(t, admin, nil)

	MustStatus(t, member.Do("GET", "/api/admin/org/tokens", nil), http.StatusForbidden)
	settle() // the members' names come from the eventually consistent staff list
	r := adminScript.Do("GET", "/api/admin/org/tokens", nil)
	MustStatus(t, r, http.StatusOK)
	var all struct{ Items []tokenJSON }
	r.JSON(t, &all)
	var got []string
	for _, it := range all.Items {
		got = append(got, it.ID+"/"+it.UserID+"/"+it.UserName+"/"+it.Role)
	}
	want := []string{adminTok.ID + "/" + o.AdminID + "/Admin Chaves/admin", memberTok.ID + "/" + o.MemberID + "/User Chaves/user"}
	if !slices.Equal(got, want) {
		t.Errorf("organization's tokens = %v, want %v", got, want)
	}
	if strings.Contains(string(r.Body), "secret") {
		t.Errorf("the list shows secrets: %s", r.Body)
	}

	// A member cannot revoke another's token (404, as unknown); an admin can.
	MustStatus(t, member.Do("DELETE", "/api/admin/tokens/"+adminTok.ID, nil), http.StatusNotFound)
	MustStatus(t, adminScript.Do("GET", "/api/admin/me", nil), http.StatusOK)
	MustStatus(t, admin.Do("DELETE", "/api/admin/tokens/"+memberTok.ID, nil), http.StatusNoContent)
	MustStatus(t, memberScript.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	MustStatus(t, admin.Do("DELETE", "/api/admin/tokens/"+memberTok.ID, nil), http.StatusNotFound)
	if got := auditOf(t, admin, "token_revoked", memberTok.ID); len(got) != 1 || !strings.Contains(got[0], o.UserEmail) {
		t.Errorf("audit of the revocation = %v, want one naming the member", got)
	}
	if got := auditOf(t, admin, "token_created", memberTok.ID); len(got) != 1 || !strings.HasPrefix(got[0], "User Chaves: ") {
		t.Errorf("audit of the creation = %v, want one by the member", got)
	}
	// Another organization's admin finds none of them.
	other := e.MustOrg(t, "Outra")
	foreign := e.LoggedIn(t, other.AdminEmail, other.Password)
	MustStatus(t, foreign.Do("DELETE", "/api/admin/tokens/"+adminTok.ID, nil), http.StatusNotFound)
	MustStatus(t, adminScript.Do("GET", "/api/admin/me", nil), http.StatusOK)
}

func TestAPITokensExpire(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	o := e.MustOrg(t, "Validade")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)

	var org struct{ APITokenLifetimeDays int }
	admin.Do("GET", "/api/admin/org", nil).JSON(t, &org)
	if org.APITokenLifetimeDays != 90 {
		t.Errorf("apiTokenLifetimeDays = %d, want the default 90", org.APITokenLifetimeDays)
	}
	for _, bad := range []int{0, 366} {
		r := admin.Do("PATCH", "/api/admin/org", map[string]int{"apiTokenLifetimeDays": bad})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); len(got) != 1 || got[0] != "apiTokenLifetimeDays" {
			t.Errorf("fields = %v, want [apiTokenLifetimeDays]", got)
		}
		r = admin.Do("POST", "/api/admin/tokens", map[string]any{"name": "x", "expiresInDays": bad})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); len(got) != 1 || got[0] != "expiresInDays" {
			t.Errorf("fields = %v, want [expiresInDays]", got)
		}
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/org", map[string]int{"apiTokenLifetimeDays": 7}), http.StatusOK)
	_, byDefault := e.newToken(t, admin, nil)
	if got := byDefault.ExpiresAt.Sub(byDefault.CreatedAt); got != 7*24*time.Hour {
		t.Errorf("default lifetime = %s, want 7 days (the organization's)", got)
	}
	script, own := e.newToken(t, admin, map[string]any{"expiresInDays": 365})
	if got := own.ExpiresAt.Sub(own.CreatedAt); got != 365*24*time.Hour || own.Expired {
		t.Errorf("lifetime = %s (expired %v), want 365 days", got, own.Expired)
	}
	MustStatus(t, script.Do("GET", "/api/admin/me", nil), http.StatusOK)

	// The token's expiry passes.
	_, err := e.deps.DynamoDB.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(e.deps.Config.TableName),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ORG#" + o.ID},
			"SK": &types.AttributeValueMemberS{Value: "APITOKEN#" + own.ID}},
		UpdateExpression: aws.String("SET expiresAt = :t"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":t": &types.AttributeValueMemberS{Value: time.Now().UTC().Add(-time.Second).Format(time.RFC3339Nano)}}})
	if err != nil {
		t.Fatal(err)
	}
	MustStatus(t, script.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	var list struct{ Items []tokenJSON }
	settle() // a member's own token list is read from an index
	admin.Do("GET", "/api/admin/tokens", nil).JSON(t, &list)
	expired := map[string]bool{}
	for _, it := range list.Items {
		expired[it.ID] = it.Expired
	}
	if want := map[string]bool{byDefault.ID: false, own.ID: true}; fmt.Sprint(expired) != fmt.Sprint(want) {
		t.Errorf("expired = %v, want %v", expired, want)
	}
}

func TestSessionsPerUserAreCapped(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Sessoes")
	first := e.LoggedIn(t, o.UserEmail, o.Password)
	second := e.LoggedIn(t, o.UserEmail, o.Password)
	for range store.MaxSessionsPerUser - 1 { // the 11th session in all
		e.LoggedIn(t, o.UserEmail, o.Password)
	}
	MustStatus(t, first.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	MustStatus(t, second.Do("GET", "/api/admin/me", nil), http.StatusOK)
	if n := e.sessionEntries(t, o.ID, o.MemberID); n != store.MaxSessionsPerUser {
		t.Errorf("session entries = %d, want %d", n, store.MaxSessionsPerUser)
	}

	t.Run("previews end previews before a console session", func(t *testing.T) {
		p := e.mustPortalOrg(t, "Sessoes Previa "+o0(), 2)
		for range store.MaxSessionsPerUser + 2 {
			// Each preview from a tab of its own: the console's cookie, no earlier preview's.
			tab := e.Client(t)
			tab.cookies[auth.StaffCookie] = p.Admin.cookies[auth.StaffCookie]
			MustStatus(t, tab.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": p.Free.ID}), http.StatusCreated)
		}
		// The admin's console session, older than every preview, is still there.
		MustStatus(t, p.Admin.Do("GET", "/api/admin/me", nil), http.StatusOK)
		if n := e.sessionEntries(t, p.ID, p.AdminID); n != store.MaxSessionsPerUser {
			t.Errorf("session entries = %d, want %d", n, store.MaxSessionsPerUser)
		}
	})

	t.Run("a login ends the oldest login", func(t *testing.T) {
		p := e.mustPortalOrg(t, "Sessoes Login "+o0(), 2)
		MustStatus(t, p.Admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": p.Free.ID}), http.StatusCreated)
		var logins []*client
		for range store.MaxSessionsPerUser - 1 { // with the first login and the preview, 11 sessions
			logins = append(logins, e.LoggedIn(t, p.AdminEmail, p.Password))
		}
		MustStatus(t, p.Admin.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
		MustStatus(t, logins[0].Do("GET", "/api/admin/me", nil), http.StatusOK)
	})

	// A portal login bounds the user's sessions from the list on the user's item, without
	// reading the sessions: the 11th ends the first (the invitation's acceptance).
	t.Run("a portal user's logins", func(t *testing.T) {
		p := e.mustPortalOrg(t, "Sessoes Portal "+o0(), 2)
		email := "sessoes-" + p.ID + "@cliente.example"
		ana := p.contact(t, "Sessões", email)
		MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
		password := "a passphrase for many tabs"
		first := e.Client(t)
		MustStatus(t, first.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": password}), http.StatusOK)
		var logins []*client
		for range store.MaxSessionsPerUser {
			c := e.Client(t)
			MustStatus(t, c.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusOK)
			logins = append(logins, c)
		}
		MustStatus(t, first.Do("GET", "/api/me", nil), http.StatusUnauthorized)
		for i, c := range logins {
			if r := c.Do("GET", "/api/me", nil); r.Status != http.StatusOK {
				t.Errorf("login %d: status %d, want 200", i+1, r.Status)
			}
		}
		u, err := e.store.PortalUserByEmail(context.Background(), p.ID, email)
		if err != nil {
			t.Fatal(err)
		}
		if n := e.sessionEntries(t, p.ID, u.ID); n != store.MaxSessionsPerUser {
			t.Errorf("session entries = %d, want %d", n, store.MaxSessionsPerUser)
		}
		if len(u.Sessions) != store.MaxSessionsPerUser {
			t.Errorf("the user's list names %d sessions, want %d", len(u.Sessions), store.MaxSessionsPerUser)
		}
	})
}

// TestOffboardingPastOneTransaction: a member holding more sessions than one transaction can
// delete (written before the bound existed) is deactivated all the same, and every session ends.
func TestOffboardingPastOneTransaction(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	o := e.MustOrg(t, "Muitas")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	member := e.LoggedIn(t, o.UserEmail, o.Password)
	_, tok := e.newToken(t, member, nil)
	now := time.Now().UTC()
	const held = 60 // 120 items with their entries
	for i := range held {
		h := auth.HashSecret(fmt.Sprintf("old session %d of %s", i, o.ID))
		s := func(v string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: v} }
		exp := &types.AttributeValueMemberN{Value: fmt.Sprint(now.Add(time.Hour).Unix())}
		for _, item := range []map[string]types.AttributeValue{
			{"PK": s("SESSION#" + h), "SK": s("SESSION"), "hash": s(h), "orgId": s(o.ID), "userId": s(o.MemberID), "kind": s("staff"),
				"role": s("user"), "createdAt": s(now.Format(time.RFC3339Nano)), "lastSeenAt": s(now.Format(time.RFC3339Nano)),
				"idleExpiresAt": s(now.Add(time.Hour).Format(time.RFC3339Nano)), "expiresAt": exp},
			{"PK": s("ORG#" + o.ID + "#USER#" + o.MemberID), "SK": s("SESSION#" + h), "hash": s(h), "kind": s("staff"),
				"createdAt": s(now.Format(time.RFC3339Nano)), "expiresAt": exp},
		} {
			if _, err := e.deps.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(e.deps.Config.TableName), Item: item}); err != nil {
				t.Fatal(err)
			}
		}
	}
	MustStatus(t, patchStaff(admin, o.MemberID, map[string]string{"status": "inactive"}), http.StatusOK)
	MustStatus(t, member.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	if n := e.sessionEntries(t, o.ID, o.MemberID); n != 0 {
		t.Errorf("session entries = %d, want 0", n)
	}
	if _, err := e.store.GetSession(ctx, auth.HashSecret(fmt.Sprintf("old session %d of %s", held-1, o.ID))); err == nil {
		t.Error("the last old session is still there")
	}
	if _, err := e.store.GetAPIToken(ctx, o.ID, tok.ID); err == nil {
		t.Error("the token is still there")
	}
}

// TestEveryRequestReadsItsMember: a session or token that a change of the member left behind
// (written straight to the table here, as a change past one transaction leaves them for a
// moment) acts with the member's role and status as they are now.
func TestEveryRequestReadsItsMember(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	o := e.MustOrg(t, "Leitura")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	script, _ := e.newToken(t, admin, nil)
	set := func(attr, v string) {
		t.Helper()
		_, err := e.deps.DynamoDB.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(e.deps.Config.TableName),
			Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ORG#" + o.ID},
				"SK": &types.AttributeValueMemberS{Value: "STAFF#" + o.AdminID}},
			UpdateExpression:          aws.String("SET #a = :v"),
			ExpressionAttributeNames:  map[string]string{"#a": attr},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberS{Value: v}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/org", map[string]string{"name": "Leitura 2"}), http.StatusOK)
	set("role", "user")
	for _, c := range []*client{admin, script} {
		MustStatus(t, c.Do("GET", "/api/admin/org", nil), http.StatusOK)
		MustStatus(t, c.Do("PATCH", "/api/admin/org", map[string]string{"name": "Leitura 3"}), http.StatusForbidden)
	}
	set("status", "inactive")
	for _, c := range []*client{admin, script} {
		MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	}
}

// TestTwoAdminsDemotingEachOtherKeepOne: two admins demoting each other at once never leave the
// organization without an active admin: each change is conditioned, in its transaction, on the
// admin asking still being one.
func TestTwoAdminsDemotingEachOtherKeepOne(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	o := e.MustOrg(t, "Disputa")
	for round := range 5 {
		first := e.LoggedIn(t, o.AdminEmail, o.Password)
		MustStatus(t, patchStaff(first, o.MemberID, map[string]string{"role": "admin"}), http.StatusOK)
		second := e.LoggedIn(t, o.UserEmail, o.Password)
		statuses := make(chan int, 2)
		for _, c := range []struct {
			by     *client
			target string
		}{{first, o.MemberID}, {second, o.AdminID}} {
			go func() { statuses <- patchStaff(c.by, c.target, map[string]string{"role": "user"}).Status }()
		}
		got := []int{<-statuses, <-statuses}
		admins := 0
		for _, id := range []string{o.AdminID, o.MemberID} {
			u, err := e.store.GetStaffConsistent(ctx, o.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role == store.RoleAdmin && u.Status == store.StaffActive {
				admins++
			}
		}
		if admins == 0 || slices.Contains(got, http.StatusInternalServerError) || (got[0] == http.StatusOK && got[1] == http.StatusOK) {
			t.Fatalf("round %d: answers %v, active admins %d; want at most one change through and an admin left", round, got, admins)
		}
		// The admin left becomes the first again for the next round.
		if u, _ := e.store.GetStaffConsistent(ctx, o.ID, o.MemberID); u.Role == store.RoleAdmin {
			c := e.LoggedIn(t, o.UserEmail, o.Password)
			MustStatus(t, patchStaff(c, o.AdminID, map[string]string{"role": "admin"}), http.StatusOK)
			MustStatus(t, patchStaff(e.LoggedIn(t, o.AdminEmail, o.Password), o.MemberID, map[string]string{"role": "user"}), http.StatusOK)
		}
	}
}
