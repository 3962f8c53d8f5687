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

// ResetToken lets its holder set a staff account's password once.
type ResetToken struct {
	Hash      string    `dynamodbav:"hash"`
	OrgID     string    `dynamodbav:"orgId"`
	UserID    string    `dynamodbav:"userId"`
	Purpose   string    `dynamodbav:"purpose"` // "reset" or "setup"
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
}

type resetItem struct {
	PK, SK string
	ResetToken
}

func resetPK(hash string) string { return "RESET#" + hash }

// CreateResetToken stores a reset or first-password token.
func (s *Store) CreateResetToken(ctx context.Context, t ResetToken) error {
	item, err := attributevalue.MarshalMap(resetItem{PK: resetPK(t.Hash), SK: "RESET", ResetToken: t})
	if err != nil {
		return fmt.Errorf("create reset token: %w", err)
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item}); err != nil {
		return fmt.Errorf("create reset token: %w", err)
	}
	return nil
}

// GetResetToken returns a token that has not expired, or ErrNotFound.
func (s *Store) GetResetToken(ctx context.Context, hash string) (ResetToken, error) {
	it, err := getItem[resetItem](ctx, s, key(resetPK(hash), "RESET"), true, "get reset token")
	if err != nil {
		return ResetToken{}, err
	}
	if !s.Now().Before(it.ExpiresAt) {
		return ResetToken{}, fmt.Errorf("get reset token: %w", ErrNotFound)
	}
	return it.ResetToken, nil
}

// UseResetToken consumes the token and sets the password hash of its account in one
// transaction, then ends the account's sessions. ErrNotFound when the token was used,
// expired or never existed (two parallel uses: exactly one succeeds).
func (s *Store) UseResetToken(ctx context.Context, t ResetToken, passwordHash string) error {
	// The sessions end before the password changes too, so a failure after the change leaves
	// no session of the old password behind.
	if err := s.DeleteUserSessions(ctx, t.OrgID, t.UserID); err != nil {
		return err
	}
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Delete: &types.Delete{TableName: &s.table, Key: key(resetPK(t.Hash), "RESET"),
			ConditionExpression:       aws.String("attribute_exists(PK) AND expiresAt > :now"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(s.Now().Unix())}}},
		{Update: s.setPassword(t.OrgID, t.UserID, passwordHash)},
	}})
	if r := cancelReasons(err); r != nil {
		return fmt.Errorf("use reset token: %w", ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("use reset token: %w", err)
	}
	return s.DeleteUserSessions(ctx, t.OrgID, t.UserID)
}

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
