package crm

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// charChecks are the written-out checks and the expressions they stand for, with the bytes
// that matter to each (members of its classes, their neighbours, and non-ASCII).
var charChecks = []struct {
	name     string
	check    func(string) bool
	expr     string
	alphabet string
	sample   string // a string it accepts
}{
	{"isAPIName", isAPIName, `^[A-Z][A-Za-z0-9_]{1,49}$`, "AZaz09_-@[`{/: é", "My_Field_2"},
	{"isLayoutID", isLayoutID, `^[a-z0-9-]{1,40}$`, "az09-A_`{/: é", "compact-2"},
	{"isLanguageTag", isLanguageTag, `^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`, "azAZ09-_`{ é", "pt-BR"},
	{"isPhone", isPhone, `^\+?[0-9 ()\-.]{6,30}$`, "+09 ()-.,/a*é", "+55 (11) 91234-5678"},
	{"isDateShape", isDateShape, `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, "09-/:a ", "2026-12-07"},
	{"isRecordID", isRecordID, `^[a-z0-9]{8,40}$`, "az09A-_`{/: é", "abcd1234"},
	{"isDecimalString", isDecimalString, `^-?[0-9]+(\.[0-9]+)?$`, "09-.+e, ", "-12.50"},
}

func TestCharChecksAcceptWhatTheirExpressionsAccept(t *testing.T) {
	tests := []struct {
		check, in string
		want      bool
	}{
		{"isAPIName", "Ab", true},
		{"isAPIName", "My_Field_2", true},
		{"isAPIName", "A" + strings.Repeat("b", 49), true},
		{"isAPIName", "A" + strings.Repeat("b", 50), false},
		{"isAPIName", "A", false},
		{"isAPIName", "aB", false},
		{"isAPIName", "_Ab", false},
		{"isAPIName", "Ab-c", false},
		{"isAPIName", "Ab\n", false},
		{"isAPIName", "Abé", false},
		{"isLayoutID", "a", true},
		{"isLayoutID", "-", true},
		{"isLayoutID", "compact-2", true},
		{"isLayoutID", strings.Repeat("a", 40), true},
		{"isLayoutID", strings.Repeat("a", 41), false},
		{"isLayoutID", "", false},
		{"isLayoutID", "Compact", false},
		{"isLayoutID", "a_b", false},
		{"isLanguageTag", "en", true},
		{"isLanguageTag", "pt-BR", true},
		{"isLanguageTag", "yue-Hant2024", true},
		{"isLanguageTag", "yue-Hant20245", false},
		{"isLanguageTag", "zh-Hant", true},
		{"isLanguageTag", "es-419", true},
		{"isLanguageTag", "en-12345678", true},
		{"isLanguageTag", "en-123456789", false},
		{"isLanguageTag", "e", false},
		{"isLanguageTag", "engl", false},
		{"isLanguageTag", "EN", false},
		{"isLanguageTag", "en-", false},
		{"isLanguageTag", "en-B", false},
		{"isLanguageTag", "en-BR-x", false},
		{"isLanguageTag", "en_BR", false},
		{"isLanguageTag", "-BR", false},
		{"isPhone", "+55 (11) 91234-5678", true},
		{"isPhone", "123456", true},
		{"isPhone", "+123456", true},
		{"isPhone", "12345", false},
		{"isPhone", "+12345", false},
		{"isPhone", "++123456", false},
		{"isPhone", "123+456", false},
		{"isPhone", strings.Repeat("1", 30), true},
		{"isPhone", "+" + strings.Repeat("1", 30), true},
		{"isPhone", strings.Repeat("1", 31), false},
		{"isPhone", "123456 ext 7", false},
		{"isDateShape", "2026-12-07", true},
		{"isDateShape", "2026-99-99", true},
		{"isDateShape", "2026-1-07", false},
		{"isDateShape", "2026/12/07", false},
		{"isDateShape", "2026-12-070", false},
		{"isDateShape", "02026-12-07", false},
		{"isRecordID", "abcd1234", true},
		{"isRecordID", strings.Repeat("a", 40), true},
		{"isRecordID", strings.Repeat("a", 41), false},
		{"isRecordID", "abcd123", false},
		{"isRecordID", "ABCD1234", false},
		{"isRecordID", "abcd-1234", false},
		{"isDecimalString", "0", true},
		{"isDecimalString", "-12.50", true},
		{"isDecimalString", "007", true},
		{"isDecimalString", "", false},
		{"isDecimalString", "-", false},
		{"isDecimalString", ".5", false},
		{"isDecimalString", "5.", false},
		{"isDecimalString", "1.2.3", false},
		{"isDecimalString", "--1", false},
		{"isDecimalString", "+1", false},
		{"isDecimalString", "1e5", false},
		{"isDecimalString", "1,5", false},
	}
	checks := map[string]func(string) bool{}
	exprs := map[string]*regexp.Regexp{}
	for _, c := range charChecks {
		checks[c.name], exprs[c.name] = c.check, regexp.MustCompile(c.expr)
	}
	for _, tt := range tests {
		t.Run(tt.check+"/"+tt.in, func(t *testing.T) {
			if got := checks[tt.check](tt.in); got != tt.want {
				t.Errorf("%s(%q) = %v, want %v", tt.check, tt.in, got, tt.want)
			}
			if got := exprs[tt.check].MatchString(tt.in); got != tt.want {
				t.Errorf("the expression of %s on %q = %v, want %v (the table is wrong)", tt.check, tt.in, got, tt.want)
			}
		})
	}
}

// TestCharChecksAgreeWithTheirExpressions runs every check and its expression on every string
// of up to 4 characters of its alphabet (the shorter ones also padded to the length bounds)
// and on every change of one character of a string it accepts.
func TestCharChecksAgreeWithTheirExpressions(t *testing.T) {
	for _, c := range charChecks {
		t.Run(c.name, func(t *testing.T) {
			re := regexp.MustCompile(c.expr)
			alphabet := []string{}
			for _, r := range c.alphabet {
				alphabet = append(alphabet, string(r))
			}
			strs := []string{""}
			for n, prev := 0, []string{""}; n < 4; n++ {
				var next []string
				for _, p := range prev {
					for _, a := range alphabet {
						next = append(next, p+a)
					}
				}
				strs, prev = append(strs, next...), next
			}
			// The sample with one character replaced, removed or added anywhere.
			for i := 0; i <= len(c.sample); i++ {
				if i < len(c.sample) {
					strs = append(strs, c.sample[:i]+c.sample[i+1:])
				}
				for _, a := range alphabet {
					strs = append(strs, c.sample[:i]+a+c.sample[i:])
					if i < len(c.sample) {
						strs = append(strs, c.sample[:i]+a+c.sample[i+1:])
					}
				}
			}
			checked, accepted := 0, 0
			for _, s := range strs {
				// Every string, and those of up to 2 characters padded at either end to reach
				// the lengths around the expressions' bounds.
				cands := []string{s}
				if utf8.RuneCountInString(s) <= 2 {
					for _, pad := range []string{"1", "a", "A"} {
						for _, n := range []int{4, 5, 6, 7, 8, 9, 10, 11, 26, 27, 28, 29, 30, 31, 32, 36, 37, 38, 39, 40, 41, 42, 46, 47, 48, 49, 50, 51, 52} {
							if k := n - len(s); k > 0 {
								cands = append(cands, s+strings.Repeat(pad, k), strings.Repeat(pad, k)+s)
							}
						}
					}
				}
				for _, in := range cands {
					got, want := c.check(in), re.MatchString(in)
					if got != want {
						t.Fatalf("%s(%q) = %v, want %v as %s", c.name, in, got, want, c.expr)
					}
					checked++
					if want {
						accepted++
					}
				}
			}
			if accepted == 0 || accepted == checked {
				t.Errorf("%d of %d strings accepted: the alphabet does not exercise %s", accepted, checked, c.expr)
			}
		})
	}
}
