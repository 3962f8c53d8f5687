package ddbstrict

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Faults are the rates, between 0 and 1, at which the layer injects what DynamoDB does under
// load. The zero value injects nothing: the layer then only enforces the limits.
type Faults struct {
	// Seed makes the injections reproducible for the same sequence of calls.
	Seed uint64
	// Conflict cancels a transaction with TransactionConflict when another transaction in
	// flight touches one of its items.
	Conflict float64
	// Throttle answers a request (each attempt of the SDK's retries) with
	// ProvisionedThroughputExceededException or ThrottlingException.
	Throttle float64
	// Unprocessed leaves part of a BatchGetItem's keys or a BatchWriteItem's requests
	// unprocessed.
	Unprocessed float64
	// Stale answers an eventually consistent read (GetItem, Query, BatchGetItem without
	// ConsistentRead, and every index query) of an item written less than StaleWindow ago with
	// the item as it was before that write.
	Stale       float64
	StaleWindow time.Duration
}

// On tells whether any injection is on.
func (f Faults) On() bool {
	return f.Conflict > 0 || f.Throttle > 0 || f.Unprocessed > 0 || f.Stale > 0
}

// Counts are how many times each thing happened, for tests and logs.
type Counts struct {
	Refused, Conflicts, Throttles, Unprocessed, StaleItems int
	// StaleCandidates are the eventually consistent reads of an item within its stale window:
	// the reads that could have been stale.
	StaleCandidates int
}

// Layer is the strict DynamoDB of one local stack, shared by every function's client (a
// conflict needs two functions' transactions to meet).
type Layer struct {
	schema Schema
	faults Faults
	peek   *dynamodb.Client // reads before-images; has no layer itself
	log    *slog.Logger

	mu       sync.Mutex
	rng      *rand.Rand
	inflight map[string]int      // item key -> transactions in flight touching it
	history  map[string]snapshot // item key -> the item before its last write
	counts   Counts
}

type snapshot struct {
	item map[string]types.AttributeValue // nil: the item did not exist
	at   time.Time
}

// New returns a layer for schema. peek is a client without the layer, used (only with Stale
// on) to read the before-image of an item about to be written.
func New(schema Schema, faults Faults, peek *dynamodb.Client, log *slog.Logger) *Layer {
	if faults.StaleWindow <= 0 {
		faults.StaleWindow = time.Second
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Layer{schema: schema, faults: faults, peek: peek, log: log,
		rng:      rand.New(rand.NewPCG(faults.Seed, faults.Seed^0x9e3779b97f4a7c15)),
		inflight: map[string]int{}, history: map[string]snapshot{}}
}

// Counts returns what the layer did so far.
func (l *Layer) Counts() Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts
}

func (l *Layer) draw(p float64) bool {
	if p <= 0 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rng.Float64() < p
}

type verdictKey struct{}

// APIOption returns the middleware to add to a DynamoDB client's APIOptions.
func (l *Layer) APIOption() func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("DynamoDBStrict", l.initialize), middleware.After); err != nil {
			return err
		}
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("DynamoDBStrictWire", l.deserialize), middleware.After)
	}
}

// initialize decides what the call gets: a refusal or an injected cancellation (answered on
// the wire by deserialize, so the SDK's own deserializer builds the error), unprocessed keys,
// stale items, and records the before-images of writes.
func (l *Layer) initialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	if v := l.schema.checkLimits(in.Parameters); v != nil {
		l.mu.Lock()
		l.counts.Refused++
		l.mu.Unlock()
		l.log.Warn("DynamoDB strict: refused", "call", fmt.Sprintf("%T", in.Parameters), "error", v.message)
		return next.HandleInitialize(middleware.WithStackValue(ctx, verdictKey{}, v), in)
	}
	switch p := in.Parameters.(type) {
	case *dynamodb.TransactWriteItemsInput:
		keys := make([]string, len(p.TransactItems))
		for i, it := range p.TransactItems {
			table, key, _, _ := l.schema.transactItem(it)
			keys[i] = table + "\x00" + key
		}
		if at := l.enter(keys); at >= 0 {
			return next.HandleInitialize(middleware.WithStackValue(ctx, verdictKey{}, conflict(len(keys), at)), in)
		}
		defer l.leave(keys)
		before := l.before(ctx, p)
		out, md, err := next.HandleInitialize(ctx, in)
		if err == nil {
			l.wrote(before)
		}
		return out, md, err
	case *dynamodb.PutItemInput, *dynamodb.UpdateItemInput, *dynamodb.DeleteItemInput:
		before := l.before(ctx, p)
		out, md, err := next.HandleInitialize(ctx, in)
		if err == nil {
			l.wrote(before)
		}
		return out, md, err
	case *dynamodb.BatchWriteItemInput:
		return l.batchWrite(ctx, in, p, next)
	case *dynamodb.BatchGetItemInput:
		return l.batchGet(ctx, in, p, next)
	case *dynamodb.GetItemInput:
		out, md, err := next.HandleInitialize(ctx, in)
		if err == nil && !aws.ToBool(p.ConsistentRead) {
			if o, ok := out.Result.(*dynamodb.GetItemOutput); ok {
				key := l.schema.itemKey(aws.ToString(p.TableName), p.Key)
				if old, stale := l.stale(key); stale {
					o.Item = old
				}
			}
		}
		return out, md, err
	case *dynamodb.QueryInput:
		out, md, err := next.HandleInitialize(ctx, in)
		if err == nil && (!aws.ToBool(p.ConsistentRead) || p.IndexName != nil) {
			if o, ok := out.Result.(*dynamodb.QueryOutput); ok {
				o.Items = l.staleItems(aws.ToString(p.TableName), o.Items)
			}
		}
		return out, md, err
	}
	return next.HandleInitialize(ctx, in)
}

