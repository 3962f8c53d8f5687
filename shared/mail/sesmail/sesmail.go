// Package sesmail sends the portal's emails (mail.Message) through SES. Only the functions
// that send email import it, so only they link the SES client and pay its package
// initialization in their cold start.
package sesmail

import (
	"context"
	"fmt"

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
