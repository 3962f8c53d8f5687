package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// APIToken is a staff member's personal token for scripts. Only its secret's hash is kept.
type APIToken struct {
	OrgID      string    `dynamodbav:"orgId" json:"-"`
	ID         string    `dynamodbav:"id" json:"id"`
	Name       string    `dynamodbav:"name" json:"name"`
	UserID     string    `dynamodbav:"userId" json:"-"`
	Role       string    `dynamodbav:"role" json:"role"`
	SecretHash string    `dynamodbav:"secretHash" json:"-"`
	CreatedAt  time.Time `dynamodbav:"createdAt" json:"createdAt"`
	LastUsedAt time.Time `dynamodbav:"lastUsedAt,omitempty" json:"lastUsedAt,omitzero"`
}

type apiTokenItem struct {
	PK, SK, GSI1PK, GSI1SK string
	APIToken
}

// CreateAPIToken stores a token.
func (s *Store) CreateAPIToken(ctx context.Context, t APIToken) error {
	return putNew(ctx, s, apiTokenItem{PK: orgPK(t.OrgID), SK: "APITOKEN#" + t.ID,
		GSI1PK: userIndexPK(t.OrgID, t.UserID), GSI1SK: "APITOKEN#" + timeKey(t.CreatedAt) + "#" + t.ID, APIToken: t}, "create API token")
}

// GetAPIToken returns a token of org, or ErrNotFound. The read is strongly consistent, like a
// session's: a token works from the request after its creation and stops with its revocation.
func (s *Store) GetAPIToken(ctx context.Context, org, id string) (APIToken, error) {
	it, err := getItem[apiTokenItem](ctx, s, key(orgPK(org), "APITOKEN#"+id), true, "get API token")
	return it.APIToken, err
}

// ListAPITokens lists every token of a user, oldest first (every page of the Query: callers
// count them against the per-user bound).
func (s *Store) ListAPITokens(ctx context.Context, org, user string) ([]APIToken, error) {
	all, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :p AND begins_with(GSI1SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(userIndexPK(org, user)), ":s": s1("APITOKEN#")}})
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	var items []apiTokenItem
	if err := attributevalue.UnmarshalListOfMaps(all, &items); err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	toks := make([]APIToken, len(items))
	for i, it := range items {
		toks[i] = it.APIToken
	}
	return toks, nil
}

// DeleteAPIToken revokes a token of user. ErrNotFound when user has no such token.
func (s *Store) DeleteAPIToken(ctx context.Context, org, user, id string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(orgPK(org), "APITOKEN#"+id),
		ConditionExpression:       aws.String("userId = :u"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":u": s1(user)}})
	if isConditionFailed(err) {
		return fmt.Errorf("delete API token %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("delete API token %s: %w", id, err)
	}
	return nil
}

// TouchAPIToken records a token's last use.
func (s *Store) TouchAPIToken(ctx context.Context, org, id string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(orgPK(org), "APITOKEN#"+id),
		UpdateExpression: aws.String("SET lastUsedAt = :t"), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": s1(s.Now().Format(time.RFC3339Nano))}})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("touch API token %s: %w", id, err)
	}
	return nil
}
