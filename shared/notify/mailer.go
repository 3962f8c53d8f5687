package notify

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/mail"
	"crmportal/shared/orgmail"
	"crmportal/shared/store"
)

// MailStore is what the digest mailer needs of the table besides Store.
type MailStore interface {
	Store
	GetMailTemplate(ctx context.Context, org, name, lang string) (store.MailTemplate, error)
	Suppressed(ctx context.Context, email string) (store.Suppression, error)
	GetAddressPreferences(ctx context.Context, org, email string) (store.AddressPreferences, error)
	CreateUnsubscribeToken(ctx context.Context, t store.UnsubscribeToken) error
}

var _ MailStore = (*store.Store)(nil)

// MailQueue is what the mailer needs of the digest queue: new messages, and a failed
// message's next delivery brought forward (or put off).
type MailQueue interface {
	Queue
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, opts ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
}

var _ MailQueue = (*sqs.Client)(nil)

// Sender sends an email with header fields of its own (sesmail.Sender).
type Sender interface {
	SendWithHeaders(ctx context.Context, m mail.Message, headers []mail.Header) (string, error)
}

// Audit actions of the digest mailer (actor: the system).
const (
	AuditSent    = "notification_sent"
	AuditSkipped = "notification_skipped"
)

// system is the actor of the mailer's audit entries.
var system = store.Actor{Kind: store.ActorSystem, Name: "notifier"}

// UnsubscribeLifetime is how long an email's unsubscribe link works.
const UnsubscribeLifetime = 90 * 24 * time.Hour

// ClaimLease is how long a mailer's claim on a digest keeps others off it: a mailer that
// stopped mid-send leaves a claim that the next delivery of the message takes over after it.
const ClaimLease = 2 * time.Minute

// A failed message is delivered again after RetryFirst, then three times longer at each
// delivery, at most RetryLongest later (under the queue's visibility timeout): a passing
// throttle costs seconds, not the visibility timeout's six minutes, and an outage still
// spreads the queue's five deliveries over minutes before the message goes to
// DigestDeadLetters.
const (
	RetryFirst   = 10 * time.Second
	RetryLongest = 5 * time.Minute
)

// RetryDelay is how long after its receive-th delivery (1 for the first) a failed message
// is delivered again.
func RetryDelay(receive int) time.Duration {
	d := RetryFirst
	for i := 1; i < receive && d < RetryLongest; i++ {
		d *= 3
	}
	return min(d, RetryLongest)
}

// claimHeld is the failure of a message whose digest another delivery is sending: the
// message is tried again once the other's claim has run out (left), when it finds the digest
// mailed, or takes over from a mailer that stopped.
type claimHeld struct{ left time.Duration }

func (c claimHeld) Error() string {
	return fmt.Sprintf("another delivery is sending the digest; its claim runs out in %s", c.left.Round(time.Second))
}

// Mailer sends the digests of the digest queue (functions/digest-mailer).
type Mailer struct {
	Store    MailStore
	Modules  Modules
	Queue    MailQueue
	QueueURL string
	Sender   Sender
	Window   time.Duration
	// Origin is the portal's origin (PORTAL_BASE_URL), the start of every link.
	Origin string
	// finishBackoff replaces FinishBackoff when set (tests).
	finishBackoff time.Duration
}

// Handle mails the digests of a batch of queue messages; the messages that fail are the
// batch's failures (ReportBatchItemFailures): SQS delivers them again when their visibility
// runs out, which Handle sets to RetryDelay (or to the rest of another delivery's claim), and
// after maxReceiveCount deliveries moves them to DigestDeadLetters.
func (m *Mailer) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, msg := range ev.Records {
		err := m.one(ctx, msg)
		if err == nil {
			continue
		}
		after := RetryDelay(receiveCount(msg))
		if held := (claimHeld{}); errors.As(err, &held) {
			after = held.left
			httpapi.Logger(ctx).Info("digest being sent by another delivery; tried again after its claim", "messageId", msg.MessageId, "after", after.String())
		} else {
			httpapi.Logger(ctx).Error("digest not mailed; it will be tried again", "messageId", msg.MessageId, "after", after.String(), "err", err.Error())
		}
		m.retryAfter(ctx, msg, after)
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
	}
	return resp, nil
}

