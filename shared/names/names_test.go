package names

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string // "" for accepted, else a part of the message
	}{
		{"plain", "Ana Souza", 100, ""},
		{"accents and emoji", "Clientes Ação 😀", 100, ""},
		{"inner spaces", "Acme  Comércio", 100, ""},
		{"at the limit", strings.Repeat("é", 100), 100, ""},
		{"empty", "", 100, "1 to 100 characters"},
		{"one over", strings.Repeat("é", 101), 100, "1 to 100 characters"},
		{"invalid UTF-8", "Ana\xff", 100, "valid UTF-8"},
		{"LF", "Ana\nBcc: x@example.com", 100, "line breaks"},
		{"CR", "Ana\rSouza", 100, "line breaks"},
		{"CRLF", "Ana\r\nSouza", 100, "line breaks"},
		{"tab", "Ana\tSouza", 100, "line breaks"},
		{"NUL", "Ana\x00", 100, "line breaks"},
		{"escape", "Ana\x1b[31m", 100, "line breaks"},
		{"DEL", "Ana\x7f", 100, "line breaks"},
		{"NEL (C1)", "Ana\u0085Souza", 100, "line breaks"},
		{"CSI (C1)", "Ana\u009b", 100, "line breaks"},
		{"line separator", "Ana\u2028Souza", 100, "line breaks"},
		{"paragraph separator", "Ana\u2029Souza", 100, "line breaks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.in, tt.max)
			if tt.want == "" && got != "" {
				t.Errorf("Check(%q) = %q, want accepted", tt.in, got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("Check(%q) = %q, want a message with %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"empty is one line", "", true},
		{"no-break space", "Ana\u00a0Souza", true},
		{"zero-width joiner", "👩\u200d💻", true},
		{"LF", "a\nb", false},
		{"vertical tab", "a\vb", false},
		{"form feed", "a\fb", false},
		{"line separator", "a\u2028", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in) == ""; got != tt.ok {
				t.Errorf("Line(%q) accepted = %v, want %v", tt.in, got, tt.ok)
			}
		})
	}
}
