package mail

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ses"
)

func TestRenderStaffReset(t *testing.T) {
	data := map[string]any{"Name": "Ana <b>", "Company": "Acme & Cia", "Link": "https://portal.example.com/admin/reset/abc", "Setup": false, "Expires": "2026-11-28 13:00 UTC"}
	tests := []struct {
		lang, subject, text string
	}{
		{"pt-BR", "Acme & Cia: defina sua senha", "Alguém pediu para redefinir"},
		{"pt-PT", "Acme & Cia: defina sua senha", "Alguém pediu"},
		{"en", "Acme & Cia: set your password", "Someone asked to reset"},
		{"de", "Acme & Cia: set your password", "Someone asked"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m, err := Render("staff-reset", tt.lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", m.Subject, tt.subject)
			}
			if !strings.Contains(m.Text, tt.text) || !strings.Contains(m.Text, "https://portal.example.com/admin/reset/abc") {
				t.Errorf("text = %q", m.Text)
			}
			if !strings.Contains(m.HTML, `href="https://portal.example.com/admin/reset/abc"`) {
				t.Errorf("html lacks the link: %q", m.HTML)
			}
			if strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, "Ana &lt;b&gt;") {
				t.Errorf("html does not escape the name: %q", m.HTML)
			}
		})
	}
	if _, err := Render("staff-reset", "en", map[string]any{"Name": "x"}); err == nil {
		t.Error("Render accepted data without the template's keys")
	}
}

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
	mid, err := s.Send(context.Background(), Message{To: "ana@acme.example", Subject: "S", Text: "T", HTML: "<p>H</p>"})
	if err != nil || mid != "m-1" {
		t.Fatalf("Send = %q, %v", mid, err)
	}
	if *got.Source != "no-reply@portal.example.com" || got.Destination.ToAddresses[0] != "ana@acme.example" ||
		*got.Message.Body.Text.Data != "T" || *got.Message.Body.Html.Data != "<p>H</p>" || *got.Message.Subject.Charset != "UTF-8" {
		t.Errorf("SendEmail input = %+v", got)
	}
}
