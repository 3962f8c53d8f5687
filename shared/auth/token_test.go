package auth

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	secretPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	idPattern      = regexp.MustCompile(`^[a-z0-9]{8,40}$`)
	sessionPattern = regexp.MustCompile(`^[a-z0-9]{8,40}\.[A-Za-z0-9_-]{43}(\.([a-z0-9]{8,40})?\.([a-z0-9]{8,40})?\.[A-Za-z0-9_]{0,64}\.([a-z0-9]{8,40})?)?$`)
)

// A fixed secret with both "-" and "_" in it, and ids at the length bounds.
const (
	testSecret = "Ab-_0123456789abcdefghijklmnopqrstuvwxyzABC"
	testOrg    = "org0000000000000001a"
	testTok    = "tok0000000000000001b"
)

func TestNewSecret(t *testing.T) {
	seen := map[string]bool{}
	for i := range 200 {
		s, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if !secretPattern.MatchString(s) {
			t.Fatalf("draw %d: got %q, want 43 characters of base64url", i, s)
		}
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(b) != 32 {
			t.Fatalf("draw %d: got %d bytes (err %v), want 32", i, len(b), err)
		}
		if seen[s] {
			t.Fatalf("draw %d: got a repeated secret %q", i, s)
		}
		seen[s] = true
	}
}