// deserialize answers on the wire: a refusal or cancellation decided earlier, or (per
// attempt, so the SDK's retries draw again) an injected throttle.
func (l *Layer) deserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	if v, ok := middleware.GetStackValue(ctx, verdictKey{}).(*violation); ok && v != nil {
		return middleware.DeserializeOutput{RawResponse: v.response()}, middleware.Metadata{}, nil
	}
	if l.draw(l.faults.Throttle) {
		l.mu.Lock()
		l.counts.Throttles++
		code := "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
		msg := "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly."
		if l.rng.IntN(2) == 0 {
			code, msg = "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput."
		}
		l.mu.Unlock()
		return middleware.DeserializeOutput{RawResponse: (&violation{code: code, message: msg}).response()}, middleware.Metadata{}, nil
	}
	return next.HandleDeserialize(ctx, in)
}

// response is DynamoDB's HTTP answer for the violation.
func (v *violation) response() *smithyhttp.Response {
	body := map[string]any{"__type": v.code, "message": v.message}
	if v.reasons != nil {
		body["Message"] = v.message
		delete(body, "message")
		body["CancellationReasons"] = v.reasons
	}
	b, _ := json.Marshal(body)
	return &smithyhttp.Response{Response: &http.Response{
		StatusCode: http.StatusBadRequest,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"strict-local"},
			// DynamoDB signs its answers' bodies with a CRC32 that the SDK checks.
			"X-Amz-Crc32": {strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 10)}},
		Body:          io.NopCloser(strings.NewReader(string(b))),
		ContentLength: int64(len(b)),
	}}
}

// conflict is the cancellation DynamoDB gives a transaction of n actions whose action at
// conflicts with a transaction in flight.
func conflict(n, at int) *violation {
	reasons := make([]map[string]string, n)
	codes := make([]string, n)
	for i := range reasons {
		reasons[i] = map[string]string{"Code": "None"}
		codes[i] = "None"
	}
	reasons[at] = map[string]string{"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}
	codes[at] = "TransactionConflict"
	return &violation{code: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
		message: "Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]",
		reasons: reasons}
}

// enter registers a transaction's items as in flight and answers the index of an item another
// transaction in flight holds, when the layer injects a conflict there, else -1.
func (l *Layer) enter(keys []string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	at := -1
	for i, k := range keys {
		if l.inflight[k] > 0 && at < 0 && l.faults.Conflict > 0 && l.rng.Float64() < l.faults.Conflict {
			at = i
		}
	}
	if at >= 0 {
		l.counts.Conflicts++
		return at
	}
	for _, k := range keys {
		l.inflight[k]++
	}
	return -1
}

func (l *Layer) leave(keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if l.inflight[k] > 0 {
			l.inflight[k]--
			if l.inflight[k] == 0 {
				delete(l.inflight, k)
			}
		}
	}
}

// ParseFaults reads faults written as comma-separated name=value pairs, for example
// "conflict=0.1,throttle=0.1,unprocessed=0.1,stale=0.1,seed=1,window=1s" (the DDB_FAULTS
// variable of the test suites). An empty string is no faults.
func ParseFaults(s string) (Faults, error) {
	var f Faults
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return Faults{}, fmt.Errorf("fault %q: want name=value", part)
		}
		var rate *float64
		switch name {
		case "conflict":
			rate = &f.Conflict
		case "throttle":
			rate = &f.Throttle
		case "unprocessed":
			rate = &f.Unprocessed
		case "stale":
			rate = &f.Stale
		case "seed":
			n, err := strconv.ParseUint(value, 10, 64)
			if err != nil {
				return Faults{}, fmt.Errorf("fault seed %q: %w", value, err)
			}
			f.Seed = n
			continue
		case "window":
			d, err := time.ParseDuration(value)
			if err != nil || d <= 0 {
				return Faults{}, fmt.Errorf("fault window %q: want a positive duration", value)
			}
			f.StaleWindow = d
			continue
		default:
			return Faults{}, fmt.Errorf("unknown fault %q (conflict, throttle, unprocessed, stale, seed, window)", name)
		}
		p, err := strconv.ParseFloat(value, 64)
		if err != nil || p < 0 || p > 1 {
			return Faults{}, fmt.Errorf("fault %s=%q: want a rate between 0 and 1", name, value)
		}
		*rate = p
	}
	return f, nil
}
