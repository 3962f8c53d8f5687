package mail

import (
	"context"
	"errors"
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

func TestRenderInvitationInEveryLanguage(t *testing.T) {
	data := map[string]any{"Portal": "Portal Acme", "Company": "Acme", "Name": "Ana", "Email": "ana@example.com",
		"Link": "https://portal.example.com/p/acme/invite/tok", "Expires": "2026-12-01 10:00 -03"}
	for _, name := range Editable {
		for _, lang := range Languages {
			t.Run(name+"/"+lang, func(t *testing.T) {
				m, err := Render(name, lang, data)
				if err != nil {
					t.Fatal(err)
				}
				if m.Subject == "" || strings.Contains(m.Subject, "\n") {
					t.Errorf("subject = %q", m.Subject)
				}
				if !strings.Contains(m.Text, "https://portal.example.com/p/acme/invite/tok") || !strings.Contains(m.HTML, `href="https://portal.example.com/p/acme/invite/tok"`) {
					t.Errorf("the link is missing: %q / %q", m.Text, m.HTML)
				}
			})
		}
	}
}

func TestTemplateRenderErrorsNameThePart(t *testing.T) {
	data := map[string]any{"Link": "x"}
	tests := []struct {
		name string
		t    Template
		part string
	}{
		{"subject does not parse", Template{Subject: "{{", Text: "{{.Link}}", HTML: "{{.Link}}"}, "subject"},
		{"text names a missing value", Template{Subject: "s", Text: "{{.Boss}}", HTML: "{{.Link}}"}, "text"},
		{"html names a missing value", Template{Subject: "s", Text: "{{.Link}}", HTML: "<p>{{.Boss}}</p>"}, "html"},
		{"two-line subject", Template{Subject: "a{{\"\\n\"}}b", Text: "{{.Link}}", HTML: "{{.Link}}"}, "subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.t.Render(data)
			var te *TemplateError
			if !errors.As(err, &te) || te.Part != tt.part {
				t.Errorf("err = %v, want a TemplateError in %s", err, tt.part)
			}
		})
	}
	if _, err := (Template{Subject: "s", Text: "{{.Link}}", HTML: "{{.Link}}"}).Render(data); err != nil {
		t.Errorf("a good template failed: %v", err)
	}
}
