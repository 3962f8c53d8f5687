package bench

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/store"
)

// fakeDB is a store.DB that answers reads from the test's functions and counts the calls;
// the calls a test does not set panic (through the nil embedded interface).
type fakeDB struct {
	store.DB
	mu         sync.Mutex
	ops        []string
	getItem    func(*dynamodb.GetItemInput) (*dynamodb.GetItemOutput, error)
	query      func(*dynamodb.QueryInput) (*dynamodb.QueryOutput, error)
	batchWrite func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error)
}

func (f *fakeDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	f.op("GetItem")
	return f.getItem(in)
}

func (f *fakeDB) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	f.op("Query")
	return f.query(in)
}

func (f *fakeDB) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	f.op("BatchGetItem")
	return &dynamodb.BatchGetItemOutput{}, nil
}

func (f *fakeDB) BatchWriteItem(_ context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	f.op("BatchWriteItem")
	return f.batchWrite(in)
}

func (f *fakeDB) op(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = append(f.ops, name)
}

func str(v string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: v} }

func TestCallLogRecordsAndPassesCallsOn(t *testing.T) {
	item := map[string]types.AttributeValue{"PK": str("A")}
	next := &fakeDB{
		getItem: func(*dynamodb.GetItemInput) (*dynamodb.GetItemOutput, error) {
			return &dynamodb.GetItemOutput{Item: item}, nil
		},
		query: func(*dynamodb.QueryInput) (*dynamodb.QueryOutput, error) { return &dynamodb.QueryOutput{Count: 3}, nil },
	}
	log := &CallLog{Next: next}
	get := &dynamodb.GetItemInput{TableName: aws.String("t")}
	q := &dynamodb.QueryInput{TableName: aws.String("t"), IndexName: aws.String("GSI1")}
	got, err := log.GetItem(t.Context(), get)
	if err != nil || got.Item["PK"].(*types.AttributeValueMemberS).Value != "A" {
		t.Fatalf("GetItem = %v, %v; want the next DB's answer", got, err)
	}
	if out, err := log.Query(t.Context(), q); err != nil || out.Count != 3 {
		t.Fatalf("Query = %v, %v; want the next DB's answer", out, err)
	}
	calls := log.Calls()
	if got, want := Ops(calls), []string{"GetItem", "Query"}; !slices.Equal(got, want) {
		t.Errorf("ops = %v, want %v", got, want)
	}
	if calls[0].Input != get || calls[1].Input != q {
		t.Errorf("inputs = %v, want the very inputs passed", calls)
	}
	if got, want := next.ops, []string{"GetItem", "Query"}; !slices.Equal(got, want) {
		t.Errorf("next DB saw %v, want %v", got, want)
	}
}

func TestCallLogWithoutNextWritesNothing(t *testing.T) {
	log := &CallLog{}
	ctx := t.Context()
	if out, err := log.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{}); err != nil || out == nil {
		t.Errorf("TransactWriteItems = %v, %v; want an empty output", out, err)
	}
	if out, err := log.GetItem(ctx, &dynamodb.GetItemInput{}); err != nil || out == nil || out.Item != nil {
		t.Errorf("GetItem = %v, %v; want an empty output", out, err)
	}
	_, _ = log.PutItem(ctx, &dynamodb.PutItemInput{})
	_, _ = log.UpdateItem(ctx, &dynamodb.UpdateItemInput{})
	_, _ = log.DeleteItem(ctx, &dynamodb.DeleteItemInput{})
	_, _ = log.Query(ctx, &dynamodb.QueryInput{})
	_, _ = log.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{})
	_, _ = log.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{})
	want := []string{"TransactWriteItems", "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem", "BatchWriteItem"}
	if got := Ops(log.Calls()); !slices.Equal(got, want) {
		t.Errorf("ops = %v, want %v", got, want)
	}
}

func TestCheckReads(t *testing.T) {
	tests := []struct {
		name    string
		calls   []Call
		wantErr string
	}{
		{"none", nil, ""},
		{"reads", []Call{{"GetItem", &dynamodb.GetItemInput{}}, {"Query", &dynamodb.QueryInput{}}, {"BatchGetItem", &dynamodb.BatchGetItemInput{}}}, ""},
		{"a touch", []Call{{"GetItem", &dynamodb.GetItemInput{}}, {"UpdateItem", &dynamodb.UpdateItemInput{}}}, "call 2 is UpdateItem"},
		{"a write first", []Call{{"PutItem", &dynamodb.PutItemInput{}}}, "call 1 is PutItem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckReads(tt.calls)
			if tt.wantErr == "" && err != nil {
				t.Errorf("CheckReads = %v, want nil", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("CheckReads = %v, want an error with %q", err, tt.wantErr)
			}
		})
	}
}

