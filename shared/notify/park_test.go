package notify

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"crmportal/shared/store"
)

// queueFunc is a Queue whose SendMessage is the function.
type queueFunc func(*sqs.SendMessageInput) (*sqs.SendMessageOutput, error)

func (f queueFunc) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	return f(in)
}

var _ Queue = queueFunc(nil)

func TestParkSendsTheEventToTheDeadLetterQueue(t *testing.T) {
	ev := store.Event{OrgID: "org1", ID: "ev1", Kind: store.EventNotePublic, Module: "Cases", RecordID: "rec1"}
	reason := errors.Join(errors.New("deliver event ev1"), ErrRecordGone)
	t.Run("sent", func(t *testing.T) {
		var got *sqs.SendMessageInput
		n := &Notifier{Queue: queueFunc(func(in *sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
			got = in
			return &sqs.SendMessageOutput{}, nil
		}), DeadLettersURL: "https://sqs.example/dlq"}
		if err := n.park(context.Background(), ev, reason); err != nil {
			t.Fatalf("park = %v, want nil", err)
		}
		if got == nil || aws.ToString(got.QueueUrl) != "https://sqs.example/dlq" {
			t.Fatalf("SendMessage input = %+v, want the dead-letter queue", got)
		}
		var body parkedEvent
		if err := json.Unmarshal([]byte(aws.ToString(got.MessageBody)), &body); err != nil {
			t.Fatal(err)
		}
		if want := (parkedEvent{EventID: "ev1", OrgID: "org1", Kind: store.EventNotePublic, Module: "Cases", RecordID: "rec1", Reason: reason.Error()}); body != want {
			t.Errorf("message = %+v, want %+v", body, want)
		}
	})
	t.Run("queue failing", func(t *testing.T) {
		n := &Notifier{Queue: queueFunc(func(*sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
			return nil, errors.New("queue down")
		}), DeadLettersURL: "https://sqs.example/dlq"}
		if err := n.park(context.Background(), ev, reason); err == nil {
			t.Error("park with the queue down = nil, want the error (Lambda retries the event)")
		}
	})
	t.Run("no queue configured", func(t *testing.T) {
		n := &Notifier{Queue: queueFunc(func(*sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
			t.Error("SendMessage called without a dead-letter queue")
			return nil, nil
		})}
		if err := n.park(context.Background(), ev, reason); !errors.Is(err, ErrRecordGone) {
			t.Errorf("park without a queue = %v, want an error wrapping ErrRecordGone", err)
		}
	})
}
