package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithy "github.com/aws/smithy-go"
)

func TestClassifyCancel(t *testing.T) {
	for _, tt := range []struct {
		name    string
		reasons []string
		want    txOutcome
	}{
		{"not a cancellation", nil, txNotCancelled},
		{"conflict on one item", []string{"None", "TransactionConflict"}, txConflict},
		{"conflict, empty codes for the others", []string{"", "TransactionConflict", ""}, txConflict},
		{"conflicts on every item", []string{"TransactionConflict", "TransactionConflict"}, txConflict},
		{"throttled item", []string{"None", "ThrottlingError"}, txConflict},
		{"provisioned throughput", []string{"ProvisionedThroughputExceeded", "None"}, txConflict},
		{"condition failed", []string{"ConditionalCheckFailed", "None"}, txConditionFailed},
		{"condition failed and a conflict: the condition wins", []string{"TransactionConflict", "ConditionalCheckFailed"}, txConditionFailed},
		{"condition failed after a conflict on a later item", []string{"ConditionalCheckFailed", "TransactionConflict", "None"}, txConditionFailed},
		{"validation error", []string{"None", "ValidationError"}, txCancelledOther},
		{"validation error and a conflict: not retried", []string{"ValidationError", "TransactionConflict"}, txCancelledOther},
		{"item collection too large", []string{"ItemCollectionSizeLimitExceeded"}, txCancelledOther},
		{"no reasons", []string{}, txCancelledOther},
		{"every item None", []string{"None", "None"}, txCancelledOther},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifyCancel(tt.reasons); got != tt.want {
				t.Errorf("classifyCancel(%q) = %d, want %d", tt.reasons, got, tt.want)
			}
		})
	}
}

// cancelled is a TransactionCanceledException as the SDK returns it.
func cancelled(codes ...string) error {
	tc := &types.TransactionCanceledException{Message: aws.String("Transaction cancelled")}
	for _, c := range codes {
		tc.CancellationReasons = append(tc.CancellationReasons, types.CancellationReason{Code: aws.String(c)})
	}
	return &smithy.OperationError{ServiceID: "DynamoDB", OperationName: "TransactWriteItems", Err: tc}
}

// fakeDB answers the calls the retry helpers make with its functions.
type fakeDB struct {
	tx    func(*dynamodb.TransactWriteItemsInput) (*dynamodb.TransactWriteItemsOutput, error)
	get   func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error)
	write func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error)
}

func (f fakeDB) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return f.tx(in)
}

func (f fakeDB) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return f.get(in)
}

func (f fakeDB) BatchWriteItem(_ context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return f.write(in)
}

// testBackoff records its waits instead of sleeping.
func testBackoff(attempts int, waits *[]time.Duration) backoff {
	return backoff{attempts: attempts, base: 20 * time.Millisecond, max: 100 * time.Millisecond,
		sleep: func(ctx context.Context, d time.Duration) error { *waits = append(*waits, d); return ctx.Err() }}
}

