package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"time"
)

// Header is one header field of a message.
type Header struct {
	Name, Value string
}

// MIME builds m as an RFC 5322 message from from: a multipart/alternative body of the text
// part and the HTML part (quoted-printable, UTF-8), the subject encoded when it is not ASCII,
// and the extra header fields extra (List-Unsubscribe, which SES's simple send cannot set). A header name or value holding a line break is refused, so no value can
// add a header of its own.
func MIME(from string, m Message, extra []Header, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	boundary, err := randomBoundary()
	if err != nil {
		return nil, err
	}
	head := []Header{
		{"From", from},
		{"To", m.To},
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Date", now.UTC().Format(time.RFC1123Z)},
		{"MIME-Version", "1.0"},
	}
	head = append(head, extra...)
	head = append(head, Header{"Content-Type", `multipart/alternative; boundary="` + boundary + `"`})
	for _, h := range head {
		if strings.ContainsAny(h.Name, "\r\n:") || strings.ContainsAny(h.Value, "\r\n") || h.Name == "" {
			return nil, fmt.Errorf("header %q: a name or value with a line break or a colon in the name", h.Name)
		}
		fmt.Fprintf(&b, "%s: %s\r\n", textproto.CanonicalMIMEHeaderKey(h.Name), h.Value)
	}
	b.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: %s; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", boundary, part.ctype)
		w := quotedprintable.NewWriter(&b)
		if _, err := w.Write([]byte(part.body)); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes(), nil
}

func randomBoundary() (string, error) {
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("MIME boundary: %w", err)
	}
	return "=_" + hex.EncodeToString(r[:]), nil
}
