// Package names holds the rule every human name the API stores follows (a person's, an
// organization's, a portal's, a user type's, an API token's): one line of printable text.
// A name is shown in lists, audit rows, CSV exports, email subjects and headers, where a line
// break or another control character could forge a line or a header of its own.
package names

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Check returns what is wrong with name as it will be stored (callers trim it first), or ""
// when it is fine: it must be 1 to max characters (runes) of valid UTF-8 and one line (see
// Line). The message completes a sentence that starts with the field's name.
func Check(name string, max int) string {
	switch {
	case name == "" || utf8.RuneCountInString(name) > max:
		return fmt.Sprintf("must be 1 to %d characters", max)
	case !utf8.ValidString(name):
		return "must be valid UTF-8 text"
	}
	return Line(name)
}

// Line returns what is wrong with s as one line of text, or "" when it is fine: it must not
// hold a control character (C0, including tab, CR and LF; DEL; C1, including NEL) or a
// Unicode line or paragraph separator (U+2028, U+2029).
func Line(s string) string {
	for _, r := range s {
		if Forbidden(r) {
			return LineMessage
		}
	}
	return ""
}

// LineMessage is Line's refusal.
const LineMessage = "must not contain control characters or line breaks"

// Forbidden reports whether r may not appear in a name.
func Forbidden(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}
