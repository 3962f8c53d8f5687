package apitest

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/smithy-go/middleware"

	"crmportal/infra/gateway"
	"crmportal/infra/sesinbox"
	"crmportal/shared/auth"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// waitForMail waits until the reset mailer has carried out every mail request stored so far:
// the table stream's consumer (the newest gateway) has handled every record written before
// the call. It counts the consumer's polls, not time.
func waitForMail(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := st.WaitStream(ctx); err != nil {
		t.Fatal(err)
	}
}

// staffLinkRE matches the console's password links in the emails.
var staffLinkRE = sesinbox.StaffResetLink

// tokensIn returns the tokens of every link matching re in the emails to addr, oldest first.
func tokensIn(t *testing.T, addr string, re *regexp.Regexp) []string {
	t.Helper()
	return sesinbox.Tokens(mailsTo(t, addr), re)
}

// activePortalUser invites a contact of a new portal organization and accepts the invitation:
// the portal and the user's email.
func (e *env) activePortalUser(t *testing.T, name string) (portalOrg, string) {
	t.Helper()
	p := e.mustPortalOrg(t, name, 2)
	settle() // the portal is configured before its customers come
	email := "reset-" + p.ID + "@cliente.example"
	c := p.contact(t, "Reis", email)
	MustStatus(t, p.invite(t, "Contacts", c.ID, p.Free.ID), http.StatusCreated)
	MustStatus(t, e.Client(t).Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept",
		map[string]string{"password": "the first portal passphrase"}), http.StatusOK)
	return p, email
}

// TestOnlyTheNewestResetLinkWorks: of four reset links asked for in a row, only the newest
// sets the password (each link revokes the ones before it), and once it is used none of the
// other three does; for staff and portal users alike.
func TestOnlyTheNewestResetLinkWorks(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Quatro Links")
	p, email := e.activePortalUser(t, "Quatro Links Portal")
	portalLinkRE := sesinbox.PortalLink("reset")
	for _, tt := range []struct {
		name, request, reset, email string
		body                        map[string]string
		re                          *regexp.Regexp
	}{
		{"staff", "/api/admin/password-reset", "/api/admin/password-reset/", o.AdminEmail, nil, staffLinkRE},
		{"portal", "/api/p/" + p.Slug + "/password-reset", "/api/password-reset/", email, nil, portalLinkRE},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(tokensIn(t, tt.email, tt.re))
			for i := 0; i < 4; i++ {
				MustStatus(t, e.Client(t).Do("POST", tt.request, map[string]string{"email": tt.email}), http.StatusAccepted)
			}
			toks := tokensIn(t, tt.email, tt.re)[before:]
			if len(toks) != 4 {
				t.Fatalf("%d reset emails, want 4", len(toks))
			}
			newest := toks[3]
			MustStatus(t, e.Client(t).Do("POST", tt.reset+newest, map[string]string{"password": "the " + tt.name + " passphrase after four links"}), http.StatusNoContent)
			for i, tok := range toks {
				if r := e.Client(t).Do("POST", tt.reset+tok, map[string]string{"password": "an attacker's passphrase " + tok[:6]}); r.Status != http.StatusGone {
					t.Errorf("link %d of 4 after the newest was used: status %d, want 410", i+1, r.Status)
				}
			}
		})
	}
}

// TestOlderLinksStopBeforeTheNewestIsUsed: a newer link revokes the older one at once, before
// anything is used; the newer one still works.
func TestOlderLinksStopBeforeTheNewestIsUsed(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Dois Links")
	for i := 0; i < 2; i++ {
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset", map[string]string{"email": o.UserEmail}), http.StatusAccepted)
	}
	toks := tokensIn(t, o.UserEmail, staffLinkRE)
	if len(toks) != 2 {
		t.Fatalf("%d reset emails, want 2", len(toks))
	}
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+toks[0], map[string]string{"password": "the older link's passphrase"}), http.StatusGone)
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+toks[1], map[string]string{"password": "the newer link's passphrase"}), http.StatusNoContent)
	e.LoggedIn(t, o.UserEmail, "the newer link's passphrase")
}

