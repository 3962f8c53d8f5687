// Package usagecounter is the stream function that maintains the usage counters
// (store.UsageDay) from the table's stream: portal logins and active users from new portal
// session items, invitations sent from new invitation token items, records created by
// customers from their customer.record.created event items. Counting here, not in the writes,
// keeps the login's request at its DynamoDB calls. Invitations accepted are counted in the
// accept's own transaction (store.AcceptInvitation).
package usagecounter

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// Counter is the subset of the store the function writes through.
type Counter interface {
	CountUsage(ctx context.Context, org, field, itemPK, itemSK string, at time.Time) (bool, error)
	MarkActive(ctx context.Context, org, user string, at time.Time) error
	Now() time.Time
}

// Handler counts the stream records it is given.
type Handler struct {
	Store Counter
}

// Handle counts each record of ev once (a record delivered again finds its marker). On a
// failure it reports that record as the batch's first failure, so that Lambda retries from it
// (the records before it are counted; those after it are retried with it and counted once).
func (h *Handler) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	for _, rec := range ev.Records {
		if err := h.one(ctx, rec); err != nil {
			httpapi.Logger(ctx).Error("usage not counted; it will be tried again",
				"eventId", rec.EventID, "sequenceNumber", rec.Change.SequenceNumber, "err", err.Error())
			resp.BatchItemFailures = []events.DynamoDBBatchItemFailure{{ItemIdentifier: rec.Change.SequenceNumber}}
			return resp, nil
		}
	}
	return resp, nil
}

func str(img map[string]events.DynamoDBAttributeValue, k string) string {
	if v, ok := img[k]; ok && v.DataType() == events.DataTypeString {
		return v.String()
	}
	return ""
}

func boolean(img map[string]events.DynamoDBAttributeValue, k string) bool {
	v, ok := img[k]
	return ok && v.DataType() == events.DataTypeBoolean && v.Boolean()
}

// one counts rec when it is the INSERT of an item that counts; any other record is skipped.
func (h *Handler) one(ctx context.Context, rec events.DynamoDBEventRecord) error {
	if rec.EventName != string(events.DynamoDBOperationTypeInsert) {
		return nil
	}
	img := rec.Change.NewImage
	pk, sk, org := str(img, "PK"), str(img, "SK"), str(img, "orgId")
	if org == "" {
		return nil
	}
	at := rec.Change.ApproximateCreationDateTime.Time
	if at.IsZero() {
		at = h.Store.Now()
	}
	switch {
	case strings.HasPrefix(pk, "SESSION#"):
		// A staff session, or an admin's read-only preview of the portal, is no customer's login.
		if str(img, "kind") != "portal" || boolean(img, "preview") {
			return nil
		}
		if _, err := h.Store.CountUsage(ctx, org, store.UsageLogins, pk, sk, at); err != nil {
			return err
		}
		// Idempotent on its own (a marker per user and day, and per user and week).
		return h.Store.MarkActive(ctx, org, str(img, "userId"), at)
	case strings.HasPrefix(pk, "INVITE#"):
		// Every token is an invitation email: a first invitation or a resend.
		_, err := h.Store.CountUsage(ctx, org, store.UsageInvitationsSent, pk, sk, at)
		return err
	case strings.HasPrefix(pk, store.EventPrefix):
		if str(img, "kind") != store.EventCustomerRecordCreated {
			return nil
		}
		_, err := h.Store.CountUsage(ctx, org, store.UsageRecordsCreated, pk, sk, at)
		return err
	}
	return nil
}

// Function is the handler of functions/usage-counter, started by the table's stream.
func Function(d platform.Deps) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	h := &Handler{Store: store.New(d.DynamoDB, d.Config.TableName, nil)}
	return func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		return h.Handle(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}
