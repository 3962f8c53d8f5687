package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"crmportal/shared/mail/sesmail"
	"crmportal/shared/store"
)

// Call is one DynamoDB call a store made: the operation's name ("GetItem") and its input
// (*dynamodb.GetItemInput).
type Call struct {
	Op    string
	Input any
}

// CallLog is a store.DB that records every call, in order, and passes it on to Next. With
// Next nil it writes and reads nothing: every call answers an empty output, which turns a
// store over it into a builder of the items the store would write. It is a sesmail.SES too: a
// SendEmail is recorded in the same order as the DynamoDB calls (op "SendEmail") and passed
// on to SES, or answered empty when SES is nil.
type CallLog struct {
	Next store.DB
	SES  sesmail.SES

	mu    sync.Mutex
	calls []Call
}

var (
	_ store.DB    = (*CallLog)(nil)
	_ sesmail.SES = (*CallLog)(nil)
)

// Calls are the calls recorded so far, in the order they were made.
func (l *CallLog) Calls() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Call(nil), l.calls...)
}

// logCall records in under op, then makes the call with Next, or answers an empty output.
func logCall[I, O any](l *CallLog, op string, in *I, call func() (*O, error)) (*O, error) {
	l.mu.Lock()
	l.calls = append(l.calls, Call{Op: op, Input: in})
	l.mu.Unlock()
	if l.Next == nil {
		return new(O), nil
	}
	return call()
}

func (l *CallLog) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return logCall(l, "GetItem", in, func() (*dynamodb.GetItemOutput, error) { return l.Next.GetItem(ctx, in, opts...) })
}

func (l *CallLog) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return logCall(l, "PutItem", in, func() (*dynamodb.PutItemOutput, error) { return l.Next.PutItem(ctx, in, opts...) })
}

func (l *CallLog) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	return logCall(l, "UpdateItem", in, func() (*dynamodb.UpdateItemOutput, error) { return l.Next.UpdateItem(ctx, in, opts...) })
}

func (l *CallLog) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return logCall(l, "DeleteItem", in, func() (*dynamodb.DeleteItemOutput, error) { return l.Next.DeleteItem(ctx, in, opts...) })
}

func (l *CallLog) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return logCall(l, "Query", in, func() (*dynamodb.QueryOutput, error) { return l.Next.Query(ctx, in, opts...) })
}

func (l *CallLog) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return logCall(l, "BatchGetItem", in, func() (*dynamodb.BatchGetItemOutput, error) { return l.Next.BatchGetItem(ctx, in, opts...) })
}

func (l *CallLog) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return logCall(l, "BatchWriteItem", in, func() (*dynamodb.BatchWriteItemOutput, error) { return l.Next.BatchWriteItem(ctx, in, opts...) })
}

func (l *CallLog) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return logCall(l, "TransactWriteItems", in, func() (*dynamodb.TransactWriteItemsOutput, error) {
		return l.Next.TransactWriteItems(ctx, in, opts...)
	})
}

func (l *CallLog) SendEmail(ctx context.Context, in *ses.SendEmailInput, opts ...func(*ses.Options)) (*ses.SendEmailOutput, error) {
	l.mu.Lock()
	l.calls = append(l.calls, Call{Op: "SendEmail", Input: in})
	l.mu.Unlock()
	if l.SES == nil {
		return &ses.SendEmailOutput{}, nil
	}
	return l.SES.SendEmail(ctx, in, opts...)
}

// Ops are the operation names of calls, in order.
func Ops(calls []Call) []string {
	ops := make([]string, len(calls))
	for i, c := range calls {
		ops[i] = c.Op
	}
	return ops
}

// CheckReads returns an error naming the first of calls that is not a read (GetItem, Query,
// BatchGetItem): only reads may be replayed, since a replay must leave the table as it is.
func CheckReads(calls []Call) error {
	for i, c := range calls {
		switch c.Input.(type) {
		case *dynamodb.GetItemInput, *dynamodb.QueryInput, *dynamodb.BatchGetItemInput:
		default:
			return fmt.Errorf("call %d is %s, not a read; only reads can be replayed", i+1, c.Op)
		}
	}
	return nil
}

// Replay makes calls again with db, one after the other as they were recorded, and returns
// the wall time of the whole round. Calls must be reads (CheckReads); the outputs are
// dropped once the SDK has decoded them.
func Replay(ctx context.Context, db store.DB, calls []Call) (time.Duration, error) {
	if err := CheckReads(calls); err != nil {
		return 0, err
	}
	return ReplayAll(ctx, db, nil, calls)
}

// PutItems are the items that calls put (PutItem and the Puts of TransactWriteItems), in
// order, without their conditions. Any other write in calls is an error, as is a call with
// no item to put.
func PutItems(calls []Call) ([]map[string]types.AttributeValue, error) {
	var items []map[string]types.AttributeValue
	for i, c := range calls {
		switch in := c.Input.(type) {
		case *dynamodb.PutItemInput:
			items = append(items, in.Item)
		case *dynamodb.TransactWriteItemsInput:
			for j, tw := range in.TransactItems {
				if tw.Put == nil {
					return nil, fmt.Errorf("call %d (%s), item %d: not a Put", i+1, c.Op, j+1)
				}
				items = append(items, tw.Put.Item)
			}
		default:
			return nil, fmt.Errorf("call %d is %s, not a put", i+1, c.Op)
		}
	}
	if len(items) == 0 {
		return nil, errors.New("no item was put")
	}
	return items, nil
}
