package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Session is a logged-in browser. It is found by the hash of its secret.
type Session struct {
	Hash   string `dynamodbav:"hash"`
	OrgID  string `dynamodbav:"orgId"`
	UserID string `dynamodbav:"userId"`
	Kind   string `dynamodbav:"kind"` // "staff" or "portal"
	Role   string `dynamodbav:"role"`
	// UserName names the user in the audit log without another read.
	UserName string `dynamodbav:"userName,omitempty"`
	// Portal sessions: the user type, the Contact or Lead record the user is (the scope of
	// every portal query comes from here), and whether it is a staff admin's read-only preview.
	UserTypeID    string    `dynamodbav:"userTypeId,omitempty"`
	RecordID      string    `dynamodbav:"recordId,omitempty"`
	Preview       bool      `dynamodbav:"preview,omitempty"`
	CreatedAt     time.Time `dynamodbav:"createdAt"`
	LastSeenAt    time.Time `dynamodbav:"lastSeenAt"`
	IdleExpiresAt time.Time `dynamodbav:"idleExpiresAt"`
	ExpiresAt     time.Time `dynamodbav:"expiresAt,unixtime"` // absolute expiry; the TTL attribute
}

type sessionItem struct {
	PK, SK, GSI1PK, GSI1SK string
	Session
}

func sessionPK(hash string) string { return "SESSION#" + hash }

func userIndexPK(org, user string) string { return orgPK(org) + "#USER#" + user }

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, ss Session) error {
	return putNew(ctx, s, sessionItem{PK: sessionPK(ss.Hash), SK: "SESSION",
		GSI1PK: userIndexPK(ss.OrgID, ss.UserID), GSI1SK: "SESSION#" + timeKey(ss.CreatedAt), Session: ss}, "create session")
}

// GetSession returns the session whose secret hashes to hash, or ErrNotFound when there is
// none or it has passed its idle or absolute expiry.
func (s *Store) GetSession(ctx context.Context, hash string) (Session, error) {
	it, err := getItem[sessionItem](ctx, s, key(sessionPK(hash), "SESSION"), false, "get session")
	if err != nil {
		return Session{}, err
	}
	now := s.Now()
	if !now.Before(it.ExpiresAt) || !now.Before(it.IdleExpiresAt) {
		return Session{}, fmt.Errorf("get session: %w", ErrNotFound)
	}
	return it.Session, nil
}

// TouchSession moves a session's idle expiry (never past its absolute expiry).
func (s *Store) TouchSession(ctx context.Context, hash string, idleExpires time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(sessionPK(hash), "SESSION"),
		UpdateExpression:    aws.String("SET lastSeenAt = :now, idleExpiresAt = :idle"),
		ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":now": s1(s.Now().Format(time.RFC3339Nano)), ":idle": s1(idleExpires.UTC().Format(time.RFC3339Nano))}})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession removes a session (logout). Deleting a missing session is not an error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(sessionPK(hash), "SESSION")}); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions removes every session of a user (password change, reset, deactivation).
func (s *Store) DeleteUserSessions(ctx context.Context, org, user string) error {
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1"),
			KeyConditionExpression:    aws.String("GSI1PK = :p AND begins_with(GSI1SK, :s)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(userIndexPK(org, user)), ":s": s1("SESSION#")},
			ProjectionExpression:      aws.String("PK, SK"), ExclusiveStartKey: start})
		if err != nil {
			return fmt.Errorf("sessions of %s: %w", user, err)
		}
		for _, it := range out.Items {
			if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table,
				Key: map[string]types.AttributeValue{"PK": it["PK"], "SK": it["SK"]}}); err != nil {
				return fmt.Errorf("delete session of %s: %w", user, err)
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		start = out.LastEvaluatedKey
	}
}