func TestTransactWriteRetriesConflicts(t *testing.T) {
	for _, tt := range []struct {
		name      string
		answers   []error // one per call; the last repeats
		wantCalls int
		check     func(t *testing.T, err error)
	}{
		{"passes at once", []error{nil}, 1, func(t *testing.T, err error) {
			if err != nil {
				t.Error(err)
			}
		}},
		{"one conflict, then passes", []error{cancelled("None", "TransactionConflict"), nil}, 2, func(t *testing.T, err error) {
			if err != nil {
				t.Error(err)
			}
		}},
		{"conflicts every time: busy after 3 calls", []error{cancelled("None", "TransactionConflict")}, 3, func(t *testing.T, err error) {
			var max *retry.MaxAttemptsError
			if !errors.Is(err, ErrBusy) || !errors.As(err, &max) || max.Attempt != 3 {
				t.Errorf("err = %v, want ErrBusy in a MaxAttemptsError of 3 attempts", err)
			}
			// No longer a cancellation: the call sites' condition handling does not see it.
			if r := cancelReasons(fmt.Errorf("update record: %w", err)); r != nil {
				t.Errorf("cancelReasons = %q, want nil", r)
			}
		}},
		{"a failed condition is returned at once", []error{cancelled("ConditionalCheckFailed", "None")}, 1, func(t *testing.T, err error) {
			if r := cancelReasons(err); len(r) != 2 || r[0] != "ConditionalCheckFailed" {
				t.Errorf("cancelReasons = %q", r)
			}
		}},
		{"a conflict, then a failed condition", []error{cancelled("TransactionConflict", "None"), cancelled("ConditionalCheckFailed", "None")}, 2, func(t *testing.T, err error) {
			if classifyCancel(cancelReasons(err)) != txConditionFailed {
				t.Errorf("err = %v, want the failed condition", err)
			}
		}},
		{"a validation cancellation is not retried", []error{cancelled("ValidationError")}, 1, func(t *testing.T, err error) {
			if classifyCancel(cancelReasons(err)) != txCancelledOther {
				t.Errorf("err = %v", err)
			}
		}},
		{"another error is not retried here", []error{&smithy.GenericAPIError{Code: "ThrottlingException"}}, 1, func(t *testing.T, err error) {
			var api smithy.APIError
			if !errors.As(err, &api) || errors.Is(err, ErrBusy) {
				t.Errorf("err = %v", err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			db := fakeDB{tx: func(*dynamodb.TransactWriteItemsInput) (*dynamodb.TransactWriteItemsOutput, error) {
				err := tt.answers[min(calls, len(tt.answers)-1)]
				calls++
				if err != nil {
					return nil, err
				}
				return &dynamodb.TransactWriteItemsOutput{}, nil
			}}
			var waits []time.Duration
			_, err := transactWrite(context.Background(), db, testBackoff(3, &waits), &dynamodb.TransactWriteItemsInput{})
			tt.check(t, err)
			if calls != tt.wantCalls {
				t.Errorf("%d calls, want %d", calls, tt.wantCalls)
			}
			if len(waits) != max(calls-1, 0) {
				t.Errorf("%d waits for %d calls", len(waits), calls)
			}
			for i, w := range waits {
				step := min(20*time.Millisecond<<i, 100*time.Millisecond)
				if w < step/2 || w > step {
					t.Errorf("wait %d = %v, want between %v and %v", i, w, step/2, step)
				}
			}
		})
	}
}

func TestTransactWriteStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	db := fakeDB{tx: func(*dynamodb.TransactWriteItemsInput) (*dynamodb.TransactWriteItemsOutput, error) {
		calls++
		cancel()
		return nil, cancelled("TransactionConflict")
	}}
	_, err := transactWrite(ctx, db, backoff{attempts: 3, base: time.Hour, max: time.Hour}, &dynamodb.TransactWriteItemsInput{})
	if !errors.Is(err, context.Canceled) || calls != 1 || cancelReasons(err) != nil {
		t.Errorf("err = %v after %d calls, want the context's error after 1", err, calls)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	var waits []time.Duration
	b := backoff{attempts: 8, base: 25 * time.Millisecond, max: 400 * time.Millisecond,
		sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	for i := range 7 {
		if err := b.wait(context.Background(), i); err != nil {
			t.Fatal(err)
		}
	}
	for i, w := range waits {
		step := min(25*time.Millisecond<<i, 400*time.Millisecond)
		if w < step/2 || w > step {
			t.Errorf("wait %d = %v, want between %v and %v", i, w, step/2, step)
		}
	}
}

func item(pk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"PK": s1(pk), "SK": s1("S")}
}

// unprocessedGets answers each BatchGetItem with the first key it asks for and leaves the
// others unprocessed, for the first `stingy` calls; then with every key.
func unprocessedGets(stingy int, calls *int, asked *[]int) fakeDB {
	return fakeDB{get: func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
		*calls++
		keys := in.RequestItems["T"].Keys
		*asked = append(*asked, len(keys))
		answer := keys
		out := &dynamodb.BatchGetItemOutput{}
		if *calls <= stingy && len(keys) > 1 {
			answer = keys[:1]
			out.UnprocessedKeys = map[string]types.KeysAndAttributes{"T": {Keys: keys[1:], ProjectionExpression: in.RequestItems["T"].ProjectionExpression}}
		}
		out.Responses = map[string][]map[string]types.AttributeValue{"T": answer}
		return out, nil
	}}
}

func TestBatchGetAsksAgainForUnprocessedKeys(t *testing.T) {
	keys := []map[string]types.AttributeValue{item("a"), item("b"), item("c"), item("d")}
	in := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"T": {Keys: keys, ProjectionExpression: aws.String("PK")}}}

	t.Run("all read after two partial answers", func(t *testing.T) {
		var calls int
		var asked []int
		var waits []time.Duration
		out, err := batchGet(context.Background(), unprocessedGets(2, &calls, &asked), testBackoff(6, &waits), in)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, it := range out.Responses["T"] {
			got[it["PK"].(*types.AttributeValueMemberS).Value] = true
		}
		if len(got) != 4 || len(out.UnprocessedKeys) != 0 {
			t.Errorf("read %v, unprocessed %v; want a, b, c, d and none", got, out.UnprocessedKeys)
		}
		if fmt.Sprint(asked) != "[4 3 2]" || len(waits) != 2 {
			t.Errorf("asked for %v keys with %d waits, want [4 3 2] with 2", asked, len(waits))
		}
	})
	t.Run("busy when keys stay unprocessed", func(t *testing.T) {
		var calls int
		var asked []int
		var waits []time.Duration
		_, err := batchGet(context.Background(), unprocessedGets(100, &calls, &asked), testBackoff(3, &waits), in)
		var max *retry.MaxAttemptsError
		if !errors.Is(err, ErrBusy) || !errors.As(err, &max) || calls != 3 || len(waits) != 2 {
			t.Errorf("err = %v after %d calls and %d waits, want ErrBusy after 3 and 2", err, calls, len(waits))
		}
	})
	t.Run("an error is returned", func(t *testing.T) {
		db := fakeDB{get: func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
			return nil, &smithy.GenericAPIError{Code: "ProvisionedThroughputExceededException"}
		}}
		var waits []time.Duration
		if _, err := batchGet(context.Background(), db, testBackoff(3, &waits), in); err == nil || errors.Is(err, ErrBusy) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestBatchWriteSendsUnprocessedItemsAgain(t *testing.T) {
	reqs := []types.WriteRequest{{PutRequest: &types.PutRequest{Item: item("a")}}, {PutRequest: &types.PutRequest{Item: item("b")}},
		{DeleteRequest: &types.DeleteRequest{Key: item("c")}}}
	var sent []string
	calls := 0
	db := fakeDB{write: func(in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
		calls++
		w := in.RequestItems["T"]
		out := &dynamodb.BatchWriteItemOutput{}
		if calls == 1 {
			out.UnprocessedItems = map[string][]types.WriteRequest{"T": w[1:]}
			w = w[:1]
		}
		for _, r := range w {
			if r.PutRequest != nil {
				sent = append(sent, "put "+r.PutRequest.Item["PK"].(*types.AttributeValueMemberS).Value)
			} else {
				sent = append(sent, "delete "+r.DeleteRequest.Key["PK"].(*types.AttributeValueMemberS).Value)
			}
		}
		return out, nil
	}}
	var waits []time.Duration
	if _, err := batchWrite(context.Background(), db, testBackoff(6, &waits), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"T": reqs}}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sent) != "[put a put b delete c]" || calls != 2 || len(waits) != 1 {
		t.Errorf("sent %v in %d calls with %d waits", sent, calls, len(waits))
	}
}

