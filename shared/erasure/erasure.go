// Package erasure holds the rules of a portal user's erasure: the pseudonym that stands for
// them in the audit log afterwards and how an audit text loses their email and name. It has
// no AWS import; store.PseudonymizeAudit applies it to the log.
package erasure

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Prefix starts every pseudonym.
const Prefix = "erased-"

// Pseudonym is the stable name of the erased portal user id of organization org in the audit
// log: Prefix and 10 hex digits of a hash of both ids. The same user always gets the same
// pseudonym (their entries still read as one person's), and it reveals nothing of their
// email or name.
func Pseudonym(org, user string) string {
	sum := sha256.Sum256([]byte("erasure#" + org + "#" + user))
	return Prefix + hex.EncodeToString(sum[:5])
}

// Scrub answers text with every occurrence of email and of name (case-insensitive; an empty
// one is skipped) replaced by pseudonym. The email goes first: a name inside the email's
// local part is replaced with the email.
func Scrub(text, email, name, pseudonym string) string {
	for _, s := range []string{email, name} {
		if strings.TrimSpace(s) == "" {
			continue
		}
		text = replaceFold(text, s, pseudonym)
	}
	return text
}

// Mentions tells whether Scrub would change text.
func Mentions(text, email, name string) bool {
	return Scrub(text, email, name, "\x00") != text
}

// replaceFold replaces every case-insensitive occurrence of old in s with repl.
func replaceFold(s, old, repl string) string {
	lower, lowOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) || len(lowOld) != len(old) {
		// A case change that alters lengths (rare scripts): fall back to an exact match.
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}
