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

func TestTemplateLanguageIsBounded(t *testing.T) {
	data := map[string]any{"Name": "Ana", "Link": "https://x.example/l"}
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"values", "Olá {{.Name}}: {{.Link}}", true},
		{"if, else if, else", `{{if eq .Name "Ana"}}a{{else if ne .Name "B"}}b{{else}}c{{end}}`, true},
		{"with and a variable", `{{with $n := .Name}}{{$n}}{{end}}`, true},
		{"and, or, not, len, comparisons", `{{if and (gt (len .Name) 1) (or (lt 1 2) (not (le 3 2))) (ge 2 2)}}y{{end}}`, true},
		{"a comment", `{{/* note */}}x`, true},
		{"range over a number", `{{range 1000000000}}{{end}}`, false},
		{"range over a value", `{{range $i, $c := .Name}}{{$c}}{{end}}`, false},
		{"define and template", `{{define "a"}}x{{end}}{{template "a"}}`, false},
		{"define alone", `{{define "a"}}{{template "a"}}{{end}}x`, false},
		{"block", `{{block "b" .}}x{{end}}`, false},
		{"printf (grows in memory before any write)", `{{printf "%01000000d" 1 | printf "%[1]s%[1]s%[1]s%[1]s"}}`, false},
		{"print", `{{print .Name .Name}}`, false},
		{"println", `{{println .Name}}`, false},
		{"html in a chain", `{{.Name | html | html}}`, false},
		{"js", `{{js .Name}}`, false},
		{"urlquery", `{{urlquery .Name}}`, false},
		{"slice", `{{slice .Name 1}}`, false},
		{"index", `{{index .Name 0}}`, false},
		{"call", `{{call .Name}}`, false},
		{"a refused function inside an if", `{{if eq (printf "%s" .Name) "x"}}x{{end}}`, false},
		{"a refused function inside an else", `{{if .Name}}x{{else}}{{print 1}}{{end}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, part := range []string{"text", "html"} {
				tpl := Template{Subject: "s", Text: "{{.Link}}", HTML: "{{.Link}}"}
				if part == "text" {
					tpl.Text = tt.src
				} else {
					tpl.HTML = tt.src
				}
				_, err := tpl.Render(data)
				var te *TemplateError
				switch {
				case tt.ok && err != nil:
					t.Errorf("%s: err = %v, want it rendered", part, err)
				case !tt.ok && (!errors.As(err, &te) || te.Part != part):
					t.Errorf("%s: err = %v, want a TemplateError in %s", part, err, part)
				}
			}
		})
	}
}

func TestRenderOutputIsBounded(t *testing.T) {
	long := strings.Repeat("x", 1000)
	data := map[string]any{"Name": long, "Link": "l"}
	many := strings.Repeat("{{.Name}}", 300) // 300 KB with a 1000-character name
	tests := []struct {
		name  string
		t     Template
		part  string
		limit int
	}{
		{"text past 256 KiB", Template{Subject: "s", Text: many, HTML: "h"}, "text", MaxBodyBytes},
		{"html past 256 KiB", Template{Subject: "s", Text: "t", HTML: "<p>" + many + "</p>"}, "html", MaxBodyBytes},
		{"subject past 8 KiB", Template{Subject: strings.Repeat("{{.Name}}", 9), Text: "t", HTML: "h"}, "subject", MaxSubjectBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.t.Render(data)
			var te *TemplateError
			var big *TooLargeError
			if !errors.As(err, &te) || te.Part != tt.part || !errors.As(err, &big) || big.Limit != tt.limit {
				t.Errorf("err = %v, want a TooLargeError of %d bytes in %s", err, tt.limit, tt.part)
			}
		})
	}
	t.Run("just under the limit", func(t *testing.T) {
		m, err := Template{Subject: "s", Text: strings.Repeat("{{.Name}}", MaxBodyBytes/1000), HTML: "h"}.Render(data)
		if err != nil || len(m.Text) != MaxBodyBytes/1000*1000 {
			t.Errorf("len(text) = %d, err = %v, want %d bytes and no error", len(m.Text), err, MaxBodyBytes/1000*1000)
		}
	})
}

func TestBoundedWriterStopsAtItsLimit(t *testing.T) {
	w := &boundedWriter{max: 10}
	writes := 0
	for range 100 {
		if _, err := w.Write([]byte("abcd")); err != nil {
			var big *TooLargeError
			if !errors.As(err, &big) {
				t.Fatalf("err = %v, want a TooLargeError", err)
			}
			break
		}
		writes++
	}
	if writes != 2 || w.buf.Len() != 8 {
		t.Errorf("writes = %d, kept %d bytes; want 2 writes and 8 bytes", writes, w.buf.Len())
	}
}

func TestStandardTemplatesUseTheBoundedLanguage(t *testing.T) {
	for _, name := range append([]string{"staff-reset"}, Editable...) {
		for _, lang := range Languages {
			t.Run(name+"/"+lang, func(t *testing.T) {
				tpl, err := Standard(name, lang)
				if err != nil {
					t.Fatal(err)
				}
				for part, src := range map[string]string{"subject": tpl.Subject, "text": tpl.Text, "html": tpl.HTML} {
					if _, err := parsePart(part, src, part == "html"); err != nil {
						t.Errorf("%s: %v", part, err)
					}
				}
			})
		}
	}
}
