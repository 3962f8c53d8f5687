package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
)

// ThrottleKey names a counter of failures or sends in fixed windows, or a login's
// known-address marker: Kind says what it counts ("pair", "acct", "ip" and "known" for
// logins, see LoginKeys; "reset", "preset", "resend" for emails), Hash is the SHA-256 of what
// it counts (so the table holds no email or address).
type ThrottleKey struct{ Kind, Hash string }

func (k ThrottleKey) pk() string { return "THROTTLE#" + k.Kind + "#" + k.Hash }

// AddFailure counts one failure for each key in the window starting at window, kept until
// expires: one ADD UpdateItem per key, in the keys' order. They are single-item updates on
// purpose: a transaction would be cancelled by every concurrent attempt on the same counter
// (a conflict), so that the parallel attempts of an attacker would go uncounted; an ADD
// never conflicts. A failure returns at once; the keys before it stay counted.
func (s *Store) AddFailure(ctx context.Context, window, expires time.Time, keys ...ThrottleKey) error {
	for _, k := range keys {
		_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(k.pk(), timeKey(window)),
			UpdateExpression: aws.String("ADD failures :one SET expiresAt = :exp"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1),
				":exp": n(expires.Unix())}})
		if err != nil {
			return fmt.Errorf("count failure %s in window %s: %w", k.Kind, timeKey(window), err)
		}
	}
	return nil
}

// Failures returns the failures counted for each key in the window, in the keys' order. The
// store's BatchGetItem asks again for keys DynamoDB leaves unprocessed (throttling), so a
// throttled read never counts too few failures: it counts them all or fails.
func (s *Store) Failures(ctx context.Context, window time.Time, keys ...ThrottleKey) ([]int, error) {
	req := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		req[i] = key(k.pk(), timeKey(window))
	}
	out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		s.table: {Keys: req, ProjectionExpression: aws.String("PK, failures")}}})
	if err != nil {
		return nil, fmt.Errorf("read failures in window %s: %w", timeKey(window), err)
	}
	byPK := map[string]int{}
	for _, it := range out.Responses[s.table] {
		if pk, _ := it["PK"].(*types.AttributeValueMemberS); pk != nil {
			byPK[pk.Value] = numberAttr(it, "failures")
		}
	}
	counts := make([]int, len(keys))
	for i, k := range keys {
		counts[i] = byPK[k.pk()]
	}
	return counts, nil
}

// LoginKeys are the items one login attempt reads and writes (docs/data-model.md): the
// failure counters of its pair (the account at its current password, from the client
// address), of its account (at its current password) and of its client address, and the
// marker that the address is known to the account.
type LoginKeys struct {
	Pair, Account, Address ThrottleKey
	Known                  ThrottleKey
}

// knownSK is the sort key of a known-address marker (it is not windowed).
const knownSK = "KNOWN"

// NewLoginKeys builds the keys of an attempt to log in to account (a name that is unique
// among all logins, such as "staff" and the normalized email, or "portal", the organization
// and the normalized email) from address (auth.ThrottleAddress of the client's address).
// generation is what changes with every new password of the account ("" for an unknown
// account or one without a password): the pair's and the account's counters are keyed by it,
// so that a new password (a completed reset) starts them afresh. The marker is not: a reset
// does not forget the addresses the account's owner logs in from. The parts are quoted
// before they are hashed, so no email can be made to name another attempt's items.
func NewLoginKeys(account, generation, address string) LoginKeys {
	h := func(parts ...string) string {
		for i, p := range parts {
			parts[i] = strconv.Quote(p)
		}
		sum := sha256.Sum256([]byte(strings.Join(parts, " ")))
		return hex.EncodeToString(sum[:])
	}
	return LoginKeys{
		Pair:    ThrottleKey{Kind: "pair", Hash: h(account, generation, address)},
		Account: ThrottleKey{Kind: "acct", Hash: h(account, generation)},
		Address: ThrottleKey{Kind: "ip", Hash: auth.HashSecret(address)},
		Known:   ThrottleKey{Kind: "known", Hash: h(account, address)},
	}
}

// LoginCounts is what LoginState read: the failures of the three counters in the window,
// and until when the address is known to the account (the zero time when it is not).
type LoginCounts struct {
	Pair, Account, Address int
	KnownUntil             time.Time
}

