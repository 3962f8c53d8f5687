package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The kinds of person a second factor belongs to (Factor.Kind, PendingLogin.Kind).
const (
	FactorPortal = "portal"
	FactorStaff  = "staff"
)

// Factor is one person's second factors (docs/data-model.md, "Second factors"): the TOTP
// secret, sealed by the key service with the person's organization and id as its encryption
// context, the last time step a code was accepted at (a code of that step or an earlier one is
// refused: each code works once), and the hashes of the recovery codes not used yet.
type Factor struct {
	OrgID     string    `dynamodbav:"orgId"`
	UserID    string    `dynamodbav:"userId"`
	Kind      string    `dynamodbav:"kind"`
	TOTP      []byte    `dynamodbav:"totpSealed"`
	EnabledAt time.Time `dynamodbav:"enabledAt"`
	LastStep  int64     `dynamodbav:"lastStep"`
	Recovery  []string  `dynamodbav:"recovery"`
	// Passkeys are the person's WebAuthn credentials (at most mfa.MaxPasskeys, which keeps
	// the item far below DynamoDB's 400 KB).
	Passkeys []Passkey `dynamodbav:"passkeys,omitempty"`
	Version  int       `dynamodbav:"version"`
}

// HasTOTP reports whether f holds a TOTP secret (an item may hold passkeys only).
func (f Factor) HasTOTP() bool { return len(f.TOTP) > 0 }

// Enrolled reports whether f holds any factor: a TOTP secret or a passkey.
func (f Factor) Enrolled() bool { return f.HasTOTP() || len(f.Passkeys) > 0 }

// Methods are the factors f holds, as the console lists them.
func (f Factor) Methods() []string {
	out := []string{}
	if f.HasTOTP() {
		out = append(out, "totp")
	}
	if len(f.Passkeys) > 0 {
		out = append(out, "passkey")
	}
	return out
}

type factorItem struct {
	PK, SK string
	Factor
}

// Enrolment is a TOTP secret made for a person and not confirmed yet by a first code: it
// lasts EnrolmentLifetime.
type Enrolment struct {
	OrgID     string    `dynamodbav:"orgId"`
	UserID    string    `dynamodbav:"userId"`
	Kind      string    `dynamodbav:"kind"`
	TOTP      []byte    `dynamodbav:"totpSealed"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"` // also the TTL
}

type enrolmentItem struct {
	PK, SK string
	Enrolment
}

// PendingLogin is a login whose password was right and whose second factor is due: found by
// the hash of its cookie's token, it leads to nothing but the second step (no route takes it
// for a session), and is deleted when that step succeeds.
type PendingLogin struct {
	Hash   string `dynamodbav:"hash"`
	OrgID  string `dynamodbav:"orgId"`
	UserID string `dynamodbav:"userId"`
	Kind   string `dynamodbav:"kind"`
	// UserVersion is the person as the password step found them (a portal user's version, a
	// staff member's password hash's hash): the session the second step starts is conditioned
	// on it.
	UserVersion string `dynamodbav:"userVersion"`
	// Enrol: the policy requires a factor the person has none of; the second step enrols it.
	Enrol     bool      `dynamodbav:"enrol"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"` // also the TTL
}

type pendingItem struct {
	PK, SK string
	PendingLogin
}

func factorPK(org, kind, user string) string { return orgPK(org) + "#MFA#" + kind + "#" + user }

func factorKey(org, kind, user string) map[string]types.AttributeValue {
	return key(factorPK(org, kind, user), "MFA")
}

func enrolmentKey(org, kind, user string) map[string]types.AttributeValue {
	return key(factorPK(org, kind, user), "ENROL")
}

func pendingKey(hash string) map[string]types.AttributeValue {
	return key("MFAPENDING#"+hash, "MFAPENDING")
}

// FactorKey is the key of a person's factors' item (for Prefetch).
func FactorKey(org, kind, user string) ItemKey { return ItemKey{factorPK(org, kind, user), "MFA"} }

// GetFactor returns a person's factors (strongly consistent: a login or a change decides on
// it), or ErrNotFound when they have none.
func (s *Store) GetFactor(ctx context.Context, org, kind, user string) (Factor, error) {
	it, err := getItem[factorItem](ctx, s, factorKey(org, kind, user), true, "get second factor of "+user)
	return it.Factor, err
}

