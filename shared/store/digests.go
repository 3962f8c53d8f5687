package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AudienceAddress is the audience of a digest for an address that is no one's login: the
// organization's staff notification address (Org.StaffNotify.Email). It gets email only,
// never an in-app notification; its UserID is the normalized address.
const AudienceAddress = "address"

// ErrDigestChanged: the digest changed since it was read (another event or the mailer wrote
// it); the caller reads it again and retries.
var ErrDigestChanged = errors.New("digest changed meanwhile")

// ErrApplied: the event was already applied to this recipient's digest (a retried event).
var ErrApplied = errors.New("event already applied to this recipient")

// DigestLifetime is how long a digest is kept after its last event (its TTL): it holds the
// time of the last email, which a new window starts from.
const DigestLifetime = 30 * 24 * time.Hour

// Digest is what one recipient is to be told of one record: the events of the open window,
// gathered for one email (functions/notifier adds them, functions/digest-mailer sends and
// clears them). There is one digest item per (recipient, record); OpenedAt is zero when no
// event waits. Counts and Fields name kinds and field API names only, already limited to
// what the recipient may see when they were added; the mailer checks them again.
type Digest struct {
	OrgID    string `dynamodbav:"orgId"`
	Audience string `dynamodbav:"audience"` // AudiencePortal, AudienceStaff or AudienceAddress
	UserID   string `dynamodbav:"userId"`
	Module   string `dynamodbav:"module"`
	RecordID string `dynamodbav:"recordId"`
	// OpenedAt is when the window's first event came (zero: nothing waits); LastAt the last's.
	OpenedAt time.Time `dynamodbav:"openedAt,omitempty"`
	LastAt   time.Time `dynamodbav:"lastAt,omitempty"`
	// NotificationID is the in-app notification of the window (NotificationID(OpenedAt, ...)).
	NotificationID string `dynamodbav:"notificationId,omitempty"`
	// Counts are the window's events per kind; Fields the changed fields it may name.
	Counts map[string]int `dynamodbav:"counts,omitempty"`
	Fields []string       `dynamodbav:"fields,omitempty"`
	// ActorName is who did the window's last event (a staff member's or customer's name).
	ActorName string `dynamodbav:"actorName,omitempty"`
	// Scheduled: a message for this window is in the digest queue.
	Scheduled bool `dynamodbav:"scheduled"`
	// ClaimedAt and ClaimToken: a mailer is sending this window's email since ClaimedAt.
	ClaimedAt  time.Time `dynamodbav:"claimedAt,omitempty"`
	ClaimToken string    `dynamodbav:"claimToken,omitempty"`
	SentAt     time.Time `dynamodbav:"sentAt,omitempty"`
	Version    int       `dynamodbav:"version"`
	ExpiresAt  time.Time `dynamodbav:"expiresAt,unixtime"`
}

// Pending reports whether events wait in d.
func (d Digest) Pending() bool { return !d.OpenedAt.IsZero() }

type digestItem struct {
	PK, SK string
	Digest
}

func digestKey(org, audience, user, module, record string) map[string]types.AttributeValue {
	return key(orgPK(org)+"#DIGEST#"+audience+"#"+user, module+"#"+record)
}

// digestMarker records that an event was applied to one recipient's digest, and the in-app
// notification it went to: a retried event finds it and adds nothing.
type digestMarker struct {
	PK, SK         string
	NotificationID string    `dynamodbav:"notificationId,omitempty"`
	ExpiresAt      time.Time `dynamodbav:"expiresAt,unixtime"`
}

func markerKey(org, eventID, audience, user string) map[string]types.AttributeValue {
	return key(orgPK(org)+"#NDONE#"+eventID, audience+"#"+user)
}

// GetDigest returns the digest of (audience, user) for the record, read consistently; a
// digest that does not exist yet is returned empty (Version 0) with no error.
func (s *Store) GetDigest(ctx context.Context, org, audience, user, module, record string) (Digest, error) {
	it, err := getItem[digestItem](ctx, s, digestKey(org, audience, user, module, record), true, "get digest of "+audience+" "+user+" on "+record)
	if errors.Is(err, ErrNotFound) {
		return Digest{OrgID: org, Audience: audience, UserID: user, Module: module, RecordID: record}, nil
	}
	return it.Digest, err
}

