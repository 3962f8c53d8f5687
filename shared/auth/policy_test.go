package auth

import (
	"reflect"
	"strings"
	"testing"

	"crmportal/shared/problemcode"
)

func TestCheckPassword(t *testing.T) {
	const email = "Maria.Silva@Example.com"
	tests := []struct {
		name, password, email, want string
	}{
		{"twelve ASCII characters", "tablelampsun", email, ""},
		{"passphrase with spaces", "correct horse battery staple", email, ""},
		{"no composition rules: lower-case letters only", "zqxwvutsrpon", email, ""},
		{"digits only but not common", "802734619105", email, ""},
		{"exactly 1024 characters", strings.Repeat("ab", 512), email, ""},
		{"twelve accented letters", strings.Repeat("\u00e9", 12), email, ""},
		{"twelve emoji", strings.Repeat("\U0001F600", 12), email, ""},
		{"no email given", "tablelampsun", "", ""},
		{"contains the email but is longer", "maria.silva@example.com!", email, ""},

		{"empty", "", email, ruleTooShort},
		{"eleven characters", "tablelampsu", email, ruleTooShort},
		{"eleven accented letters of 2 bytes each", strings.Repeat("\u00e9", 11), email, ruleTooShort},
		{"twelve runes decomposed that are six after NFC", strings.Repeat("e\u0301", 6), email, ruleTooShort},
		{"1025 characters", strings.Repeat("a", 1025), email, ruleTooLong},
		{"1025 accented characters", strings.Repeat("\u00e9", 1025), email, ruleTooLong},
		{"invalid UTF-8", "tablelampsun\xff", email, ruleInvalidUTF8},

		{"common, twelve characters", "qwertyuiop12", email, ruleCommon},
		{"common, other case", "QwertyUIOP12", email, ruleCommon},
		{"common numeric", "123456789012", email, ruleCommon},
		{"common, sixteen characters", "1qaz2wsx3edc4rfv", email, ruleCommon},
		{"common word, other case", "Administrator", email, ruleCommon},

		{"equals the email", "maria.silva@example.com", email, ruleEmail},
		{"equals the email, other case", "MARIA.SILVA@EXAMPLE.COM", email, ruleEmail},
		{"equals the email's local part", "Maria.Silva1", "maria.silva1@example.com", ruleEmail},
		{"equals the local part, other case", "MARIA.SILVA1", "maria.silva1@example.com", ruleEmail},
		{"local part before the last at sign", "john@work.net", "john@work.net@example.com", ruleEmail},
		{"email without at sign", "tablelampsun", "TableLampSun", ruleEmail},
		{"email with surrounding spaces", "tablelampsun", "  tablelampsun@example.com ", ruleEmail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPassword(tt.password, tt.email); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPasswordRuleCodes: every password rule has the problem code the web app translates, with
// the bounds as params, so "password is too common" reaches a pt-BR page in Portuguese.
func TestPasswordRuleCodes(t *testing.T) {
	tests := []struct {
		name, rule, wantCode string
		wantParams           map[string]string
	}{
		{"invalid UTF-8", ruleInvalidUTF8, "password.invalid_utf8", nil},
		{"too short", ruleTooShort, "password.too_short", map[string]string{"min": "12"}},
		{"too long", ruleTooLong, "password.too_long", map[string]string{"max": "1024"}},
		{"common", ruleCommon, "password.common", nil},
		{"email", ruleEmail, "password.email", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, params, ok := problemcode.Match(tt.rule)
			if !ok || code != tt.wantCode || !reflect.DeepEqual(params, tt.wantParams) {
				t.Errorf("Match(%q): got %q %v %v, want %q %v", tt.rule, code, params, ok, tt.wantCode, tt.wantParams)
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	set := commonPasswords()
	t.Run("entry count", func(t *testing.T) {
		if got, want := len(set), 17950; got != want {
			t.Errorf("got %d entries, want %d", got, want)
		}
	})
	t.Run("entries are lower case and at least 8 characters", func(t *testing.T) {
		for e := range set {
			if e != strings.ToLower(e) || len(e) < 8 {
				t.Fatalf("got entry %q, want lower case of 8 or more characters", e)
			}
		}
	})
	t.Run("the file is under 1 MB", func(t *testing.T) {
		if got := len(commonPasswordsText); got >= 1<<20 {
			t.Errorf("got %d bytes, want under %d", got, 1<<20)
		}
	})
	tests := []struct {
		name, password string
		want           bool
	}{
		{"password", "password", true},
		{"password in upper case", "PASSWORD", true},
		{"eight digits", "12345678", true},
		{"qwertyuiop", "qwertyuiop", true},
		{"iloveyou in mixed case", "ILoveYou", true},
		{"seven characters are not kept", "letmein", false},
		{"random words", "tablelampsun", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isCommonPassword(tt.password); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
