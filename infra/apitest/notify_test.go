package apitest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/getkin/kin-openapi/openapi3filter"

	"crmportal/infra/gateway"
	"crmportal/infra/seed"
	"crmportal/infra/sesinbox"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/notify"
	"crmportal/shared/store"
)

// The unsubscribe route answers a small HTML page (docs/openapi.yaml: text/html, a string):
// the response check reads it as the string it is.
func init() { openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder) }

// unsubscribeRE matches the unsubscribe link of a notification email; its group is the token.
var unsubscribeRE = regexp.MustCompile(`/api/unsubscribe\?token=([A-Za-z0-9_%-]+)`)

// digestsSettled waits until the notifier has handled every event written so far (the
// stream's consumer is idle) and the digests of (audience, user) on each record have been
// mailed or given up on: none waits and none is scheduled. It counts states, not time; the
// deadline only stops a test whose digest never settles.
func (e *env) digestsSettled(t *testing.T, audience, user string, records ...string) {
	t.Helper()
	waitForMail(t)
	ctx := context.Background()
	deadline := time.Now().Add(90 * time.Second)
	for _, rec := range records {
		parts := strings.SplitN(rec, "/", 2)
		for {
			d, err := e.store.GetDigest(ctx, seed.DemoOrgID, audience, user, parts[0], parts[1])
			if err != nil {
				t.Fatal(err)
			}
			if !d.Pending() && !d.Scheduled {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the digest of %s %s on %s never settled: %+v", audience, user, rec, d)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// inbox returns the emails to addr now.
func inbox(t *testing.T, addr string) []sesinbox.Message {
	t.Helper()
	msgs, err := sesinbox.List(context.Background(), http.DefaultClient, st.SESURL)
	if err != nil {
		t.Fatal(err)
	}
	return sesinbox.To(msgs, addr)
}

func notificationsOf(t *testing.T, c *client, path string) notificationList {
	t.Helper()
	r := c.Do("GET", path, nil)
	MustStatus(t, r, http.StatusOK)
	var l notificationList
	r.JSON(t, &l)
	return l
}

// portalUserOf is the portal user who is the contact.
func (e *env) portalUserOf(t *testing.T, contact store.Record) store.PortalUser {
	t.Helper()
	u, err := e.store.PortalUserByRecord(context.Background(), seed.DemoOrgID, contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// otherAccount returns a demo contact whose account differs from c's.
func otherAccount(t *testing.T, contacts []store.Record, c store.Record, skip ...int) store.Record {
	t.Helper()
	acc := func(r store.Record) string { return r.Fields["Account_Name"].(map[string]any)["id"].(string) }
	for i := len(contacts) - 1; i >= 0; i-- {
		if acc(contacts[i]) != acc(c) && !slices.Contains(skip, i) {
			return contacts[i]
		}
	}
	t.Fatal("no demo contact of another account")
	return store.Record{}
}

// TestStaffReplyReachesTheCustomerOnce: a customer's new case tells the organization's staff
// address; an internal note tells no one; a public reply puts one branded email in the
// customer's inbox and a notification in her list, and nothing reaches a customer of another
// account; the event delivered again sends nothing more; unsubscribing by the email's link
// stops that kind (email and notification); a suppressed address gets no email and the skip
// is in the audit log.
func TestStaffReplyReachesTheCustomerOnce(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	pat := contacts[8]
	stranger := otherAccount(t, contacts, pat, 6, 7, 8)
	p := e.customer(t, d, pat)
	other := e.customer(t, d, stranger)
	patEmail, _ := pat.Fields["Email"].(string)
	strangerEmail, _ := stranger.Fields["Email"].(string)
	pu, ou := e.portalUserOf(t, pat), e.portalUserOf(t, stranger)

	// The staff side: an address of the organization, no role.
	support := "suporte-" + o0() + "@acme.example"
	if _, err := e.store.UpdateOrg(ctx, seed.DemoOrgID, store.OrgChanges{StaffNotify: &store.StaffNotify{Email: support}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := e.store.UpdateOrg(ctx, seed.DemoOrgID, store.OrgChanges{StaffNotify: &store.StaffNotify{}}); err != nil {
			t.Error(err)
		}
	})

	// A customer's new case tells the staff address (the case has no owner).
	r := p.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Segunda via do boleto " + o0()}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID, Name string }
	r.JSON(t, &cs)
	e.digestsSettled(t, store.AudienceAddress, support, "Cases/"+cs.ID)
	if got := inbox(t, support); len(got) != 1 || !strings.Contains(got[0].Body.Text, "/admin/records/Cases/"+cs.ID) {
		t.Fatalf("emails to the staff address = %+v, want one linking the case in the console", got)
	}

	// An internal note: no email, no notification.
	before := len(inbox(t, patEmail))
	notes := "/api/admin/records/Cases/" + cs.ID + "/notes"
	secretBody := "Nota interna " + o0()
	MustStatus(t, d.admin.Do("POST", notes, map[string]any{"body": secretBody, "internal": true}), http.StatusCreated)
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	if got := inbox(t, patEmail); len(got) != before {
		t.Fatalf("an internal note sent %d emails to the customer", len(got)-before)
	}
	if l := notificationsOf(t, p, "/api/me/notifications"); len(l.Items) != 0 {
		t.Fatalf("an internal note made notifications %+v", l.Items)
	}

	// A public reply: one branded email, one notification; nothing for the other account.
	strangerBefore := len(inbox(t, strangerEmail))
	MustStatus(t, d.admin.Do("POST", notes, map[string]any{"body": "Enviamos a segunda via."}), http.StatusCreated)
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	got := inbox(t, patEmail)
	if len(got) != before+1 {
		t.Fatalf("a public reply sent %d emails, want 1", len(got)-before)
	}
	m := got[len(got)-1]
	if !strings.Contains(m.Subject, cs.Name) || !strings.Contains(m.Body.Text, "/p/"+seed.DemoPortalSlug+"/Cases/"+cs.ID) ||
		!strings.Contains(m.Body.HTML, "#0a5fb4") || !unsubscribeRE.MatchString(m.Body.Text) || !unsubscribeRE.MatchString(m.Body.HTML) {
		t.Errorf("the email lacks the case, its portal link, the brand or the unsubscribe link: %+v", m)
	}
	if strings.Contains(m.Body.Text+m.Body.HTML, secretBody) || strings.Contains(m.Body.Text+m.Body.HTML, "segunda via.") {
		t.Errorf("the email shows a note's body: %+v", m)
	}
	l := waitList(t, p, "/api/me/notifications", 1)
	if len(l.Items) != 1 || l.Items[0].RecordID != cs.ID || l.Items[0].Kind != store.EventNotePublic || l.Items[0].Read {
		t.Fatalf("notifications = %+v, want one unread note.public on the case", l)
	}
	if n := len(inbox(t, strangerEmail)) - strangerBefore; n != 0 {
		t.Errorf("the customer of another account got %d emails", n)
	}
	if l := notificationsOf(t, other, "/api/me/notifications"); len(l.Items) != 0 {
		t.Errorf("the customer of another account got notifications %+v", l.Items)
	}
	if d, err := e.store.GetDigest(ctx, seed.DemoOrgID, store.AudiencePortal, ou.ID, crm.Cases, cs.ID); err != nil || d.Version != 0 {
		t.Errorf("the other account's customer has a digest of the case: %+v, %v", d, err)
	}

	// The same event delivered again (a retried stream record) sends nothing and counts nothing.
	evs := e.eventsOf(t, cs.ID)
	var reply store.Event
	for _, ev := range evs {
		if ev.Kind == store.EventNotePublic {
			reply = ev
		}
	}
	if err := notify.NewNotifier(e.deps).Deliver(ctx, reply); err != nil {
		t.Fatal(err)
	}
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	if n := len(inbox(t, patEmail)) - before; n != 1 {
		t.Errorf("after the event was delivered again: %d emails, want 1", n)
	}
	if l := notificationsOf(t, p, "/api/me/notifications"); len(l.Items) != 1 || l.Items[0].Count != 1 {
		t.Errorf("after the event was delivered again: %+v, want one notification of one event", l.Items)
	}
	e.wantAudit(t, notify.AuditSent, cs.ID, pu.ID)

	// One click on the email's unsubscribe link (as a mail client posts it) turns replies off.
	tok, err := url.QueryUnescape(unsubscribeRE.FindStringSubmatch(m.Body.Text)[1])
	if err != nil {
		t.Fatal(err)
	}
	page := e.Client(t)
	r = page.Do("GET", "/api/unsubscribe?token="+url.QueryEscape(tok), nil)
	MustStatus(t, r, http.StatusOK)
	if u := e.portalUserOf(t, pat); u.Preferences != nil && slices.Contains(u.Preferences.NotifyOff, store.EventNotePublic) {
		t.Fatal("opening the link (GET) turned the kind off")
	}
	if code := postForm(t, e.srv.URL+"/api/unsubscribe?token="+url.QueryEscape(tok), map[string]string{"List-Unsubscribe": "One-Click"}, nil); code != http.StatusOK {
		t.Fatalf("one-click unsubscribe = %d, want 200", code)
	}
	if u := e.portalUserOf(t, pat); u.Preferences == nil || !slices.Contains(u.Preferences.NotifyOff, store.EventNotePublic) {
		t.Fatalf("after unsubscribing, the preferences are %+v", u.Preferences)
	}
	MustStatus(t, p.Do("POST", "/api/me/notifications/read-all", nil), http.StatusNoContent)
	MustStatus(t, d.admin.Do("POST", notes, map[string]any{"body": "Mais uma resposta."}), http.StatusCreated)
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	if n := len(inbox(t, patEmail)) - before; n != 1 {
		t.Errorf("after unsubscribing: %d emails, want still 1", n)
	}
	if l := notificationsOf(t, p, "/api/me/notifications"); slices.ContainsFunc(l.Items, func(it struct {
		ID, Kind, Module, RecordID, RecordName, ActorName string
		Count                                             int
		Read                                              bool
	}) bool {
		return !it.Read
	}) {
		t.Errorf("after unsubscribing: unread notifications %+v, want none", l.Items)
	}
	// An unknown token: 404; none: 400 naming it.
	if code := postForm(t, e.srv.URL+"/api/unsubscribe?token="+strings.Repeat("A", 43), map[string]string{"List-Unsubscribe": "One-Click"}, nil); code != http.StatusNotFound {
		t.Errorf("an unknown token = %d, want 404", code)
	}
	if pr := page.Do("GET", "/api/unsubscribe", nil); pr.Status != http.StatusBadRequest || !slices.Contains(pr.Problem(t).fields(), "token") {
		t.Errorf("no token = %d %s, want 400 naming token", pr.Status, pr.Body)
	}

	// A suppressed address (SES reported a permanent bounce) gets no email; the skip is audited.
	bounce := fmt.Sprintf(`{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":%q}]},"mail":{"messageId":"unknown-%s"}}`, strings.ToUpper(strangerEmail), o0())
	tmplFn := gateway.SNSFunctions["functions/email-events"]
	if err := tmplFn(e.gw.FunctionDeps("EmailEventsFunction"))(ctx, events.SNSEvent{Records: []events.SNSEventRecord{{SNS: events.SNSEntity{MessageID: "m1", Message: bounce}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Suppressed(ctx, strangerEmail); err != nil {
		t.Fatalf("a permanent bounce did not suppress the address: %v", err)
	}
	ocs := other.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Outro chamado " + o0()}})
	MustStatus(t, ocs, http.StatusCreated)
	var oc struct{ ID string }
	ocs.JSON(t, &oc)
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Cases/"+oc.ID+"/notes", map[string]any{"body": "Resposta."}), http.StatusCreated)
	e.digestsSettled(t, store.AudiencePortal, ou.ID, "Cases/"+oc.ID)
	if n := len(inbox(t, strangerEmail)) - strangerBefore; n != 0 {
		t.Errorf("a suppressed address got %d emails", n)
	}
	if l := notificationsOf(t, other, "/api/me/notifications"); len(l.Items) != 1 {
		t.Errorf("the in-app notification does not depend on the address: %+v", l.Items)
	}
	e.wantAudit(t, notify.AuditSkipped, oc.ID, "suppressed")
	t.Cleanup(func() {
		_, _ = e.deps.DynamoDB.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(e.deps.Config.TableName),
			Key: mustKey(t, "SUPPRESS#"+store.NormalizeEmail(strangerEmail), "SUPPRESS")})
	})
}

// wantAudit fails unless the demo's log has an entry of action on record whose detail holds
// detail.
func (e *env) wantAudit(t *testing.T, action, record, detail string) {
	t.Helper()
	es, _, err := e.store.ListAudit(context.Background(), seed.DemoOrgID, store.AuditFilter{RecordID: record, Action: action}, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range es {
		if en.Actor.Kind == store.ActorSystem && strings.Contains(en.Detail, detail) {
			return
		}
	}
	t.Errorf("no %s entry on %s with %q in the audit log: %+v", action, record, detail, es)
}

// changesRE matches the count of changes in a notification email's summary.
var changesRE = regexp.MustCompile(`(\d+) (?:alterações|alteração|changes|change)\b`)

// sentAbout returns the times of the mailer's notification_sent entries on record for the
// recipient user, oldest first.
func (e *env) sentAbout(t *testing.T, record, user string) []time.Time {
	t.Helper()
	es, _, err := e.store.ListAudit(context.Background(), seed.DemoOrgID, store.AuditFilter{RecordID: record, Action: notify.AuditSent}, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []time.Time
	for _, en := range es {
		if strings.Contains(en.Detail, " "+user+": ") {
			out = append(out, en.At)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func mustKey(t *testing.T, pk, sk string) map[string]types.AttributeValue {
	t.Helper()
	k, err := attributevalue.MarshalMap(map[string]string{"PK": pk, "SK": sk})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestRapidChangesMakeOneEmail: 100 changes of a notifying field in a row are batched: at
// most one email per window (each the window after the one before), which together count the
// 100 changes, each naming the field; and one notification counting them. How many windows
// the changes span depends on how fast they come: on a quiet machine one email; under load,
// or injected faults that slow the stream, a pause of a window (or the digest held
// HoldWindows windows) rightly sends what came so far.
func TestRapidChangesMakeOneEmail(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	pat := contacts[9]
	p := e.customer(t, d, pat)
	pu := e.portalUserOf(t, pat)
	email, _ := pat.Fields["Email"].(string)
	e.markNotifying(t, d, crm.Cases, "Status")
	cs := d.admin.MustCreate(crm.Cases, map[string]any{"Subject": "Instalação " + o0(), "Contact_Name": pat.ID})
	// The new case linked to her is an email of its own: let it go first.
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	before := len(inbox(t, email))
	settle()
	sentBefore := len(e.sentAbout(t, cs.ID, pu.ID))
	MustStatus(t, p.Do("POST", "/api/me/notifications/read-all", nil), http.StatusNoContent)

	statuses := []string{"Open", "Escalated", "On Hold", "Closed"}
	for i := range 100 {
		r := d.admin.Do("PATCH", "/api/admin/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Status": statuses[i%len(statuses)]}},
			"If-Match", fmt.Sprintf(`"%d"`, i+1))
		MustStatus(t, r, http.StatusOK)
	}
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	got := inbox(t, email)[before:]
	if len(got) == 0 {
		t.Fatal("100 status changes sent no email")
	}
	counted := 0
	for _, m := range got {
		if !strings.Contains(m.Body.Text, "Status") {
			t.Errorf("an email does not name Status: %q", m.Body.Text)
		}
		c := changesRE.FindStringSubmatch(m.Body.Text)
		if c == nil {
			t.Errorf("an email does not count its changes: %q", m.Body.Text)
			continue
		}
		n, _ := strconv.Atoi(c[1])
		counted += n
	}
	if counted != 100 {
		t.Errorf("the %d emails count %d changes, want 100", len(got), counted)
	}
	// A window's email is claimed a window after the last one was sent at the earliest (its
	// message is delayed by the window); each send's audit entry is written before its digest
	// is cleared, so the entries are a window apart.
	settle() // the audit list is an eventually consistent Query
	sent := e.sentAbout(t, cs.ID, pu.ID)[sentBefore:]
	if len(sent) != len(got) {
		t.Errorf("%d emails and %d %s entries", len(got), len(sent), notify.AuditSent)
	}
	for i := 1; i < len(sent); i++ {
		if gap := sent[i].Sub(sent[i-1]); gap < st.Config("").NotifyWindow {
			t.Errorf("emails %d and %d went %s apart, within one window", i, i+1, gap)
		}
	}
	var unreadOfCase int
	for _, it := range notificationsOf(t, p, "/api/me/notifications").Items {
		if it.RecordID == cs.ID && !it.Read {
			unreadOfCase += it.Count
		}
	}
	if unreadOfCase != 100 {
		t.Errorf("unread notifications of the case count %d events, want 100", unreadOfCase)
	}
}

// TestPoisonEventGoesToTheDeadLetterQueue: an event whose record is gone fails through its
// retries and ends in NotifierDeadLetters, and the events after it are delivered.
func TestPoisonEventGoesToTheDeadLetterQueue(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	pat := contacts[8]
	p := e.customer(t, d, pat)
	pu := e.portalUserOf(t, pat)
	email, _ := pat.Fields["Email"].(string)
	if _, err := st.ReceiveAll(ctx, "NotifierDeadLetters"); err != nil {
		t.Fatal(err)
	}

	// A case deleted before its event is delivered: the event item as a write puts it.
	gone, _ := auth.NewID()
	id, _ := auth.NewID()
	item, err := attributevalue.MarshalMap(map[string]any{"PK": store.EventPrefix + id, "SK": "EVENT", "orgId": seed.DemoOrgID, "id": id,
		"kind": store.EventNotePublic, "module": crm.Cases, "recordId": gone, "noteId": gone,
		"actor": map[string]string{"kind": store.ActorStaff, "id": "nobody", "name": "Ninguém"},
		"at":    time.Now().UTC().Format(time.RFC3339Nano), "expiresAt": time.Now().Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.deps.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(e.deps.Config.TableName), Item: item}); err != nil {
		t.Fatal(err)
	}
	// The next event: a reply on her case.
	r := p.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Depois do veneno " + o0()}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	before := len(inbox(t, email))
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Cases/"+cs.ID+"/notes", map[string]any{"body": "Resposta."}), http.StatusCreated)
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	if n := len(inbox(t, email)) - before; n != 1 {
		t.Errorf("the reply after the poison event sent %d emails, want 1", n)
	}
	msgs, err := st.ReceiveAll(ctx, "NotifierDeadLetters")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("NotifierDeadLetters holds %d messages, want the poison event's one", len(msgs))
	}
	// The notifier parks the event itself at once: its record will never come back, and a
	// stream retry would carry every event behind it.
	var parked struct {
		EventID  string `json:"eventId"`
		RecordID string `json:"recordId"`
		Reason   string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &parked); err != nil {
		t.Fatal(err)
	}
	if parked.EventID != id || parked.RecordID != gone || !strings.Contains(parked.Reason, notify.ErrRecordGone.Error()) {
		t.Errorf("the parked event = %+v, want event %s of record %s, gone", parked, id, gone)
	}
}

// setCasesScope sets the scope of the Cases tab of the demo's free user type until the test
// ends.
func (e *env) setCasesScope(t *testing.T, d demoPortal, scope, field string) {
	t.Helper()
	put := func(scope, field string) {
		var full map[string]any
		d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &full)
		tabs := full["tabs"].([]any)
		for _, tb := range tabs {
			if tab := tb.(map[string]any); tab["module"] == crm.Cases {
				tab["scope"], tab["scopeField"] = scope, field
			}
		}
		body := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": tabs,
			"fields": full["fields"], "notify": full["notify"]}
		if v, ok := full["openFirstTab"]; ok {
			body["openFirstTab"] = v
		}
		MustStatus(t, d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", fmt.Sprint(int(full["version"].(float64)))), http.StatusOK)
	}
	put(scope, field)
	t.Cleanup(func() { put("own", "Contact_Name") })
}

// TestAStoppedMailersClaimIsTakenOver: a digest claimed by a mailer that stopped before
// mailing it is mailed once the claim's lease has run out, by the message that found the
// claim: its visibility is set to the rest of the lease (not the queue's six minutes).
func TestAStoppedMailersClaimIsTakenOver(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	pat := e.demoContacts(t)[8]
	p := e.customer(t, d, pat)
	pu := e.portalUserOf(t, pat)
	email, _ := pat.Fields["Email"].(string)
	r := p.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Reclamado " + o0()}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	before := len(inbox(t, email))

	// A reply's digest, claimed by a mailer that stopped 10 s before its lease ends.
	now := time.Now().UTC()
	stopped := store.Digest{OrgID: seed.DemoOrgID, Audience: store.AudiencePortal, UserID: pu.ID, Module: crm.Cases, RecordID: cs.ID,
		OpenedAt: now.Add(-time.Minute), LastAt: now.Add(-time.Minute), NotificationID: store.NotificationID(now, crm.Cases, cs.ID),
		Counts: map[string]int{store.EventNotePublic: 1}, ActorName: "Ana", Scheduled: true,
		ClaimToken: "a stopped mailer", ClaimedAt: now.Add(-notify.ClaimLease + 10*time.Second)}
	if err := e.store.PutDigest(ctx, stopped); err != nil {
		t.Fatal(err)
	}
	u, err := st.QueueURL("DigestQueue")
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]string{"orgId": seed.DemoOrgID, "audience": store.AudiencePortal, "userId": pu.ID, "module": crm.Cases, "recordId": cs.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(u), MessageBody: aws.String(string(body))}); err != nil {
		t.Fatal(err)
	}
	e.digestsSettled(t, store.AudiencePortal, pu.ID, "Cases/"+cs.ID)
	if n := len(inbox(t, email)) - before; n != 1 {
		t.Errorf("the digest a stopped mailer claimed sent %d emails, want 1", n)
	}
	e.wantAudit(t, notify.AuditSent, cs.ID, email)
}

// TestAccountScopeReachesTheAccountsCustomers: a reply on a case of an account tells every
// customer of that account whose tab shows the account's cases, and no one of another account.
func TestAccountScopeReachesTheAccountsCustomers(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	acc := func(r store.Record) string { return r.Fields["Account_Name"].(map[string]any)["id"].(string) }
	var a, b store.Record
	for i, x := range contacts[10:] {
		for _, y := range contacts[10+i+1:] {
			if acc(x) == acc(y) && a.ID == "" {
				a, b = x, y
			}
		}
	}
	if a.ID == "" {
		t.Fatal("no two demo contacts of one account")
	}
	c := otherAccount(t, contacts, a, 6, 7, 8, 9)
	e.setCasesScope(t, d, "account", "Account_Name")
	var users []store.PortalUser
	var emails []string
	for _, x := range []store.Record{a, b, c} {
		e.customer(t, d, x)
		users = append(users, e.portalUserOf(t, x))
		email, _ := x.Fields["Email"].(string)
		emails = append(emails, email)
	}
	cs := d.admin.MustCreate(crm.Cases, map[string]any{"Subject": "Chamado da conta " + o0(), "Account_Name": acc(a)})
	for _, u := range users {
		e.digestsSettled(t, store.AudiencePortal, u.ID, "Cases/"+cs.ID)
	}
	var before []int
	for _, m := range emails {
		before = append(before, len(inbox(t, m)))
	}
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Cases/"+cs.ID+"/notes", map[string]any{"body": "Resolvido."}), http.StatusCreated)
	for _, u := range users {
		e.digestsSettled(t, store.AudiencePortal, u.ID, "Cases/"+cs.ID)
	}
	for i, want := range []int{1, 1, 0} {
		if got := len(inbox(t, emails[i])) - before[i]; got != want {
			t.Errorf("customer %d (%s) got %d emails, want %d", i, emails[i], got, want)
		}
	}
}

// TestCustomerActivityTellsTheOwner: a customer's note on a case with an owner tells the owner
// (email and the console's list), not the organization's address.
func TestCustomerActivityTellsTheOwner(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	p := e.customer(t, d, contacts[9])
	var me struct {
		User struct{ ID, Email string }
	}
	d.admin.Do("GET", "/api/admin/me", nil).JSON(t, &me)
	r := p.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Para o dono " + o0()}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	MustStatus(t, d.admin.Do("PATCH", "/api/admin/records/Cases/"+cs.ID, map[string]any{"ownerId": me.User.ID, "fields": map[string]any{}}, "If-Match", `"1"`), http.StatusOK)
	before := len(inbox(t, me.User.Email))
	MustStatus(t, p.Do("POST", "/api/records/Cases/"+cs.ID+"/notes", map[string]any{"body": "Alguma novidade?"}), http.StatusCreated)
	e.digestsSettled(t, store.AudienceStaff, me.User.ID, "Cases/"+cs.ID)
	if n := len(inbox(t, me.User.Email)) - before; n != 1 {
		t.Fatalf("the owner got %d emails, want 1", n)
	}
	if m := inbox(t, me.User.Email); !strings.Contains(m[len(m)-1].Body.Text, "/admin/records/Cases/"+cs.ID) {
		t.Errorf("the owner's email does not link the console's record page: %q", m[len(m)-1].Body.Text)
	}
	found := false
	for _, it := range notificationsOf(t, d.admin, "/api/admin/me/notifications").Items {
		found = found || (it.RecordID == cs.ID && it.Kind == store.EventCustomerNoteCreated)
	}
	if !found {
		t.Error("the owner's console list has no customer.note.created of the case")
	}
}
