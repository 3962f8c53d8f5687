package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// UseWindow is the fixed window CountUse counts uses in.
const UseWindow = time.Hour

// CountUse counts one use of what kind names (such as "export") by who (such as an
// organization and a user id) in the fixed hour the store's clock is in, unless max uses were
// counted there already. ok is false when the hour is full; next is then when the next hour
// starts. One conditional ADD on one item (THROTTLE#{kind}#{SHA-256 of who}, the hour's start;
// kept until an hour after it ends by the table's TTL), so parallel uses never pass max and a
// refused use is not counted.
func (s *Store) CountUse(ctx context.Context, kind, who string, max int) (ok bool, next time.Time, err error) {
	window := s.Now().UTC().Truncate(UseWindow)
	next = window.Add(UseWindow)
	sum := sha256.Sum256([]byte(who))
	k := ThrottleKey{Kind: kind, Hash: hex.EncodeToString(sum[:])}
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(k.pk(), timeKey(window)),
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
