package apitest

// The paths that use the IAM grants of template.yaml only now and then (a session's sliding
// expiry, a portal's logo, lookups resolved on update and on import, the deep health check, a
// login replacing a session): each is driven through the routes here and its effect checked,
// so grantsUsed (iam_test.go) finds every grant used.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// sessionHash is the hash of the session c holds in its cookie name.
func sessionHash(t *testing.T, c *client, cookie string) string {
	t.Helper()
	_, secret, ok := auth.ParseSessionToken(c.cookies[cookie])
	if !ok {
		t.Fatalf("no %s session cookie", cookie)
	}
	return auth.HashSecret(secret)
}

// ageSession makes the session look last seen ten minutes ago, with five minutes of idle
// time left, and returns those two times.
func (e *env) ageSession(t *testing.T, hash string) (lastSeen, idle time.Time) {
	t.Helper()
	now := time.Now().UTC()
	lastSeen, idle = now.Add(-10*time.Minute), now.Add(5*time.Minute)
	_, err := e.deps.DynamoDB.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(e.deps.Config.TableName),
		Key:                 map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "SESSION#" + hash}, "SK": &types.AttributeValueMemberS{Value: "SESSION"}},
		UpdateExpression:    aws.String("SET lastSeenAt = :l, idleExpiresAt = :i"),
		ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":l": &types.AttributeValueMemberS{Value: lastSeen.Format(time.RFC3339Nano)},
			":i": &types.AttributeValueMemberS{Value: idle.Format(time.RFC3339Nano)}}})
	if err != nil {
		t.Fatal(err)
	}
	return lastSeen, idle
}

// lookupName is the name a lookup field's value shows, or "".
func lookupName(v any) string {
	ref, _ := v.(map[string]any)
	name, _ := ref["name"].(string)
	return name
}