// TestResetLinksStopAtAPasswordChange: a reset link issued before a password change made
// another way answers 410 after it: a portal user's invitation acceptance, a staff member's
// first-password link and a change of a staff password hash.
func TestResetLinksStopAtAPasswordChange(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()

	t.Run("invitation acceptance", func(t *testing.T) {
		p := e.mustPortalOrg(t, "Aceite", 2)
		settle()
		email := "aceite-" + p.ID + "@cliente.example"
		c := p.contact(t, "Aceite", email)
		r := p.invite(t, "Contacts", c.ID, p.Free.ID)
		MustStatus(t, r, http.StatusCreated)
		var u portalUserJSON
		r.JSON(t, &u)
		// A reset token made while the user was invited (the routes make none for an invited
		// user: this is the store's invariant, checked directly).
		pu, err := e.store.GetPortalUser(ctx, p.ID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := auth.NewSecret()
		if err := e.store.CreateResetToken(ctx, store.ResetToken{Hash: auth.HashSecret(secret), OrgID: p.ID, UserID: u.ID,
			Purpose: store.PurposePortalReset, ExpiresAt: time.Now().Add(time.Hour)}, pu.ResetHash, ""); err != nil {
			t.Fatal(err)
		}
		MustStatus(t, e.Client(t).Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept",
			map[string]string{"password": "the accepted passphrase"}), http.StatusOK)
		MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+secret, map[string]string{"password": "a passphrase from before"}), http.StatusGone)
		if _, err := e.store.GetResetToken(ctx, auth.HashSecret(secret)); err == nil {
			t.Error("the reset token's item outlived the acceptance")
		}
	})

	t.Run("first-password link after a reset link", func(t *testing.T) {
		o := e.MustOrg(t, "Primeira Senha")
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset", map[string]string{"email": o.UserEmail}), http.StatusAccepted)
		reset := tokensIn(t, o.UserEmail, staffLinkRE)
		u, err := e.store.StaffByEmail(ctx, o.UserEmail)
		if err != nil || len(reset) != 1 {
			t.Fatalf("staff %v, %d links", err, len(reset))
		}
		// As portalctl and the console's new-member form make it.
		link, _, err := staffauth.New(e.deps).PasswordLink(ctx, u, true)
		if err != nil {
			t.Fatal(err)
		}
		setup := link[strings.LastIndex(link, "/")+1:]
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+setup, map[string]string{"password": "the first password at last"}), http.StatusNoContent)
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+reset[0], map[string]string{"password": "the reset link's passphrase"}), http.StatusGone)
	})

	t.Run("staff password hash changed", func(t *testing.T) {
		o := e.MustOrg(t, "Nova Senha")
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset", map[string]string{"email": o.UserEmail}), http.StatusAccepted)
		reset := tokensIn(t, o.UserEmail, staffLinkRE)
		u, err := e.store.StaffByEmail(ctx, o.UserEmail)
		if err != nil || len(reset) != 1 {
			t.Fatalf("staff %v, %d links", err, len(reset))
		}
		hash, err := auth.HashPassword("a password set by the operator")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.RehashPassword(ctx, o.ID, u.ID, u.PasswordHash, hash); err != nil {
			t.Fatal(err)
		}
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+reset[0], map[string]string{"password": "the reset link's passphrase"}), http.StatusGone)
	})
}

