package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// Store is what the notifier and the digest mailer read and write of the table.
type Store interface {
	Now() time.Time
	GetEvent(ctx context.Context, id string) (store.Event, error)
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetPortal(ctx context.Context, org string) (store.Portal, error)
	ListUserTypes(ctx context.Context, org string) ([]store.UserType, error)
	GetUserType(ctx context.Context, org, id string) (store.UserType, error)
	ListStaff(ctx context.Context, org string) ([]store.Staff, error)
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
	GetPortalUser(ctx context.Context, org, id string) (store.PortalUser, error)
	PortalUsersByRecords(ctx context.Context, org string, records []string) ([]store.PortalUser, error)
	AccountContacts(ctx context.Context, org, account string) ([]string, error)
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	GetNote(ctx context.Context, org, record, id string) (store.Note, error)
	GetAttachment(ctx context.Context, org, record, id string) (store.Attachment, error)
	GetDigest(ctx context.Context, org, audience, user, module, record string) (store.Digest, error)
	AddToDigest(ctx context.Context, next store.Digest, eventID string, markerExpires time.Time) error
	DigestMarker(ctx context.Context, org, eventID, audience, user string) (string, error)
	PutDigest(ctx context.Context, d store.Digest) error
	PutNotification(ctx context.Context, n store.Notification, eventID string) error
	AppendAudit(ctx context.Context, e store.AuditEntry) error
}

var _ Store = (*store.Store)(nil)

// Modules answers a module as an organization sees it (modules.Catalog).
type Modules interface {
	Module(ctx context.Context, org, name string) (crm.Module, int, error)
}

// Queue is the digest queue's call.
type Queue interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

var _ Queue = (*sqs.Client)(nil)

// DefaultWindow is the window of a digest when NOTIFY_WINDOW_SECONDS is not set.
const DefaultWindow = 300 * time.Second

// HoldWindows bounds how long a digest waits for a quiet window: a record changed without a
// pause is mailed about HoldWindows windows after its first change at the latest.
const HoldWindows = 10

// Notifier delivers the events of the table's stream (functions/notifier).
type Notifier struct {
	Store    Store
	Modules  Modules
	Queue    Queue
	QueueURL string
	// DeadLettersURL is the queue (NotifierDeadLetters) where the notifier parks an event that
	// can never be delivered (ErrRecordGone), sent through Queue.
	DeadLettersURL string
	// Window is the digest window: a recipient gets at most one email per record per window.
	Window time.Duration
}

// digestMessage is the digest queue's message: the digest to mail.
type digestMessage struct {
	OrgID    string `json:"orgId"`
	Audience string `json:"audience"`
	UserID   string `json:"userId"`
	Module   string `json:"module"`
	RecordID string `json:"recordId"`
}

// Handle delivers the events of a batch of stream records in order. At the first record that
// fails it stops and reports that record as the batch's failure (ReportBatchItemFailures):
// Lambda checkpoints the records before it, retries from it (bisecting, at most
// MaximumRetryAttempts times), then sends the failed records to the on-failure queue
// (NotifierDeadLetters) and goes on: a poison event blocks the others only for its retries.
// Records that are not new events are skipped.
func (n *Notifier) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	for _, rec := range ev.Records {
		if err := n.one(ctx, rec); err != nil {
			httpapi.Logger(ctx).Error("event not delivered; it will be tried again",
				"eventId", rec.EventID, "sequenceNumber", rec.Change.SequenceNumber, "err", err.Error())
			resp.BatchItemFailures = []events.DynamoDBBatchItemFailure{{ItemIdentifier: rec.Change.SequenceNumber}}
			return resp, nil
		}
	}
	return resp, nil
}

// ErrRecordGone: the event's record was deleted before the event was delivered. Trying it
// again cannot help, and a stream retries from the failed record with every record after it
// (Lambda's partial batch response), so failing it would hold back, and in the end discard
// with it, the events behind it. The notifier parks it in its dead-letter queue instead
// (park), where an operator sees it, and goes on with the next event. Other failures
// (throttles, a queue down) are returned: Lambda retries them, bounded by
// MaximumRetryAttempts, and then sends them to the same queue (the on-failure destination).
var ErrRecordGone = errors.New("the event's record is gone")

