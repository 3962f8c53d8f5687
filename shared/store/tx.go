package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// txn is a transaction being built: each item is added with what the failure of its condition
// means, and a cancellation is read back through the items themselves. DynamoDB answers a
// cancelled transaction with one reason per item, in the order sent; matching them here, by
// the index each item was given when added, means no caller keeps positions in step with the
// order it appends in.
type txn struct {
	items []types.TransactWriteItem
	fails []func(types.CancellationReason) error
	// otherwise is the error of a cancellation that no item's failed condition explains
	// (another reason, or a failed item added without a meaning); nil: DynamoDB's own error.
	otherwise error
	// prefer orders the meanings when several items' conditions fail at once: the first of
	// prefer that one of them means wins; without one, the first failed item as added.
	prefer []error
}

// add appends it; a failure of its condition means fail (nil: no meaning of its own, for an
// item without a condition or one whose failure the transaction's otherwise covers).
func (t *txn) add(it types.TransactWriteItem, fail error) {
	t.addFunc(it, func(types.CancellationReason) error { return fail })
}

// addAll appends each of its with the same meaning of failure.
func (t *txn) addAll(its []types.TransactWriteItem, fail error) {
	for _, it := range its {
		t.add(it, fail)
	}
}

// addFunc appends it; fail says what a failure of its condition means from DynamoDB's reason
// (with the item as it was, when the item asked for it).
func (t *txn) addFunc(it types.TransactWriteItem, fail func(types.CancellationReason) error) {
	t.items = append(t.items, it)
	t.fails = append(t.fails, fail)
}

// failure is the error a cancelled transaction's reasons mean: the meaning of an item whose
// condition failed (see prefer when several did); else otherwise; nil when err is not a
// cancellation (or no meaning applies and otherwise is nil).
func (t *txn) failure(err error) error {
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) {
		return nil
	}
	var meant []error
	for i, r := range tc.CancellationReasons {
		if i >= len(t.fails) || r.Code == nil || *r.Code != "ConditionalCheckFailed" {
			continue
		}
		if e := t.fails[i](r); e != nil {
			meant = append(meant, e)
		}
	}
	for _, p := range t.prefer {
		for _, e := range meant {
			if errors.Is(e, p) {
				return e
			}
		}
	}
	if len(meant) > 0 {
		return meant[0]
	}
	return t.otherwise
}

// write sends the transaction: nil, the failure its cancellation means (see failure), or
// DynamoDB's error, each wrapped with op.
func (t *txn) write(ctx context.Context, s *Store, op string) error {
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: t.items})
	if f := t.failure(err); f != nil {
		return fmt.Errorf("%s: %w", op, f)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