// digestPut is the put of d as version d.Version+1, conditioned on the stored version being
// d.Version (none for 0).
func (s *Store) digestPut(d Digest) (types.TransactWriteItem, error) {
	prev := d.Version
	d.Version++
	if d.ExpiresAt.IsZero() || d.ExpiresAt.Before(d.LastAt.Add(DigestLifetime)) {
		d.ExpiresAt = maxTime(d.LastAt, s.Now()).Add(DigestLifetime)
	}
	k := digestKey(d.OrgID, d.Audience, d.UserID, d.Module, d.RecordID)
	it, err := s.putItem(digestItem{PK: k["PK"].(*types.AttributeValueMemberS).Value, SK: k["SK"].(*types.AttributeValueMemberS).Value, Digest: d}, "")
	if err != nil {
		return it, fmt.Errorf("digest of %s %s: %w", d.Audience, d.UserID, err)
	}
	if prev == 0 {
		it.Put.ConditionExpression = aws.String("attribute_not_exists(PK)")
	} else {
		it.Put.ConditionExpression = aws.String("version = :v")
		it.Put.ExpressionAttributeValues = map[string]types.AttributeValue{":v": n(int64(prev))}
	}
	return it, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// AddToDigest stores next (the digest read at next.Version with an event added) and the marker
// that the event eventID was applied to this recipient, in one transaction. ErrApplied when the
// marker exists (a retried event: nothing changes), ErrDigestChanged when the digest is no
// longer at next.Version (read it again and retry).
func (s *Store) AddToDigest(ctx context.Context, next Digest, eventID string, markerExpires time.Time) error {
	put, err := s.digestPut(next)
	if err != nil {
		return err
	}
	mk := markerKey(next.OrgID, eventID, next.Audience, next.UserID)
	marker, err := s.putItem(digestMarker{PK: mk["PK"].(*types.AttributeValueMemberS).Value, SK: mk["SK"].(*types.AttributeValueMemberS).Value,
		NotificationID: next.NotificationID, ExpiresAt: markerExpires}, "attribute_not_exists(PK)")
	if err != nil {
		return fmt.Errorf("event marker %s: %w", eventID, err)
	}
	var tx txn
	tx.prefer = []error{ErrApplied}
	tx.add(marker, ErrApplied)
	tx.add(put, ErrDigestChanged)
	return tx.write(ctx, s, "add event "+eventID+" to the digest of "+next.Audience+" "+next.UserID)
}

// DigestMarker returns the in-app notification id the event eventID went to for this
// recipient (AddToDigest's marker), or ErrNotFound when it was not applied.
func (s *Store) DigestMarker(ctx context.Context, org, eventID, audience, user string) (string, error) {
	it, err := getItem[digestMarker](ctx, s, markerKey(org, eventID, audience, user), true, "event marker "+eventID)
	return it.NotificationID, err
}

// PutDigest stores d as version d.Version+1 if the stored digest is still at d.Version;
// ErrDigestChanged when it is not.
func (s *Store) PutDigest(ctx context.Context, d Digest) error {
	put, err := s.digestPut(d)
	if err != nil {
		return err
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: put.Put.Item,
		ConditionExpression: put.Put.ConditionExpression, ExpressionAttributeValues: put.Put.ExpressionAttributeValues})
	if isConditionFailed(err) {
		return fmt.Errorf("put digest of %s %s on %s: %w", d.Audience, d.UserID, d.RecordID, ErrDigestChanged)
	}
	if err != nil {
		return fmt.Errorf("put digest of %s %s on %s: %w", d.Audience, d.UserID, d.RecordID, err)
	}
	return nil
}

// Suppression is an address no email goes to: SES reported a permanent bounce or a complaint.
type Suppression struct {
	Email  string    `dynamodbav:"email"`
	Reason string    `dynamodbav:"reason"` // "bounce" or "complaint", and SES's detail
	At     time.Time `dynamodbav:"at"`
}

type suppressionItem struct {
	PK, SK string
	Suppression
}

func suppressionKey(email string) map[string]types.AttributeValue {
	return key("SUPPRESS#"+NormalizeEmail(email), "SUPPRESS")
}

// Suppress records that no email goes to email any more (no TTL: a hard bounce or a
// complaint does not heal by itself). Recording it again keeps the first record.
func (s *Store) Suppress(ctx context.Context, sp Suppression) error {
	sp.Email = NormalizeEmail(sp.Email)
	it, err := s.putItem(suppressionItem{PK: "SUPPRESS#" + sp.Email, SK: "SUPPRESS", Suppression: sp}, "attribute_not_exists(PK)")
	if err != nil {
		return fmt.Errorf("suppress %s: %w", sp.Email, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it.Put.Item, ConditionExpression: it.Put.ConditionExpression})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("suppress %s: %w", sp.Email, err)
	}
	return nil
}

