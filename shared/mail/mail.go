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
}

// Send sends m and returns SES's message id.
func (s *Sender) Send(ctx context.Context, m Message) (string, error) {
	out, err := s.SES.SendEmail(ctx, &ses.SendEmailInput{
		Source:      aws.String(s.From),
		Destination: &types.Destination{ToAddresses: []string{m.To}},
		Message: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: aws.String("UTF-8")},
			Body: &types.Body{
				Text: &types.Content{Data: aws.String(m.Text), Charset: aws.String("UTF-8")},
				Html: &types.Content{Data: aws.String(m.HTML), Charset: aws.String("UTF-8")},
			},
		},
	})
	if err != nil {
		return "", fmt.Errorf("send %q to %s: %w", m.Subject, m.To, err)
	}
	return aws.ToString(out.MessageId), nil
}

// Languages the templates exist in; others fall back to English.
var Languages = []string{"en", "pt-BR"}

// Render renders template name (e.g. "staff-reset") in lang with data. Each template has a
// subject line, a text part and an HTML part (files <name>.<lang>.subject.txt, .txt, .html).
func Render(name, lang string, data any) (Message, error) {
	lang = pick(lang)
	var m Message
	for _, part := range []struct {
		suffix string
		dst    *string
		html   bool
	}{{"subject.txt", &m.Subject, false}, {"txt", &m.Text, false}, {"html", &m.HTML, true}} {
		file := fmt.Sprintf("templates/%s.%s.%s", name, lang, part.suffix)
		src, err := files.ReadFile(file)
		if err != nil {
			return Message{}, fmt.Errorf("render %s: %w", file, err)
		}
		var buf bytes.Buffer
		if part.html {
			t, err := htmltemplate.New(file).Parse(string(src))
			if err != nil {
				return Message{}, fmt.Errorf("render %s: %w", file, err)
			}
			err = t.Execute(&buf, data)
			if err != nil {
				return Message{}, fmt.Errorf("render %s: %w", file, err)
			}
		} else {
			t, err := texttemplate.New(file).Option("missingkey=error").Parse(string(src))
			if err != nil {
				return Message{}, fmt.Errorf("render %s: %w", file, err)
			}
			if err := t.Execute(&buf, data); err != nil {
				return Message{}, fmt.Errorf("render %s: %w", file, err)
			}
		}
		*part.dst = strings.TrimSpace(buf.String())
	}
	return m, nil
}

func pick(lang string) string {
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