// TestStaffResetRoutesNeedTheCSRFHeader: both staff reset routes refuse a request without
// X-Requested-With: portal or from another origin, and change nothing.
func TestStaffResetRoutesNeedTheCSRFHeader(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "CSRF Reset")
	c := e.Client(t)
	before := len(tokensIn(t, o.AdminEmail, staffLinkRE))
	for _, hdr := range [][]string{{"X-Requested-With", ""}, {"X-Requested-With", "XMLHttpRequest"}, {"Origin", "https://evil.example"}} {
		MustStatus(t, c.Do("POST", "/api/admin/password-reset", map[string]string{"email": o.AdminEmail}, hdr...), http.StatusForbidden)
	}
	if got := len(tokensIn(t, o.AdminEmail, staffLinkRE)); got != before {
		t.Fatalf("%d reset emails after refused requests, want %d", got, before)
	}
	MustStatus(t, c.Do("POST", "/api/admin/password-reset", map[string]string{"email": o.AdminEmail}), http.StatusAccepted)
	toks := tokensIn(t, o.AdminEmail, staffLinkRE)
	tok := toks[len(toks)-1]
	for _, hdr := range [][]string{{"X-Requested-With", ""}, {"Origin", "https://evil.example"}} {
		MustStatus(t, c.Do("POST", "/api/admin/password-reset/"+tok, map[string]string{"password": "a cross-site passphrase"}, hdr...), http.StatusForbidden)
	}
	MustStatus(t, c.Do("POST", "/api/admin/password-reset/"+tok, map[string]string{"password": "the admin's own new passphrase"}, "Origin", origin), http.StatusNoContent)
}

// callLog records the AWS calls of a gateway's functions: the operation and, for a
// transaction, the kind of each item (Put, Update, Delete, ConditionCheck).
type callLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *callLog) option(service string) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("callLog", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			call := service + " " + middleware.GetOperationName(ctx)
			if tx, ok := in.Parameters.(*dynamodb.TransactWriteItemsInput); ok {
				for _, it := range tx.TransactItems {
					switch {
					case it.Put != nil:
						call += " Put"
					case it.Update != nil:
						call += " Update"
					case it.Delete != nil:
						call += " Delete"
					case it.ConditionCheck != nil:
						call += " ConditionCheck"
					}
				}
			}
			l.mu.Lock()
			l.calls = append(l.calls, call)
			l.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
	}
}

// take returns the calls so far and forgets them.
func (l *callLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.calls
	l.calls = nil
	return out
}

// callLogEnv is a gateway over the test stack whose functions' DynamoDB and SES calls go to
// log. It does not consume the table's stream (the test's own gateway does).
func (e *env) callLogEnv(t *testing.T, log *callLog) *env {
	t.Helper()
	deps := e.deps
	deps.DynamoDB = dynamodb.New(e.deps.DynamoDB.Options(), func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, log.option("dynamodb")) })
	deps = deps.WithAPIOptions(ses.ServiceID, log.option("ses"))
	return e.withDeps(t, deps)
}

// TestResetRequestsDoTheSameWorkForKnownAndUnknownEmails: a reset request for an active
// account's email and one for an unknown email make the same storage calls, in the same
// order, and no SES call; the answer is the same 202. The reset mailer then sends exactly one
// email for the account and none for the unknown address. (This replaces the timing
// comparison of reset requests: the work, not a median, is what is compared.)
func TestResetRequestsDoTheSameWorkForKnownAndUnknownEmails(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Mesma Obra")
	p, email := e.activePortalUser(t, "Mesma Obra Portal")
	var log callLog
	calls := e.callLogEnv(t, &log)
	for _, tt := range []struct {
		name, path, known, unknown string
		re                         *regexp.Regexp
	}{
		{"staff", "/api/admin/password-reset", o.AdminEmail, "nobody-" + o.ID + "@staff.example", staffLinkRE},
		{"portal", "/api/p/" + p.Slug + "/password-reset", email, "nobody-" + p.ID + "@cliente.example",
			sesinbox.PortalLink("reset")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(mailsTo(t, tt.known))
			seen := map[string][]string{}
			answers := map[string]string{}
			for _, who := range []string{tt.known, tt.unknown} {
				log.take()
				r := calls.Client(t).Do("POST", tt.path, map[string]string{"email": who})
				answers[who] = fmt.Sprintf("%d %s", r.Status, r.Body)
				seen[who] = log.take()
			}
			if answers[tt.known] != answers[tt.unknown] {
				t.Errorf("answers differ: known %s, unknown %s", answers[tt.known], answers[tt.unknown])
			}
			if !strings.HasPrefix(answers[tt.known], "202 ") {
				t.Errorf("answer %s, want 202", answers[tt.known])
			}
			if !slices.Equal(seen[tt.known], seen[tt.unknown]) {
				t.Errorf("calls differ:\n known   %q\n unknown %q", seen[tt.known], seen[tt.unknown])
			}
			for _, c := range seen[tt.known] {
				if strings.HasPrefix(c, "ses ") {
					t.Errorf("the request itself called SES: %q", seen[tt.known])
				}
			}
			if got := len(mailsTo(t, tt.known)); got != before+1 {
				t.Errorf("emails to the account after its request: %d, want %d", got, before+1)
			}
			if got := len(mailsTo(t, tt.unknown)); got != 0 {
				t.Errorf("emails to the unknown address: %d, want 0", got)
			}
		})
	}
}

