package auth

import "testing"

// TestArgon2UsageCountsEveryDerivation: the counter the login's equal-work test relies on
// counts each derivation once, with its parameters' cost, whatever its outcome.
func TestArgon2UsageCountsEveryDerivation(t *testing.T) {
	hash, err := HashPassword("a passphrase long enough")
	if err != nil {
		t.Fatal(err)
	}
	cost := int64(DefaultParams.Memory) * int64(DefaultParams.Time)
	tests := []struct {
		name string
		run  func()
		want int64
	}{
		{"a right password", func() { _, _, _ = VerifyPassword(hash, "a passphrase long enough") }, 1},
		{"a wrong password", func() { _, _, _ = VerifyPassword(hash, "not it") }, 1},
		{"equalized timing", func() { EqualizeTiming("anything") }, 1},
		{"a new hash", func() { _, _ = HashPassword("another passphrase") }, 1},
		{"a malformed hash derives nothing", func() { _, _, _ = VerifyPassword("$argon2id$v=19$broken", "x") }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, work := Argon2Usage()
			tt.run()
			gotRuns, gotWork := Argon2Usage()
			if gotRuns-runs != tt.want || gotWork-work != tt.want*cost {
				t.Errorf("got %d derivations costing %d, want %d costing %d", gotRuns-runs, gotWork-work, tt.want, tt.want*cost)
			}
		})
	}
}
