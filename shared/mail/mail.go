// Package mail sends the portal's emails (password resets now, invitations later) through
// SES, rendered from per-language templates with an HTML and a text part.
package mail

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/ses/types"
)

// SES is the SES call the sender makes.
type SES interface {
	SendEmail(ctx context.Context, in *ses.SendEmailInput, opts ...func(*ses.Options)) (*ses.SendEmailOutput, error)
}

var _ SES = (*ses.Client)(nil)

//go:embed templates
var files embed.FS

// Message is a rendered email.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender sends messages from one address.
type Sender struct {
	SES  SES
	From string
	// ConfigurationSet, when set, names the SES configuration set whose event destination
	// reports deliveries, bounces and complaints.
	ConfigurationSet string
}

// Send sends m and returns SES's message id.
func (s *Sender) Send(ctx context.Context, m Message) (string, error) {
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

// Languages the templates exist in; others fall back to English.
var Languages = []string{"en", "pt-BR"}

// Editable are the emails an organization may rewrite per language.
var Editable = []string{"invitation", "portal-reset"}

// Template is one email in one language: Go templates of the subject, the text part and the
// HTML part (html/template, so values are escaped).
type Template struct {
	Subject, Text, HTML string
}

// Standard returns the portal's own template name in lang (or its fallback language),
// from files <name>.<lang>.subject.txt, .txt and .html.
func Standard(name, lang string) (Template, error) {
	lang = Pick(lang)
	var t Template
	for _, part := range []struct {
		suffix string
		dst    *string
	}{{"subject.txt", &t.Subject}, {"txt", &t.Text}, {"html", &t.HTML}} {
		file := fmt.Sprintf("templates/%s.%s.%s", name, lang, part.suffix)
		src, err := files.ReadFile(file)
		if err != nil {
			return Template{}, fmt.Errorf("template %s: %w", file, err)
		}
		*part.dst = string(src)
	}
	return t, nil
}

// Render renders the standard template name (e.g. "staff-reset") in lang with data.
func Render(name, lang string, data any) (Message, error) {
	t, err := Standard(name, lang)
	if err != nil {
		return Message{}, err
	}
	m, err := t.Render(data)
	if err != nil {
		return Message{}, fmt.Errorf("render %s.%s: %w", name, Pick(lang), err)
	}
	return m, nil
}

// TemplateError is a part of a template that does not parse or render.
type TemplateError struct {
	Part string // "subject", "text" or "html"
	Err  error
}

func (e *TemplateError) Error() string { return e.Part + ": " + e.Err.Error() }
func (e *TemplateError) Unwrap() error { return e.Err }

// Render renders t with data. A key missing from data is an error in every part; the
// error is a *TemplateError naming the part.
func (t Template) Render(data any) (Message, error) {
	var m Message
	for _, part := range []struct {
		name, src string
		dst       *string
		html      bool
	}{{"subject", t.Subject, &m.Subject, false}, {"text", t.Text, &m.Text, false}, {"html", t.HTML, &m.HTML, true}} {
		var buf bytes.Buffer
		if part.html {
			tt, err := htmltemplate.New(part.name).Option("missingkey=error").Parse(part.src)
			if err == nil {
				err = tt.Execute(&buf, data)
			}
			if err != nil {
				return Message{}, &TemplateError{Part: part.name, Err: err}
			}
		} else {
			tt, err := texttemplate.New(part.name).Option("missingkey=error").Parse(part.src)
			if err == nil {
				err = tt.Execute(&buf, data)
			}
			if err != nil {
				return Message{}, &TemplateError{Part: part.name, Err: err}
			}
		}
		*part.dst = strings.TrimSpace(buf.String())
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return Message{}, &TemplateError{Part: "subject", Err: fmt.Errorf("must be one line")}
	}
	return m, nil
}

// Pick is the template language used for lang: itself when there are templates in it, else
// Portuguese for any pt tag, else English.
func Pick(lang string) string {
	for _, l := range Languages {
		if strings.EqualFold(l, lang) {
			return l
		}
	}
	if strings.HasPrefix(strings.ToLower(lang), "pt") {
		return "pt-BR"
	}
	return "en"
}
