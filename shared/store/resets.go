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
