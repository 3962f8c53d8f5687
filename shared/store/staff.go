package store

import (
	"context"
	"errors"
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
	// Preferences are the member's own settings (GET/PUT /api/admin/me/preferences).
	Preferences StaffPreferences `dynamodbav:"preferences" json:"-"`
}

// StaffPreferences are a staff member's own settings: NotifyOff, the kinds of notification
// (access.StaffKinds) they turned off (no email and no notification in the console).
type StaffPreferences struct {
	NotifyOff []string `dynamodbav:"notifyOff" json:"notifyOff"`
}

// SetStaffPreferences saves a staff member's preferences; ErrNotFound when the member is gone.
func (s *Store) SetStaffPreferences(ctx context.Context, org, id string, p StaffPreferences) error {
	if p.NotifyOff == nil {
		p.NotifyOff = []string{}
	}
	av, err := attributevalue.Marshal(p)
	if err != nil {
		return fmt.Errorf("set preferences of staff %s: %w", id, err)
	}
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(orgPK(org), "STAFF#"+id),
		UpdateExpression: aws.String("SET preferences = :p"), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": av}})
	if isConditionFailed(err) {
		return fmt.Errorf("set preferences of staff %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set preferences of staff %s: %w", id, err)
	}
	return nil
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
	var tx txn
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: email, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: user, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	return tx.write(ctx, s, "create staff "+u.Email)
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
	return queryAllOf(ctx, s, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(orgPK(org)), ":s": s1("STAFF#")}},
		"list staff of "+org, decodeVia(func(it staffItem) Staff { return it.Staff }))
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

// Staff statuses: an inactive member cannot log in, and their sessions and tokens stop at once.
const (
	StaffActive   = "active"
	StaffInactive = "inactive"
)

// GetStaffConsistent returns a staff account of org as it is now, or ErrNotFound: the read
// every staff request makes of its member (role and status), and the one a change of role or
// status decides on.
func (s *Store) GetStaffConsistent(ctx context.Context, org, id string) (Staff, error) {
	it, err := getItem[staffItem](ctx, s, key(orgPK(org), "STAFF#"+id), true, "get staff "+id)
	return it.Staff, err
}

// ErrLastAdmin: the change would leave the organization without an active admin (the admin
// it was to keep is no longer one).
var ErrLastAdmin = errors.New("no other active admin")

// StaffChange is a change of a staff member's role or status and its side effects.
type StaffChange struct {
	// Role and Status are the new values.
	Role, Status string
	// KeepAdmin is another member who must still be an active admin when the change commits
	// (the change removes an admin); "" when the change removes none.
	KeepAdmin string
	// EndSessions deletes every session of the member (staff and previews).
	EndSessions bool
	// DeleteTokens deletes every API token of the member; DemoteTokens sets the role of each
	// to user instead.
	DeleteTokens, DemoteTokens bool
}

// maxTxItems is DynamoDB's bound on the items of one transaction.
const maxTxItems = 100

// ChangeStaff applies c to the member as the caller read it (from): the update is
// conditioned on the role and status it read (ErrVersion when either moved; ErrNotFound when
// the member is gone) and on c.KeepAdmin being an active admin (ErrLastAdmin). The member's
// sessions and tokens, listed by strongly consistent reads of the table, go in the same
// transaction. Both are bounded per user (MaxSessionsPerUser sessions of two items each, a
// bounded number of tokens), so the transaction fits; should a user hold more than one
// transaction takes, the change commits first and the rest is deleted item by item after it,
// which is still safe: every staff request reads its member's role and status as they are
// now, so a session or token left for a moment can do no more than the member now may.
// It returns the member after the change.
func (s *Store) ChangeStaff(ctx context.Context, from Staff, c StaffChange) (Staff, error) {
	org, id := from.OrgID, from.ID
	op := "change staff " + id
	update := &types.Update{TableName: &s.table, Key: key(orgPK(org), "STAFF#"+id),
		UpdateExpression:         aws.String("SET #r = :r, #s = :s"),
		ConditionExpression:      aws.String("#r = :fr AND #s = :fs"),
		ExpressionAttributeNames: map[string]string{"#r": "role", "#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":r": s1(c.Role), ":s": s1(c.Status),
			":fr": s1(from.Role), ":fs": s1(from.Status)},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}
	var tx txn
	tx.addFunc(types.TransactWriteItem{Update: update}, func(r types.CancellationReason) error {
		if r.Item == nil {
			return ErrNotFound // no member to compare with: gone
		}
		return ErrVersion
	})
	if c.KeepAdmin != "" {
		tx.add(types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &s.table,
			Key:                      key(orgPK(org), "STAFF#"+c.KeepAdmin),
			ConditionExpression:      aws.String("#r = :admin AND #s = :active"),
			ExpressionAttributeNames: map[string]string{"#r": "role", "#s": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":admin": s1(RoleAdmin), ":active": s1(StaffActive)}}}, ErrLastAdmin)
	}
	head := len(tx.items)
	var rest []types.TransactWriteItem
	if c.EndSessions {
		hashes, err := s.userSessionHashes(ctx, org, id)
		if err != nil {
			return Staff{}, fmt.Errorf("%s: %w", op, err)
		}
		for _, h := range hashes {
			rest = append(rest,
				types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(sessionPK(h), "SESSION")}},
				types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(userPK(org, id), userSessionSK(h))}})
		}
	}
	if c.DeleteTokens || c.DemoteTokens {
		toks, err := s.ListOrgAPITokens(ctx, org, id)
		if err != nil {
			return Staff{}, fmt.Errorf("%s: %w", op, err)
		}
		for _, t := range toks {
			switch {
			case c.DeleteTokens:
				rest = append(rest, types.TransactWriteItem{Delete: s.deleteAPIToken(org, t.ID)})
			case t.Role != RoleUser:
				rest = append(rest, types.TransactWriteItem{Update: s.demoteAPIToken(org, t.ID)})
			}
		}
	}
	after := len(rest) > maxTxItems-head
	if !after {
		// A token demoted here that was revoked meanwhile fails its condition: the caller
		// reads again and retries.
		tx.addAll(rest, ErrVersion)
	}
	if err := tx.write(ctx, s, op); err != nil {
		return Staff{}, err
	}
	if after {
		for _, it := range rest {
			if err := s.applyAfter(ctx, it); err != nil {
				return Staff{}, fmt.Errorf("%s: %w", op, err)
			}
		}
	}
	from.Role, from.Status = c.Role, c.Status
	return from, nil
}

// applyAfter applies one side effect of a change that did not fit its transaction.
func (s *Store) applyAfter(ctx context.Context, it types.TransactWriteItem) error {
	if d := it.Delete; d != nil {
		_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: d.TableName, Key: d.Key})
		return err
	}
	u := it.Update
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: u.TableName, Key: u.Key, UpdateExpression: u.UpdateExpression,
		ConditionExpression: u.ConditionExpression, ExpressionAttributeNames: u.ExpressionAttributeNames,
		ExpressionAttributeValues: u.ExpressionAttributeValues})
	if isConditionFailed(err) {
		return nil // the token was revoked meanwhile
	}
	return err
}