// retryAfter makes the failed message msg visible again after d.
func (m *Mailer) retryAfter(ctx context.Context, msg events.SQSMessage, d time.Duration) {
	secs := int32(min(max((d+time.Second-1)/time.Second, 1), 43200))
	_, err := m.Queue.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(m.QueueURL),
		ReceiptHandle: aws.String(msg.ReceiptHandle), VisibilityTimeout: secs})
	if err != nil {
		// The message still comes back, after the queue's visibility timeout.
		httpapi.Logger(ctx).Error("visibility of a failed digest message not changed", "messageId", msg.MessageId, "err", err.Error())
	}
}

// receiveCount is how many times msg has been delivered, counting this one (1 when SQS does
// not say).
func receiveCount(msg events.SQSMessage) int {
	n, err := strconv.Atoi(msg.Attributes["ApproximateReceiveCount"])
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func (m *Mailer) one(ctx context.Context, msg events.SQSMessage) error {
	var dm digestMessage
	if err := json.Unmarshal([]byte(msg.Body), &dm); err != nil || dm.OrgID == "" || dm.UserID == "" || dm.RecordID == "" {
		httpapi.Logger(ctx).Warn("unreadable digest message skipped", "messageId", msg.MessageId)
		return nil
	}
	return m.Mail(ctx, dm.OrgID, dm.Audience, dm.UserID, dm.Module, dm.RecordID)
}

// Mail sends the digest of (audience, user) on the record, if events wait in it and the
// window has been quiet (or the digest waited HoldWindows windows): the digest is claimed
// first, so that one email goes out for its events, and cleared of what was mailed after.
func (m *Mailer) Mail(ctx context.Context, org, audience, user, module, record string) error {
	var d store.Digest
	token, err := auth.NewSecret()
	if err != nil {
		return err
	}
	for try := 0; ; try++ {
		d, err = m.Store.GetDigest(ctx, org, audience, user, module, record)
		if err != nil {
			return err
		}
		if !d.Pending() {
			return nil // mailed already
		}
		now := m.Store.Now()
		if quiet := now.Sub(d.LastAt); quiet < m.Window && now.Sub(d.OpenedAt) < HoldWindows*m.Window {
			// Changes still come: wait for a quiet window (the digest stays scheduled).
			return sendDigest(ctx, m.Queue, m.QueueURL, d, m.Window-quiet)
		}
		if left := ClaimLease - now.Sub(d.ClaimedAt); d.ClaimToken != "" && left > 0 {
			return claimHeld{left: left}
		}
		d.ClaimToken, d.ClaimedAt = token, now
		err = m.Store.PutDigest(ctx, d)
		if errors.Is(err, store.ErrDigestChanged) && try < maxTries {
			continue
		}
		if err != nil {
			return err
		}
		d.Version++
		break
	}
	sent, sendErr := m.send(ctx, d)
	return errors.Join(sendErr, m.settle(ctx, d, sent, sendErr))
}

// FinishAttempts bounds the tries of finishing a digest after its send, FinishBackoff the
// first wait between them (doubling). A digest left claimed waits out ClaimLease before the
// next delivery takes it over, and mails it again if it had gone: finishing is worth waiting
// seconds for when the table is only throttling.
const (
	FinishAttempts = 5
	FinishBackoff  = 200 * time.Millisecond
)

// settle finishes the claimed digest d (finish), trying again on a transient error, then
// schedules the next window's events if some came while sending.
func (m *Mailer) settle(ctx context.Context, d store.Digest, sent bool, sendErr error) error {
	var next store.Digest
	var reschedule bool
	err := httpapi.RetryTransient(ctx, FinishAttempts, cmp.Or(m.finishBackoff, FinishBackoff), func() (err error) {
		next, reschedule, err = m.finish(ctx, d, sent, sendErr)
		return err
	})
	if err == nil && reschedule {
		// Once only: a failed send fails the message, whose next delivery mails the window.
		return sendDigest(ctx, m.Queue, m.QueueURL, next, m.Window)
	}
	return err
}

// finish clears the claimed digest of what was mailed (or given up on), keeping the events
// that came meanwhile as a new window (next, to reschedule); after a failed send it only
// releases the claim. Its error is the table's, never sendErr.
func (m *Mailer) finish(ctx context.Context, mailed store.Digest, sent bool, sendErr error) (next store.Digest, reschedule bool, err error) {
	for try := 0; ; try++ {
		d, err := m.Store.GetDigest(ctx, mailed.OrgID, mailed.Audience, mailed.UserID, mailed.Module, mailed.RecordID)
		if err != nil {
			return d, false, err
		}
		if d.ClaimToken != mailed.ClaimToken {
			// Taken over after the lease (the other mailer finishes it), or finished by an
			// earlier try whose answer was lost: events left waiting unclaimed are scheduled
			// again, since that try's message may not have gone (a second one is harmless).
			return d, d.Pending() && d.ClaimToken == "" && sendErr == nil, nil
		}
		d.ClaimToken, d.ClaimedAt = "", time.Time{}
		reschedule := false
		switch {
		case sendErr != nil:
		case d.LastAt.Equal(mailed.LastAt):
			d.OpenedAt, d.Counts, d.Fields, d.Scheduled, d.NotificationID = time.Time{}, nil, nil, false, ""
		default:
			// Events came while sending: they are the next window's.
			for k, c := range mailed.Counts {
				if d.Counts[k] -= c; d.Counts[k] <= 0 {
					delete(d.Counts, k)
				}
			}
			d.Fields = slices.DeleteFunc(d.Fields, func(f string) bool { return slices.Contains(mailed.Fields, f) })
			d.OpenedAt = m.Store.Now()
			reschedule = true
		}
		if sent {
			d.SentAt = m.Store.Now()
		}
		err = m.Store.PutDigest(ctx, d)
		if errors.Is(err, store.ErrDigestChanged) && try < maxTries {
			continue
		}
		if err != nil {
			return d, false, err
		}
		d.Version++
		return d, reschedule, nil
	}
}

// recipient is who a digest goes to, as they are now.
type recipient struct {
	email, name, lang string
	link              string
	// kinds and fields they may still be told of (checked again at send time)
	kinds  []string
	fields []string
}

// send mails d's events to its recipient if they may still be told of them: true when an
// email went out. A recipient who may not (gone, inactive, out of scope, every kind off, a
// suppressed address) is skipped and the skip recorded in the audit log.
func (m *Mailer) send(ctx context.Context, d store.Digest) (bool, error) {
	mod, _, err := m.Modules.Module(ctx, d.OrgID, d.Module)
	if err != nil {
		return false, err
	}
	r, err := m.Store.GetRecordConsistent(ctx, mod, d.OrgID, d.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		m.audit(ctx, d, AuditSkipped, "the record is gone")
		return false, nil
	}
	if err != nil {
		return false, err
	}
	o, err := m.Store.GetOrg(ctx, d.OrgID)
	if err != nil {
		return false, err
	}
	rc, why, err := m.recipient(ctx, d, o, mod, r)
	if err != nil {
		return false, err
	}
	if why == "" && strings.TrimSpace(rc.email) == "" {
		why = "no email address"
	}
	if why != "" {
		m.audit(ctx, d, AuditSkipped, why)
		return false, nil
	}
	if sp, err := m.Store.Suppressed(ctx, rc.email); err == nil {
		m.audit(ctx, d, AuditSkipped, "suppressed address ("+sp.Reason+")")
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return false, err
	}
	if err := m.Store.CreateUnsubscribeToken(ctx, store.UnsubscribeToken{Hash: auth.HashSecret(secret), OrgID: d.OrgID,
		Audience: d.Audience, UserID: d.UserID, Kinds: rc.kinds, ExpiresAt: m.Store.Now().Add(UnsubscribeLifetime)}); err != nil {
		return false, err
	}
	unsub := m.Origin + "/api/unsubscribe?token=" + url.QueryEscape(secret)
	pt, err := m.Store.GetPortal(ctx, d.OrgID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	data := map[string]any{
		"Name": rc.name, "Company": o.Name, "Portal": pt.Name, "RecordName": r.Name,
		"ModuleName": crm.LabelIn(mod.SingularLabels, rc.lang), "Subject": SubjectLine(rc.kinds, rc.lang),
		"Summary": Summary(d.Counts, rc.kinds, fieldLabels(mod, rc.fields, rc.lang), rc.lang),
		"Link":    rc.link, "Unsubscribe": unsub, "Brand": orgmail.Brand(pt.Branding.PrimaryColor), "Logo": orgmail.LogoURL(m.Origin, pt),
	}
	msg, err := orgmail.Render(ctx, m.Store, d.OrgID, "notification", rc.lang, data)
	if err != nil {
		return false, err
	}
	msg.To = rc.email
	id, err := m.Sender.SendWithHeaders(ctx, msg, []mail.Header{
		{Name: "List-Unsubscribe", Value: "<" + unsub + ">"},
		{Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click"},
	})
	if err != nil {
		return false, err
	}
	m.audit(ctx, d, AuditSent, strings.Join(rc.kinds, ",")+" to "+rc.email+" ("+id+")")
	return true, nil
}

// recipient reads who d goes to and checks again that they may be told of its events; why
// says why not ("" when they may).
func (m *Mailer) recipient(ctx context.Context, d store.Digest, o store.Org, mod crm.Module, r store.Record) (recipient, string, error) {
	kinds := make([]string, 0, len(d.Counts))
	for k, c := range d.Counts {
		if c > 0 {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	keep := func(off []string) []string {
		return slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return slices.Contains(off, k) })
	}
	switch d.Audience {
	case store.AudiencePortal:
		u, err := m.Store.GetPortalUser(ctx, d.OrgID, d.UserID)
		if errors.Is(err, store.ErrNotFound) {
			return recipient{}, "the portal user is gone", nil
		}
		if err != nil {
			return recipient{}, "", err
		}
		if u.Status != invite.Active {
			return recipient{}, "the portal user is not active", nil
		}
		ut, err := m.Store.GetUserType(ctx, d.OrgID, u.UserTypeID)
		if errors.Is(err, store.ErrNotFound) {
			return recipient{}, "the user type is gone", nil
		}
		if err != nil {
			return recipient{}, "", err
		}
		self, err := m.self(ctx, d.OrgID, ut.UserType, u)
		if err != nil {
			return recipient{}, "", err
		}
		tab, ok := ut.Tab(mod.APIName)
		if !ok || !access.May(ut.UserType, tab, self, access.ActionView, r.ID, r.Fields) {
			return recipient{}, "the record is no longer in the user's scope", nil
		}
		var off []string
		lang := firstOf(u.Language, o.Language)
		if u.Preferences != nil {
			off, lang = u.Preferences.NotifyOff, firstOf(u.Preferences.Language, lang)
		}
		ks := slices.DeleteFunc(keep(off), func(k string) bool { return !ut.Notifies(k) })
		if len(ks) == 0 {
			return recipient{}, "every kind is off", nil
		}
		pt, err := m.Store.GetPortal(ctx, d.OrgID)
		if err != nil {
			return recipient{}, "", err
		}
		return recipient{email: u.Email, name: u.Name, lang: lang, kinds: ks, fields: VisibleChanged(ut.UserType, tab, mod, d.Fields),
			link: m.Origin + "/p/" + url.PathEscape(pt.Slug) + "/" + url.PathEscape(mod.APIName) + "/" + url.PathEscape(r.ID)}, "", nil
	case store.AudienceStaff:
		s, err := m.Store.GetStaff(ctx, d.OrgID, d.UserID)
		if errors.Is(err, store.ErrNotFound) {
			return recipient{}, "the staff member is gone", nil
		}
		if err != nil {
			return recipient{}, "", err
		}
		if s.Status != store.StaffActive {
			return recipient{}, "the staff member is not active", nil
		}
		ks := keep(s.Preferences.NotifyOff)
		if len(ks) == 0 {
			return recipient{}, "every kind is off", nil
		}
		return recipient{email: s.Email, name: s.Name, lang: o.Language, kinds: ks, fields: d.Fields, link: m.staffLink(mod, r)}, "", nil
	case store.AudienceAddress:
		if store.NormalizeEmail(o.StaffNotify.Email) != d.UserID {
			return recipient{}, "the address is no longer the organization's notification address", nil
		}
		p, err := m.Store.GetAddressPreferences(ctx, d.OrgID, d.UserID)
		if err != nil {
			return recipient{}, "", err
		}
		ks := keep(p.NotifyOff)
		if len(ks) == 0 {
			return recipient{}, "every kind is off", nil
		}
		return recipient{email: d.UserID, name: o.Name, lang: o.Language, kinds: ks, fields: d.Fields, link: m.staffLink(mod, r)}, "", nil
	}
	return recipient{}, "unknown audience " + d.Audience, nil
}

func (m *Mailer) staffLink(mod crm.Module, r store.Record) string {
	return m.Origin + "/admin/records/" + url.PathEscape(mod.APIName) + "/" + url.PathEscape(r.ID)
}

// self is who u is for the scopes, from their own record as it is now (its Account_Name).
func (m *Mailer) self(ctx context.Context, org string, ut access.UserType, u store.PortalUser) (access.Self, error) {
	self := access.Self{RecordID: u.RecordID}
	base, _, err := m.Modules.Module(ctx, org, ut.BaseModule)
	if err != nil {
		return self, err
	}
	own, err := m.Store.GetRecordConsistent(ctx, base, org, u.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		return access.Self{}, nil
	}
	if err != nil {
		return self, err
	}
	self.AccountID = lookupID(own.Fields["Account_Name"])
	return self, nil
}

func (m *Mailer) audit(ctx context.Context, d store.Digest, action, detail string) {
	now := m.Store.Now()
	id, err := auth.NewTimeID(now)
	if err == nil {
		err = m.Store.AppendAudit(ctx, store.AuditEntry{OrgID: d.OrgID, ID: id, At: now, Actor: system, Action: action,
			Module: d.Module, RecordID: d.RecordID, Detail: truncate(d.Audience+" "+d.UserID+": "+detail, 500)})
	}
	if err != nil {
		// The email went out (or was rightly not sent) already: the entry goes to the log.
		httpapi.Logger(ctx).Error("audit entry not appended", "action", action, "org", d.OrgID, "record", d.RecordID, "detail", detail, "err", err.Error())
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func fieldLabels(m crm.Module, fields []string, lang string) []string {
	var out []string
	for _, f := range fields {
		if fd, ok := m.Field(f); ok {
			out = append(out, crm.LabelIn(fd.Labels, lang))
		}
	}
	return out
}

// SubjectLine is an email's subject line for kinds (sorted) in lang: the one kind's, or a
// general one.
func SubjectLine(kinds []string, lang string) string {
	l := mail.Pick(lang)
	if len(kinds) != 1 {
		return pick(l, "Novas atualizações", "New updates", "Novedades")
	}
	switch kinds[0] {
	case store.EventNotePublic:
		return pick(l, "Nova resposta", "New reply", "Nueva respuesta")
	case store.EventFileShared:
		return pick(l, "Novo arquivo", "New file", "Nuevo archivo")
	case store.EventFieldChanged:
		return pick(l, "Atualização", "Updated", "Actualizado")
	case store.EventRecordLinked:
		return pick(l, "Novo registro para você", "New for you", "Nuevo para usted")
	case store.EventCustomerRecordCreated:
		return pick(l, "Novo registro de cliente", "New customer record", "Nuevo registro de un cliente")
	case store.EventCustomerRecordUpdated:
		return pick(l, "Alterado pelo cliente", "Changed by the customer", "Cambiado por el cliente")
	case store.EventCustomerNoteCreated:
		return pick(l, "Nova nota do cliente", "New note from the customer", "Nueva nota del cliente")
	case store.EventCustomerFileAdded:
		return pick(l, "Novo arquivo do cliente", "New file from the customer", "Nuevo archivo del cliente")
	case store.EventCustomerQuoteAccepted:
		return pick(l, "Cotação aceita", "Quote accepted", "Cotización aceptada")
	case store.EventCustomerQuoteDeclined:
		return pick(l, "Cotação recusada", "Quote declined", "Cotización rechazada")
	}
	return pick(l, "Novas atualizações", "New updates", "Novedades")
}

// Summary is the sentence an email says what happened with: each kind of kinds with its
// count, and the labels of the changed fields it may name. It names nothing else: no value,
// no note's body, no file's name.
func Summary(counts map[string]int, kinds []string, fields []string, lang string) string {
	l := mail.Pick(lang)
	var parts []string
	for _, k := range kinds {
		c := counts[k]
		var s string
		switch k {
		case store.EventNotePublic:
			s = plural(l, c, forms{"nova resposta", "novas respostas", "new reply", "new replies", "nueva respuesta", "nuevas respuestas"})
		case store.EventFileShared:
			s = plural(l, c, forms{"novo arquivo compartilhado", "novos arquivos compartilhados", "new shared file", "new shared files",
				"nuevo archivo compartido", "nuevos archivos compartidos"})
		case store.EventFieldChanged:
			s = plural(l, c, forms{"alteração", "alterações", "change", "changes", "cambio", "cambios"})
			if len(fields) > 0 {
				s += pick(l, " em ", " to ", " en ") + strings.Join(fields, ", ")
			}
		case store.EventRecordLinked:
			s = pick(l, "um novo registro para você", "a new record for you", "un nuevo registro para usted")
		case store.EventCustomerRecordCreated:
			s = pick(l, "criado pelo cliente", "created by the customer", "creado por el cliente")
		case store.EventCustomerRecordUpdated:
			s = plural(l, c, forms{"alteração do cliente", "alterações do cliente", "change by the customer", "changes by the customer",
				"cambio del cliente", "cambios del cliente"})
			if len(fields) > 0 {
				s += pick(l, " em ", " to ", " en ") + strings.Join(fields, ", ")
			}
		case store.EventCustomerNoteCreated:
			s = plural(l, c, forms{"nova nota do cliente", "novas notas do cliente", "new note from the customer", "new notes from the customer",
				"nueva nota del cliente", "nuevas notas del cliente"})
		case store.EventCustomerFileAdded:
			s = plural(l, c, forms{"novo arquivo do cliente", "novos arquivos do cliente", "new file from the customer", "new files from the customer",
				"nuevo archivo del cliente", "nuevos archivos del cliente"})
		case store.EventCustomerQuoteAccepted:
			s = plural(l, c, forms{"cotação aceita pelo cliente", "cotações aceitas pelo cliente", "quote accepted by the customer",
				"quotes accepted by the customer", "cotización aceptada por el cliente", "cotizaciones aceptadas por el cliente"})
		case store.EventCustomerQuoteDeclined:
			s = plural(l, c, forms{"cotação recusada pelo cliente", "cotações recusadas pelo cliente", "quote declined by the customer",
				"quotes declined by the customer", "cotización rechazada por el cliente", "cotizaciones rechazadas por el cliente"})
		default:
			continue
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// pick is the text for the template language lang (mail.Pick): Portuguese, Spanish, else English.
func pick(lang, ptText, en, es string) string {
	switch lang {
	case "pt-BR":
		return ptText
	case "es":
		return es
	}
	return en
}

// forms are a noun's singular and plural in Portuguese, English and Spanish.
type forms struct{ ptOne, ptMany, enOne, enMany, esOne, esMany string }

func plural(lang string, n int, f forms) string {
	if n <= 1 {
		return "1 " + pick(lang, f.ptOne, f.enOne, f.esOne)
	}
	return fmt.Sprintf("%d %s", n, pick(lang, f.ptMany, f.enMany, f.esMany))
}
