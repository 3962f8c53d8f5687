package crm

import (
	"regexp"
	"sync"
)

// The checks below are the regular expressions their comments name, written out: each is a
// character class and a length. Compiled at package initialization, those expressions would
// cost every function that links crm about 2,000 allocations before main runs (in its cold
// start); these cost nothing until called. charclass_test.go holds each to its expression.

// isAPIName reports whether s matches ^[A-Z][A-Za-z0-9_]{1,49}$.
func isAPIName(s string) bool {
	return len(s) >= 2 && len(s) <= 50 && isUpper(s[0]) && allBytes(s[1:], func(c byte) bool {
		return isUpper(c) || isLower(c) || isDigit(c) || c == '_'
	})
}

// isLayoutID reports whether s matches ^[a-z0-9-]{1,40}$.
func isLayoutID(s string) bool {
	return len(s) >= 1 && len(s) <= 40 && allBytes(s, func(c byte) bool { return isLower(c) || isDigit(c) || c == '-' })
}

// isLanguageTag reports whether s matches ^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$.
func isLanguageTag(s string) bool {
	lang, region := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			lang, region = s[:i], s[i+1:]
			if len(region) < 2 || len(region) > 8 || !allBytes(region, func(c byte) bool { return isUpper(c) || isLower(c) || isDigit(c) }) {
				return false
			}
			break
		}
	}
	return len(lang) >= 2 && len(lang) <= 3 && allBytes(lang, isLower)
}

// isPhone reports whether s matches ^\+?[0-9 ()\-.]{6,30}$.
func isPhone(s string) bool {
	if len(s) > 0 && s[0] == '+' {
		s = s[1:]
	}
	return len(s) >= 6 && len(s) <= 30 && allBytes(s, func(c byte) bool {
		return isDigit(c) || c == ' ' || c == '(' || c == ')' || c == '-' || c == '.'
	})
}

// isDateShape reports whether s matches ^[0-9]{4}-[0-9]{2}-[0-9]{2}$.
func isDateShape(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isRecordID reports whether s matches ^[a-z0-9]{8,40}$.
func isRecordID(s string) bool {
	return len(s) >= 8 && len(s) <= 40 && allBytes(s, func(c byte) bool { return isLower(c) || isDigit(c) })
}

// isDecimalString reports whether s matches ^-?[0-9]+(\.[0-9]+)?$.
func isDecimalString(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	whole, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			whole, frac = s[:i], s[i+1:]
			if frac == "" || !allBytes(frac, isDigit) {
				return false
			}
			break
		}
	}
	return whole != "" && allBytes(whole, isDigit)
}

// jsonNumber is a JSON number literal. It is compiled on its first use (a number field's
// write), not at package initialization.
var jsonNumber = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
})

// allBytes reports whether ok holds for every byte of s (true for "").
func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
