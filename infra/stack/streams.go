package stack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
)

// streams is the stack's side of the table's stream: one consumer at a time (as one event
// source mapping per function reads it on AWS, not one per gateway over the stack), the
// consumer's checkpoints, which outlive it so that the next consumer goes on where it
// stopped, and when the consumer last found nothing left to do.
type streams struct {
	// claim serializes the hand-overs; mu guards the rest and is never held while waiting for
	// a consumer, which takes it to checkpoint.
	claim       sync.Mutex
	mu          sync.Mutex
	cancel      context.CancelFunc
	done        chan struct{}
	checkpoints map[string]string
	idle        time.Time // start of the newest poll that found every record handled
	idleCh      chan struct{}
}

// DynamoDBStreams is a client of this stack's DynamoDB Streams API (Dynoxide answers it on the
// DynamoDB port).
func (s *Stack) DynamoDBStreams() *dynamodbstreams.Client {
	return dynamodbstreams.New(dynamodbstreams.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(s.DynamoDBURL)})
}

// TableStream is the ARN of the table's stream.
func (s *Stack) TableStream(ctx context.Context) (string, error) {
	out, err := s.DynamoDB().DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(TableName)})
	if err != nil {
		return "", fmt.Errorf("local stack: describe table %s: %w", TableName, err)
	}
	if out.Table.LatestStreamArn == nil {
		return "", errors.New("local stack: the table has no stream")
	}
	return *out.Table.LatestStreamArn, nil
}

// ClaimStream makes the caller the stack's one consumer of the table's stream: the consumer
// before it is told to stop (its context ends) and ClaimStream waits until it has (it
// finishes the batch in hand first). The caller runs until ctx ends, then calls stopped.
func (s *Stack) ClaimStream() (ctx context.Context, stopped func()) {
	s.streams.claim.Lock()
	defer s.streams.claim.Unlock()
	s.stopConsumer()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.streams.mu.Lock()
	s.streams.cancel, s.streams.done = cancel, done
	s.streams.mu.Unlock()
	var once sync.Once
	return ctx, func() { once.Do(func() { close(done) }) }
}

// stopConsumer stops the current consumer, if any, and waits for it; the caller holds claim.
func (s *Stack) stopConsumer() {
	s.streams.mu.Lock()
	cancel, done := s.streams.cancel, s.streams.done
	s.streams.cancel, s.streams.done = nil, nil
	s.streams.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// StreamCheckpoint is the sequence number the consumer last finished in a shard of a
// subscription (key names both), or "" when it has not read that shard yet.
func (s *Stack) StreamCheckpoint(key string) string {
	s.streams.mu.Lock()
	defer s.streams.mu.Unlock()
	return s.streams.checkpoints[key]
}

// SetStreamCheckpoint records that the consumer finished the records of key up to seq.
func (s *Stack) SetStreamCheckpoint(key, seq string) {
	s.streams.mu.Lock()
	defer s.streams.mu.Unlock()
	if s.streams.checkpoints == nil {
		s.streams.checkpoints = map[string]string{}
	}
	s.streams.checkpoints[key] = seq
}

// StreamIdle records that a poll of the consumer begun at start found every record of the
// stream handled (none new, none waiting for a retry).
func (s *Stack) StreamIdle(start time.Time) {
	s.streams.mu.Lock()
	defer s.streams.mu.Unlock()
	if start.After(s.streams.idle) {
		s.streams.idle = start
	}
	if s.streams.idleCh != nil {
		close(s.streams.idleCh)
		s.streams.idleCh = nil
	}
}

// WaitStream waits until the stream's consumer has handled every record written before the
// call: until a poll begun after it finds nothing left. It counts polls, not time, so it
// holds on a loaded machine; ctx bounds the wait (no consumer running: it ends with ctx).
func (s *Stack) WaitStream(ctx context.Context) error {
	since := time.Now()
	for {
		s.streams.mu.Lock()
		if s.streams.idle.After(since) {
			s.streams.mu.Unlock()
			return nil
		}
		if s.streams.idleCh == nil {
			s.streams.idleCh = make(chan struct{})
		}
		ch := s.streams.idleCh
		s.streams.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("local stack: the stream's consumer did not catch up: %w", ctx.Err())
		}
	}
}
