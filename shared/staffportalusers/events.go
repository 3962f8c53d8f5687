package staffportalusers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// sesEvent is the part of an SES notification (identity notifications carry
// notificationType, configuration set event publishing eventType) that the portal reads.
type sesEvent struct {
	NotificationType string `json:"notificationType"`
	EventType        string `json:"eventType"`
	Mail             struct {
		MessageID string `json:"messageId"`
	} `json:"mail"`
	Bounce *struct {
		BounceType    string `json:"bounceType"`
		BounceSubType string `json:"bounceSubType"`
	} `json:"bounce"`
	Complaint *struct {
		FeedbackType string `json:"complaintFeedbackType"`
	} `json:"complaint"`
}

// Notification is what an SES notification says about an email the portal tracks.
type Notification struct {
	MessageID string         // SES's id of the email
	Delivery  store.Delivery // the state it means (At is left to the caller)
	// Tracked is false for notifications the portal does not track (opens, sends,
	// rejects) and for those without a message id.
	Tracked bool
}

// Delivery reads an SES notification: the message it is about and the delivery state it
// means. A message that is not a notification is an error.
func Delivery(message string) (Notification, error) {
	var ev sesEvent
	if err := json.Unmarshal([]byte(message), &ev); err != nil {
		return Notification{}, fmt.Errorf("SES notification: %w", err)
	}
	kind := ev.EventType
	if kind == "" {
		kind = ev.NotificationType
	}
	var d store.Delivery
	switch kind {
	case "Bounce":
		d.State = invite.Bounced
		if ev.Bounce != nil {
			d.Reason = strings.Trim(ev.Bounce.BounceType+"/"+ev.Bounce.BounceSubType, "/")
		}
	case "Complaint":
		d.State = invite.Complained
		if ev.Complaint != nil {
			d.Reason = ev.Complaint.FeedbackType
		}
	case "Delivery":
		d.State = invite.Delivered
	default:
		return Notification{}, nil
	}
	return Notification{MessageID: ev.Mail.MessageID, Delivery: d, Tracked: ev.Mail.MessageID != ""}, nil
}

// EmailEvents marks the invitations SES reports on as delivered, bounced or complained.
// Notifications about unknown messages (staff emails, erased users) are skipped; a storage
// error fails the batch so that SNS retries it.
func (s *Service) EmailEvents(ctx context.Context, ev events.SNSEvent) error {
	log := httpapi.Logger(ctx)
	for _, rec := range ev.Records {
		n, err := Delivery(rec.SNS.Message)
		if err != nil {
			log.Warn("unreadable SES notification skipped", "snsMessageId", rec.SNS.MessageID, "err", err.Error())
			continue
		}
		if !n.Tracked {
			continue
		}
		id, d := n.MessageID, n.Delivery
		d.At = s.store.Now()
		if !rec.SNS.Timestamp.IsZero() {
			d.At = rec.SNS.Timestamp.UTC()
		}
		u, err := s.store.MarkDelivery(ctx, id, d)
		if errors.Is(err, store.ErrNotFound) {
			log.Info("SES notification about an untracked message", "messageId", id, "state", d.State)
			continue
		}
		if err != nil {
			return err
		}
		log.Info("invitation delivery", "userId", u.ID, "org", u.OrgID, "state", d.State, "reason", d.Reason)
		if d.State != invite.Delivered {
			audit.Record(ctx, s.store, nil, audit.Entry{OrgID: u.OrgID, Actor: store.Actor{Kind: store.ActorSystem, Name: "SES"},
				Action: audit.InvitationBounced, Module: u.RecordModule, RecordID: u.RecordID, Detail: d.State + " " + d.Reason + " " + u.Email})
		}
	}
	return nil
}

// EmailEventsFunction is the handler of the SNS topic SES publishes its events to.
func EmailEventsFunction(d platform.Deps) func(context.Context, events.SNSEvent) error {
	s := newUnsent(d)
	return func(ctx context.Context, ev events.SNSEvent) error {
		return s.EmailEvents(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}
