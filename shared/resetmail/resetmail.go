// Package resetmail is the reset mailer: the function the table's stream starts with each new
// mail request (store.MailRequest, the outbox the password reset routes write). It carries the
// request out through the staff or the portal service (their MailReset): the lookup of the
// account, the link and the email happen here, out of the requester's sight, so the routes
// answer known and unknown addresses with the same work.
//
// A stream record can be delivered more than once: a request is read consistently first and
// skipped when done (or expired), and MailReset's own steps are conditioned on it not being
// done.
package resetmail

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/httpapi"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// requestStore is what the mailer reads of the table.
type requestStore interface {
	GetMailRequest(ctx context.Context, id string) (store.MailRequest, error)
}

// carrier carries out one kind of request.
type carrier interface {
	MailReset(ctx context.Context, req store.MailRequest) error
}

var (
	_ requestStore = (*store.Store)(nil)
	_ carrier      = (*staffauth.Service)(nil)
	_ carrier      = (*portalapi.Service)(nil)
)

// Mailer turns stream records of mail requests into emails.
type Mailer struct {
	Store requestStore
	// ByKind carries out each kind of request (store.MailStaffReset, store.MailPortalReset).
	ByKind map[string]carrier
}

// Handle carries out the requests of a batch of stream records in order. At the first record
// that fails it stops and reports that record as the batch's failure (ReportBatchItemFailures):
// Lambda then checkpoints the records before it and delivers it again with those after it, so
// none is lost and none is carried out out of order. Records that are not new mail requests,
// and requests that are done, expired or of an unknown kind, are skipped.
func (m *Mailer) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	for _, rec := range ev.Records {
		if err := m.one(ctx, rec); err != nil {
			httpapi.Logger(ctx).Error("mail request not carried out; it will be tried again",
				"eventId", rec.EventID, "sequenceNumber", rec.Change.SequenceNumber, "err", err.Error())
			resp.BatchItemFailures = []events.DynamoDBBatchItemFailure{{ItemIdentifier: rec.Change.SequenceNumber}}
			return resp, nil
		}
	}
	return resp, nil
}

func (m *Mailer) one(ctx context.Context, rec events.DynamoDBEventRecord) error {
	log := httpapi.Logger(ctx)
	if rec.EventName != string(events.DynamoDBOperationTypeInsert) {
		return nil
	}
	id, ok := stringAttr(rec.Change.NewImage, "id")
	if !ok {
		// Not a request this mailer wrote; trying it again would not help.
		log.Warn("stream record without a mail request id skipped", "eventId", rec.EventID)
		return nil
	}
	req, err := m.Store.GetMailRequest(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // expired
	}
	if err != nil {
		return err
	}
	if req.DoneAt != nil {
		return nil // carried out by an earlier delivery
	}
	c, ok := m.ByKind[req.Kind]
	if !ok {
		log.Warn("mail request of an unknown kind skipped", "requestId", req.ID, "kind", req.Kind)
		return nil
	}
	// The link starts with the origin the request came from (PORTAL_BASE_URL wins when set).
	return c.MailReset(httpapi.WithRequestOrigin(ctx, req.Origin), req)
}

// stringAttr is the string attribute name of a stream image.
func stringAttr(image map[string]events.DynamoDBAttributeValue, name string) (string, bool) {
	v, ok := image[name]
	if !ok || v.DataType() != events.DataTypeString || v.String() == "" {
		return "", false
	}
	return v.String(), true
}

// New builds the mailer over d: a store for the requests and the two carriers, the staff's
// reset routes (staffauth) and the portal user's (portalapi), each as its own routes build it.
func New(d platform.Deps) *Mailer {
	st, sender := store.New(d.DynamoDB, d.Config.TableName, nil), sesmail.New(d)
	portal := portalapi.New(d)
	portal.Mail = sender
	return &Mailer{Store: st, ByKind: map[string]carrier{
		store.MailStaffReset:  staffauth.NewFrom(st, sender, d.Config),
		store.MailPortalReset: portal,
	}}
}

// Function is the handler of the reset mailer (functions/reset-mailer), started by the
// table's stream.
func Function(d platform.Deps) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	m := New(d)
	return func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		return m.Handle(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}