// parkedEvent is the notifier's dead-letter message of an event it gave up on.
type parkedEvent struct {
	EventID  string `json:"eventId"`
	OrgID    string `json:"orgId"`
	Kind     string `json:"kind"`
	Module   string `json:"module"`
	RecordID string `json:"recordId"`
	Reason   string `json:"reason"`
}

// park sends ev to the dead-letter queue with the reason it cannot be delivered.
func (n *Notifier) park(ctx context.Context, ev store.Event, reason error) error {
	if n.DeadLettersURL == "" {
		return fmt.Errorf("park event %s: no dead-letter queue configured: %w", ev.ID, reason)
	}
	body, err := json.Marshal(parkedEvent{EventID: ev.ID, OrgID: ev.OrgID, Kind: ev.Kind, Module: ev.Module, RecordID: ev.RecordID, Reason: reason.Error()})
	if err != nil {
		return fmt.Errorf("park event %s: %w", ev.ID, err)
	}
	if _, err := n.Queue.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(n.DeadLettersURL), MessageBody: aws.String(string(body))}); err != nil {
		return fmt.Errorf("park event %s: %w", ev.ID, err)
	}
	httpapi.Logger(ctx).Error("event parked in the dead-letter queue: it cannot be delivered", "event", ev.ID, "kind", ev.Kind, "reason", reason.Error())
	return nil
}

func (n *Notifier) one(ctx context.Context, rec events.DynamoDBEventRecord) error {
	log := httpapi.Logger(ctx)
	if rec.EventName != string(events.DynamoDBOperationTypeInsert) {
		return nil
	}
	id, ok := stringAttr(rec.Change.NewImage, "id")
	if !ok {
		log.Warn("stream record without an event id skipped", "eventId", rec.EventID)
		return nil
	}
	ev, err := n.Store.GetEvent(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		log.Info("expired event skipped", "event", id)
		return nil
	}
	if err != nil {
		return err
	}
	if err := n.Deliver(ctx, ev); errors.Is(err, ErrRecordGone) {
		return n.park(ctx, ev, err)
	} else if err != nil {
		return err
	}
	return nil
}

// Deliver tells each recipient of ev: an in-app notification and the event added to their
// digest of the record (the first event of a window schedules its email). Delivering an
// event again adds nothing (each recipient's digest keeps a marker of the events applied).
func (n *Notifier) Deliver(ctx context.Context, ev store.Event) error {
	log := httpapi.Logger(ctx).With("event", ev.ID, "kind", ev.Kind, "org", ev.OrgID, "module", ev.Module, "record", ev.RecordID)
	m, _, err := n.Modules.Module(ctx, ev.OrgID, ev.Module)
	if err != nil {
		var he *httpapi.Error
		if errors.As(err, &he) && he.Kind == httpapi.NotFound {
			log.Warn("event of an unknown module dropped")
			return nil
		}
		return err
	}
	r, err := n.Store.GetRecordConsistent(ctx, m, ev.OrgID, ev.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("deliver event %s (%s): %s %s: %w", ev.ID, ev.Kind, ev.Module, ev.RecordID, ErrRecordGone)
	}
	if err != nil {
		return err
	}
	rcpts, err := n.Recipients(ctx, ev, m, r)
	if err != nil {
		return err
	}
	if len(rcpts) == 0 {
		log.Info("event notifies no one")
	}
	for _, rc := range rcpts {
		if err := n.apply(ctx, ev, r, rc); err != nil {
			return err
		}
	}
	return nil
}

// Recipient is one person (or address) an event is for, and the changed fields it may name.
type Recipient struct {
	Audience string
	UserID   string
	Fields   []string
}

