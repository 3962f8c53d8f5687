package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
)

// UseWindow is the fixed window CountUse counts uses in.
const UseWindow = time.Hour

// useKey is the counter of kind's uses by who in the hour from window.
func useKey(kind, who string, window time.Time) map[string]types.AttributeValue {
	return key(ThrottleKey{Kind: kind, Hash: auth.HashSecret(who)}.pk(), timeKey(window))
}

// CountUse counts one use of what kind names (such as "export") by who (such as an
// organization and a user id) in the fixed hour the store's clock is in, unless max uses were
// counted there already. ok is false when the hour is full; next is then when the next hour
// starts. One conditional ADD on one item (THROTTLE#{kind}#{SHA-256 of who}, the hour's start;
// kept until an hour after it ends by the table's TTL), so parallel uses never pass max and a
// refused use is not counted.
func (s *Store) CountUse(ctx context.Context, kind, who string, max int) (ok bool, next time.Time, err error) {
	window := s.Now().UTC().Truncate(UseWindow)
	next = window.Add(UseWindow)
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: useKey(kind, who, window),
		UpdateExpression:    aws.String("ADD uses :one SET expiresAt = :exp"),
		ConditionExpression: aws.String("attribute_not_exists(uses) OR uses < :max"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1), ":max": n(int64(max)),
			":exp": n(next.Add(UseWindow).Unix())}})
	switch {
	case isConditionFailed(err):
		return false, next, nil
	case err != nil:
		return false, next, fmt.Errorf("count a use of %s in the hour from %s: %w", kind, timeKey(window), err)
	}
	return true, next, nil
}

// UncountUse gives back a use CountUse counted at counted (its hour) for a request that then
// failed (a 503 the client sends again, an internal error), so that failures do not use up
// the hour. It never takes the count below 0, and does nothing once that hour is over.
func (s *Store) UncountUse(ctx context.Context, kind, who string, counted time.Time) error {
	window := counted.UTC().Truncate(UseWindow)
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: useKey(kind, who, window),
		UpdateExpression:          aws.String("ADD uses :minus"),
		ConditionExpression:       aws.String("uses > :zero"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":minus": n(-1), ":zero": n(0)}})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("uncount a use of %s in the hour from %s: %w", kind, timeKey(window), err)
	}
	return nil
}