// TestSessionSlidesOnEveryRoute: a session last seen more than a minute ago gets its idle
// expiry moved forward by any request it makes, on every staff route and every portal route
// (each function writes the session itself). Each route is called once, as the principal it
// serves, doing its real work on one organization's records; some steps check that work too
// (lookups resolved on update, a portal user deleting a record, a user type deleted).
func TestSessionSlidesOnEveryRoute(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	p := e.mustPortalOrg(t, "Sessões", 2)
	e.setLimits(t, p.ID, store.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 10})

	// The free type: the user's own contact, and cases where they may do everything,
	// including choosing the product (a lookup).
	var free userTypeJSON
	p.Admin.Do("GET", "/api/admin/user-types/"+p.Free.ID, nil).JSON(t, &free)
	tabs := []map[string]any{
		{"module": "Contacts", "enabled": true, "scope": "own", "layouts": []string{"default"}, "view": true,
			"display": map[string]any{"kind": "list", "columns": []string{"Last_Name", "Email"}}},
		{"module": "Cases", "enabled": true, "scope": "own", "scopeField": "Contact_Name", "layouts": []string{"default"},
			"view": true, "create": true, "edit": true, "delete": true, "notes": true, "attachments": true,
			"display": map[string]any{"kind": "list", "columns": []string{"Subject", "Priority"}}},
	}
	fields := map[string]any{"Contacts": map[string]string{"Last_Name": "read", "Email": "read"},
		"Cases": map[string]string{"Subject": "write", "Priority": "write", "Product_Name": "write"}}
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/user-types/"+p.Free.ID, map[string]any{"name": free.Name, "baseModule": "Contacts",
		"tabs": tabs, "fields": fields}, "If-Match", strconv.Itoa(free.Version)), http.StatusOK)

	email := "sessao-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Sessão", email)
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
	cust := e.Client(t)
	MustStatus(t, cust.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": "a customer passphrase " + p.ID}), http.StatusOK)
	// Cookies without the hints that name what a request reads with its session (as set before
	// there were hints): every route still serves them, reading one item at a time, and the
	// grants those reads use are checked here.
	for _, c := range []*client{p.Admin, cust} {
		for name, v := range c.cookies {
			if org, secret, ok := auth.ParseSessionToken(v); ok {
				c.cookies[name] = auth.FormatSessionToken(org, secret)
			}
		}
	}

	// Two unread notifications on each side, for the lists and for marking all read (one
	// transaction of both).
	custUser, err := e.store.PortalUserByRecord(ctx, p.ID, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	var staffMe struct{ User struct{ ID string } }
	p.Admin.Do("GET", "/api/admin/me", nil).JSON(t, &staffMe)
	for i, who := range []struct{ audience, user string }{{store.AudiencePortal, custUser.ID}, {store.AudiencePortal, custUser.ID},
		{store.AudienceStaff, staffMe.User.ID}, {store.AudienceStaff, staffMe.User.ID}} {
		id := store.NotificationID(time.Now().Add(time.Duration(i)*time.Minute), "Cases", fmt.Sprintf("rec%05d", i))
		if err := e.store.PutNotification(ctx, store.Notification{OrgID: p.ID, Audience: who.audience, UserID: who.user, ID: id,
			Kind: store.EventNotePublic, Module: "Cases", RecordID: fmt.Sprintf("rec%05d", i), RecordName: "Caso", ActorName: "Alguém"}, "ev-"+id); err != nil {
			t.Fatal(err)
		}
	}

	printer := p.Admin.MustCreate("Products", map[string]any{"Product_Name": "Impressora"})
	gone := p.Admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta a apagar"})
	temp := p.Admin.mustUserType(map[string]any{"name": "Temporários", "baseModule": "Contacts", "seats": 1})
	before, err := e.store.GetOrg(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 500)...)

	// What the steps make, for the later steps.
	var caseID, noteID, attID, tokenID, importID, newAccount string
	casePath := func() string { return "/api/records/Cases/" + caseID }
	staffCasePath := func() string { return "/api/admin/records/Cases/" + caseID }
	decode := func(t *testing.T, r response) map[string]any {
		var m map[string]any
		r.JSON(t, &m)
		return m
	}

	const staffSide, portalSide = "staff", "portal"
	var bulkJob string
	steps := []struct {
		function, side, method string
		path                   func() string
		body                   func() any
		header                 []string
		want                   int
		then                   func(t *testing.T, r response)
	}{
		{function: "StaffMe", side: staffSide, method: "GET", path: func() string { return "/api/admin/me" }, want: http.StatusOK},
		{function: "StaffNotifications", side: staffSide, method: "GET", path: func() string { return "/api/admin/me/notifications" }, want: http.StatusOK},
		{function: "StaffNotifications", side: staffSide, method: "POST", path: func() string { return "/api/admin/me/notifications/read-all" }, want: http.StatusNoContent},
		{function: "ModulesList", side: staffSide, method: "GET", path: func() string { return "/api/admin/modules" }, want: http.StatusOK},
		{function: "ModuleGet", side: staffSide, method: "GET", path: func() string { return "/api/admin/modules/Accounts" }, want: http.StatusOK},
		{function: "ModuleUpdate", side: staffSide, method: "PATCH", path: func() string { return "/api/admin/modules/Accounts" },
			body: func() any {
				return map[string]any{"fields": []map[string]any{{"apiName": "Client_Code", "labels": map[string]string{"en": "Client code"}, "type": "text"}}}
			},
			header: []string{"If-Match", `"0"`}, want: http.StatusOK},
		{function: "RecordCreate", side: staffSide, method: "POST", path: func() string { return "/api/admin/records/Accounts" },
			body: func() any { return map[string]any{"fields": map[string]any{"Account_Name": "Conta Nova"}} }, want: http.StatusCreated,
			then: func(t *testing.T, r response) { newAccount, _ = decode(t, r)["id"].(string) }},
		{function: "RecordsList", side: staffSide, method: "GET", path: func() string { return "/api/admin/records/Contacts" }, want: http.StatusOK},
		{function: "RecordGet", side: staffSide, method: "GET", path: func() string { return "/api/admin/records/Contacts/" + ana.ID }, want: http.StatusOK},
		// A lookup in the change is checked and named with one batch read.
		{function: "RecordUpdate", side: staffSide, method: "PATCH", path: func() string { return "/api/admin/records/Contacts/" + ana.ID },
			body:   func() any { return map[string]any{"fields": map[string]any{"Account_Name": newAccount}} },
			header: []string{"If-Match", strconv.Itoa(ana.Version)}, want: http.StatusOK,
			then: func(t *testing.T, r response) {
				var rec record
				r.JSON(t, &rec)
				if got := lookupName(rec.Fields["Account_Name"]); got != "Conta Nova" {
					t.Errorf("Account_Name after the change = %v, want the account named Conta Nova", rec.Fields["Account_Name"])
				}
			}},
		{function: "RecordDelete", side: staffSide, method: "DELETE", path: func() string { return "/api/admin/records/Accounts/" + gone.ID }, want: http.StatusNoContent},
		{function: "ImportCreate", side: staffSide, method: "POST", path: func() string { return "/api/admin/import/Contacts" },
			body: func() any {
				return map[string]any{"filename": "contatos.csv", "mapping": map[string]string{"Nome": "Last_Name"}}
			},
			want: http.StatusCreated,
			then: func(t *testing.T, r response) { importID, _ = decode(t, r)["id"].(string) }},
		{function: "ImportGet", side: staffSide, method: "GET", path: func() string { return "/api/admin/import/Contacts/" + importID }, want: http.StatusOK},
		{function: "LicensesGet", side: staffSide, method: "GET", path: func() string { return "/api/admin/licenses" }, want: http.StatusOK},
		{function: "UserTypesList", side: staffSide, method: "GET", path: func() string { return "/api/admin/user-types" }, want: http.StatusOK},
		{function: "UserTypeGet", side: staffSide, method: "GET", path: func() string { return "/api/admin/user-types/" + temp.ID }, want: http.StatusOK},
		{function: "UserTypeUpdate", side: staffSide, method: "PUT", path: func() string { return "/api/admin/user-types/" + temp.ID },
			body: func() any {
				return map[string]any{"name": temp.Name, "baseModule": "Contacts", "seats": 2, "tabs": temp.Tabs}
			},
			header: []string{"If-Match", "1"}, want: http.StatusOK},
		// Deleting a type gives its seats back to the license pool.
		{function: "UserTypeDelete", side: staffSide, method: "DELETE", path: func() string { return "/api/admin/user-types/" + temp.ID }, want: http.StatusNoContent,
			then: func(t *testing.T, r response) {
				MustStatus(t, p.Admin.Do("GET", "/api/admin/user-types/"+temp.ID, nil), http.StatusNotFound)
				after, err := e.store.GetOrg(ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if after.SeatsAllocated != before.SeatsAllocated-1 || after.UserTypeCount != before.UserTypeCount-1 {
					t.Errorf("after the delete: %d seats allocated and %d types, want %d and %d", after.SeatsAllocated, after.UserTypeCount,
						before.SeatsAllocated-1, before.UserTypeCount-1)
				}
			}},
		{function: "EmailTemplatesList", side: staffSide, method: "GET", path: func() string { return "/api/admin/email-templates" }, want: http.StatusOK},
		{function: "EmailTemplatePut", side: staffSide, method: "PUT", path: func() string { return "/api/admin/email-templates/invitation/en" },
			body: func() any {
				return map[string]string{"subject": "Welcome to {{.Portal}}", "text": "Sign in: {{.Link}}", "html": `<a href="{{.Link}}">Sign in</a>`}
			},
			want: http.StatusOK},
		{function: "EmailTemplateReset", side: staffSide, method: "DELETE", path: func() string { return "/api/admin/email-templates/invitation/en" }, want: http.StatusOK},
		{function: "PortalUsersList", side: staffSide, method: "GET", path: func() string { return "/api/admin/portal-users" }, want: http.StatusOK},
		{function: "PortalGet", side: staffSide, method: "GET", path: func() string { return "/api/admin/portal" }, want: http.StatusOK},
		{function: "PortalCreate", side: staffSide, method: "POST", path: func() string { return "/api/admin/portal" },
			body: func() any { return map[string]any{} }, want: http.StatusConflict}, // configured already
		{function: "PortalLogo", side: staffSide, method: "POST", path: func() string { return "/api/admin/portal/logo" },
			body: func() any { return map[string]string{"contentType": "image/png"} }, want: http.StatusCreated},
		{function: "TokensCreate", side: staffSide, method: "POST", path: func() string { return "/api/admin/tokens" },
			body: func() any { return map[string]string{"name": "sessões"} }, want: http.StatusCreated,
			then: func(t *testing.T, r response) {
				var created struct{ Token struct{ ID string } }
				r.JSON(t, &created)
				tokenID = created.Token.ID
			}},
		{function: "TokensList", side: staffSide, method: "GET", path: func() string { return "/api/admin/tokens" }, want: http.StatusOK},
		{function: "TokensRevoke", side: staffSide, method: "DELETE", path: func() string { return "/api/admin/tokens/" + tokenID }, want: http.StatusNoContent},
		{function: "Preview", side: staffSide, method: "POST", path: func() string { return "/api/admin/preview" },
			body: func() any { return map[string]any{"userTypeId": p.Free.ID} }, want: http.StatusCreated},

		{function: "MeGet", side: portalSide, method: "GET", path: func() string { return "/api/me" }, want: http.StatusOK},
		{function: "MeTabs", side: portalSide, method: "GET", path: func() string { return "/api/me/tabs" }, want: http.StatusOK},
		{function: "MeHome", side: portalSide, method: "GET", path: func() string { return "/api/me/home" }, want: http.StatusOK},
		{function: "MeNotifications", side: portalSide, method: "GET", path: func() string { return "/api/me/notifications" }, want: http.StatusOK},
		{function: "MeNotifications", side: portalSide, method: "POST", path: func() string { return "/api/me/notifications/read-all" }, want: http.StatusNoContent},
		// The customer is made account admin of their Account first: the colleagues' list.
		{function: "PortalUserAction", side: staffSide, method: "POST", path: func() string { return "/api/admin/portal-users/" + custUser.ID + "/account-admin" },
			body: func() any { return map[string]any{"accountAdmin": true} }, want: http.StatusOK},
		{function: "PortalUserAction", side: portalSide, method: "GET", path: func() string { return "/api/me/colleagues" }, want: http.StatusOK},
		// A bulk job (an id that names no user: the job is made and reports it), then its progress.
		{function: "PortalUserAction", side: staffSide, method: "POST", path: func() string { return "/api/admin/portal-users/bulk" },
			body: func() any { return map[string]any{"action": "resend", "ids": []string{"nosuchuser0000000000"}} }, want: http.StatusAccepted,
			then: func(t *testing.T, r response) {
				var job struct{ JobID string }
				r.JSON(t, &job)
				bulkJob = job.JobID
			}},
		{function: "PortalUserAction", side: staffSide, method: "GET", path: func() string { return "/api/admin/portal-users/bulk/" + bulkJob }, want: http.StatusOK},
		{function: "PortalRecordCreate", side: portalSide, method: "POST", path: func() string { return "/api/records/Cases" },
			body: func() any {
				return map[string]any{"fields": map[string]any{"Subject": "Impressora parada", "Priority": "High"}}
			},
			want: http.StatusCreated, then: func(t *testing.T, r response) { caseID, _ = decode(t, r)["id"].(string) }},
		{function: "PortalRecordsList", side: portalSide, method: "GET", path: func() string { return "/api/records/Cases" }, want: http.StatusOK},
		{function: "PortalRecordGet", side: portalSide, method: "GET", path: casePath, want: http.StatusOK},
		// The portal user chooses a product: the lookup is checked and named with one batch read.
		{function: "PortalRecordUpdate", side: portalSide, method: "PATCH", path: casePath,
			body:   func() any { return map[string]any{"fields": map[string]any{"Product_Name": printer.ID}} },
			header: []string{"If-Match", `"1"`}, want: http.StatusOK,
			then: func(t *testing.T, r response) {
				var rec record
				r.JSON(t, &rec)
				if got := lookupName(rec.Fields["Product_Name"]); got != "Impressora" {
					t.Errorf("Product_Name after the change = %v, want the product named Impressora", rec.Fields["Product_Name"])
				}
			}},
		{function: "NotePortalCreate", side: portalSide, method: "POST", path: func() string { return casePath() + "/notes" },
			body: func() any { return map[string]string{"body": "Já reiniciei."} }, want: http.StatusCreated,
			then: func(t *testing.T, r response) { noteID, _ = decode(t, r)["id"].(string) }},
		{function: "NotesPortalList", side: portalSide, method: "GET", path: func() string { return casePath() + "/notes" }, want: http.StatusOK},
		{function: "NotePortalUpdate", side: portalSide, method: "PATCH", path: func() string { return casePath() + "/notes/" + noteID },
			body: func() any { return map[string]string{"body": "Já reiniciei duas vezes."} }, header: []string{"If-Match", `"1"`}, want: http.StatusOK},
		{function: "AttachmentPortalCreate", side: portalSide, method: "POST", path: func() string { return casePath() + "/attachments" },
			body: func() any {
				return map[string]any{"filename": "erro.pdf", "contentType": "application/pdf", "size": len(pdf)}
			},
			want: http.StatusCreated,
			then: func(t *testing.T, r response) {
				var up struct {
					Attachment attachmentJSON
					Upload     struct {
						URL    string
						Fields map[string]string
					}
				}
				r.JSON(t, &up)
				attID = up.Attachment.ID
				if code := postForm(t, up.Upload.URL, up.Upload.Fields, pdf); code >= 300 {
					t.Fatalf("upload to S3: status %d", code)
				}
			}},
		{function: "AttachmentPortalComplete", side: portalSide, method: "POST", path: func() string { return casePath() + "/attachments/" + attID + "/complete" }, want: http.StatusOK},
		{function: "AttachmentsPortalList", side: portalSide, method: "GET", path: func() string { return casePath() + "/attachments" }, want: http.StatusOK},
		{function: "AttachmentPortalGet", side: portalSide, method: "GET", path: func() string { return casePath() + "/attachments/" + attID }, want: http.StatusOK},
		{function: "RecordPortalPdf", side: portalSide, method: "GET", path: func() string { return casePath() + "/pdf" }, want: http.StatusNotFound},
		{function: "MeExport", side: portalSide, method: "GET", path: func() string { return "/api/me/export" }, want: http.StatusOK,
			then: func(t *testing.T, r response) {
				var ex struct {
					Records map[string][]struct{ ID string }
				}
				r.JSON(t, &ex)
				if cs := ex.Records["Cases"]; len(cs) != 1 || cs[0].ID != caseID {
					t.Errorf("exported cases = %+v, want the one case", cs)
				}
			}},

		{function: "NoteCreate", side: staffSide, method: "POST", path: func() string { return staffCasePath() + "/notes" },
			body: func() any { return map[string]any{"body": "Técnico agendado.", "internal": true} }, want: http.StatusCreated},
		{function: "NotesList", side: staffSide, method: "GET", path: func() string { return staffCasePath() + "/notes" }, want: http.StatusOK,
			then: func(t *testing.T, r response) {
				var list struct{ Items []noteJSON }
				r.JSON(t, &list)
				if len(list.Items) != 2 {
					t.Errorf("notes = %+v, want the customer's and the internal one", list.Items)
				}
			}},
		{function: "AttachmentsList", side: staffSide, method: "GET", path: func() string { return staffCasePath() + "/attachments" }, want: http.StatusOK},
		{function: "AttachmentGet", side: staffSide, method: "GET", path: func() string { return staffCasePath() + "/attachments/" + attID }, want: http.StatusOK},
		// A case has no PDF: the session slides before the module is refused (TestRecordPDF renders invoices).
		{function: "RecordPdf", side: staffSide, method: "GET", path: func() string { return staffCasePath() + "/pdf" }, want: http.StatusNotFound},

		{function: "NotePortalDelete", side: portalSide, method: "DELETE", path: func() string { return casePath() + "/notes/" + noteID }, want: http.StatusNoContent},
		// A tab that allows delete lets the user delete a record in their scope.
		{function: "PortalRecordDelete", side: portalSide, method: "DELETE", path: casePath, want: http.StatusNoContent,
			then: func(t *testing.T, r response) {
				cases, _ := crm.StandardModule(crm.Cases)
				if _, err := e.store.GetRecord(ctx, cases, p.ID, caseID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("the deleted case: %v, want not found", err)
				}
			}},
	}
	for _, s := range steps {
		c, cookie := p.Admin, auth.StaffCookie
		if s.side == portalSide {
			c, cookie = cust, auth.PortalCookie
		}
		hash := sessionHash(t, c, cookie)
		lastSeen, idle := e.ageSession(t, hash)
		var body any
		if s.body != nil {
			body = s.body()
		}
		r := c.Do(s.method, s.path(), body, s.header...)
		if r.Status != s.want {
			t.Fatalf("%s (%s %s): status %d, want %d; body %s", s.function, s.method, s.path(), r.Status, s.want, r.Body)
		}
		if s.then != nil {
			s.then(t, r)
		}
		sess, err := e.store.GetSession(ctx, hash)
		if err != nil {
			t.Fatalf("%s: the session after the request: %v", s.function, err)
		}
		if !sess.LastSeenAt.After(lastSeen.Add(5*time.Minute)) || sess.IdleExpiresAt.Sub(idle) < time.Hour {
			t.Errorf("%s: the session was not moved on: last seen %s (was %s), idle expiry %s (was %s)", s.function,
				sess.LastSeenAt.Format(time.RFC3339), lastSeen.Format(time.RFC3339), sess.IdleExpiresAt.Format(time.RFC3339), idle.Format(time.RFC3339))
		}
	}
}

// TestLogoInEveryPortalAnswer: once the portal has a logo, every answer that shows the portal
// (the console's portal, the invitation page, accepting it, /api/me, saving preferences,
// logging in) links to it with a signed URL of that very logo.
func TestLogoInEveryPortalAnswer(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Marca "+o0())
	e.setLimits(t, o.ID, store.Limits{UserTypes: 5, FreeSeats: 100, LicensePool: 0})
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)

	png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, bytes.Repeat([]byte{7}, 200)...)
	logoKey, code := uploadLogo(t, admin, "image/png", png)
	if code >= 300 {
		t.Fatalf("logo upload: status %d", code)
	}
	logoOf := func(what string, r response) {
		t.Helper()
		var v struct {
			LogoURL string
			Portal  struct{ LogoURL string }
		}
		r.JSON(t, &v)
		url := v.LogoURL + v.Portal.LogoURL
		if !strings.Contains(url, logoKey) || !strings.Contains(url, "X-Amz-Signature=") {
			t.Errorf("%s: logo link %q, want a signed link to %s", what, url, logoKey)
		}
	}

	// The portal configured with the logo at once: the logo is checked, then linked.
	r := admin.Do("POST", "/api/admin/portal", map[string]any{"name": "Marca " + o.ID[:6], "branding": map[string]string{"logoKey": logoKey}})
	MustStatus(t, r, http.StatusCreated)
	logoOf("POST /api/admin/portal", r)
	var pt struct{ Slug, LogoURL string }
	r.JSON(t, &pt)
	resp, err := http.Get(pt.LogoURL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, png) {
		t.Fatalf("the logo link serves %d bytes (status %d), not the logo", len(got), resp.StatusCode)
	}
	r = admin.Do("GET", "/api/admin/portal", nil)
	MustStatus(t, r, http.StatusOK)
	logoOf("GET /api/admin/portal", r)

	free := admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})
	email := "logo-" + o.ID + "@cliente.example"
	contact := admin.MustCreate("Contacts", map[string]any{"Last_Name": "Marques", "Email": email})
	MustStatus(t, admin.Do("POST", "/api/admin/records/Contacts/"+contact.ID+"/invitation", map[string]any{"userTypeId": free.ID}), http.StatusCreated)
	token := tokenIn(t, email, "invite")

	c := e.Client(t)
	r = c.Do("GET", "/api/invitations/"+token, nil)
	MustStatus(t, r, http.StatusOK)
	logoOf("GET /api/invitations/{token}", r)
	password := "the logo customer's passphrase"
	r = c.Do("POST", "/api/invitations/"+token+"/accept", map[string]string{"password": password})
	MustStatus(t, r, http.StatusOK)
	logoOf("POST /api/invitations/{token}/accept", r)
	r = c.Do("GET", "/api/me", nil)
	MustStatus(t, r, http.StatusOK)
	logoOf("GET /api/me", r)
	r = c.Do("PATCH", "/api/me/preferences", map[string]string{"language": "en", "timeFormat": "24h", "timeZone": "America/Sao_Paulo", "country": "BR"})
	MustStatus(t, r, http.StatusOK)
	logoOf("PATCH /api/me/preferences", r)
	MustStatus(t, c.Do("POST", "/api/logout", nil), http.StatusNoContent)
	r = c.Do("POST", "/api/p/"+pt.Slug+"/login", map[string]string{"email": email, "password": password})
	MustStatus(t, r, http.StatusOK)
	logoOf("POST /api/p/{slug}/login", r)
}

