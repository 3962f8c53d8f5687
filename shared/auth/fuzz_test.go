package auth

import (
	"strings"
	"testing"
)

// FuzzParseTokens: ParseSessionToken, ParseAPIToken and BearerToken never panic; a token they
// accept has valid parts and formats back to exactly the input, so no two inputs name the same
// session or API token; no input is both a session token and an API token.
func FuzzParseTokens(f *testing.F) {
	secret := strings.Repeat("aZ0_-", 8) + "abc"
	for _, s := range []string{
		FormatSessionToken("abcdefgh12", secret),
		FormatAPIToken("abcdefgh12", "tok0000001", secret),
		FormatAPIToken("abcdefgh12", "tok0000001", strings.Repeat("_", 43)),
		"abcdefgh12." + secret + ".x",
		"ABCDEFGH12." + secret,
		"cpt_abcdefgh12__" + secret,
		"cpt_" + secret,
		"Bearer cpt_abcdefgh12_tok0000001_" + secret,
		"bearer   x y",
		"",
		".",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		org, sec, hints, okSession := ParseSessionTokenHints(s)
		if okSession {
			again := FormatSessionToken(org, sec)
			if again != s {
				again = FormatSessionTokenWith(org, sec, hints)
			}
			if !ValidID(org) || !validSecret(sec) || again != s {
				t.Fatalf("ParseSessionToken(%q) = %q, %q", s, org, sec)
			}
		} else if org != "" || sec != "" {
			t.Fatalf("ParseSessionToken(%q) refused with parts %q, %q", s, org, sec)
		}
		aorg, tok, asec, okAPI := ParseAPIToken(s)
		if okAPI {
			if !ValidID(aorg) || !ValidID(tok) || !validSecret(asec) || FormatAPIToken(aorg, tok, asec) != s {
				t.Fatalf("ParseAPIToken(%q) = %q, %q, %q", s, aorg, tok, asec)
			}
		} else if aorg != "" || tok != "" || asec != "" {
			t.Fatalf("ParseAPIToken(%q) refused with parts %q, %q, %q", s, aorg, tok, asec)
		}
		if okSession && okAPI {
			t.Fatalf("%q is both a session token and an API token", s)
		}
		if b, ok := BearerToken(s); ok {
			if b == "" || strings.ContainsAny(b, " \t\r\n") {
				t.Fatalf("BearerToken(%q) = %q", s, b)
			}
			if again, ok := BearerToken("Bearer " + b); !ok || again != b {
				t.Fatalf("BearerToken(%q) = %q, which does not read back: %q", s, b, again)
			}
		}
	})
}
