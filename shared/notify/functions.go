package notify

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"crmportal/shared/httpapi"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/store"
)

// newSQS makes the function's SQS client from d's aws.Config, pointed at d's SQS endpoint
// when one is configured and with d's API options for SQS.
func newSQS(d platform.Deps) *sqs.Client {
	return sqs.NewFromConfig(d.AWS, func(o *sqs.Options) {
		if e := platform.Endpoint(d.Config.Endpoints.SQS); e != nil {
			o.BaseEndpoint = e
		}
		o.APIOptions = append(slices.Clip(o.APIOptions), d.APIOptions[sqs.ServiceID]...)
	})
}

// window is d's digest window (NOTIFY_WINDOW_SECONDS, else DefaultWindow).
func window(d platform.Deps) time.Duration {
	if d.Config.NotifyWindow > 0 {
		return d.Config.NotifyWindow
	}
	return DefaultWindow
}

// NewNotifier builds the notifier over d.
func NewNotifier(d platform.Deps) *Notifier {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Notifier{Store: st, Modules: modules.New(st), Queue: newSQS(d), QueueURL: d.Config.DigestQueueURL,
		DeadLettersURL: d.Config.NotifierDeadLettersURL, Window: window(d)}
}

// NotifierFunction is the handler of functions/notifier, started by the table's stream.
func NotifierFunction(d platform.Deps) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	n := NewNotifier(d)
	return func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		return n.Handle(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}

// NewMailer builds the digest mailer over d.
func NewMailer(d platform.Deps) *Mailer {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Mailer{Store: st, Modules: modules.New(st), Queue: newSQS(d), QueueURL: d.Config.DigestQueueURL,
		Sender: sesmail.New(d), Window: window(d), Origin: d.Config.PortalBaseURL}
}

// MailerFunction is the handler of functions/digest-mailer, started by the digest queue.
func MailerFunction(d platform.Deps) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	m := NewMailer(d)
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return m.Handle(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}

// UnsubscribeFunction is the handler of GET and POST /api/unsubscribe (functions/unsubscribe).
func UnsubscribeFunction(d platform.Deps) httpapi.LambdaFunc {
	u := &Unsubscriber{Store: store.New(d.DynamoDB, d.Config.TableName, nil)}
	return d.Adapt(u.Handle)
}

// EmailEventsFunction is the handler of functions/email-events: SES's bounces and complaints
// suppress their addresses (SuppressFromSES), then the invitations' delivery states are
// marked (staffportalusers.EmailEventsFunction).
func EmailEventsFunction(d platform.Deps) func(context.Context, events.SNSEvent) error {
	next := staffportalusers.EmailEventsFunction(d)
	h := SuppressFromSES(store.New(d.DynamoDB, d.Config.TableName, nil), next)
	return func(ctx context.Context, ev events.SNSEvent) error {
		return h(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}
