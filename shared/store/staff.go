package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Staff roles.
const (
	RoleAdmin = "admin"
	RoleUser  = "user"
)

// Staff is a company user of the staff console.
type Staff struct {
	OrgID             string    `dynamodbav:"orgId" json:"-"`
	ID                string    `dynamodbav:"id" json:"id"`
	Email             string    `dynamodbav:"email" json:"email"`
	Name              string    `dynamodbav:"name" json:"name"`
	Role              string    `dynamodbav:"role" json:"role"`
	Status            string    `dynamodbav:"status" json:"-"`
	PasswordHash      string    `dynamodbav:"passwordHash" json:"-"`
	PasswordChangedAt time.Time `dynamodbav:"passwordChangedAt" json:"-"`
	CreatedAt         time.Time `dynamodbav:"createdAt" json:"-"`
	// ResetHash is the hash of the account's one current reset or setup token (ResetToken).
	ResetHash string `dynamodbav:"resetHash,omitempty" json:"-"`
}

type staffItem struct {
	PK, SK string
	Staff
}

type emailItem struct {
	PK, SK string
	OrgID  string `dynamodbav:"orgId"`
	UserID string `dynamodbav:"userId"`
}

// NormalizeEmail is the form an email is unique in: trimmed and lower case.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func staffEmailPK(email string) string { return "STAFFEMAIL#" + NormalizeEmail(email) }

// CreateStaff stores a staff account and claims its email in the whole deployment, in one
// transaction. ErrExists when the email is taken.
func (s *Store) CreateStaff(ctx context.Context, u Staff) error {
	u.Email = NormalizeEmail(u.Email)
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.Now()
	}
	if u.Status == "" {
		u.Status = "active"
	}
	user, err := attributevalue.MarshalMap(staffItem{PK: orgPK(u.OrgID), SK: "STAFF#" + u.ID, Staff: u})
	if err != nil {
		return fmt.Errorf("create staff %s: %w", u.Email, err)
	}
	email, err := attributevalue.MarshalMap(emailItem{PK: staffEmailPK(u.Email), SK: "STAFFEMAIL", OrgID: u.OrgID, UserID: u.ID})
	if err != nil {
		return fmt.Errorf("create staff %s: %w", u.Email, err)
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &s.table, Item: email, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Put: &types.Put{TableName: &s.table, Item: user, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
	}})
	if r := cancelReasons(err); r != nil && (r[0] == "ConditionalCheckFailed" || r[1] == "ConditionalCheckFailed") {
		return fmt.Errorf("create staff %s: %w", u.Email, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("create staff %s: %w", u.Email, err)
	}
	return nil
}

// GetStaff returns a staff account of org, or ErrNotFound. The read is eventually
// consistent (a name for the audit log, the console's own profile); logins read through
// StaffByEmail.
func (s *Store) GetStaff(ctx context.Context, org, id string) (Staff, error) {
	it, err := getItem[staffItem](ctx, s, key(orgPK(org), "STAFF#"+id), false, "get staff "+id)
	return it.Staff, err
}

// StaffByEmail finds a staff account by email in the whole deployment, or ErrNotFound. Both
// reads are strongly consistent: a login right after a password reset or an account's
// creation must check the password hash and status as they are now.
func (s *Store) StaffByEmail(ctx context.Context, email string) (Staff, error) {
	it, err := getItem[emailItem](ctx, s, key(staffEmailPK(email), "STAFFEMAIL"), true, "staff by email")
	if err != nil {
		return Staff{}, err
	}
	u, err := getItem[staffItem](ctx, s, key(orgPK(it.OrgID), "STAFF#"+it.UserID), true, "get staff "+it.UserID)
	return u.Staff, err
}

// ListStaff lists every staff account of an organization (every page of the Query).
func (s *Store) ListStaff(ctx context.Context, org string) ([]Staff, error) {
	all, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(orgPK(org)), ":s": s1("STAFF#")}})
	if err != nil {
		return nil, fmt.Errorf("list staff of %s: %w", org, err)
	}
	var items []staffItem
	if err := attributevalue.UnmarshalListOfMaps(all, &items); err != nil {
		return nil, fmt.Errorf("list staff of %s: %w", org, err)
	}
	staff := make([]Staff, len(items))
	for i, it := range items {
		staff[i] = it.Staff
	}
	return staff, nil
}

// setPassword is the update of a password; callers put it in a transaction. It takes the
// account's reset token away (resetHash): a link sent before a password change no longer
// works after it (the token's item, unusable without the pointer, expires with its TTL).
func (s *Store) setPassword(org, userID, hash string) *types.Update {
	return &types.Update{TableName: &s.table, Key: key(orgPK(org), "STAFF#"+userID),
		UpdateExpression:          aws.String("SET passwordHash = :h, passwordChangedAt = :t REMOVE resetHash"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":h": s1(hash), ":t": s1(s.Now().Format(time.RFC3339Nano))}}
}

// RehashPassword replaces a password hash made with older parameters, if the stored hash is
// still old: a password change that commits meanwhile is never overwritten by the old
// password's new hash. ErrVersion when it changed.
func (s *Store) RehashPassword(ctx context.Context, org, userID, old, hash string) error {
	u := s.setPassword(org, userID, hash)
	u.ExpressionAttributeValues[":old"] = s1(old)
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: u.TableName, Key: u.Key, UpdateExpression: u.UpdateExpression,
		ConditionExpression: aws.String("passwordHash = :old"), ExpressionAttributeValues: u.ExpressionAttributeValues})
	if isConditionFailed(err) {
		return fmt.Errorf("rehash password of %s: %w", userID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("rehash password of %s: %w", userID, err)
	}
	return nil
}