// TestImportResolvesAndMovesLookups: an import's lookup column is checked and named (one
// batch read per row), a missing target fails the row, and a second run by external id moves
// the record's link from the old target to the new one.
func TestImportResolvesAndMovesLookups(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	o := e.MustOrg(t, "Importa contas")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	a := c.MustCreate("Accounts", map[string]any{"Account_Name": "Conta A"})
	b := c.MustCreate("Accounts", map[string]any{"Account_Name": "Conta B"})
	mapping := map[string]string{"Sobrenome": "Last_Name", "Conta": "Account_Name"}

	csv := fmt.Sprintf("Codigo,Sobrenome,Conta\nX1,Lima,%s\nX2,Souza,zzzzzzzzzzzzzzzzzzzz\n", a.ID)
	job := c.MustImport("Contacts", csv, mapping, "Codigo")
	if job.Status != "done" || job.Failed != 1 {
		t.Fatalf("job = %+v, want done with the row of a missing account failed", job)
	}
	id, err := e.store.RecordIDByExternalID(ctx, o.ID, crm.Contacts, "X1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.RecordIDByExternalID(ctx, o.ID, crm.Contacts, "X2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the row with a missing account was imported (%v)", err)
	}
	var rec record
	c.Do("GET", "/api/admin/records/Contacts/"+id, nil).JSON(t, &rec)
	if lookupName(rec.Fields["Account_Name"]) != "Conta A" {
		t.Fatalf("Account_Name = %v, want Conta A", rec.Fields["Account_Name"])
	}

	job = c.MustImport("Contacts", "Codigo,Sobrenome,Conta\nX1,Lima,"+b.ID+"\n", mapping, "Codigo")
	if job.Status != "done" || job.Failed != 0 {
		t.Fatalf("second run = %+v", job)
	}
	c.Do("GET", "/api/admin/records/Contacts/"+id, nil).JSON(t, &rec)
	if rec.Version != 2 || lookupName(rec.Fields["Account_Name"]) != "Conta B" {
		t.Fatalf("after the second run: version %d, Account_Name %v; want 2 and Conta B", rec.Version, rec.Fields["Account_Name"])
	}
	for _, tt := range []struct {
		account string
		want    int
	}{{a.ID, 0}, {b.ID, 1}} {
		ids, err := e.store.LinkedRecords(ctx, o.ID, tt.account, crm.Contacts)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != tt.want {
			t.Errorf("contacts linked to %s = %v, want %d", tt.account, ids, tt.want)
		}
	}
}

