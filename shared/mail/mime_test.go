package mail

import (
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestMIME(t *testing.T) {
	m := Message{To: "patricia@cliente.example", Subject: "Atualização do caso", Text: "Olá, Patrícia\nlink", HTML: "<p>Olá</p>"}
	unsub := []Header{{"List-Unsubscribe", "<https://portal.example/api/unsubscribe?token=abc>"}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}}
	raw, err := MIME("Portal <noreply@portal.example>", m, unsub, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("not a message: %v", err)
	}
	for name, want := range map[string]string{
		"To": "patricia@cliente.example", "From": "Portal <noreply@portal.example>",
		"List-Unsubscribe": "<https://portal.example/api/unsubscribe?token=abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject = %q (%v), want %q", subject, err, m.Subject)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var got []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p) // multipart decodes quoted-printable
		got = append(got, p.Header.Get("Content-Type")+"|"+string(b))
	}
	// Lines of a text part end in CRLF on the wire.
	want := []string{"text/plain; charset=UTF-8|" + strings.ReplaceAll(m.Text, "\n", "\r\n"), "text/html; charset=UTF-8|" + m.HTML}
	if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
		t.Errorf("parts = %q, want %q", got, want)
	}
}

func TestMIMERefusesLineBreaksInHeaders(t *testing.T) {
	for _, tt := range []struct {
		name string
		h    Header
	}{
		{"value with CRLF", Header{"List-Unsubscribe", "<x>\r\nBcc: victim@example.com"}},
		{"value with LF", Header{"List-Unsubscribe", "<x>\nBcc: victim@example.com"}},
		{"name with colon", Header{"Bcc: a", "b"}},
		{"empty name", Header{"", "b"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := MIME("a@example.com", Message{To: "b@example.com"}, []Header{tt.h}, time.Now()); err == nil {
				t.Error("built a message with the header, want an error")
			}
		})
	}
	t.Run("recipient with CRLF", func(t *testing.T) {
		if _, err := MIME("a@example.com", Message{To: "b@example.com\r\nBcc: c@example.com"}, nil, time.Now()); err == nil {
			t.Error("built a message, want an error")
		}
	})
}