// TestResetMailerCarriesOutARequestOnce: a stream record of a mail request delivered again (as
// Lambda may) sends nothing more and leaves the link sent the first time working; a request of
// an unknown address is marked done without an email.
func TestResetMailerCarriesOutARequestOnce(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Uma Vez")
	ctx := context.Background()
	mailer := gateway.StreamFunctions["functions/reset-mailer"](e.gw.FunctionDeps("ResetMailerFunction"))
	window := time.Now().Truncate(time.Hour)
	for _, tt := range []struct {
		name, email, outcome string
		emails               int
	}{
		{"known", o.UserEmail, store.MailSent, 1},
		{"unknown", "nobody-" + o.ID + "@staff.example", store.MailNone, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, _ := auth.NewID()
			ok, err := e.store.RequestMail(ctx, store.MailRequest{ID: id, Kind: store.MailStaffReset, Email: tt.email},
				store.ThrottleKey{Kind: "test", Hash: id}, window, window.Add(time.Hour), 5)
			if err != nil || !ok {
				t.Fatalf("RequestMail = %v, %v", ok, err)
			}
			if got := len(mailsTo(t, tt.email)); got != tt.emails { // the stream's delivery
				t.Fatalf("emails after the request: %d, want %d", got, tt.emails)
			}
			req, err := e.store.GetMailRequest(ctx, id)
			if err != nil || req.DoneAt == nil || req.Outcome != tt.outcome {
				t.Fatalf("request after the mailer: %+v, %v; want done, %s", req, err, tt.outcome)
			}
			again := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{{EventName: "INSERT", EventID: "again",
				Change: events.DynamoDBStreamRecord{SequenceNumber: "1", NewImage: map[string]events.DynamoDBAttributeValue{
					"PK": events.NewStringAttribute(store.MailRequestPrefix + id), "id": events.NewStringAttribute(id)}}}}}
			resp, err := mailer(ctx, again)
			if err != nil || len(resp.BatchItemFailures) > 0 {
				t.Fatalf("delivered again: %+v, %v", resp, err)
			}
			if got := len(mailsTo(t, tt.email)); got != tt.emails {
				t.Errorf("emails after a second delivery: %d, want %d", got, tt.emails)
			}
			if tt.emails == 1 {
				toks := tokensIn(t, tt.email, staffLinkRE)
				MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+toks[0], map[string]string{"password": "the one link's passphrase"}), http.StatusNoContent)
			}
		})
	}
}

// TestResetLinkEndsWithDeactivation: a portal user's reset link dies with a deactivation; a
// reactivation within the link's hour does not bring it back.
func TestResetLinkEndsWithDeactivation(t *testing.T) {
	e := MustEnv(t)
	p, email := e.activePortalUser(t, "Desativa Link")
	u, err := e.store.PortalUserByEmail(context.Background(), p.ID, email)
	if err != nil {
		t.Fatal(err)
	}
	MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": email}), http.StatusAccepted)
	reset := tokenIn(t, email, "reset")
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/deactivate", nil), http.StatusOK)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/activate", nil), http.StatusOK)
	MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+reset, map[string]string{"password": "a passphrase from the old link"}), http.StatusGone)
	if _, err := e.store.GetResetToken(context.Background(), auth.HashSecret(reset)); err == nil {
		t.Error("the reset token's item outlived the deactivation")
	}
}
