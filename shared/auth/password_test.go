package auth

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// cheap are small parameters for tests that hash many times; production uses DefaultParams.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPasswordFormat(t *testing.T) {
	h1, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	h2, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  bool
	}{
		{"first hash is a PHC string with the default parameters", phcPattern.MatchString(h1)},
		{"second hash is a PHC string with the default parameters", phcPattern.MatchString(h2)},
		{"two hashes of one password differ (fresh salt)", h1 != h2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.got {
				t.Errorf("got false, want true (hashes %q, %q)", h1, h2)
			}
		})
	}
	t.Run("parameters read back are the defaults", func(t *testing.T) {
		got, err := ParseHashParams(h1)
		if err != nil {
			t.Fatal(err)
		}
		if want := DefaultParams; got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("default parameters meet the documented minimum", func(t *testing.T) {
		p := DefaultParams
		if p.Memory < 19*1024 || p.Time < 2 || p.Threads != 1 || p.SaltLen < 16 || p.KeyLen < 32 {
			t.Errorf("got %+v, want m >= 19 MiB, t >= 2, p = 1, salt >= 16, key >= 32", p)
		}
	})
}

func TestVerifyPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	def, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	weak, err := hashWithParams(pw, cheap)
	if err != nil {
		t.Fatal(err)
	}
	longSalt, err := hashWithParams(pw, Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 32, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	// "é" composed (U+00E9) and decomposed (e + U+0301) are the same text.
	accented, err := hashWithParams("caf\u00e9 au lait avec sucre", cheap)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                  string
		encoded, password     string
		wantOK, wantNeedsHash bool
	}{
		{"right password, default parameters", def, pw, true, false},
		{"wrong password", def, pw + "!", false, false},
		{"empty password", def, "", false, false},
		{"case differs", def, strings.ToUpper(pw), false, false},
		{"right password, weaker parameters, needs rehash", weak, pw, true, true},
		{"wrong password, weaker parameters, no rehash", weak, "nope", false, false},
		{"right password, other salt length, needs rehash", longSalt, pw, true, true},
		{"composed accent verifies", accented, "caf\u00e9 au lait avec sucre", true, true},
		{"decomposed accent verifies the same", accented, "cafe\u0301 au lait avec sucre", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, needs, err := VerifyPassword(tt.encoded, tt.password)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if ok != tt.wantOK || needs != tt.wantNeedsHash {
				t.Errorf("got ok=%v needsRehash=%v, want ok=%v needsRehash=%v", ok, needs, tt.wantOK, tt.wantNeedsHash)
			}
		})
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	const salt = "c2FsdHNhbHRzYWx0c2FsdA"                     // 16 bytes
	const key = "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U" // 32 bytes
	good := "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key
	if _, err := ParseHashParams(good); err != nil {
		t.Fatalf("control hash %q: got error %v, want none", good, err)
	}
	tests := []struct{ name, encoded string }{
		{"empty", ""},
		{"plain text", "hunter2"},
		{"missing leading dollar", "argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"argon2d", "$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"bcrypt", "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"},
		{"version 16", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"no version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"extra field", good + "$x"},
		{"parameters out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"missing parameter", "$argon2id$v=19$m=64,t=1$" + salt + "$" + key},
		{"extra parameter", "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + key},
		{"signed parameter", "$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + key},
		{"negative parameter", "$argon2id$v=19$m=64,t=-1,p=1$" + salt + "$" + key},
		{"leading zero", "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key},
		{"non-digit", "$argon2id$v=19$m=6x,t=1,p=1$" + salt + "$" + key},
		{"huge number", "$argon2id$v=19$m=99999999999999999999,t=1,p=1$" + salt + "$" + key},
		{"zero time", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"time too large", "$argon2id$v=19$m=64,t=65,p=1$" + salt + "$" + key},
		{"zero lanes", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{"lanes over 255", "$argon2id$v=19$m=4096,t=1,p=256$" + salt + "$" + key},
		{"memory under 8 KiB per lane", "$argon2id$v=19$m=15,t=1,p=2$" + salt + "$" + key},
		{"memory over 1 GiB", "$argon2id$v=19$m=1048577,t=1,p=1$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=64,t=1,p=1$!!!!$" + key},
		{"salt padded", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key},
		{"salt url alphabet", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRz-_x0c2FsdA$" + key},
		{"salt too short", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key},
		{"salt empty", "$argon2id$v=19$m=64,t=1,p=1$$" + key},
		{"key too short", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$a2V5"},
		{"key empty", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
		{"key not base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:40] + "%%%"},
		{"key with stray trailing bits", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:42] + "f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, needs, err := VerifyPassword(tt.encoded, "hunter2hunter2")
			if !errors.Is(err, ErrMalformedHash) || ok || needs {
				t.Errorf("VerifyPassword: got ok=%v needsRehash=%v err=%v, want false, false, ErrMalformedHash", ok, needs, err)
			}
			p, err := ParseHashParams(tt.encoded)
			if !errors.Is(err, ErrMalformedHash) || p != (Params{}) {
				t.Errorf("ParseHashParams: got %+v, %v, want zero Params, ErrMalformedHash", p, err)
			}
		})
	}
}

func TestParseHashParams(t *testing.T) {
	tests := []struct {
		name string
		p    Params
	}{
		{"defaults", DefaultParams},
		{"cheap", cheap},
		{"two lanes", Params{Memory: 128, Time: 3, Threads: 2, SaltLen: 8, KeyLen: 16}},
		{"longest salt and key", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 64, KeyLen: 64}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := hashWithParams("password for params", tt.p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseHashParams(h)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if got != tt.p {
				t.Errorf("got %+v, want %+v", got, tt.p)
			}
		})
	}
}

func TestEqualizeTiming(t *testing.T) {
	t.Run("dummy hash uses the default parameters", func(t *testing.T) {
		got, err := ParseHashParams(dummyHash)
		if err != nil {
			t.Fatalf("got error %v, want none", err)
		}
		if got != DefaultParams {
			t.Errorf("got %+v, want %+v", got, DefaultParams)
		}
	})
	t.Run("runs without panicking", func(t *testing.T) {
		EqualizeTiming("any password at all")
		EqualizeTiming("")
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