func TestHashSecret(t *testing.T) {
	tests := []struct{ name, secret, want string }{
		{"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HashSecret(tt.secret); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	const draws = 2000
	for i := range draws {
		id, err := NewID()
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != IDLen || !idPattern.MatchString(id) || !ValidID(id) {
			t.Fatalf("draw %d: got %q, want %d characters of [a-z0-9]", i, id, IDLen)
		}
		if seen[id] {
			t.Fatalf("draw %d: got a repeated id %q", i, id)
		}
		seen[id] = true
		for _, c := range id {
			counts[c]++
		}
	}
	t.Run("every character of the alphabet occurs", func(t *testing.T) {
		// 40,000 characters over 36 symbols: about 1,111 each; none is absent.
		if got, want := len(counts), 36; got != want {
			t.Errorf("got %d distinct characters, want %d", got, want)
		}
	})
}

func TestValidID(t *testing.T) {
	tests := []struct {
		name, id string
		want     bool
	}{
		{"eight characters", "abcd1234", true},
		{"forty characters", strings.Repeat("a1", 20), true},
		{"twenty characters", testOrg, true},
		{"empty", "", false},
		{"seven characters", "abcd123", false},
		{"forty-one characters", strings.Repeat("a", 41), false},
		{"upper case", "ABCD1234", false},
		{"dash", "abcd-1234", false},
		{"underscore", "abcd_1234", false},
		{"dot", "abcd.1234", false},
		{"non-ASCII", "abcdé1234", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidID(tt.id); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if got := idPattern.MatchString(tt.id); got != tt.want {
				t.Errorf("pattern: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSessionToken(t *testing.T) {
	t.Run("format then parse round-trips", func(t *testing.T) {
		s := FormatSessionToken(testOrg, testSecret)
		if want := testOrg + "." + testSecret; s != want {
			t.Fatalf("got %q, want %q", s, want)
		}
		org, secret, ok := ParseSessionToken(s)
		if !ok || org != testOrg || secret != testSecret {
			t.Errorf("got %q, %q, %v, want %q, %q, true", org, secret, ok, testOrg, testSecret)
		}
	})
	t.Run("fresh values round-trip", func(t *testing.T) {
		id, _ := NewID()
		sec, _ := NewSecret()
		org, secret, ok := ParseSessionToken(FormatSessionToken(id, sec))
		if !ok || org != id || secret != sec {
			t.Errorf("got %q, %q, %v, want %q, %q, true", org, secret, ok, id, sec)
		}
	})
	t.Run("hints round-trip", func(t *testing.T) {
		want := SessionHints{UserID: testTok, UserTypeID: "type00000001", RecordModule: "Leads", RecordID: "rec000000001"}
		org, secret, got, ok := ParseSessionTokenHints(FormatSessionTokenWith(testOrg, testSecret, want))
		if !ok || org != testOrg || secret != testSecret || got != want {
			t.Errorf("got %q, %q, %+v, %v, want %+v", org, secret, got, ok, want)
		}
		if _, _, got, ok := ParseSessionTokenHints(FormatSessionToken(testOrg, testSecret)); !ok || got != (SessionHints{}) {
			t.Errorf("a token without hints: %+v, %v", got, ok)
		}
	})
	tests := []struct {
		name, token string
		want        bool
	}{
		{"shortest org", "abcd1234." + testSecret, true},
		{"longest org", strings.Repeat("a", 40) + "." + testSecret, true},
		{"empty", "", false},
		{"no dot", testOrg + testSecret, false},
		{"empty org", "." + testSecret, false},
		{"empty secret", testOrg + ".", false},
		{"short org", "abc1234." + testSecret, false},
		{"long org", strings.Repeat("a", 41) + "." + testSecret, false},
		{"upper-case org", "ORG00000." + testSecret, false},
		{"secret 42 characters", testOrg + "." + testSecret[:42], false},
		{"secret 44 characters", testOrg + "." + testSecret + "A", false},
		{"secret with plus", testOrg + "." + testSecret[:42] + "+", false},
		{"secret with padding", testOrg + "." + testSecret[:42] + "=", false},
		{"two dots", testOrg + "." + testSecret[:21] + "." + testSecret[22:], false},
		{"leading space", " " + testOrg + "." + testSecret, false},
		{"trailing newline", testOrg + "." + testSecret + "\n", false},
		{"API token", FormatAPIToken(testOrg, testTok, testSecret), false},
		{"all hints", FormatSessionTokenWith(testOrg, testSecret, SessionHints{testTok, testTok, "Contacts", testTok}), true},
		{"no record", FormatSessionTokenWith(testOrg, testSecret, SessionHints{UserID: testTok, UserTypeID: testTok}), true},
		{"empty hints", testOrg + "." + testSecret + "....", true},
		{"three hints", testOrg + "." + testSecret + "." + testTok + "." + testTok + ".Contacts", false},
		{"five hints", testOrg + "." + testSecret + "." + testTok + "." + testTok + ".Contacts." + testTok + "." + testTok, false},
		{"upper-case user hint", testOrg + "." + testSecret + ".TOK00000..Contacts.", false},
		{"short type hint", testOrg + "." + testSecret + "..abc..", false},
		{"module hint with a hash", testOrg + "." + testSecret + "...Con#tacts.", false},
		{"module hint of 65 characters", testOrg + "." + testSecret + "..." + strings.Repeat("M", 65) + ".", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org, secret, ok := ParseSessionToken(tt.token)
			if ok != tt.want {
				t.Fatalf("got ok=%v, want %v", ok, tt.want)
			}
			if got := sessionPattern.MatchString(tt.token); got != tt.want {
				t.Errorf("pattern: got %v, want %v", got, tt.want)
			}
			if !ok && (org != "" || secret != "") {
				t.Errorf("got %q, %q on failure, want empty strings", org, secret)
			}
		})
	}
}

func TestAPIToken(t *testing.T) {
	t.Run("format", func(t *testing.T) {
		if got, want := FormatAPIToken(testOrg, testTok, testSecret), "cpt_"+testOrg+"_"+testTok+"_"+testSecret; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	underscoreSecret := "_" + testSecret[1:42] + "_" // begins and ends with "_"
	tests := []struct {
		name, token                  string
		wantOrg, wantTok, wantSecret string
		wantOK                       bool
	}{
		{"round trip", FormatAPIToken(testOrg, testTok, testSecret), testOrg, testTok, testSecret, true},
		{"secret with underscores at both ends", FormatAPIToken(testOrg, testTok, underscoreSecret), testOrg, testTok, underscoreSecret, true},
		{"shortest ids", FormatAPIToken("abcd1234", "efgh5678", testSecret), "abcd1234", "efgh5678", testSecret, true},
		{"empty", "", "", "", "", false},
		{"prefix only", "cpt_", "", "", "", false},
		{"wrong prefix", "cpx_" + testOrg + "_" + testTok + "_" + testSecret, "", "", "", false},
		{"upper-case prefix", "CPT_" + testOrg + "_" + testTok + "_" + testSecret, "", "", "", false},
		{"no prefix", testOrg + "_" + testTok + "_" + testSecret, "", "", "", false},
		{"missing token id", "cpt_" + testOrg + "_" + testSecret, "", "", "", false},
		{"empty org", "cpt__" + testTok + "_" + testSecret, "", "", "", false},
		{"empty token id", "cpt_" + testOrg + "__" + testSecret, "", "", "", false},
		{"short org", FormatAPIToken("abc1234", testTok, testSecret), "", "", "", false},
		{"short token id", FormatAPIToken(testOrg, "abc1234", testSecret), "", "", "", false},
		{"upper-case token id", FormatAPIToken(testOrg, "TOK00000", testSecret), "", "", "", false},
		{"short secret", FormatAPIToken(testOrg, testTok, testSecret[:42]), "", "", "", false},
		{"long secret", FormatAPIToken(testOrg, testTok, testSecret+"A"), "", "", "", false},
		{"secret with dot", FormatAPIToken(testOrg, testTok, testSecret[:42]+"."), "", "", "", false},
		{"session token", FormatSessionToken(testOrg, testSecret), "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org, tok, secret, ok := ParseAPIToken(tt.token)
			if org != tt.wantOrg || tok != tt.wantTok || secret != tt.wantSecret || ok != tt.wantOK {
				t.Errorf("got %q, %q, %q, %v, want %q, %q, %q, %v",
					org, tok, secret, ok, tt.wantOrg, tt.wantTok, tt.wantSecret, tt.wantOK)
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	tok := FormatAPIToken(testOrg, testTok, testSecret)
	tests := []struct {
		name, header, want string
		wantOK             bool
	}{
		{"canonical", "Bearer " + tok, tok, true},
		{"lower-case scheme", "bearer " + tok, tok, true},
		{"upper-case scheme", "BEARER " + tok, tok, true},
		{"several spaces", "Bearer   " + tok, tok, true},
		{"surrounding spaces", "  Bearer " + tok + " ", tok, true},
		{"any opaque token is returned", "Bearer abc", "abc", true},
		{"empty", "", "", false},
		{"scheme only", "Bearer", "", false},
		{"scheme and space", "Bearer ", "", false},
		{"no space", "Bearer" + tok, "", false},
		{"tab after scheme", "Bearer\t" + tok, "", false},
		{"basic scheme", "Basic dXNlcjpwYXNz", "", false},
		{"token alone", tok, "", false},
		{"space inside token", "Bearer abc def", "", false},
		{"control character in token", "Bearer abc\x00def", "", false},
		{"prefix of another scheme", "Bearerx " + tok, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := BearerToken(tt.header)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %q, %v, want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNewTimeIDSortsByTime(t *testing.T) {
	base := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	prev := ""
	for i := range 1000 {
		id, err := NewTimeID(base.Add(time.Duration(i) * time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if !ValidID(id) || len(id) != IDLen {
			t.Fatalf("NewTimeID = %q, not a valid id", id)
		}
		if id <= prev {
			t.Fatalf("id %q made later does not sort after %q", id, prev)
		}
		prev = id
	}
	if id, _ := NewTimeID(time.Unix(0, 0)); id[:9] != "000000000" {
		t.Errorf("epoch id = %q, want a zero time prefix", id)
	}
}
