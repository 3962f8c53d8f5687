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
	// ExpiresAt is when the token stops working. A token stored before tokens expired has
	// none and reads as expiring DefaultAPITokenLifetimeDays after its creation.
	ExpiresAt  time.Time `dynamodbav:"expiresAt,omitempty" json:"expiresAt"`
	LastUsedAt time.Time `dynamodbav:"lastUsedAt,omitempty" json:"lastUsedAt,omitzero"`
}

// Expired tells whether the token no longer works at now.
func (t APIToken) Expired(now time.Time) bool { return !now.Before(t.ExpiresAt) }

// withDefaults gives a token stored before tokens expired its expiry.
func (t APIToken) withDefaults() APIToken {
	if t.ExpiresAt.IsZero() {
		t.ExpiresAt = t.CreatedAt.AddDate(0, 0, DefaultAPITokenLifetimeDays)
	}
	return t
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
	return it.APIToken.withDefaults(), err
}

// ListAPITokens lists every token of a user, oldest first (every page of the Query: callers
// count them against the per-user bound).
func (s *Store) ListAPITokens(ctx context.Context, org, user string) ([]APIToken, error) {
	return queryAllOf(ctx, s, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :p AND begins_with(GSI1SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(userIndexPK(org, user)), ":s": s1("APITOKEN#")}},
		"list API tokens", decodeAPIToken)
}

// ListOrgAPITokens lists every token of an organization, of every user, in the order of their
// ids, from strongly consistent reads of the table (every page): off-boarding deletes what it
// lists, so it must list a token created just before. user, when set, keeps one user's.
func (s *Store) ListOrgAPITokens(ctx context.Context, org, user string) ([]APIToken, error) {
	in := &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(orgPK(org)), ":s": s1("APITOKEN#")}}
	if user != "" {
		in.FilterExpression = aws.String("userId = :u")
		in.ExpressionAttributeValues[":u"] = s1(user)
	}
	return queryAllOf(ctx, s, in, "list API tokens of "+org, decodeAPIToken)
}

var decodeAPIToken = decodeVia(func(it apiTokenItem) APIToken { return it.APIToken.withDefaults() })

// deleteAPIToken is the deletion of a token, for a transaction or a batch.
func (s *Store) deleteAPIToken(org, id string) *types.Delete {
	return &types.Delete{TableName: &s.table, Key: key(orgPK(org), "APITOKEN#"+id)}
}

// demoteAPIToken sets a token's role to user, if the token still exists; for a transaction.
func (s *Store) demoteAPIToken(org, id string) *types.Update {
	return &types.Update{TableName: &s.table, Key: key(orgPK(org), "APITOKEN#"+id),
		UpdateExpression: aws.String("SET #r = :u"), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames:  map[string]string{"#r": "role"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":u": s1(RoleUser)}}
}

// DeleteOrgAPIToken revokes any token of org (an admin's revocation) and returns it.
// ErrNotFound when org has no such token.
func (s *Store) DeleteOrgAPIToken(ctx context.Context, org, id string) (APIToken, error) {
	return s.deleteAPITokenIf(ctx, org, id, "attribute_exists(PK)", nil)
}

// DeleteAPIToken revokes a token of user and returns it. ErrNotFound when user has no such
// token.
func (s *Store) DeleteAPIToken(ctx context.Context, org, user, id string) (APIToken, error) {
	return s.deleteAPITokenIf(ctx, org, id, "userId = :u", map[string]types.AttributeValue{":u": s1(user)})
}

// deleteAPITokenIf deletes token id of org if cond holds (ErrNotFound otherwise) and returns
// the token deleted.
func (s *Store) deleteAPITokenIf(ctx context.Context, org, id, cond string, vals map[string]types.AttributeValue) (APIToken, error) {
	out, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(orgPK(org), "APITOKEN#"+id),
		ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals, ReturnValues: types.ReturnValueAllOld})
	if isConditionFailed(err) {
		return APIToken{}, fmt.Errorf("delete API token %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("delete API token %s: %w", id, err)
	}
	var old apiTokenItem
	if err := attributevalue.UnmarshalMap(out.Attributes, &old); err != nil {
		return APIToken{}, fmt.Errorf("delete API token %s: %w", id, err)
	}
	return old.APIToken.withDefaults(), nil
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
