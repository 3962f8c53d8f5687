package notify

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"crmportal/shared/store"
)

// mailStoreFuncs is a MailStore with the calls the mailer's first steps make as functions;
// any other call panics (the embedded nil interface).
type mailStoreFuncs struct {
	MailStore
	now       time.Time
	getDigest func() (store.Digest, error)
	putDigest func(store.Digest) error
}

func (f mailStoreFuncs) PutDigest(_ context.Context, d store.Digest) error { return f.putDigest(d) }

func (f mailStoreFuncs) Now() time.Time { return f.now }

func (f mailStoreFuncs) GetDigest(context.Context, string, string, string, string, string) (store.Digest, error) {
	return f.getDigest()
}

// mailQueueFuncs is a MailQueue whose calls are its functions.
type mailQueueFuncs struct {
	send       func(*sqs.SendMessageInput) (*sqs.SendMessageOutput, error)
	visibility func(*sqs.ChangeMessageVisibilityInput) (*sqs.ChangeMessageVisibilityOutput, error)
}

func (q mailQueueFuncs) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	return q.send(in)
}

func (q mailQueueFuncs) ChangeMessageVisibility(_ context.Context, in *sqs.ChangeMessageVisibilityInput, _ ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error) {
	return q.visibility(in)
}

var (
	_ MailStore = mailStoreFuncs{}
	_ MailQueue = mailQueueFuncs{}
)

func TestRetryDelay(t *testing.T) {
	for _, tc := range []struct {
		receive int
		want    time.Duration
	}{
		{0, RetryFirst}, {1, 10 * time.Second}, {2, 30 * time.Second}, {3, 90 * time.Second},
		{4, 270 * time.Second}, {5, RetryLongest}, {50, RetryLongest},
	} {
		if got := RetryDelay(tc.receive); got != tc.want {
			t.Errorf("RetryDelay(%d) = %s, want %s", tc.receive, got, tc.want)
		}
	}
}

// TestFailedDigestMessagesComeBackSoon: a message the mailer fails on is a batch failure made
// visible again after RetryDelay of its delivery, or after the rest of another delivery's
// claim; a digest mailed already is no failure.
func TestFailedDigestMessagesComeBackSoon(t *testing.T) {
	now := mustTime("2026-12-07T10:00:00Z")
	pending := store.Digest{OrgID: "org1", Audience: store.AudiencePortal, UserID: "u1", Module: "Cases", RecordID: "r1",
		OpenedAt: now.Add(-time.Hour), LastAt: now.Add(-time.Hour), Counts: map[string]int{store.EventNotePublic: 1}, Scheduled: true, Version: 3}
	claimed := pending
	claimed.ClaimToken, claimed.ClaimedAt = "other", now.Add(-ClaimLease+7*time.Second)
	for _, tc := range []struct {
		name          string
		digest        store.Digest
		err           error
		receives      string
		visibilityErr error
		wantFailed    bool
		wantSeconds   int32 // 0: no change of visibility
	}{
		{name: "mailed already", digest: store.Digest{Version: 4}},
		{name: "store failing at the first delivery", err: errors.New("throttled"), receives: "1", wantFailed: true, wantSeconds: 10},
		{name: "store failing at the third delivery", err: errors.New("throttled"), receives: "3", wantFailed: true, wantSeconds: 90},
		{name: "no receive count", err: errors.New("throttled"), wantFailed: true, wantSeconds: 10},
		{name: "claimed by another delivery", digest: claimed, receives: "1", wantFailed: true, wantSeconds: 7},
		{name: "visibility not changed", err: errors.New("throttled"), receives: "2", visibilityErr: errors.New("sqs down"), wantFailed: true, wantSeconds: 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *sqs.ChangeMessageVisibilityInput
			m := &Mailer{
				Store: mailStoreFuncs{now: now, getDigest: func() (store.Digest, error) { return tc.digest, tc.err }},
				Queue: mailQueueFuncs{
					send: func(*sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
						t.Error("SendMessage called")
						return nil, nil
					},
					visibility: func(in *sqs.ChangeMessageVisibilityInput) (*sqs.ChangeMessageVisibilityOutput, error) {
						got = in
						return &sqs.ChangeMessageVisibilityOutput{}, tc.visibilityErr
					},
				},
				QueueURL: "https://sqs.example/digests", Window: time.Second,
			}
			msg := events.SQSMessage{MessageId: "m1", ReceiptHandle: "rh1", Body: `{"orgId":"org1","audience":"portal","userId":"u1","module":"Cases","recordId":"r1"}`}
			if tc.receives != "" {
				msg.Attributes = map[string]string{"ApproximateReceiveCount": tc.receives}
			}
			resp, err := m.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{msg}})
			if err != nil {
				t.Fatal(err)
			}
			if failed := len(resp.BatchItemFailures) == 1 && resp.BatchItemFailures[0].ItemIdentifier == "m1"; failed != tc.wantFailed || len(resp.BatchItemFailures) > 1 {
				t.Errorf("batch failures = %+v, want m1 failed: %v", resp.BatchItemFailures, tc.wantFailed)
			}
			switch {
			case tc.wantSeconds == 0 && got != nil:
				t.Errorf("visibility changed: %+v", got)
			case tc.wantSeconds != 0 && got == nil:
				t.Errorf("visibility not changed, want %d s", tc.wantSeconds)
			case got != nil:
				if got.VisibilityTimeout != tc.wantSeconds || aws.ToString(got.ReceiptHandle) != "rh1" || aws.ToString(got.QueueUrl) != "https://sqs.example/digests" {
					t.Errorf("visibility change = %d s of %s on %s, want %d s of rh1 on the digest queue",
						got.VisibilityTimeout, aws.ToString(got.ReceiptHandle), aws.ToString(got.QueueUrl), tc.wantSeconds)
				}
			}
		})
	}
}

