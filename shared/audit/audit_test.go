package audit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"crmportal/shared/store"
)

// logFuncs is a Log whose appends answer errs in turn (then nil), keeping what they were
// asked to append.
type logFuncs struct {
	errs     []error
	appended []store.AuditEntry
}

func (l *logFuncs) Now() time.Time { return time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) }

func (l *logFuncs) AppendAudit(_ context.Context, e store.AuditEntry) error {
	l.appended = append(l.appended, e)
	if len(l.errs) > 0 {
		err := l.errs[0]
		l.errs = l.errs[1:]
		return err
	}
	return nil
}

var _ Log = (*logFuncs)(nil)

// TestRecordOutlastsAThrottle: an entry the table refuses as busy is appended again, with the
// same id, up to AppendAttempts times; another failure is not tried again.
func TestRecordOutlastsAThrottle(t *testing.T) {
	busy := &retry.MaxAttemptsError{Attempt: 3, Err: errors.New("ThrottlingException")}
	for _, tc := range []struct {
		name      string
		errs      []error
		wantCalls int
	}{
		{name: "at once", wantCalls: 1},
		{name: "throttled once", errs: []error{busy}, wantCalls: 2},
		{name: "throttled throughout", errs: []error{busy, busy, busy, busy}, wantCalls: AppendAttempts},
		{name: "a fault that is not busyness", errs: []error{errors.New("ValidationException")}, wantCalls: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &logFuncs{errs: tc.errs}
			Record(context.Background(), l, nil, Entry{OrgID: "o1", Actor: store.Actor{Kind: store.ActorPortal, ID: "u1", Name: "Ana"}, Action: NoteCreate})
			if got := len(l.appended); got != tc.wantCalls {
				t.Fatalf("AppendAudit called %d times, want %d", got, tc.wantCalls)
			}
			for _, e := range l.appended[1:] {
				if e.ID != l.appended[0].ID {
					t.Errorf("retried with id %s, want the first try's %s", e.ID, l.appended[0].ID)
				}
			}
		})
	}
}