// LoginState reads k's three counters in the window starting at window, and its marker, in
// one BatchGetItem (the store's, which asks again for unprocessed keys until it has them
// all, or fails with ErrBusy), with the items also names (Prefetch: under a context that
// prefetched already, later reads of them cost no call). The read is consistent: the
// attempt's ruling depends on the failures just counted. A marker whose expiresAt has passed
// (DynamoDB deletes expired items only eventually) is not known.
func (s *Store) LoginState(ctx context.Context, window time.Time, k LoginKeys, also ...ItemKey) (context.Context, LoginCounts, error) {
	w := timeKey(window)
	counters := []ItemKey{{k.Pair.pk(), w}, {k.Account.pk(), w}, {k.Address.pk(), w}, {k.Known.pk(), knownSK}}
	ctx, err := s.Prefetch(ctx, append(counters, also...)...)
	if err != nil {
		return ctx, LoginCounts{}, fmt.Errorf("read login state in window %s: %w", w, err)
	}
	p := prefetchedIn(ctx)
	item := func(k ItemKey) map[string]types.AttributeValue {
		it, _ := p.get(&s.table, k.attributes())
		return it
	}
	c := LoginCounts{Pair: numberAttr(item(counters[0]), "failures"), Account: numberAttr(item(counters[1]), "failures"),
		Address: numberAttr(item(counters[2]), "failures")}
	if known := item(counters[3]); known != nil {
		if until := time.Unix(int64(numberAttr(known, "expiresAt")), 0).UTC(); until.After(s.Now()) {
			c.KnownUntil = until
		}
	}
	return ctx, c, nil
}

// numberAttr is the number attribute name of it, or 0.
func numberAttr(it map[string]types.AttributeValue, name string) int {
	v, _ := it[name].(*types.AttributeValueMemberN)
	if v == nil {
		return 0
	}
	i, _ := strconv.Atoi(v.Value)
	return i
}

// CountLoginFailure counts one failed login on k's pair, account and address counters in
// the window starting at window, kept until expires (AddFailure: the pair first, since it
// is the counter that refuses the attacker's own attempts).
func (s *Store) CountLoginFailure(ctx context.Context, window, expires time.Time, k LoginKeys) error {
	return s.AddFailure(ctx, window, expires, k.Pair, k.Account, k.Address)
}

// RememberAddress marks k's address known to its account until expires (its TTL): a put,
// which replaces an older marker.
func (s *Store) RememberAddress(ctx context.Context, k LoginKeys, expires time.Time) error {
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: map[string]types.AttributeValue{
		"PK": s1(k.Known.pk()), "SK": s1(knownSK), "expiresAt": n(expires.Unix())}})
	if err != nil {
		return fmt.Errorf("remember login address until %s: %w", expires.Format(time.RFC3339), err)
	}
	return nil
}

// StaffForLogin is StaffByEmail for a login: the same two consistent reads whether or not
// the email is known (the email's claim, then the account it names or, for an unknown email,
// a key no item has), so that the answer for an unknown email costs what a known one's
// does. ErrNotFound when the email is unknown.
func (s *Store) StaffForLogin(ctx context.Context, email string) (Staff, error) {
	it, err := getItem[emailItem](ctx, s, key(staffEmailPK(email), "STAFFEMAIL"), true, "staff by email for login")
	k := key(orgPK(it.OrgID), "STAFF#"+it.UserID)
	if errors.Is(err, ErrNotFound) {
		k = key(orgPK(""), "STAFF#") // no organization has an empty id
	} else if err != nil {
		return Staff{}, err
	}
	u, uerr := getItem[staffItem](ctx, s, k, true, "get staff "+it.UserID+" for login")
	if err != nil {
		if uerr != nil && !errors.Is(uerr, ErrNotFound) {
			return Staff{}, uerr
		}
		return Staff{}, err
	}
	return u.Staff, uerr
}

// PortalUserForLogin is PortalUserByEmail for a login, with the same two consistent reads
// whether or not the email is known, as StaffForLogin. ErrNotFound when the email is unknown
// in org.
func (s *Store) PortalUserForLogin(ctx context.Context, org, email string) (PortalUser, error) {
	c, err := getItem[claimItem](ctx, s, key(portalEmailPK(org, email), "PEMAIL"), true, "portal user by email for login")
	k := s.portalUserKey(org, c.UserID)
	if errors.Is(err, ErrNotFound) {
		k = s.portalUserKey(org, "") // no portal user has an empty id
	} else if err != nil {
		return PortalUser{}, err
	}
	u, uerr := getItem[portalUserItem](ctx, s, k, true, "get portal user "+c.UserID+" for login")
	if err != nil {
		if uerr != nil && !errors.Is(uerr, ErrNotFound) {
			return PortalUser{}, uerr
		}
		return PortalUser{}, err
	}
	return u.PortalUser, uerr
}
