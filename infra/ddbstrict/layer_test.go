package ddbstrict

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
)

var st *stack.Stack

func TestMain(m *testing.M) { stacktest.Main(m, &st) }

// mustClients returns a client without the layer and one through a new layer with faults.
func mustClients(tb testing.TB, f Faults) (raw, strict *dynamodb.Client, l *Layer) {
	tb.Helper()
	d, err := st.Deps(context.Background(), "http://localhost:3000", io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	l = New(Schema{Keys: map[string][]string{stack.TableName: {"PK", "SK"}}}, f, d.DynamoDB, nil)
	strict = dynamodb.New(d.DynamoDB.Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(slices.Clip(o.APIOptions), l.APIOption())
	})
	return d.DynamoDB, strict, l
}

var testSeq int

func uniqueKey(tb testing.TB) map[string]types.AttributeValue {
	tb.Helper()
	testSeq++
	return key(fmt.Sprintf("STRICT#%s#%d#%d", tb.Name(), time.Now().UnixNano(), testSeq), "A")
}

func TestRefusalsComeBackAsDynamoDBErrors(t *testing.T) {
	_, db, l := mustClients(t, Faults{})
	item := withAttr(uniqueKey(t), "d", &S{Value: strings.Repeat("x", MaxItemBytes)})
	_, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: item})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" || !strings.Contains(api.ErrorMessage(), "Item size has exceeded") {
		t.Fatalf("PutItem of %d bytes = %v, want ValidationException", ItemSize(item), err)
	}
	if got := l.Counts().Refused; got != 1 {
		t.Errorf("refused = %d, want 1", got)
	}
}

func TestThrottlesAreRetriedBySDKThenFail(t *testing.T) {
	_, db, l := mustClients(t, Faults{Seed: 1, Throttle: 1})
	_, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(stack.TableName), Key: uniqueKey(t)})
	var api smithy.APIError
	if !errors.As(err, &api) || (api.ErrorCode() != "ProvisionedThroughputExceededException" && api.ErrorCode() != "ThrottlingException") {
		t.Fatalf("GetItem = %v, want a throttling error", err)
	}
	if got := l.Counts().Throttles; got < 2 {
		t.Errorf("throttles = %d, want the SDK's retries to have drawn again", got)
	}
}

func TestConflictCancelsTheSecondTransactionOnAnItem(t *testing.T) {
	_, db, l := mustClients(t, Faults{Seed: 1, Conflict: 1})
	k := uniqueKey(t)
	other := uniqueKey(t)
	// A transaction of another function is in flight on k.
	held := []string{stack.TableName + "\x00" + Schema{Keys: map[string][]string{stack.TableName: {"PK", "SK"}}}.itemKey(stack.TableName, k)}
	if at := l.enter(held); at != -1 {
		t.Fatalf("first transaction conflicted at %d", at)
	}
	_, err := db.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(stack.TableName), Item: other}},
		{Put: &types.Put{TableName: aws.String(stack.TableName), Item: k}},
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != 2 || aws.ToString(tce.CancellationReasons[1].Code) != "TransactionConflict" ||
		aws.ToString(tce.CancellationReasons[0].Code) != "None" {
		t.Fatalf("TransactWriteItems = %v, want TransactionCanceledException [None, TransactionConflict]", err)
	}
	l.leave(held)
	// With nothing in flight the same transaction goes through.
	if _, err := db.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(stack.TableName), Item: other}},
		{Put: &types.Put{TableName: aws.String(stack.TableName), Item: k}},
	}}); err != nil {
		t.Fatal(err)
	}
}

func TestBatchesLeaveKeysUnprocessed(t *testing.T) {
	raw, db, _ := mustClients(t, Faults{Seed: 3, Unprocessed: 1})
	var keys []map[string]types.AttributeValue
	for range 5 {
		k := uniqueKey(t)
		keys = append(keys, k)
		if _, err := raw.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: k}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := db.BatchGetItem(context.Background(), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		stack.TableName: {Keys: keys, ConsistentRead: aws.Bool(true)}}})
	if err != nil {
		t.Fatal(err)
	}
	got, left := len(out.Responses[stack.TableName]), len(out.UnprocessedKeys[stack.TableName].Keys)
	if left == 0 || got+left != len(keys) {
		t.Errorf("answered %d and left %d unprocessed of %d, want some unprocessed and none lost", got, left, len(keys))
	}
	var writes []types.WriteRequest
	for range 5 {
		writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: uniqueKey(t)}})
	}
	wout, err := db.BatchWriteItem(context.Background(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{stack.TableName: writes}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(wout.UnprocessedItems[stack.TableName]); n == 0 || n > len(writes) {
		t.Errorf("%d unprocessed writes of %d, want some", n, len(writes))
	}
}

func TestEventuallyConsistentReadsCanBeStale(t *testing.T) {
	_, db, _ := mustClients(t, Faults{Seed: 1, Stale: 1, StaleWindow: time.Hour})
	ctx := context.Background()
	k := uniqueKey(t)
	for _, v := range []string{"v1", "v2"} {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: withAttr(k, "v", &S{Value: v})}); err != nil {
			t.Fatal(err)
		}
	}
	value := func(item map[string]types.AttributeValue) string {
		if s, ok := item["v"].(*S); ok {
			return s.Value
		}
		return "(none)"
	}
	get := func(consistent bool) string {
		out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(stack.TableName), Key: k, ConsistentRead: aws.Bool(consistent)})
		if err != nil {
			t.Fatal(err)
		}
		return value(out.Item)
	}
	if got, want := get(false), "v1"; got != want {
		t.Errorf("eventually consistent GetItem = %s, want the item before the last write, %s", got, want)
	}
	if got, want := get(true), "v2"; got != want {
		t.Errorf("consistent GetItem = %s, want %s", got, want)
	}
	q, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(stack.TableName), KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": k["PK"]}})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Items) != 1 || value(q.Items[0]) != "v1" {
		t.Errorf("eventually consistent Query = %v, want the stale v1", q.Items)
	}
	// An item created within the window is missing from a stale read.
	fresh := uniqueKey(t)
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: fresh}); err != nil {
		t.Fatal(err)
	}
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(stack.TableName), Key: fresh})
	if err != nil || out.Item != nil {
		t.Errorf("stale GetItem of a new item = %v, %v; want no item", out.Item, err)
	}
}
