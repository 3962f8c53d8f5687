package mfa

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Passkey rules (WebAuthn credentials; the ceremonies are shared/secondfactor's, through
// github.com/go-webauthn/webauthn).
const (
	// MaxPasskeys bounds a person's passkeys: their item stays far below DynamoDB's 400 KB.
	MaxPasskeys = 20
	// MaxPasskeyName is a passkey's name's length in characters.
	MaxPasskeyName = 60
)

// CheckPasskeyName returns the rule a passkey's name (trimmed) breaks, or "".
func CheckPasskeyName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxPasskeyName {
		return fmt.Sprintf("must be 1 to %d characters", MaxPasskeyName)
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "must not contain control characters"
	}
	return ""
}

// CheckPasskeyCount returns the rule adding a passkey to a person who has have breaks, or "".
func CheckPasskeyCount(have int) string {
	if have >= MaxPasskeys {
		return fmt.Sprintf("you have %d passkeys, the most one person may have; remove one first", MaxPasskeys)
	}
	return ""
}

// CanRemoveLast reports whether a person under p may remove the factor that would leave
// them with none (their last passkey, with no TOTP): not when p requires a factor.
func CanRemoveLast(p Policy) bool { return CanDisable(p) }
