package erasure

import (
	"strings"
	"testing"
)

func TestPseudonym(t *testing.T) {
	a := Pseudonym("org1", "user1")
	tests := []struct {
		name   string
		got    string
		sameAs bool
		other  string
	}{
		{name: "stable", got: Pseudonym("org1", "user1"), sameAs: true, other: a},
		{name: "another user", got: Pseudonym("org1", "user2"), other: a},
		{name: "another organization", got: Pseudonym("org2", "user1"), other: a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.got == tt.other) != tt.sameAs {
				t.Errorf("got %q, other %q, want same=%v", tt.got, tt.other, tt.sameAs)
			}
			if !strings.HasPrefix(tt.got, Prefix) || len(tt.got) != len(Prefix)+10 {
				t.Errorf("got %q, want %s and 10 hex digits", tt.got, Prefix)
			}
		})
	}
}

func TestScrub(t *testing.T) {
	const p = "erased-0123456789"
	tests := []struct {
		name, text, email, person, want string
	}{
		{name: "email alone", text: "ana@x.example", email: "ana@x.example", person: "Ana Lima", want: p},
		{name: "email in other case", text: "sent to ANA@X.example today", email: "ana@x.example", person: "Ana Lima", want: "sent to " + p + " today"},
		{name: "name and email", text: "Ana Lima <ana@x.example>", email: "ana@x.example", person: "Ana Lima", want: p + " <" + p + ">"},
		{name: "twice", text: "ana@x.example, ana@x.example", email: "ana@x.example", want: p + ", " + p},
		{name: "nothing of theirs", text: "record_update of 42", email: "ana@x.example", person: "Ana Lima", want: "record_update of 42"},
		{name: "empty name skipped", text: "a b", email: "ana@x.example", person: " ", want: "a b"},
		{name: "empty text", text: "", email: "ana@x.example", person: "Ana Lima", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Scrub(tt.text, tt.email, tt.person, p)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if m := Mentions(tt.text, tt.email, tt.person); m != (tt.want != tt.text) {
				t.Errorf("Mentions got %v, want %v", m, tt.want != tt.text)
			}
		})
	}
}
