// Package store is the only package that speaks DynamoDB for the portal's data. It builds
// every key of docs/data-model.md and turns conditional-check and transaction failures into
// the errors below, which callers map to HTTP answers.
package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DB is the set of DynamoDB calls the store makes.
type DB interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

var _ DB = (*dynamodb.Client)(nil)

// Errors the store returns; callers test them with errors.Is.
var (
	// ErrNotFound: the item does not exist (or is expired, or belongs to another organization).
	ErrNotFound = errors.New("not found")
	// ErrExists: a unique value (email, external id) is taken.
	ErrExists = errors.New("already exists")
	// ErrVersion: the item changed since the version the caller read.
	ErrVersion = errors.New("version mismatch")
	// ErrBadCursor: a list cursor that this store did not make for this list.
	ErrBadCursor = errors.New("invalid cursor")
)

// Store reads and writes the portal's items in one table.
type Store struct {
	db    DB
	table string
	now   func() time.Time
}

// New returns a store over table. now is the clock (time.Now when nil). Every call goes
// through retryingDB: a transaction cancelled only for a conflict is retried, and a batch
// returns only when all of it is done (retry.go). Reads of items the request prefetched are
// answered from its context first (Prefetch).
func New(db DB, table string, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: prefetchDB{retryingDB{DB: db, tx: txBackoff, batch: batchBackoff}}, table: table, now: now}
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now().UTC() }

// MaxPage is the page size cap of every list.
const MaxPage = 100

// timeKey formats t so that keys sort by time.
func timeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

func orgPK(org string) string { return "ORG#" + org }

// isConditionFailed reports a failed condition of a single-item write.
func isConditionFailed(err error) bool {
	var c *types.ConditionalCheckFailedException
	return errors.As(err, &c)
}

// cancelReasons returns the cancellation codes of a failed transaction, one per item, or nil
// when err is not a cancelled transaction.
func cancelReasons(err error) []string {
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) {
		return nil
	}
	out := make([]string, len(tc.CancellationReasons))
	for i, r := range tc.CancellationReasons {
		if r.Code != nil {
			out[i] = *r.Code
		}
	}
	return out
}

// cursor is the opaque list position: the last evaluated key and the partition it belongs to.
type cursor struct {
	P string            `json:"p"`
	K map[string]string `json:"k"`
}

// encodeCursor turns a last evaluated key (string attributes only) into an opaque cursor.
func encodeCursor(partition string, lek map[string]types.AttributeValue) string {
	if len(lek) == 0 {
		return ""
	}
	c := cursor{P: partition, K: map[string]string{}}
	for k, v := range lek {
		if s, ok := v.(*types.AttributeValueMemberS); ok {
			c.K[k] = s.Value
		}
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// keyAttributes are the attributes a cursor may name.
var keyAttributes = map[string]bool{"PK": true, "SK": true, "GSI1PK": true, "GSI1SK": true, "GSI2PK": true, "GSI2SK": true}

// decodeCursor returns the exclusive start key of a cursor made for the list whose partition
// key attribute pkAttr is partition; a cursor of another list (or another organization) is
// ErrBadCursor.
func decodeCursor(partition, pkAttr, c64 string) (map[string]types.AttributeValue, error) {
	if c64 == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c64)
	if err != nil || len(b) > 4096 {
		return nil, ErrBadCursor
	}
	var c cursor
	err = json.Unmarshal(b, &c)
	if pk, ok := c.K[pkAttr]; err != nil || !ok || c.P != partition || pk != partition {
		return nil, ErrBadCursor
	}
	// Exactly the key of an item of that list: the table's key and, on an index, the index's
	// key; DynamoDB refuses any other start key with a validation error.
	want := map[string]bool{"PK": true, "SK": true, pkAttr: true, strings.TrimSuffix(pkAttr, "PK") + "SK": true}
	if len(c.K) != len(want) {
		return nil, ErrBadCursor
	}
	out := map[string]types.AttributeValue{}
	for k, v := range c.K {
		if !keyAttributes[k] || !want[k] {
			return nil, ErrBadCursor
		}
		out[k] = &types.AttributeValueMemberS{Value: v}
	}
	return out, nil
}

func s1(v string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: v} }

func n(v int64) *types.AttributeValueMemberN {
	return &types.AttributeValueMemberN{Value: fmt.Sprint(v)}
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"PK": s1(pk), "SK": s1(sk)}
}

// getItem reads the item at k into a T. op names the operation in errors; a missing item is
// ErrNotFound.
func getItem[T any](ctx context.Context, s *Store, k map[string]types.AttributeValue, consistent bool, op string) (T, error) {
	var v T
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: k, ConsistentRead: &consistent})
	if err != nil {
		return v, fmt.Errorf("%s: %w", op, err)
	}
	if out.Item == nil {
		return v, fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	if err := attributevalue.UnmarshalMap(out.Item, &v); err != nil {
		return v, fmt.Errorf("%s: %w", op, err)
	}
	return v, nil
}

// putNew writes v as a new item; an item already at its key is ErrExists. op names the
// operation in errors.
func putNew(ctx context.Context, s *Store, v any, op string) error {
	item, err := attributevalue.MarshalMap(v)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item,
		ConditionExpression:                 aws.String("attribute_not_exists(PK)"),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	if isConditionFailed(err) {
		// The SDK retries a put whose answer was lost on the way (a connection dropped after
		// DynamoDB wrote it); the retry then finds the item the first attempt wrote. The same
		// item, to the last attribute, is this write's own: it succeeded.
		var ccf *types.ConditionalCheckFailedException
		if errors.As(err, &ccf) && reflect.DeepEqual(ccf.Item, item) {
			return nil
		}
		return fmt.Errorf("%s: %w", op, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