// throttledDB is a DB whose BatchGetItem leaves all but one key unprocessed on its first calls.
type throttledDB struct {
	DB
	get func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error)
}

func (d throttledDB) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return d.get(in)
}

// The login throttle counts every failure even when DynamoDB throttles its BatchGetItem.
func TestFailuresReadsUnprocessedKeys(t *testing.T) {
	window := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	keys := []ThrottleKey{{"acct", "h1"}, {"ip", "h2"}, {"acct", "h3"}}
	calls := 0
	db := throttledDB{get: func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
		calls++
		ks := in.RequestItems["table"].Keys
		out := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}}
		if calls < 3 {
			out.UnprocessedKeys = map[string]types.KeysAndAttributes{"table": {Keys: ks[1:]}}
			ks = ks[:1]
		}
		for _, k := range ks {
			out.Responses["table"] = append(out.Responses["table"], map[string]types.AttributeValue{"PK": k["PK"], "failures": n(4)})
		}
		return out, nil
	}}
	s := New(db, "table", nil)
	s.db = retryingDB{DB: db, tx: txBackoff, batch: backoff{attempts: 6, base: time.Millisecond, max: time.Millisecond}}
	got, err := s.Failures(context.Background(), window, keys...)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[4 4 4]" || calls != 3 {
		t.Errorf("failures %v in %d calls, want [4 4 4] in 3", got, calls)
	}
}
