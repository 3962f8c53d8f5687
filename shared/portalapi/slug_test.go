package portalapi

import (
	"regexp"
	"strings"
	"testing"
)

// TestLooksLikeSlug holds LooksLikeSlug to the expression it documents.
func TestLooksLikeSlug(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9-]{1,63}$`)
	tests := []struct {
		name, slug string
		want       bool
	}{
		{"a slug", "acme", true},
		{"digits and hyphens", "acme-2-", true},
		{"one character", "a", true},
		{"63 characters", strings.Repeat("a", 63), true},
		{"64 characters", strings.Repeat("a", 64), false},
		{"empty", "", false},
		{"upper case", "Acme", false},
		{"underscore", "ac_me", false},
		{"slash", "acme/x", false},
		{"dot", "acme.example", false},
		{"percent escape", "acme%2F", false},
		{"space", "ac me", false},
		{"trailing newline", "acme\n", false},
		{"non-ASCII", "acmé", false},
		{"bytes just outside the classes", "`{/:@[", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeSlug(tt.slug); got != tt.want {
				t.Errorf("LooksLikeSlug(%q) = %v, want %v", tt.slug, got, tt.want)
			}
			if got := re.MatchString(tt.slug); got != tt.want {
				t.Errorf("the expression on %q = %v, want %v (the table is wrong)", tt.slug, got, tt.want)
			}
		})
	}
	// Every one- and two-byte string agrees with the expression.
	for a := 0; a < 256; a++ {
		for b := -1; b < 256; b++ {
			s := string([]byte{byte(a)})
			if b >= 0 {
				s += string([]byte{byte(b)})
			}
			if got, want := LooksLikeSlug(s), re.MatchString(s); got != want {
				t.Fatalf("LooksLikeSlug(%q) = %v, the expression %v", s, got, want)
			}
		}
	}
}