// Recipients are who may be told of ev on the record r of module m, as things are now: see
// ForCustomer and StaffTo.
func (n *Notifier) Recipients(ctx context.Context, ev store.Event, m crm.Module, r store.Record) ([]Recipient, error) {
	if slices.Contains(access.StaffKinds, ev.Kind) {
		return n.staffRecipients(ctx, ev, r)
	}
	if !slices.Contains(access.CustomerKinds, ev.Kind) {
		return nil, nil
	}
	var sub Subject
	switch {
	case ev.Kind == store.EventNotePublic && ev.NoteID != "":
		nt, err := n.Store.GetNote(ctx, ev.OrgID, ev.RecordID, ev.NoteID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err == nil {
			sub.Note = &nt
		}
	case ev.Kind == store.EventFileShared && ev.AttachmentID != "":
		f, err := n.Store.GetAttachment(ctx, ev.OrgID, ev.RecordID, ev.AttachmentID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err == nil {
			sub.File = &f
		}
	}
	uts, err := n.Store.ListUserTypes(ctx, ev.OrgID)
	if err != nil {
		return nil, err
	}
	var out []Recipient
	seen := map[string]bool{}
	for _, ut := range uts {
		if !ut.Notifies(ev.Kind) {
			continue
		}
		tab, ok := ut.Tab(m.APIName)
		if !ok {
			continue
		}
		t, ok := TabTarget(ut.UserType, tab, r)
		if !ok {
			continue
		}
		users, err := n.usersOf(ctx, ev.OrgID, t)
		if err != nil {
			return nil, err
		}
		for _, cu := range users {
			if seen[cu.user.ID] {
				continue
			}
			if fields, ok := ForCustomer(ut.UserType, cu.user, cu.self, ev, m, r, sub); ok {
				seen[cu.user.ID] = true
				out = append(out, Recipient{Audience: store.AudiencePortal, UserID: cu.user.ID, Fields: fields})
			}
		}
	}
	return out, nil
}

type customer struct {
	user store.PortalUser
	self access.Self
}

// usersOf are the portal users a target names: the one who is the Contact or Lead, or those
// who are the Contacts of the Account.
func (n *Notifier) usersOf(ctx context.Context, org string, t Target) ([]customer, error) {
	contacts := []string{t.ID}
	account := ""
	if t.Kind == TargetAccount {
		ids, err := n.Store.AccountContacts(ctx, org, t.ID)
		if err != nil {
			return nil, err
		}
		contacts, account = ids, t.ID
	}
	users, err := n.Store.PortalUsersByRecords(ctx, org, contacts)
	if err != nil {
		return nil, err
	}
	out := make([]customer, 0, len(users))
	for _, u := range users {
		out = append(out, customer{user: u, self: access.Self{RecordID: u.RecordID, AccountID: account}})
	}
	return out, nil
}

func (n *Notifier) staffRecipients(ctx context.Context, ev store.Event, r store.Record) ([]Recipient, error) {
	o, err := n.Store.GetOrg(ctx, ev.OrgID)
	if err != nil {
		return nil, err
	}
	members, err := n.Store.ListStaff(ctx, ev.OrgID)
	if err != nil {
		return nil, err
	}
	to, address := StaffTo(ev, r, o, members)
	var out []Recipient
	for _, s := range to {
		out = append(out, Recipient{Audience: store.AudienceStaff, UserID: s.ID, Fields: ev.Fields})
	}
	if address != "" {
		out = append(out, Recipient{Audience: store.AudienceAddress, UserID: address, Fields: ev.Fields})
	}
	return out, nil
}

// maxTries bounds the optimistic retries of one digest write racing the mailer or another
// event of the same record.
const maxTries = 8

// apply adds ev to rc's digest of r (once: a marker of the event stays with it), makes sure
// the digest's email is scheduled, and puts the in-app notification of the window.
func (n *Notifier) apply(ctx context.Context, ev store.Event, r store.Record, rc Recipient) error {
	var nid string
	for try := 0; ; try++ {
		d, err := n.Store.GetDigest(ctx, ev.OrgID, rc.Audience, rc.UserID, r.Module, r.ID)
		if err != nil {
			return err
		}
		now := n.Store.Now()
		if !d.Pending() {
			d.OpenedAt, d.Counts, d.Fields, d.Scheduled = now, map[string]int{}, nil, false
			d.NotificationID = store.NotificationID(now, r.Module, r.ID)
		}
		if d.Counts == nil {
			d.Counts = map[string]int{}
		}
		d.LastAt = now
		d.Counts[ev.Kind]++
		for _, f := range rc.Fields {
			if !slices.Contains(d.Fields, f) {
				d.Fields = append(d.Fields, f)
			}
		}
		d.ActorName = ev.Actor.Name
		err = n.Store.AddToDigest(ctx, d, ev.ID, ev.ExpiresAt)
		if errors.Is(err, store.ErrApplied) {
			if nid, err = n.Store.DigestMarker(ctx, ev.OrgID, ev.ID, rc.Audience, rc.UserID); err != nil {
				return err
			}
			break
		}
		if errors.Is(err, store.ErrDigestChanged) && try < maxTries {
			continue
		}
		if err != nil {
			return err
		}
		nid = d.NotificationID
		break
	}
	if err := n.schedule(ctx, ev.OrgID, rc, r.Module, r.ID); err != nil {
		return err
	}
	if rc.Audience == store.AudienceAddress || nid == "" {
		return nil // an address has no list in the portal or the console
	}
	return n.Store.PutNotification(ctx, store.Notification{OrgID: ev.OrgID, Audience: rc.Audience, UserID: rc.UserID, ID: nid,
		Kind: ev.Kind, Module: r.Module, RecordID: r.ID, RecordName: r.Name, ActorName: ev.Actor.Name}, ev.ID)
}

// schedule puts the digest's message in the queue, delayed by the window, unless nothing
// waits or a message is queued already, then marks the digest scheduled (one message per
// window). The message goes first: a mark that fails after it, or a function stopped between
// the two, leaves at most a second message, which the mailer's claim makes harmless; never a
// digest marked scheduled with no message to mail it.
func (n *Notifier) schedule(ctx context.Context, org string, rc Recipient, module, record string) error {
	d, err := n.Store.GetDigest(ctx, org, rc.Audience, rc.UserID, module, record)
	if err != nil {
		return err
	}
	if !d.Pending() || d.Scheduled {
		return nil
	}
	if err := sendDigest(ctx, n.Queue, n.QueueURL, d, n.Window); err != nil {
		return err
	}
	for try := 0; ; try++ {
		d.Scheduled = true
		err = n.Store.PutDigest(ctx, d)
		if !errors.Is(err, store.ErrDigestChanged) || try >= maxTries {
			return err
		}
		if d, err = n.Store.GetDigest(ctx, org, rc.Audience, rc.UserID, module, record); err != nil {
			return err
		}
		if !d.Pending() || d.Scheduled {
			return nil
		}
	}
}

// sendDigest puts d's message in the queue, delayed by delay (1 s to SQS's 15 minutes).
func sendDigest(ctx context.Context, q Queue, url string, d store.Digest, delay time.Duration) error {
	body, err := json.Marshal(digestMessage{OrgID: d.OrgID, Audience: d.Audience, UserID: d.UserID, Module: d.Module, RecordID: d.RecordID})
	if err != nil {
		return err
	}
	secs := int32(min(max((delay+time.Second-1)/time.Second, 1), 900))
	_, err = q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(string(body)), DelaySeconds: secs})
	if err != nil {
		return fmt.Errorf("schedule the digest of %s %s on %s: %w", d.Audience, d.UserID, d.RecordID, err)
	}
	return nil
}

// stringAttr is the string attribute name of a stream image.
func stringAttr(image map[string]events.DynamoDBAttributeValue, name string) (string, bool) {
	v, ok := image[name]
	if !ok || v.DataType() != events.DataTypeString || v.String() == "" {
		return "", false
	}
	return v.String(), true
}