// FactorMethods returns the factors of each of users (of one kind), by id; a user without
// one is absent. One BatchGetItem per 100 users (eventually consistent: for lists).
func (s *Store) FactorMethods(ctx context.Context, org, kind string, users []string) (map[string][]string, error) {
	out := map[string][]string{}
	for start := 0; start < len(users); start += 100 {
		end := min(start+100, len(users))
		keys := make([]map[string]types.AttributeValue, 0, end-start)
		seen := map[string]bool{}
		for _, u := range users[start:end] {
			if !seen[u] {
				seen[u] = true
				keys = append(keys, factorKey(org, kind, u))
			}
		}
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			s.table: {Keys: keys, ProjectionExpression: aws.String("userId, totpSealed, passkeys")}}})
		if err != nil {
			return nil, fmt.Errorf("second factors of %d users: %w", len(keys), err)
		}
		for _, item := range res.Responses[s.table] {
			var f Factor
			if err := attributevalue.UnmarshalMap(item, &f); err != nil {
				return nil, fmt.Errorf("second factors of %d users: %w", len(keys), err)
			}
			out[f.UserID] = f.Methods()
		}
	}
	return out, nil
}

// PutEnrolment stores e, replacing the person's earlier enrolment in progress.
func (s *Store) PutEnrolment(ctx context.Context, e Enrolment) error {
	item, err := attributevalue.MarshalMap(enrolmentItem{PK: factorPK(e.OrgID, e.Kind, e.UserID), SK: "ENROL", Enrolment: e})
	if err != nil {
		return fmt.Errorf("put enrolment of %s: %w", e.UserID, err)
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item}); err != nil {
		return fmt.Errorf("put enrolment of %s: %w", e.UserID, err)
	}
	return nil
}

// GetEnrolment returns a person's enrolment in progress, or ErrNotFound (none, or expired).
func (s *Store) GetEnrolment(ctx context.Context, org, kind, user string) (Enrolment, error) {
	it, err := getItem[enrolmentItem](ctx, s, enrolmentKey(org, kind, user), true, "get enrolment of "+user)
	if err != nil {
		return Enrolment{}, err
	}
	if !s.Now().Before(it.ExpiresAt) {
		return Enrolment{}, fmt.Errorf("get enrolment of %s: %w", user, ErrNotFound)
	}
	return it.Enrolment, nil
}

// usePending is the deletion of a pending login that must exist and not have expired.
func (s *Store) usePending(hash string) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: pendingKey(hash),
		ConditionExpression:       aws.String("attribute_exists(PK) AND expiresAt > :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(s.Now().Unix())}}}
}

// ErrPendingGone: the pending login was used, expired or never existed.
var ErrPendingGone = fmt.Errorf("pending login: %w", ErrNotFound)

// EnableFactor stores f's TOTP secret and recovery codes as a person's new TOTP factor from
// their enrolment, which it deletes, in one transaction (passkeys the item holds already are
// kept); with pending (a hash), the pending login of the second step that enrols is used up
// in it too. ErrExists when the person has a TOTP factor already; ErrNotFound when the
// enrolment is gone (confirmed meanwhile, or expired); ErrPendingGone for the pending login.
func (s *Store) EnableFactor(ctx context.Context, f Factor, pending string) error {
	if f.Recovery == nil {
		f.Recovery = []string{}
	}
	rec, err := attributevalue.Marshal(f.Recovery)
	if err != nil {
		return fmt.Errorf("enable second factor of %s: %w", f.UserID, err)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: factorKey(f.OrgID, f.Kind, f.UserID),
		UpdateExpression: aws.String("SET orgId = :o, userId = :u, kind = :k, totpSealed = :t, enabledAt = :e, lastStep = :s, " +
			"recovery = :r, version = if_not_exists(version, :zero) + :one"),
		ConditionExpression: aws.String("attribute_not_exists(totpSealed) OR attribute_type(totpSealed, :null)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": s1(f.OrgID), ":u": s1(f.UserID), ":k": s1(f.Kind),
			":t": &types.AttributeValueMemberB{Value: f.TOTP}, ":e": s1(f.EnabledAt.UTC().Format(time.RFC3339Nano)),
			":s": n(f.LastStep), ":r": rec, ":zero": n(0), ":one": n(1), ":null": s1("NULL")}}}, ErrExists)
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: enrolmentKey(f.OrgID, f.Kind, f.UserID),
		ConditionExpression:       aws.String("attribute_exists(PK) AND expiresAt > :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(s.Now().Unix())}}}, ErrNotFound)
	if pending != "" {
		tx.add(s.usePending(pending), ErrPendingGone)
	}
	return tx.write(ctx, s, "enable second factor of "+f.UserID)
}