func TestReplayMakesTheRecordedCallsInOrder(t *testing.T) {
	get := &dynamodb.GetItemInput{TableName: aws.String("session")}
	q := &dynamodb.QueryInput{TableName: aws.String("page")}
	var seen []any
	db := &fakeDB{
		getItem: func(in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, error) {
			seen = append(seen, in)
			return &dynamodb.GetItemOutput{}, nil
		},
		query: func(in *dynamodb.QueryInput) (*dynamodb.QueryOutput, error) {
			seen = append(seen, in)
			return &dynamodb.QueryOutput{}, nil
		},
	}
	calls := []Call{{"GetItem", get}, {"GetItem", get}, {"Query", q}, {"BatchGetItem", &dynamodb.BatchGetItemInput{}}}
	if _, err := Replay(t.Context(), db, calls); err != nil {
		t.Fatal(err)
	}
	if got, want := db.ops, []string{"GetItem", "GetItem", "Query", "BatchGetItem"}; !slices.Equal(got, want) {
		t.Errorf("ops = %v, want %v", got, want)
	}
	if len(seen) != 3 || seen[0] != get || seen[1] != get || seen[2] != q {
		t.Errorf("inputs = %v, want the recorded ones", seen)
	}
}

func TestReplayStopsAtAFailedCallAndRefusesWrites(t *testing.T) {
	boom := errors.New("boom")
	db := &fakeDB{getItem: func(*dynamodb.GetItemInput) (*dynamodb.GetItemOutput, error) { return nil, boom }}
	_, err := Replay(t.Context(), db, []Call{{"GetItem", &dynamodb.GetItemInput{}}, {"Query", &dynamodb.QueryInput{}}})
	if !errors.Is(err, boom) {
		t.Errorf("Replay = %v, want %v", err, boom)
	}
	if got, want := db.ops, []string{"GetItem"}; !slices.Equal(got, want) {
		t.Errorf("ops = %v, want %v", got, want)
	}
	db.ops = nil
	if _, err := Replay(t.Context(), db, []Call{{"GetItem", &dynamodb.GetItemInput{}}, {"UpdateItem", &dynamodb.UpdateItemInput{}}}); err == nil {
		t.Error("Replay with a write succeeded, want an error")
	}
	if len(db.ops) != 0 {
		t.Errorf("Replay with a write made %v, want no call at all", db.ops)
	}
}

func TestPutItems(t *testing.T) {
	a := map[string]types.AttributeValue{"PK": str("a")}
	b := map[string]types.AttributeValue{"PK": str("b")}
	c := map[string]types.AttributeValue{"PK": str("c")}
	tx := func(items ...types.TransactWriteItem) *dynamodb.TransactWriteItemsInput {
		return &dynamodb.TransactWriteItemsInput{TransactItems: items}
	}
	put := func(it map[string]types.AttributeValue) types.TransactWriteItem {
		return types.TransactWriteItem{Put: &types.Put{Item: it, ConditionExpression: aws.String("attribute_not_exists(PK)")}}
	}
	tests := []struct {
		name    string
		calls   []Call
		want    []string
		wantErr bool
	}{
		{"transactions and a put, in order", []Call{{"TransactWriteItems", tx(put(a), put(b))}, {"PutItem", &dynamodb.PutItemInput{Item: c}}}, []string{"a", "b", "c"}, false},
		{"a delete in a transaction", []Call{{"TransactWriteItems", tx(put(a), types.TransactWriteItem{Delete: &types.Delete{}})}}, nil, true},
		{"a read", []Call{{"GetItem", &dynamodb.GetItemInput{}}}, nil, true},
		{"nothing put", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := PutItems(tt.calls)
			if (err != nil) != tt.wantErr {
				t.Fatalf("PutItems error = %v, want error %v", err, tt.wantErr)
			}
			var got []string
			for _, it := range items {
				got = append(got, it["PK"].(*types.AttributeValueMemberS).Value)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("items = %v, want %v", got, tt.want)
			}
		})
	}
}
