package sesmail

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"crmportal/shared/mail"
)

type fakeSES struct {
	send func(*ses.SendEmailInput) (*ses.SendEmailOutput, error)
}

func (f fakeSES) SendEmail(_ context.Context, in *ses.SendEmailInput, _ ...func(*ses.Options)) (*ses.SendEmailOutput, error) {
	return f.send(in)
}

func TestSendBuildsBothParts(t *testing.T) {
	var got *ses.SendEmailInput
	id := "m-1"
	s := &Sender{From: "no-reply@portal.example.com", SES: fakeSES{func(in *ses.SendEmailInput) (*ses.SendEmailOutput, error) {
		got = in
		return &ses.SendEmailOutput{MessageId: &id}, nil
	}}}
	mid, err := s.Send(context.Background(), mail.Message{To: "ana@acme.example", Subject: "S", Text: "T", HTML: "<p>H</p>"})
	if err != nil || mid != "m-1" {
		t.Fatalf("Send = %q, %v", mid, err)
	}
	if *got.Source != "no-reply@portal.example.com" || got.Destination.ToAddresses[0] != "ana@acme.example" ||
		*got.Message.Body.Text.Data != "T" || *got.Message.Body.Html.Data != "<p>H</p>" || *got.Message.Subject.Charset != "UTF-8" {
		t.Errorf("SendEmail input = %+v", got)
	}
}
