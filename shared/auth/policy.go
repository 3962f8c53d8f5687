// The common-password list common-passwords.txt comes from the npm package
// @zxcvbn-ts/language-common, version 4.1.3, file src/passwords.json (49,233 entries),
// MIT licence, copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc., (c) 2021 @zxcvbn-ts;
// the licence text is in common-passwords.LICENSE. Only its entries of 8 or more
// characters are kept (17,950), lower-cased, in the source's order (most common first).

package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Password length bounds, in characters (runes) of the NFC-normalized password.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 1024
)

// Rules CheckPassword answers with.
const (
	ruleInvalidUTF8 = "password must be valid UTF-8 text"
	ruleTooShort    = "password must be at least 12 characters"
	ruleTooLong     = "password must be at most 1024 characters"
	ruleCommon      = "password is too common; choose another"
	ruleEmail       = "password must not be your email address"
)

// commonPasswordsText lists common passwords, one a line, lower case, most common first
// (source and licence at the top of this file).
//
//go:embed common-passwords.txt
var commonPasswordsText string

// commonPasswords is the list as a set, built on first use.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, strings.Count(commonPasswordsText, "\n")+1)
	for line := range strings.Lines(commonPasswordsText) {
		if line = strings.TrimSpace(line); line != "" {
			set[line] = struct{}{}
		}
	}
	return set
})

// isCommonPassword reports whether password (in any case) is on the common list.
func isCommonPassword(password string) bool {
	_, found := commonPasswords()[strings.ToLower(password)]
	return found
}

// CheckPassword returns "" when password is acceptable for the account with the given
// email, else one short English sentence naming the rule it breaks:
//   - it is valid UTF-8;
//   - it has MinPasswordLength to MaxPasswordLength characters, counted as runes after
//     Unicode NFC normalization (so an accented letter counts once however it was typed);
//   - it is not among the common passwords, compared case-insensitively;
//   - it does not equal the email or the email's local part (before the last "@"), compared
//     case-insensitively.
//
// There are no composition rules (no required digits, symbols or cases). Rules are checked
// in that order and the first broken one is returned.
func CheckPassword(password, email string) string {
	if !utf8.ValidString(password) {
		return ruleInvalidUTF8
	}
	p := norm.NFC.String(password)
	n := utf8.RuneCountInString(p)
	switch {
	case n < MinPasswordLength:
		return ruleTooShort
	case n > MaxPasswordLength:
		return ruleTooLong
	case isCommonPassword(p):
		return ruleCommon
	}
	email = strings.TrimSpace(email)
	if email != "" {
		local := email
		if at := strings.LastIndexByte(email, '@'); at >= 0 {
			local = email[:at]
		}
		if strings.EqualFold(p, email) || (local != "" && strings.EqualFold(p, local)) {
			return ruleEmail
		}
	}
	return ""
}