// DisableTOTP removes f's TOTP secret and recovery codes and keeps its passkeys (f as read,
// at its version: ErrVersion when it changed meanwhile). Without passkeys, DeleteFactor.
func (s *Store) DisableTOTP(ctx context.Context, f Factor) error {
	if len(f.Passkeys) == 0 {
		return s.DeleteFactor(ctx, f.OrgID, f.Kind, f.UserID, f.Version)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: factorKey(f.OrgID, f.Kind, f.UserID),
		UpdateExpression:          aws.String("REMOVE totpSealed, recovery, lastStep, enabledAt SET version = version + :one"),
		ConditionExpression:       aws.String("version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1), ":v": n(int64(f.Version))}}}, ErrVersion)
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: enrolmentKey(f.OrgID, f.Kind, f.UserID)}}, nil)
	return tx.write(ctx, s, "disable TOTP of "+f.UserID)
}

// UseFactor records a use of f (as read, at its version): the step a code was accepted at and
// the recovery codes left; with pending, the pending login is used up in the same
// transaction. ErrVersion when f changed meanwhile (another use: the caller reads it again;
// a replay then finds the step used), ErrPendingGone for the pending login.
func (s *Store) UseFactor(ctx context.Context, f Factor, lastStep int64, recovery []string, pending string) error {
	if recovery == nil {
		recovery = []string{}
	}
	rec, err := attributevalue.Marshal(recovery)
	if err != nil {
		return fmt.Errorf("use second factor of %s: %w", f.UserID, err)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: factorKey(f.OrgID, f.Kind, f.UserID),
		UpdateExpression:    aws.String("SET lastStep = :s, recovery = :r, version = version + :one"),
		ConditionExpression: aws.String("version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":s": n(lastStep), ":r": rec, ":one": n(1),
			":v": n(int64(f.Version))}}}, ErrVersion)
	if pending != "" {
		tx.add(s.usePending(pending), ErrPendingGone)
	}
	tx.prefer = []error{ErrPendingGone}
	return tx.write(ctx, s, "use second factor of "+f.UserID)
}

// DeleteFactor removes a person's factors and enrolment in progress (a reset, or the person
// turning theirs off). With version > 0 it is conditioned on the factors being at that
// version (ErrVersion otherwise); a person without factors is no error.
func (s *Store) DeleteFactor(ctx context.Context, org, kind, user string, version int) error {
	del := &types.Delete{TableName: &s.table, Key: factorKey(org, kind, user)}
	if version > 0 {
		del.ConditionExpression = aws.String("version = :v")
		del.ExpressionAttributeValues = map[string]types.AttributeValue{":v": n(int64(version))}
	}
	var tx txn
	tx.add(types.TransactWriteItem{Delete: del}, ErrVersion)
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: enrolmentKey(org, kind, user)}}, nil)
	return tx.write(ctx, s, "delete second factor of "+user)
}

// CreatePendingLogin stores a new pending login.
func (s *Store) CreatePendingLogin(ctx context.Context, p PendingLogin) error {
	return putNew(ctx, s, pendingItem{PK: "MFAPENDING#" + p.Hash, SK: "MFAPENDING", PendingLogin: p}, "create pending login")
}

// GetPendingLogin returns the pending login of hash, or ErrPendingGone (used, expired,
// unknown).
func (s *Store) GetPendingLogin(ctx context.Context, hash string) (PendingLogin, error) {
	it, err := getItem[pendingItem](ctx, s, pendingKey(hash), true, "get pending login")
	if errors.Is(err, ErrNotFound) {
		return PendingLogin{}, ErrPendingGone
	}
	if err != nil {
		return PendingLogin{}, err
	}
	if !s.Now().Before(it.ExpiresAt) {
		return PendingLogin{}, ErrPendingGone
	}
	return it.PendingLogin, nil
}

// DeletePendingLogin ends a pending login (the second step failed for good: the person
// changed since the password step).
func (s *Store) DeletePendingLogin(ctx context.Context, hash string) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: pendingKey(hash)}); err != nil {
		return fmt.Errorf("delete pending login: %w", err)
	}
	return nil
}
