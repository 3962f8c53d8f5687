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

// Passkey is one WebAuthn credential of a person, in their factors' item (docs/data-model.md,
// "Second factors"): the name they gave it, the credential as the WebAuthn library records it
// (its id, public key, sign count, flags and AAGUID, as JSON) and when it was added and last
// used.
type Passkey struct {
	ID           string     `dynamodbav:"id"`
	Name         string     `dynamodbav:"name"`
	CredentialID []byte     `dynamodbav:"credentialId"`
	Credential   string     `dynamodbav:"credential"`
	CreatedAt    time.Time  `dynamodbav:"createdAt"`
	LastUsedAt   *time.Time `dynamodbav:"lastUsedAt,omitempty"`
}

// PasskeyChallenge is a WebAuthn ceremony begun and not finished: found by the hash of its
// challenge (which the browser signs into the credential it answers), it names its purpose
// (whose registration, which pending login, which sign-in) and keeps the library's session
// data. It is used up by the first finish that reads it (ConsumePasskeyChallenge) and lasts
// at most its ExpiresAt (also the TTL).
type PasskeyChallenge struct {
	Hash      string    `dynamodbav:"hash"`
	Purpose   string    `dynamodbav:"purpose"`
	Session   string    `dynamodbav:"session"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
}

type challengeItem struct {
	PK, SK string
	PasskeyChallenge
}

func challengeKey(hash string) map[string]types.AttributeValue {
	return key("PASSKEYCHAL#"+hash, "PASSKEYCHAL")
}

// PutPasskeyChallenge stores a new ceremony's challenge.
func (s *Store) PutPasskeyChallenge(ctx context.Context, c PasskeyChallenge) error {
	return putNew(ctx, s, challengeItem{PK: "PASSKEYCHAL#" + c.Hash, SK: "PASSKEYCHAL", PasskeyChallenge: c}, "put passkey challenge")
}

// ConsumePasskeyChallenge deletes the challenge of hash and returns it: one DeleteItem
// conditioned on its existence, so of two finishes with one challenge only one gets it.
// ErrNotFound when it was used, never existed or has expired.
func (s *Store) ConsumePasskeyChallenge(ctx context.Context, hash string) (PasskeyChallenge, error) {
	out, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: challengeKey(hash),
		ConditionExpression: aws.String("attribute_exists(PK)"), ReturnValues: types.ReturnValueAllOld})
	if isConditionFailed(err) {
		return PasskeyChallenge{}, fmt.Errorf("use passkey challenge: %w", ErrNotFound)
	}
	if err != nil {
		return PasskeyChallenge{}, fmt.Errorf("use passkey challenge: %w", err)
	}
	var it challengeItem
	if err := attributevalue.UnmarshalMap(out.Attributes, &it); err != nil {
		return PasskeyChallenge{}, fmt.Errorf("use passkey challenge: %w", err)
	}
	if !s.Now().Before(it.ExpiresAt) {
		return PasskeyChallenge{}, fmt.Errorf("use passkey challenge: %w", ErrNotFound)
	}
	return it.PasskeyChallenge, nil
}

// SavePasskeys writes passkeys as the person's (org, kind, user) whole list, conditioned on
// their factors' item being at version (0: no item yet, which it creates); with pending, the
// pending login of a second step is used up in the same transaction. ErrVersion when the item
// changed meanwhile, ErrPendingGone for the pending login.
func (s *Store) SavePasskeys(ctx context.Context, org, kind, user string, version int, passkeys []Passkey, pending string) error {
	if passkeys == nil {
		passkeys = []Passkey{}
	}
	list, err := attributevalue.Marshal(passkeys)
	if err != nil {
		return fmt.Errorf("save passkeys of %s: %w", user, err)
	}
	cond := "version = :v"
	vals := map[string]types.AttributeValue{":p": list, ":o": s1(org), ":u": s1(user), ":k": s1(kind), ":one": n(1), ":zero": n(0)}
	if version == 0 {
		cond = "attribute_not_exists(PK)"
	} else {
		vals[":v"] = n(int64(version))
	}
	var tx txn
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: factorKey(org, kind, user),
		UpdateExpression:          aws.String("SET passkeys = :p, orgId = :o, userId = :u, kind = :k, version = if_not_exists(version, :zero) + :one"),
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeValues: vals}}, ErrVersion)
	if pending != "" {
		tx.add(s.usePending(pending), ErrPendingGone)
	}
	tx.prefer = []error{ErrPendingGone}
	return tx.write(ctx, s, "save passkeys of "+user)
}
