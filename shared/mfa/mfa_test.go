package mfa

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	tests := []struct {
		name       string
		policy     Policy
		enrolled   bool
		ask, enrol bool
	}{
		{"off without a factor", Off, false, false, false},
		{"off keeps an enrolled factor unasked", Off, true, false, false},
		{"optional without a factor", Optional, false, false, false},
		{"optional with a factor asks it", Optional, true, true, false},
		{"the default is optional", "", true, true, false},
		{"required without a factor enrols", Required, false, true, true},
		{"required with a factor asks it", Required, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ask, enrol := Due(tt.policy, tt.enrolled)
			if ask != tt.ask || enrol != tt.enrol {
				t.Errorf("Due(%q, %v) = %v, %v; want %v, %v", tt.policy, tt.enrolled, ask, enrol, tt.ask, tt.enrol)
			}
		})
	}
}

func TestStaffPolicyFor(t *testing.T) {
	tests := []struct {
		name   string
		policy StaffPolicy
		admin  bool
		want   Policy
	}{
		{"optional, member", StaffOptional, false, Optional},
		{"optional, admin", StaffOptional, true, Optional},
		{"admins, member", StaffAdmins, false, Optional},
		{"admins, admin", StaffAdmins, true, Required},
		{"all, member", StaffAll, false, Required},
		{"unset, admin", "", true, Optional},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.policy.For(tt.admin); got != tt.want {
				t.Errorf("For(%v) = %q, want %q", tt.admin, got, tt.want)
			}
		})
	}
}

func TestCheckPolicies(t *testing.T) {
	tests := []struct {
		name      string
		check     func(string) string
		value     string
		wantValid bool
	}{
		{"type off", CheckPolicy, "off", true},
		{"type required", CheckPolicy, "required", true},
		{"type empty is the default", CheckPolicy, "", true},
		{"type unknown", CheckPolicy, "always", false},
		{"type wrong case", CheckPolicy, "Required", false},
		{"staff admins", CheckStaffPolicy, "admins", true},
		{"staff all", CheckStaffPolicy, "all", true},
		{"staff required is not a staff value", CheckStaffPolicy, "required", false},
		{"staff empty", CheckStaffPolicy, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.check(tt.value) == ""; got != tt.wantValid {
				t.Errorf("check(%q) valid = %v, want %v", tt.value, got, tt.wantValid)
			}
		})
	}
}

func TestCanEnrolDisable(t *testing.T) {
	tests := []struct {
		name                 string
		policy               Policy
		canEnrol, canDisable bool
	}{
		{"off", Off, false, true},
		{"optional", Optional, true, true},
		{"required", Required, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanEnrol(tt.policy); got != tt.canEnrol {
				t.Errorf("CanEnrol = %v, want %v", got, tt.canEnrol)
			}
			if got := CanDisable(tt.policy); got != tt.canDisable {
				t.Errorf("CanDisable = %v, want %v", got, tt.canDisable)
			}
		})
	}
}

