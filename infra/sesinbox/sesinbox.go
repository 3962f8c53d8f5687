// Package sesinbox reads the mailbox of the local SES emulator (aws-ses-v2-local): every email
// the portal sent, as GET <emulator>/store lists them. Integration tests, the benchmarks and
// the load run find in it the links the portal mailed (invitations, password resets).
package sesinbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
)

// Message is an email as the emulator keeps it.
type Message struct {
	Destination struct{ To []string }
	Subject     string
	Body        struct{ Text, HTML string }
}

// SentTo reports whether m was sent to addr alone (the portal sends each email to one
// address).
func (m Message) SentTo(addr string) bool { return slices.Equal(m.Destination.To, []string{addr}) }

// List returns every email the emulator at baseURL holds, oldest first.
func List(ctx context.Context, client *http.Client, baseURL string) ([]Message, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/store", nil)
	if err != nil {
		return nil, fmt.Errorf("read the SES emulator's mailbox: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("read the SES emulator's mailbox: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, fmt.Errorf("read the SES emulator's mailbox: status %d: %s", resp.StatusCode, b)
	}
	var box struct{ Emails []Message }
	if err := json.NewDecoder(resp.Body).Decode(&box); err != nil {
		return nil, fmt.Errorf("decode the SES emulator's mailbox: %w", err)
	}
	return box.Emails, nil
}

// To returns the messages of msgs sent to addr alone, in their order.
func To(msgs []Message, addr string) []Message {
	var out []Message
	for _, m := range msgs {
		if m.SentTo(addr) {
			out = append(out, m)
		}
	}
	return out
}

// token is the form of the tokens the portal's links carry (auth's 32 random bytes, base64url).
const token = `([A-Za-z0-9_-]{43})`

// PortalLink matches a link of a customer portal of the path part kind ("invite" or
// "reset"); its first group is the token.
func PortalLink(kind string) *regexp.Regexp {
	return regexp.MustCompile(`/p/[a-z0-9-]+/` + regexp.QuoteMeta(kind) + `/` + token)
}

// StaffResetLink matches the console's link to set a password (a reset or a new member's
// setup); its first group is the token.
var StaffResetLink = regexp.MustCompile(`/admin/reset/` + token)

// Tokens returns the token of every message of msgs whose text part has a link re matches,
// in their order.
func Tokens(msgs []Message, re *regexp.Regexp) []string {
	var out []string
	for _, m := range msgs {
		if got := re.FindStringSubmatch(m.Body.Text); got != nil {
			out = append(out, got[1])
		}
	}
	return out
}

// LastToken is the last of Tokens, or "" when there is none.
func LastToken(msgs []Message, re *regexp.Regexp) string {
	if toks := Tokens(msgs, re); len(toks) > 0 {
		return toks[len(toks)-1]
	}
	return ""
}

// LastLink returns the token of the newest link re matches in the emails the emulator at
// baseURL holds for addr; an error when there is none.
func LastLink(ctx context.Context, client *http.Client, baseURL, addr string, re *regexp.Regexp) (string, error) {
	msgs, err := List(ctx, client, baseURL)
	if err != nil {
		return "", err
	}
	if tok := LastToken(To(msgs, addr), re); tok != "" {
		return tok, nil
	}
	return "", fmt.Errorf("no link like %s emailed to %s", re, addr)
}