// Suppressed returns the suppression of email, or ErrNotFound when mail may go to it.
func (s *Store) Suppressed(ctx context.Context, email string) (Suppression, error) {
	it, err := getItem[suppressionItem](ctx, s, suppressionKey(email), true, "suppression of "+NormalizeEmail(email))
	return it.Suppression, err
}

// UnsubscribeToken is a one-click unsubscribe link's token, found by its hash: it turns the
// kinds Kinds off for one recipient (audience and user, as in Digest).
type UnsubscribeToken struct {
	Hash      string    `dynamodbav:"hash"`
	OrgID     string    `dynamodbav:"orgId"`
	Audience  string    `dynamodbav:"audience"`
	UserID    string    `dynamodbav:"userId"`
	Kinds     []string  `dynamodbav:"kinds"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
}

type unsubscribeItem struct {
	PK, SK string
	UnsubscribeToken
}

// CreateUnsubscribeToken stores t (its hash is new: ErrExists otherwise).
func (s *Store) CreateUnsubscribeToken(ctx context.Context, t UnsubscribeToken) error {
	return putNew(ctx, s, unsubscribeItem{PK: "UNSUB#" + t.Hash, SK: "UNSUB", UnsubscribeToken: t}, "create unsubscribe token")
}

// GetUnsubscribeToken returns the token with hash that has not expired, or ErrNotFound.
func (s *Store) GetUnsubscribeToken(ctx context.Context, hash string) (UnsubscribeToken, error) {
	it, err := getItem[unsubscribeItem](ctx, s, key("UNSUB#"+hash, "UNSUB"), true, "get unsubscribe token")
	if err != nil {
		return UnsubscribeToken{}, err
	}
	if !it.ExpiresAt.After(s.Now()) {
		return UnsubscribeToken{}, fmt.Errorf("unsubscribe token: %w", ErrNotFound)
	}
	return it.UnsubscribeToken, nil
}

// AddressPreferences are the kinds an organization's notification address (AudienceAddress)
// was unsubscribed from.
type AddressPreferences struct {
	NotifyOff []string `dynamodbav:"notifyOff"`
}

type addressPrefsItem struct {
	PK, SK string
	AddressPreferences
}

func addressPrefsKey(org, email string) map[string]types.AttributeValue {
	return key(orgPK(org)+"#ADDRPREFS#"+NormalizeEmail(email), "ADDRPREFS")
}

// GetAddressPreferences returns the preferences of org's notification address email (none
// yet: empty, no error).
func (s *Store) GetAddressPreferences(ctx context.Context, org, email string) (AddressPreferences, error) {
	it, err := getItem[addressPrefsItem](ctx, s, addressPrefsKey(org, email), true, "preferences of address "+NormalizeEmail(email))
	if errors.Is(err, ErrNotFound) {
		return AddressPreferences{}, nil
	}
	return it.AddressPreferences, err
}

// SetAddressPreferences saves the preferences of org's notification address email.
func (s *Store) SetAddressPreferences(ctx context.Context, org, email string, p AddressPreferences) error {
	k := addressPrefsKey(org, email)
	it, err := s.putItem(addressPrefsItem{PK: k["PK"].(*types.AttributeValueMemberS).Value, SK: "ADDRPREFS", AddressPreferences: p}, "")
	if err != nil {
		return fmt.Errorf("preferences of address %s: %w", NormalizeEmail(email), err)
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it.Put.Item}); err != nil {
		return fmt.Errorf("preferences of address %s: %w", NormalizeEmail(email), err)
	}
	return nil
}

// AccountContacts lists the ids of the Contacts whose Account_Name looks up account (the
// customers an account-scoped record concerns), every page of the account's link items.
func (s *Store) AccountContacts(ctx context.Context, org, account string) ([]string, error) {
	items, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :m)"),
		FilterExpression:          aws.String("linkField = :lf"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(refPK(org, account)), ":m": s1("Contacts#"), ":lf": s1("Account_Name")},
		ProjectionExpression:      aws.String("id")})
	if err != nil {
		return nil, fmt.Errorf("contacts of account %s: %w", account, err)
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
			ids = append(ids, v.Value)
		}
	}
	return ids, nil
}
