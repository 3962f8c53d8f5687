// Package sesmail sends the portal's emails (mail.Message) through SES. Only the functions
// that send email import it, so only they link the SES client and pay its package
// initialization in their cold start.
package sesmail

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/ses/types"

	"crmportal/shared/mail"
	"crmportal/shared/platform"
	"crmportal/shared/platform/sesclient"
)

// SES is the SES call the sender makes.
type SES interface {
	SendEmail(ctx context.Context, in *ses.SendEmailInput, opts ...func(*ses.Options)) (*ses.SendEmailOutput, error)
}

var _ SES = (*ses.Client)(nil)

// Sender sends messages from one address.
type Sender struct {
	SES  SES
	From string
	// ConfigurationSet, when set, names the SES configuration set whose event destination
	// reports deliveries, bounces and complaints.
	ConfigurationSet string
}

// New is the sender of a function: SES from d, the configured sender address and
// configuration set.
func New(d platform.Deps) *Sender {
	return &Sender{SES: sesclient.New(d), From: d.Config.SenderEmail, ConfigurationSet: d.Config.MailConfigurationSet}
}

// Send sends m and returns SES's message id. A nil sender (a function whose routes send no
// email is built without one) fails instead of sending.
func (s *Sender) Send(ctx context.Context, m mail.Message) (string, error) {
	if s == nil {
		return "", fmt.Errorf("send %q to %s: this function was built without an email sender", m.Subject, m.To)
	}
	in := &ses.SendEmailInput{
		Source:      aws.String(s.From),
		Destination: &types.Destination{ToAddresses: []string{m.To}},
		Message: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: aws.String("UTF-8")},
			Body: &types.Body{
				Text: &types.Content{Data: aws.String(m.Text), Charset: aws.String("UTF-8")},
				Html: &types.Content{Data: aws.String(m.HTML), Charset: aws.String("UTF-8")},
			},
		},
	}
	if s.ConfigurationSet != "" {
		in.ConfigurationSetName = aws.String(s.ConfigurationSet)
	}
	out, err := s.SES.SendEmail(ctx, in)
	if err != nil {
		return "", fmt.Errorf("send %q to %s: %w", m.Subject, m.To, err)
	}
	return aws.ToString(out.MessageId), nil
}

// RawSES is the SES call of a message with header fields of its own.
type RawSES interface {
	SendRawEmail(ctx context.Context, in *ses.SendRawEmailInput, opts ...func(*ses.Options)) (*ses.SendRawEmailOutput, error)
}

var _ RawSES = (*ses.Client)(nil)

// SendWithHeaders sends m with the extra header fields headers (List-Unsubscribe and
// List-Unsubscribe-Post) as a raw MIME message (mail.MIME; SES's SendRawEmail, IAM action
// ses:SendRawEmail) and returns SES's message id. Source and Destinations are given besides
// the message's own From and To, so the sender's policy conditions (ses:FromAddress) apply.
func (s *Sender) SendWithHeaders(ctx context.Context, m mail.Message, headers []mail.Header) (string, error) {
	if s == nil {
		return "", fmt.Errorf("send %q to %s: this function was built without an email sender", m.Subject, m.To)
	}
	raw, ok := s.SES.(RawSES)
	if !ok {
		return "", fmt.Errorf("send %q to %s: the SES client cannot send raw messages", m.Subject, m.To)
	}
	data, err := mail.MIME(s.From, m, headers, time.Now())
	if err != nil {
		return "", fmt.Errorf("send %q to %s: %w", m.Subject, m.To, err)
	}
	in := &ses.SendRawEmailInput{Source: aws.String(s.From), Destinations: []string{m.To}, RawMessage: &types.RawMessage{Data: data}}
	if s.ConfigurationSet != "" {
		in.ConfigurationSetName = aws.String(s.ConfigurationSet)
	}
	out, err := raw.SendRawEmail(ctx, in)
	if err != nil {
		return "", fmt.Errorf("send %q to %s: %w", m.Subject, m.To, err)
	}
	return aws.ToString(out.MessageId), nil
}
