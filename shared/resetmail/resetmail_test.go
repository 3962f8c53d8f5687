package resetmail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/store"
)

type fakeStore map[string]store.MailRequest

func (f fakeStore) GetMailRequest(_ context.Context, id string) (store.MailRequest, error) {
	r, ok := f[id]
	if !ok {
		return store.MailRequest{}, fmt.Errorf("get mail request %s: %w", id, store.ErrNotFound)
	}
	return r, nil
}

// recorder carries out requests by noting their ids; the ids in fail fail.
type recorder struct {
	done []string
	fail map[string]bool
}

func (r *recorder) MailReset(_ context.Context, req store.MailRequest) error {
	if r.fail[req.ID] {
		return errors.New("SES is down")
	}
	r.done = append(r.done, req.ID)
	return nil
}

func record(name events.DynamoDBOperationType, seq, id string) events.DynamoDBEventRecord {
	rec := events.DynamoDBEventRecord{EventName: string(name), EventID: "ev-" + seq,
		Change: events.DynamoDBStreamRecord{SequenceNumber: seq, NewImage: map[string]events.DynamoDBAttributeValue{}}}
	if id != "" {
		rec.Change.NewImage["id"] = events.NewStringAttribute(id)
	}
	return rec
}

func TestHandle(t *testing.T) {
	done := time.Now()
	requests := fakeStore{
		"a":    {ID: "a", Kind: store.MailStaffReset},
		"b":    {ID: "b", Kind: store.MailPortalReset},
		"done": {ID: "done", Kind: store.MailStaffReset, DoneAt: &done},
		"odd":  {ID: "odd", Kind: "fax"},
	}
	for _, tt := range []struct {
		name     string
		records  []events.DynamoDBEventRecord
		fail     map[string]bool
		wantDone []string
		wantFail []string
	}{
		{name: "each new request once, in order",
			records:  []events.DynamoDBEventRecord{record("INSERT", "1", "a"), record("INSERT", "2", "b")},
			wantDone: []string{"a", "b"}},
		{name: "done, expired and unknown kinds are skipped",
			records:  []events.DynamoDBEventRecord{record("INSERT", "1", "done"), record("INSERT", "2", "gone"), record("INSERT", "3", "odd"), record("INSERT", "4", "a")},
			wantDone: []string{"a"}},
		{name: "changes, removals and records without an id are skipped",
			records:  []events.DynamoDBEventRecord{record("MODIFY", "1", "a"), record("REMOVE", "2", "b"), record("INSERT", "3", "")},
			wantDone: nil},
		{name: "the first failure stops the batch and is its failure",
			records:  []events.DynamoDBEventRecord{record("INSERT", "1", "a"), record("INSERT", "2", "b"), record("INSERT", "3", "a")},
			fail:     map[string]bool{"b": true},
			wantDone: []string{"a"}, wantFail: []string{"2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{fail: tt.fail}
			m := &Mailer{Store: requests, ByKind: map[string]carrier{store.MailStaffReset: rec, store.MailPortalReset: rec}}
			resp, err := m.Handle(context.Background(), events.DynamoDBEvent{Records: tt.records})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rec.done, tt.wantDone) {
				t.Errorf("carried out %v, want %v", rec.done, tt.wantDone)
			}
			var got []string
			for _, f := range resp.BatchItemFailures {
				got = append(got, f.ItemIdentifier)
			}
			if !slices.Equal(got, tt.wantFail) {
				t.Errorf("failures %v, want %v", got, tt.wantFail)
			}
		})
	}
}
