package stacktest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"crmportal/infra/stack"
)

func TestSkip(t *testing.T) {
	unavailable := fmt.Errorf("start local stack: %w", &stack.UnavailableError{Reason: "bin/versitygw is missing; run `make tools`"})
	failed := errors.New("start local stack: ses did not answer in 30s")
	tests := []struct {
		name    string
		err     error
		require string
		want    bool
	}{
		{"unavailable, not required", unavailable, "", true},
		{"unavailable, required", unavailable, "1", false},
		{"unavailable, required other than 1", unavailable, "0", true},
		{"started and failed, not required", failed, "", false},
		{"started and failed, required", failed, "1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Skip(tt.err, tt.require); got != tt.want {
				t.Errorf("Skip(%v, %q) = %v, want %v", tt.err, tt.require, got, tt.want)
			}
		})
	}
}

func TestSkipMessageSaysWhatIsMissingAndHowToFail(t *testing.T) {
	err := fmt.Errorf("start local stack: %w", &stack.UnavailableError{Reason: "bin/versitygw is missing; run `make tools`"})
	got := SkipMessage(err)
	want := "skipping: local stack unavailable: bin/versitygw is missing; run `make tools` (or set REQUIRE_STACK=1 to fail)"
	if got != want {
		t.Errorf("SkipMessage = %q, want %q", got, want)
	}
	if strings.Count(got, "\n") != 0 {
		t.Errorf("SkipMessage is more than one line: %q", got)
	}
}
