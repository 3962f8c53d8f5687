package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Page is one page of a list: its items, the cursor of the rest (Next, empty on the last
// page) and, for each item, the cursor that resumes the list right after it, so that a caller
// that answers only the first items of a page (to stay within a size budget) can still hand
// out a cursor that loses nothing.
type Page[T any] struct {
	Items []T
	Next  string
	after []string
}

// CursorAfter is the cursor that resumes the list right after Items[i]. After the last item
// it is Next (which may skip items the query's filter left out), so a page answered whole
// and a page cut after its last item agree.
func (p Page[T]) CursorAfter(i int) string {
	if i < 0 || i >= len(p.Items)-1 || i >= len(p.after) {
		return p.Next
	}
	return p.after[i]
}

// itemCursor is the cursor of a list whose partition is partition that resumes after item:
// the item's values of the key attributes attrs (the table's key and, on an index, the
// index's key), as DynamoDB's LastEvaluatedKey would name them.
func itemCursor(partition string, item map[string]types.AttributeValue, attrs ...string) string {
	k := make(map[string]types.AttributeValue, len(attrs))
	for _, a := range attrs {
		if v, ok := item[a]; ok {
			k[a] = v
		}
	}
	return encodeCursor(partition, k)
}

// list names one page of a list: the partition its cursors are bound to and the attribute
// that holds it (PK, or an index's partition key, whose sort key is named after it), the page
// size asked for (see clampLimit), the cursor the previous page handed out, and op, which
// names the list in errors.
type list struct {
	partition, pkAttr string
	limit             int
	cursor            string
	op                string
}

// queryPage answers one page of l with one Query. The cursor must be one made for l
// (ErrBadCursor otherwise); build then makes the Query (key condition, filter, index, order,
// read consistency; nil: an empty page, without a call), to which queryPage adds the Limit
// and the ExclusiveStartKey; decode turns each item into a T. Next is DynamoDB's
// LastEvaluatedKey as a cursor of l (empty on the last page); the cursor after each item is
// its key (the table's, and the index's on an index). A filtered page may hold fewer items
// than the limit and still have a Next.
func queryPage[T any](ctx context.Context, s *Store, l list, build func() (*dynamodb.QueryInput, error),
	decode func(map[string]types.AttributeValue) (T, error)) (Page[T], error) {
	start, err := decodeCursor(l.partition, l.pkAttr, l.cursor)
	if err != nil {
		return Page[T]{}, err
	}
	in, err := build()
	if err != nil || in == nil {
		return Page[T]{}, err
	}
	in.Limit = aws.Int32(int32(clampLimit(l.limit)))
	in.ExclusiveStartKey = start
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return Page[T]{}, fmt.Errorf("%s: %w", l.op, err)
	}
	attrs := []string{"PK", "SK"}
	if l.pkAttr != "PK" {
		attrs = append(attrs, l.pkAttr, strings.TrimSuffix(l.pkAttr, "PK")+"SK")
	}
	p := Page[T]{Items: make([]T, 0, len(out.Items)), after: make([]string, 0, len(out.Items)),
		Next: encodeCursor(l.partition, out.LastEvaluatedKey)}
	for _, item := range out.Items {
		v, err := decode(item)
		if err != nil {
			return Page[T]{}, fmt.Errorf("%s: %w", l.op, err)
		}
		p.Items = append(p.Items, v)
		p.after = append(p.after, itemCursor(l.partition, item, attrs...))
	}
	return p, nil
}

// decodeVia is a decode of queryPage for items stored as an I (the item with its keys), of
// which get gives the T.
func decodeVia[I, T any](get func(I) T) func(map[string]types.AttributeValue) (T, error) {
	return func(item map[string]types.AttributeValue) (T, error) {
		var it I
		if err := attributevalue.UnmarshalMap(item, &it); err != nil {
			var zero T
			return zero, err
		}
		return get(it), nil
	}
}

// queryAllOf runs in to its end (queryAll) and decodes every item with decode; op names the
// list in errors.
func queryAllOf[T any](ctx context.Context, s *Store, in *dynamodb.QueryInput, op string,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	all, err := s.queryAll(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	out := make([]T, 0, len(all))
	for _, item := range all {
		v, err := decode(item)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, v)
	}
	return out, nil
}
