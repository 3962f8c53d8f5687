package notify

import (
	"context"
	"encoding/json"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// Suppressor records the addresses no email may go to any more.
type Suppressor interface {
	Suppress(ctx context.Context, sp store.Suppression) error
}

var _ Suppressor = (*store.Store)(nil)

// sesFeedback is the part of an SES notification that names the addresses that bounced or
// complained.
type sesFeedback struct {
	NotificationType string `json:"notificationType"`
	EventType        string `json:"eventType"`
	Bounce           *struct {
		BounceType        string `json:"bounceType"`
		BounceSubType     string `json:"bounceSubType"`
		BouncedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"bouncedRecipients"`
	} `json:"bounce"`
	Complaint *struct {
		FeedbackType         string `json:"complaintFeedbackType"`
		ComplainedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"complainedRecipients"`
	} `json:"complaint"`
}

// Suppressions are the suppressions an SES notification means: each recipient of a permanent
// bounce, and each recipient of a complaint. A transient bounce (a full mailbox) suppresses
// nothing; nor does a message that is not a bounce or complaint, or one that does not parse.
func Suppressions(message string, at time.Time) []store.Suppression {
	var f sesFeedback
	if err := json.Unmarshal([]byte(message), &f); err != nil {
		return nil
	}
	kind := f.EventType
	if kind == "" {
		kind = f.NotificationType
	}
	var out []store.Suppression
	switch {
	case kind == "Bounce" && f.Bounce != nil && f.Bounce.BounceType == "Permanent":
		for _, r := range f.Bounce.BouncedRecipients {
			if r.EmailAddress != "" {
				out = append(out, store.Suppression{Email: r.EmailAddress, Reason: "bounce " + f.Bounce.BounceSubType, At: at})
			}
		}
	case kind == "Complaint" && f.Complaint != nil:
		for _, r := range f.Complaint.ComplainedRecipients {
			if r.EmailAddress != "" {
				out = append(out, store.Suppression{Email: r.EmailAddress, Reason: "complaint " + f.Complaint.FeedbackType, At: at})
			}
		}
	}
	return out
}

// SuppressFromSES records the suppressions of a batch of SES notifications (see
// Suppressions), then hands the batch to next (the invitations' delivery states,
// staffportalusers.EmailEvents). A storage error fails the batch, so that SNS delivers it
// again; recording a suppression twice keeps the first.
func SuppressFromSES(st Suppressor, next func(context.Context, events.SNSEvent) error) func(context.Context, events.SNSEvent) error {
	return func(ctx context.Context, ev events.SNSEvent) error {
		for _, rec := range ev.Records {
			at := rec.SNS.Timestamp.UTC()
			if at.IsZero() {
				at = time.Now().UTC()
			}
			for _, sp := range Suppressions(rec.SNS.Message, at) {
				if err := st.Suppress(ctx, sp); err != nil {
					return err
				}
				httpapi.Logger(ctx).Info("address suppressed", "reason", sp.Reason)
			}
		}
		return next(ctx, ev)
	}
}