// TestHealthDeep: ?deep=1 checks that the table and the attachments bucket answer.
func TestHealthDeep(t *testing.T) {
	e := MustEnv(t)
	r := e.Client(t).Do("GET", "/api/health?deep=1", nil)
	MustStatus(t, r, http.StatusOK)
	var h struct {
		Status string
		Checks struct{ Table, Bucket struct{ Status string } }
	}
	r.JSON(t, &h)
	if h.Status != "ok" || h.Checks.Table.Status != "up" || h.Checks.Bucket.Status != "up" {
		t.Errorf("deep health = %+v, want ok with the table and the bucket up", h)
	}
}

// TestStaffLoginEndsEarlierSession: logging in again from a browser that holds a session
// ends that session; its cookie no longer works.
func TestStaffLoginEndsEarlierSession(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Relogin")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	old := c.cookies[auth.StaffCookie]
	oldHash := sessionHash(t, c, auth.StaffCookie)
	c.Login(o.UserEmail, o.Password)
	if c.cookies[auth.StaffCookie] == old {
		t.Fatal("the second login kept the session")
	}
	if _, err := e.store.GetSession(context.Background(), oldHash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the earlier session: %v, want not found", err)
	}
	stale := e.Client(t)
	stale.cookies[auth.StaffCookie] = old
	MustStatus(t, stale.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)
}
