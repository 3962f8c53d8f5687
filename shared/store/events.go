package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/access"
	"crmportal/shared/auth"
)

// Kinds of events (access's notification kinds). The first four are for customers (a
// portal user type's notify list names them), the others for staff.
const (
	// EventNotePublic: staff added a note that is not internal.
	EventNotePublic = access.NotifyNotePublic
	// EventFileShared: staff completed an upload marked shared with the customer.
	EventFileShared = access.NotifyFileShared
	// EventFieldChanged: a staff edit changed fields a tab of the module marks as notifying
	// (Fields names those of the changed fields; the notifier keeps those each tab marks).
	EventFieldChanged = access.NotifyFieldChanged
	// EventRecordLinked: a staff write linked the record to a Contact, Lead or Account (a
	// new record looking one up, or an edit that set such a lookup).
	EventRecordLinked = access.NotifyRecordLinked

	// EventCustomerRecordCreated: a portal user created a record.
	EventCustomerRecordCreated = access.NotifyCustomerRecordCreated
	// EventCustomerRecordUpdated: a portal user edited a record (Fields names the changed fields).
	EventCustomerRecordUpdated = access.NotifyCustomerRecordUpdated
	// EventCustomerNoteCreated: a portal user added a note.
	EventCustomerNoteCreated = access.NotifyCustomerNoteCreated
	// EventCustomerFileAdded: a portal user completed an upload.
	EventCustomerFileAdded = access.NotifyCustomerFileAdded
	// EventCustomerQuoteAccepted and EventCustomerQuoteDeclined: a portal user decided a
	// quote (Fields names Quote_Stage, the field the decision moved).
	EventCustomerQuoteAccepted = access.NotifyCustomerQuoteAccepted
	EventCustomerQuoteDeclined = access.NotifyCustomerQuoteDeclined
)

// CustomerEventKinds are the kinds a customer may be notified of (access.CustomerKinds).
var CustomerEventKinds = access.CustomerKinds

// StaffEventKinds are the kinds staff may be notified of (access.StaffKinds).
var StaffEventKinds = access.StaffKinds

// EventPrefix starts the partition key of every event item: the notifier's stream
// subscription (template.yaml's FilterCriteria) picks the new items by it.
const EventPrefix = "EVENT#"

// EventLifetime is how long an event item is kept (its TTL): well past the stream's
// retention (24 hours) and its retries.
const EventLifetime = 7 * 24 * time.Hour

// Event is something that happened to a record that someone may be told of (the outbox):
// the write that makes it happen puts the event item in its own transaction, so an event
// exists exactly when its write does, and the notifier, started by the item's INSERT in the
// table's stream, delivers it later: no request waits for a notification or an email.
// An event names the record and what changed, never a value: the notifier reads the record
// as it is when it delivers, and tells each recipient only what they may see.
type Event struct {
	OrgID    string `dynamodbav:"orgId"`
	ID       string `dynamodbav:"id"`
	Kind     string `dynamodbav:"kind"`
	Module   string `dynamodbav:"module"`
	RecordID string `dynamodbav:"recordId"`
	// Actor is who did it (staff, a portal user, or the system for an import); the
	// notifier never notifies the actor.
	Actor Actor `dynamodbav:"actor"`
	// Fields are the API names of the changed fields (field.changed, customer.record.updated).
	Fields       []string  `dynamodbav:"fields,omitempty"`
	NoteID       string    `dynamodbav:"noteId,omitempty"`
	AttachmentID string    `dynamodbav:"attachmentId,omitempty"`
	At           time.Time `dynamodbav:"at"`
	ExpiresAt    time.Time `dynamodbav:"expiresAt,unixtime"` // the TTL
}

type eventItem struct {
	PK, SK string
	Event
}

func eventKey(id string) map[string]types.AttributeValue { return key(EventPrefix+id, "EVENT") }

// eventPuts fills each event's id (a time-ordered one when empty), At and ExpiresAt and
// returns its conditional put, for the transaction of the write that makes it happen.
func (s *Store) eventPuts(evs []Event) ([]types.TransactWriteItem, error) {
	out := make([]types.TransactWriteItem, 0, len(evs))
	for _, e := range evs {
		if e.At.IsZero() {
			e.At = s.Now()
		}
		if e.ID == "" {
			id, err := auth.NewTimeID(e.At)
			if err != nil {
				return nil, fmt.Errorf("event id: %w", err)
			}
			e.ID = id
		}
		if e.ExpiresAt.IsZero() {
			e.ExpiresAt = e.At.Add(EventLifetime)
		}
		item, err := attributevalue.MarshalMap(eventItem{PK: EventPrefix + e.ID, SK: "EVENT", Event: e})
		if err != nil {
			return nil, fmt.Errorf("event %s: %w", e.Kind, err)
		}
		out = append(out, types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
			ConditionExpression: aws.String("attribute_not_exists(PK)")}})
	}
	return out, nil
}

// addEvents adds the events' puts to tx; a taken event id cancels the transaction as ErrExists.
func (s *Store) addEvents(tx *txn, evs []Event) error {
	puts, err := s.eventPuts(evs)
	if err != nil {
		return err
	}
	tx.addAll(puts, ErrExists)
	return nil
}

// GetEvent returns an event, or ErrNotFound when there is none (or it expired). The read is
// strongly consistent: the notifier reads an event its stream record has just announced.
func (s *Store) GetEvent(ctx context.Context, id string) (Event, error) {
	it, err := getItem[eventItem](ctx, s, eventKey(id), true, "get event "+id)
	return it.Event, err
}

// putItem is the put of an item built from v, with an optional condition.
func (s *Store) putItem(v any, cond string) (types.TransactWriteItem, error) {
	item, err := attributevalue.MarshalMap(v)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	p := &types.Put{TableName: &s.table, Item: item}
	if cond != "" {
		p.ConditionExpression = aws.String(cond)
	}
	return types.TransactWriteItem{Put: p}, nil
}
