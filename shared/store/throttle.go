package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ThrottleKey names a login-failure counter: kind is "acct" or "ip", hash the SHA-256 of the
// email or address (so the table holds neither).
type ThrottleKey struct{ Kind, Hash string }

func (k ThrottleKey) pk() string { return "THROTTLE#" + k.Kind + "#" + k.Hash }

// AddFailure counts one failed login for each key in the window starting at window, kept
// until expires.
func (s *Store) AddFailure(ctx context.Context, window, expires time.Time, keys ...ThrottleKey) error {
	for _, k := range keys {
		_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(k.pk(), timeKey(window)),
			UpdateExpression: aws.String("ADD failures :one SET expiresAt = :exp"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1),
				":exp": n(expires.Unix())}})
		if err != nil {
			return fmt.Errorf("count login failure: %w", err)
		}
	}
	return nil
}

// Failures returns the failures counted for each key in the window, in the keys' order. The
// store's BatchGetItem asks again for keys DynamoDB leaves unprocessed (throttling), so a
// throttled read never counts too few failures: it counts them all or fails.
func (s *Store) Failures(ctx context.Context, window time.Time, keys ...ThrottleKey) ([]int, error) {
	req := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		req[i] = key(k.pk(), timeKey(window))
	}
	out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		s.table: {Keys: req, ProjectionExpression: aws.String("PK, failures")}}})
	if err != nil {
		return nil, fmt.Errorf("read login failures: %w", err)
	}
	byPK := map[string]int{}
	for _, it := range out.Responses[s.table] {
		pk, _ := it["PK"].(*types.AttributeValueMemberS)
		f, _ := it["failures"].(*types.AttributeValueMemberN)
		if pk != nil && f != nil {
			v, _ := strconv.Atoi(f.Value)
			byPK[pk.Value] = v
		}
	}
	counts := make([]int, len(keys))
	for i, k := range keys {
		counts[i] = byPK[k.pk()]
	}
	return counts, nil
}
