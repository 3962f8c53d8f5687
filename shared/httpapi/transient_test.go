package httpapi

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

func TestRetryTransient(t *testing.T) {
	busy := &retry.MaxAttemptsError{Attempt: 3, Err: errors.New("ThrottlingException")}
	bad := errors.New("ValidationException")
	for _, tc := range []struct {
		name      string
		errs      []error // f's answers in turn (then nil)
		attempts  int
		cancelled bool
		wantCalls int
		wantErr   error
	}{
		{name: "at once", attempts: 3, wantCalls: 1},
		{name: "after two busy answers", errs: []error{busy, busy}, attempts: 3, wantCalls: 3},
		{name: "busy throughout", errs: []error{busy, busy, busy, busy}, attempts: 3, wantCalls: 3, wantErr: busy},
		{name: "a fault that is not busyness", errs: []error{bad}, attempts: 3, wantCalls: 1, wantErr: bad},
		{name: "ended context", errs: []error{busy, busy}, attempts: 3, cancelled: true, wantCalls: 1, wantErr: context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelled {
				cancel()
			}
			calls := 0
			err := RetryTransient(ctx, tc.attempts, time.Millisecond, func() error {
				calls++
				if calls <= len(tc.errs) {
					return tc.errs[calls-1]
				}
				return nil
			})
			if calls != tc.wantCalls {
				t.Errorf("f called %d times, want %d", calls, tc.wantCalls)
			}
			if got := err; (tc.wantErr == nil) != (got == nil) || (tc.wantErr != nil && !errors.Is(got, tc.wantErr)) {
				t.Errorf("RetryTransient = %v, want %v", got, tc.wantErr)
			}
		})
	}
}
