package erasure

import (
	"strings"
	"testing"
)

func TestCheckMode(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{name: "immediate", in: "immediate", ok: true},
		{name: "approval", in: "approval", ok: true},
		{name: "empty", in: ""},
		{name: "other case", in: "Approval"},
		{name: "unknown", in: "later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckMode(tt.in) == ""; got != tt.ok {
				t.Errorf("CheckMode(%q) ok got %v, want %v", tt.in, got, tt.ok)
			}
		})
	}
}

func TestCheckDecision(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{name: "approve", in: "approve", ok: true},
		{name: "reject", in: "reject", ok: true},
		{name: "empty", in: ""},
		{name: "unknown", in: "erase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckDecision(tt.in) == ""; got != tt.ok {
				t.Errorf("CheckDecision(%q) ok got %v, want %v", tt.in, got, tt.ok)
			}
		})
	}
}

func TestCheckReason(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{name: "none", in: "", ok: true},
		{name: "at the bound", in: strings.Repeat("a", MaxReasonLength), ok: true},
		{name: "past the bound", in: strings.Repeat("a", MaxReasonLength+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckReason(tt.in) == ""; got != tt.ok {
				t.Errorf("CheckReason ok got %v, want %v", got, tt.ok)
			}
		})
	}
}