// TestFinishingADigestOutlastsThrottles: after a send, the claimed digest is cleared even when
// the table throttles the first tries (a claim left behind would hold the digest for
// ClaimLease and have it mailed again); an error that is no table's busyness is not tried
// again; events that came while sending are scheduled once.
func TestFinishingADigestOutlastsThrottles(t *testing.T) {
	now := mustTime("2026-12-07T10:00:00Z")
	throttled := &retry.MaxAttemptsError{Attempt: 3, Err: errors.New("ThrottlingException")}
	mailed := store.Digest{OrgID: "org1", Audience: store.AudiencePortal, UserID: "u1", Module: "Cases", RecordID: "r1",
		OpenedAt: now.Add(-time.Minute), LastAt: now.Add(-time.Minute), Counts: map[string]int{store.EventNotePublic: 1},
		Scheduled: true, ClaimToken: "mine", ClaimedAt: now.Add(-time.Second), Version: 3}
	moreCame := mailed
	moreCame.LastAt, moreCame.Counts, moreCame.Version = now, map[string]int{store.EventNotePublic: 2}, 4 // (finish changes its map)
	released := mailed
	released.ClaimToken, released.ClaimedAt, released.Version = "", time.Time{}, 4
	released.Counts = map[string]int{store.EventNotePublic: 1}
	for _, tc := range []struct {
		name         string
		failures     int   // GetDigest calls that fail first
		failWith     error // with this error
		stored       store.Digest
		wantErr      bool
		wantGets     int
		wantPut      bool // the digest cleared of the claim and the mailed events
		wantLeft     int  // replies left in it for the next window
		wantMessages int
	}{
		{name: "at once", stored: mailed, wantGets: 1, wantPut: true},
		{name: "after two throttled tries", failures: 2, failWith: throttled, stored: mailed, wantGets: 3, wantPut: true},
		{name: "throttled throughout", failures: 100, failWith: throttled, stored: mailed, wantErr: true, wantGets: FinishAttempts},
		{name: "a fault that is not busyness", failures: 100, failWith: errors.New("ValidationException"), stored: mailed, wantErr: true, wantGets: 1},
		{name: "events came while sending", stored: moreCame, wantGets: 1, wantPut: true, wantLeft: 1, wantMessages: 1},
		{name: "finished by an earlier try with events left", stored: released, wantGets: 1, wantMessages: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gets, messages := 0, 0
			var put *store.Digest
			m := &Mailer{
				Store: mailStoreFuncs{now: now,
					getDigest: func() (store.Digest, error) {
						if gets++; gets <= tc.failures {
							return store.Digest{}, tc.failWith
						}
						return tc.stored, nil
					},
					putDigest: func(d store.Digest) error {
						put = &d
						return nil
					}},
				Queue: mailQueueFuncs{send: func(in *sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
					messages++
					return &sqs.SendMessageOutput{}, nil
				}},
				QueueURL: "https://sqs.example/digests", Window: time.Second, finishBackoff: time.Millisecond,
			}
			err := m.settle(context.Background(), mailed, true, nil)
			if (err != nil) != tc.wantErr {
				t.Errorf("settle = %v, want an error: %v", err, tc.wantErr)
			}
			if gets != tc.wantGets {
				t.Errorf("GetDigest called %d times, want %d", gets, tc.wantGets)
			}
			if messages != tc.wantMessages {
				t.Errorf("%d messages scheduled, want %d", messages, tc.wantMessages)
			}
			switch {
			case !tc.wantPut && put != nil:
				t.Errorf("digest put: %+v", *put)
			case tc.wantPut && put == nil:
				t.Error("digest not put")
			case put != nil:
				if put.ClaimToken != "" || put.Counts[store.EventNotePublic] != tc.wantLeft || !put.SentAt.Equal(now) {
					t.Errorf("digest put = %+v, want the claim released, the mailed reply taken off and the send's time", *put)
				}
			}
		})
	}
}