// rfcSecret is RFC 6238's SHA-1 test key ("12345678901234567890") in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestCodeRFC6238(t *testing.T) {
	// RFC 6238, appendix B (SHA-1), the last 6 of its 8 digits.
	tests := []struct {
		name string
		unix int64
		want string
	}{
		{"59", 59, "287082"},
		{"1111111109", 1111111109, "081804"},
		{"1234567890", 1234567890, "005924"},
		{"2000000000", 2000000000, "279037"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Code(rfcSecret, time.Unix(tt.unix, 0))
			if err != nil || got != tt.want {
				t.Errorf("Code = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	now := time.Unix(1_800_000_015, 0)
	step := Step(now)
	code := func(d time.Duration) string {
		c, err := Code(rfcSecret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastStep int64
		wantStep int64
		wantErr  error
	}{
		{"current step", code(0), 0, step, nil},
		{"previous step (clock skew)", code(-30 * time.Second), 0, step - 1, nil},
		{"next step (clock skew)", code(30 * time.Second), 0, step + 1, nil},
		{"spaces are ignored", code(0)[:3] + " " + code(0)[3:], 0, step, nil},
		{"two steps old is expired", code(-60 * time.Second), 0, 0, ErrWrongCode},
		{"two steps ahead", code(60 * time.Second), 0, 0, ErrWrongCode},
		{"the same step again is used", code(0), step, 0, ErrCodeUsed},
		{"an earlier step after a later one is used", code(-30 * time.Second), step, 0, ErrCodeUsed},
		{"a later step after an earlier one", code(0), step - 1, step, nil},
		{"not digits", "abcdef", 0, 0, ErrWrongCode},
		{"too short", "12345", 0, 0, ErrWrongCode},
		{"wrong digits", wrong(code(0)), 0, 0, ErrWrongCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Verify(rfcSecret, tt.code, now, tt.lastStep)
			if !errors.Is(err, tt.wantErr) || got != tt.wantStep {
				t.Errorf("Verify = %d, %v; want %d, %v", got, err, tt.wantStep, tt.wantErr)
			}
		})
	}
}

// wrong is a code that differs from c in its last digit.
func wrong(c string) string {
	last := c[len(c)-1]
	return c[:len(c)-1] + string('0'+(last-'0'+1)%10)
}

func TestVerifyAnotherSecret(t *testing.T) {
	k, err := NewKey("Acme", "a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, _ := Code(k.Secret, now)
	other, _ := NewKey("Acme", "b@example.com")
	if _, err := Verify(other.Secret, c, now, 0); !errors.Is(err, ErrWrongCode) {
		t.Errorf("a code of another secret: %v, want ErrWrongCode", err)
	}
}

func TestNewKey(t *testing.T) {
	k, err := NewKey("Acme Portal", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(k.Secret), 32; got != want { // 20 bytes in base32, no padding
		t.Errorf("len(secret) = %d, want %d", got, want)
	}
	for _, want := range []string{"otpauth://totp/Acme%20Portal:ana@example.com?", "secret=" + k.Secret, "issuer=Acme%20Portal", "period=30", "digits=6", "algorithm=SHA1"} {
		if !strings.Contains(k.URI, want) {
			t.Errorf("URI %q lacks %q", k.URI, want)
		}
	}
	k2, _ := NewKey("Acme Portal", "ana@example.com")
	if k2.Secret == k.Secret {
		t.Error("two keys share a secret")
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes()
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != RecoveryCount || len(hashes) != RecoveryCount {
		t.Fatalf("got %d codes, %d hashes; want %d", len(codes), len(hashes), RecoveryCount)
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 11 || c[5] != '-' || strings.Trim(strings.Replace(c, "-", "", 1), recoveryAlphabet) != "" {
			t.Errorf("code %q is not xxxxx-xxxxx of the alphabet", c)
		}
		if seen[c] {
			t.Errorf("code %q twice", c)
		}
		seen[c] = true
		if h, _ := RecoveryHash(c); h != hashes[i] || strings.Contains(h, strings.Replace(c, "-", "", 1)) {
			t.Errorf("hash of %q = %q, want %q (and not the code)", c, h, hashes[i])
		}
	}

	first := codes[0]
	tests := []struct {
		name    string
		code    string
		wantErr error
	}{
		{"as shown", first, nil},
		{"upper case without the dash", strings.ToUpper(strings.Replace(first, "-", "", 1)), nil},
		{"with spaces", " " + first + " ", nil},
		{"not issued", "22222-22222", ErrWrongCode},
		{"not a code", "hello", ErrWrongCode},
		{"a TOTP code", "123456", ErrWrongCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			left, err := UseRecovery(hashes, tt.code)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("UseRecovery: %v, want %v", err, tt.wantErr)
			}
			if err == nil && (len(left) != RecoveryCount-1 || slices.Contains(left, hashes[0])) {
				t.Errorf("left %d codes (with the used one: %v), want %d without", len(left), slices.Contains(left, hashes[0]), RecoveryCount-1)
			}
		})
	}
	t.Run("used twice", func(t *testing.T) {
		left, err := UseRecovery(hashes, first)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := UseRecovery(left, first); !errors.Is(err, ErrWrongCode) {
			t.Errorf("second use: %v, want ErrWrongCode", err)
		}
	})
}

func TestQRSVG(t *testing.T) {
	svg, err := QRSVG("otpauth://totp/Acme:ana@example.com?secret=" + rfcSecret + "&issuer=Acme")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg"`, `<path fill="#000" d="M`, "</svg>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "href") {
		t.Error("SVG holds a script or a link")
	}
}

func TestCheckPasskeyName(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		ok       bool
	}{
		{"a name", "Work laptop", true},
		{"60 characters", strings.Repeat("é", 60), true},
		{"empty", "", false},
		{"only spaces", "   ", false},
		{"61 characters", strings.Repeat("a", 61), false},
		{"a control character", "a\nb", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPasskeyName(tt.in) == ""; got != tt.ok {
				t.Errorf("CheckPasskeyName(%q) ok = %v, want %v", tt.in, got, tt.ok)
			}
		})
	}
}

func TestCheckPasskeyCount(t *testing.T) {
	for _, tt := range []struct {
		name string
		have int
		ok   bool
	}{
		{"none yet", 0, true},
		{"the 20th", 19, true},
		{"the 21st", 20, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPasskeyCount(tt.have) == ""; got != tt.ok {
				t.Errorf("CheckPasskeyCount(%d) ok = %v, want %v", tt.have, got, tt.ok)
			}
		})
	}
}
