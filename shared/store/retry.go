package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrBusy: DynamoDB kept cancelling a transaction for a conflict with another one (or for
// throttling), or kept leaving part of a batch unprocessed, through the store's bounded
// retries. It comes wrapped in a *retry.MaxAttemptsError, as the SDK's own exhausted retries
// do, so httpapi answers it as it answers those: 503 with Retry-After.
var ErrBusy = errors.New("storage busy")

// backoff bounds the store's own retries: attempts calls in all (the first included), the
// wait before retry i (from 0) a random duration between half and all of min(max, base<<i).
type backoff struct {
	attempts  int
	base, max time.Duration
	// sleep waits d or until ctx ends; nil is a timer.
	sleep func(ctx context.Context, d time.Duration) error
}

var (
	// txBackoff: a transaction cancelled for a conflict is tried 3 times, 10-20 ms then 20-40
	// ms apart (a conflicting transaction holds its items for milliseconds).
	txBackoff = backoff{attempts: 3, base: 20 * time.Millisecond, max: 100 * time.Millisecond}
	// batchBackoff: the unprocessed part of a batch is sent again up to 5 times, waits of
	// 12-25, 25-50, 50-100, 100-200 and 200-400 ms (at most 775 ms in all), as DynamoDB asks
	// of throttled batches.
	batchBackoff = backoff{attempts: 6, base: 25 * time.Millisecond, max: 400 * time.Millisecond}
)

// wait sleeps before retry i (0 for the first retry); an ended ctx is its error.
func (b backoff) wait(ctx context.Context, i int) error {
	step := b.base << min(i, 30)
	if step > b.max || step <= 0 {
		step = b.max
	}
	d := step/2 + rand.N(step/2+1)
	if b.sleep != nil {
		return b.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// exhausted is the error of a retry given up after attempts calls: ErrBusy with the last
// failure's text (not its chain, so that a cancelled transaction no longer reads as one),
// inside a *retry.MaxAttemptsError.
func exhausted(attempts int, last error) error {
	return &retry.MaxAttemptsError{Attempt: attempts, Err: fmt.Errorf("%w: %v", ErrBusy, last)}
}

// interrupted is the error of a retry cut short by ctx: ctx's error, with the last failure's
// text.
func interrupted(ctxErr, last error) error {
	return fmt.Errorf("%w (retrying after: %v)", ctxErr, last)
}

// txOutcome is what a TransactWriteItems error means to the store.
type txOutcome int

const (
	// txNotCancelled: no error, or an error other than a cancellation (the SDK has retried it
	// if it could).
	txNotCancelled txOutcome = iota
	// txConditionFailed: a condition of the transaction failed; the caller says what it
	// means (exists, version mismatch, no seat left ...).
	txConditionFailed
	// txConflict: cancelled only for a conflict with another transaction on the same items,
	// or for throttling: nothing was written, and the same transaction may pass a moment later.
	txConflict
	// txCancelledOther: cancelled for another reason (validation, an item collection's size):
	// retrying would fail again.
	txCancelledOther
)

// retryableReasons are the cancellation reasons of a transaction that may pass if sent again.
var retryableReasons = map[string]bool{
	"TransactionConflict":           true,
	"ThrottlingError":               true,
	"ProvisionedThroughputExceeded": true,
}

// classifyCancel says what a cancelled transaction's reasons (one per item, "None" or "" for
// an item that did not fail) mean: a failed condition wins over anything else, then a
// transaction is retried when every failing item failed for a retryable reason.
func classifyCancel(reasons []string) txOutcome {
	if reasons == nil {
		return txNotCancelled
	}
	retryable := false
	for _, r := range reasons {
		if r == "ConditionalCheckFailed" {
			return txConditionFailed
		}
	}
	for _, r := range reasons {
		switch {
		case r == "" || r == "None":
		case retryableReasons[r]:
			retryable = true
		default:
			return txCancelledOther
		}
	}
	if !retryable {
		return txCancelledOther
	}
	return txConflict
}

// txWriter, batchGetter and batchWriter are the DynamoDB calls the retry helpers make.
type (
	txWriter interface {
		TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
	}
	batchGetter interface {
		BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	}
	batchWriter interface {
		BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	}
)

// transactWrite sends a transaction, again after a backoff while DynamoDB cancels it only for
// a conflict (txConflict), at most b.attempts times; then the error is ErrBusy (see exhausted).
// Any other answer, a failed condition included, is returned as DynamoDB gave it.
func transactWrite(ctx context.Context, db txWriter, b backoff, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	for i := 0; ; i++ {
		out, err := db.TransactWriteItems(ctx, in, opts...)
		if classifyCancel(cancelReasons(err)) != txConflict {
			return out, err
		}
		if i+1 >= b.attempts {
			return nil, exhausted(i+1, err)
		}
		if werr := b.wait(ctx, i); werr != nil {
			return nil, interrupted(werr, err)
		}
	}
}

// batchGet reads every key of in: the keys DynamoDB leaves unprocessed (throttling, or a
// response over 16 MB) are asked again after a backoff, at most b.attempts calls in all; then
// the error is ErrBusy. The answer holds the items of every call and no unprocessed keys.
func batchGet(ctx context.Context, db batchGetter, b backoff, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	all := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}}
	req := *in
	for i := 0; ; i++ {
		out, err := db.BatchGetItem(ctx, &req, opts...)
		if err != nil {
			return nil, err
		}
		for t, items := range out.Responses {
			all.Responses[t] = append(all.Responses[t], items...)
		}
		all.ConsumedCapacity = append(all.ConsumedCapacity, out.ConsumedCapacity...)
		all.ResultMetadata = out.ResultMetadata
		left := 0
		for _, k := range out.UnprocessedKeys {
			left += len(k.Keys)
		}
		if left == 0 {
			return all, nil
		}
		last := fmt.Errorf("BatchGetItem left %d keys unprocessed", left)
		if i+1 >= b.attempts {
			return nil, exhausted(i+1, last)
		}
		if err := b.wait(ctx, i); err != nil {
			return nil, interrupted(err, last)
		}
		req.RequestItems = out.UnprocessedKeys
	}
}

// batchWrite writes every request of in, as batchGet reads: the unprocessed items are sent
// again after a backoff, at most b.attempts calls in all; then the error is ErrBusy.
func batchWrite(ctx context.Context, db batchWriter, b backoff, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	all := &dynamodb.BatchWriteItemOutput{}
	req := *in
	for i := 0; ; i++ {
		out, err := db.BatchWriteItem(ctx, &req, opts...)
		if err != nil {
			return nil, err
		}
		all.ConsumedCapacity = append(all.ConsumedCapacity, out.ConsumedCapacity...)
		all.ResultMetadata = out.ResultMetadata
		left := 0
		for _, w := range out.UnprocessedItems {
			left += len(w)
		}
		if left == 0 {
			return all, nil
		}
		last := fmt.Errorf("BatchWriteItem left %d requests unprocessed", left)
		if i+1 >= b.attempts {
			return nil, exhausted(i+1, last)
		}
		if err := b.wait(ctx, i); err != nil {
			return nil, interrupted(err, last)
		}
		req.RequestItems = out.UnprocessedItems
	}
}

// retryingDB is the DB every Store method calls: db itself, but a transaction cancelled for a
// conflict is retried (transactWrite) and a batch returns only when all of it is done
// (batchGet, batchWrite), so that no call site has to.
type retryingDB struct {
	DB
	tx, batch backoff
}

func (r retryingDB) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return transactWrite(ctx, r.DB, r.tx, in, opts...)
}

func (r retryingDB) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return batchGet(ctx, r.DB, r.batch, in, opts...)
}

func (r retryingDB) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return batchWrite(ctx, r.DB, r.batch, in, opts...)
}

// queryAll runs a Query to its end, following LastEvaluatedKey, for the lists whose callers
// need every item (an organization's staff, user types, email versions; a user's API
// tokens): DynamoDB stops a page at Limit items or 1 MB, whichever comes first.
func (s *Store) queryAll(ctx context.Context, in *dynamodb.QueryInput) ([]map[string]types.AttributeValue, error) {
	var items []map[string]types.AttributeValue
	req := *in
	for {
		out, err := s.db.Query(ctx, &req)
		if err != nil {
			return nil, err
		}
		items = append(items, out.Items...)
		if len(out.LastEvaluatedKey) == 0 {
			return items, nil
		}
		req.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
