package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Purposes of reset tokens.
const (
	// PurposeReset is a staff member's link for a forgotten password.
	PurposeReset = "reset"
	// PurposeSetup is a staff member's link to set a first password.
	PurposeSetup = "setup"
	// PurposePortalReset is a portal user's link for a forgotten password.
	PurposePortalReset = "portal-reset"
)

// ResetToken lets its holder set a user's password once: a staff member's (PurposeReset,
// PurposeSetup) or a portal user's (PurposePortalReset). It works until it expires and only
// while its user's resetHash names it: each user has one current token, so a newer token, and
// every change of the password, takes the earlier one away.
type ResetToken struct {
	Hash      string    `dynamodbav:"hash"`
	OrgID     string    `dynamodbav:"orgId"`
	UserID    string    `dynamodbav:"userId"`
	Purpose   string    `dynamodbav:"purpose"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"` // also the TTL
}

type resetItem struct {
	PK, SK string
	ResetToken
}

func resetPK(hash string) string { return "RESET#" + hash }

func resetKey(hash string) map[string]types.AttributeValue { return key(resetPK(hash), "RESET") }

// userKey is the key of the user whose password the token sets.
func (t ResetToken) userKey() map[string]types.AttributeValue {
	if t.Purpose == PurposePortalReset {
		return key(orgPK(t.OrgID), portalUserSK(t.UserID))
	}
	return key(orgPK(t.OrgID), "STAFF#"+t.UserID)
}

// CreateResetToken makes t its user's one current reset token, in one transaction: the token's
// item, the user's resetHash set to t.Hash on the condition that it still names prev (the
// user's resetHash as read with the user; "" for none), and the deletion of prev's item. The
// earlier link stops working at once. request, when not "", is the mail request (see
// RequestMail) the token answers: it must not be done yet, and it records the token's hash.
//
// ErrVersion when the user's current token changed meanwhile, or the user is gone (read the
// user again); ErrNotFound when the request is done or gone.
func (s *Store) CreateResetToken(ctx context.Context, t ResetToken, prev, request string) error {
	item, err := attributevalue.MarshalMap(resetItem{PK: resetPK(t.Hash), SK: "RESET", ResetToken: t})
	if err != nil {
		return fmt.Errorf("create reset token: %w", err)
	}
	user := &types.Update{TableName: &s.table, Key: t.userKey(),
		UpdateExpression:          aws.String("SET resetHash = :h"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(resetHash)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":h": s1(t.Hash)}}
	if prev != "" {
		user.ConditionExpression = aws.String("resetHash = :prev")
		user.ExpressionAttributeValues[":prev"] = s1(prev)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	tx.add(types.TransactWriteItem{Update: user}, ErrVersion)
	if request != "" {
		tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: mailRequestKey(request),
			UpdateExpression:          aws.String("SET tokenHash = :h"),
			ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(doneAt)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":h": s1(t.Hash)}}}, ErrNotFound)
	}
	if prev != "" {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: resetKey(prev)}}, nil)
	}
	return tx.write(ctx, s, "create reset token for "+t.UserID)
}

// GetResetToken returns a token that has not expired, or ErrNotFound. Whether it is still its
// user's current token is the condition of its use.
func (s *Store) GetResetToken(ctx context.Context, hash string) (ResetToken, error) {
	it, err := getItem[resetItem](ctx, s, resetKey(hash), true, "get reset token")
	if err != nil {
		return ResetToken{}, err
	}
	if !s.Now().Before(it.ExpiresAt) {
		return ResetToken{}, fmt.Errorf("get reset token: %w", ErrNotFound)
	}
	return it.ResetToken, nil
}

// useToken is the deletion of a token that must exist and not have expired, for the
// transaction that uses it.
func (s *Store) useToken(hash string) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: resetKey(hash),
		ConditionExpression:       aws.String("attribute_exists(PK) AND expiresAt > :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(s.Now().Unix())}}}
}

// UseResetToken consumes a staff token (reset or setup) and sets the password hash of its
// account in one transaction, conditioned on the token being the account's current one, then
// ends the account's sessions. ErrNotFound when the token was used, expired, superseded by a
// newer token or a password change, or never existed (two parallel uses: exactly one
// succeeds).
func (s *Store) UseResetToken(ctx context.Context, t ResetToken, passwordHash string) error {
	if t.Purpose != PurposeReset && t.Purpose != PurposeSetup {
		return fmt.Errorf("use reset token: %w", ErrNotFound)
	}
	// The sessions end before the password changes too, so a failure after the change leaves
	// no session of the old password behind.
	if err := s.DeleteUserSessions(ctx, t.OrgID, t.UserID); err != nil {
		return err
	}
	set := s.setPassword(t.OrgID, t.UserID, passwordHash)
	set.ConditionExpression = aws.String("resetHash = :r")
	set.ExpressionAttributeValues[":r"] = s1(t.Hash)
	var tx txn
	tx.add(s.useToken(t.Hash), ErrNotFound)
	tx.add(types.TransactWriteItem{Update: set}, ErrNotFound)
	if err := tx.write(ctx, s, "use reset token"); err != nil {
		return err
	}
	return s.DeleteUserSessions(ctx, t.OrgID, t.UserID)
}
