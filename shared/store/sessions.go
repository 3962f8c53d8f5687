package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
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
	PK, SK string
	Session
}

// userSessionItem lists a session under its user (PK = ORG#o#USER#<userId>, SK =
// SESSION#<hash>), written in the session's transaction, so that revoking every session of a
// user is a strongly consistent Query of the table: an index would lag and miss a session
// created just before.
type userSessionItem struct {
	PK, SK    string
	Hash      string    `dynamodbav:"hash"`
	Kind      string    `dynamodbav:"kind"`
	CreatedAt time.Time `dynamodbav:"createdAt"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"` // the session's absolute expiry; TTL
}

func sessionPK(hash string) string { return "SESSION#" + hash }

func userIndexPK(org, user string) string { return orgPK(org) + "#USER#" + user }

// userPK is the partition of a user's own items (its sessions), in the table.
func userPK(org, user string) string { return orgPK(org) + "#USER#" + user }

func userSessionSK(hash string) string { return "SESSION#" + hash }

// SessionGuard is a condition on the session's user, checked in the transaction that creates
// the session: a password change, deactivation or change of type that commits between the
// login's read of the user and the session's creation fails it, so the session cannot
// outlive the revocation that follows such a change. Build it with StaffSessionGuard or
// PortalSessionGuard.
type SessionGuard struct {
	check *types.ConditionCheck
}

// StaffSessionGuard conditions a staff session on the account still being active with the
// password hash the login verified (or set).
func (s *Store) StaffSessionGuard(org, user, passwordHash string) SessionGuard {
	return SessionGuard{&types.ConditionCheck{TableName: &s.table, Key: key(orgPK(org), "STAFF#"+user),
		ConditionExpression:      aws.String("passwordHash = :h AND #s = :active"),
		ExpressionAttributeNames: map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":h": s1(passwordHash), ":active": s1("active")}}}
}

// PortalSessionGuard conditions a portal session on the portal user still being active at the
// version the login read (every change of password, status or type moves the version).
func (s *Store) PortalSessionGuard(u PortalUser) SessionGuard {
	return SessionGuard{&types.ConditionCheck{TableName: &s.table, Key: s.portalUserKey(u.OrgID, u.ID),
		ConditionExpression:      aws.String("version = :v AND #s = :active"),
		ExpressionAttributeNames: map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":v": n(int64(u.Version)), ":active": s1("active")}}}
}

// ErrUserChanged: the session's user changed (password, status, type) since the login read
// it; no session was created.
var ErrUserChanged = errors.New("user changed")

// MaxSessionsPerUser bounds the sessions of one user (staff, with their portal previews, or
// portal user): a new session past it ends the oldest. It also bounds what ending every
// session of a user deletes (two items a session), so that it fits in one transaction.
const MaxSessionsPerUser = 10

// maxEvictions bounds the sessions one new session ends: a user holding more (sessions from
// before the bound) loses the rest over their next logins.
const maxEvictions = 40

// userSession is a session entry as a user's sessions are listed.
type userSession struct {
	Hash      string    `dynamodbav:"hash"`
	Kind      string    `dynamodbav:"kind"`
	CreatedAt time.Time `dynamodbav:"createdAt"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
	PK, SK    string
}

// userSessions lists every session entry of a user, oldest first, from strongly consistent
// reads of the user's partition (every page).
func (s *Store) userSessions(ctx context.Context, org, user string) ([]userSession, error) {
	all, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(userPK(org, user)), ":s": s1("SESSION#")},
		ProjectionExpression:      aws.String("PK, SK, #h, #k, createdAt, expiresAt"), ExpressionAttributeNames: map[string]string{"#h": "hash", "#k": "kind"}})
	if err != nil {
		return nil, fmt.Errorf("sessions of %s: %w", user, err)
	}
	var out []userSession
	if err := attributevalue.UnmarshalListOfMaps(all, &out); err != nil {
		return nil, fmt.Errorf("sessions of %s: %w", user, err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, nil
}

// userSessionHashes lists the hashes of every session of a user.
func (s *Store) userSessionHashes(ctx context.Context, org, user string) ([]string, error) {
	all, err := s.userSessions(ctx, org, user)
	if err != nil {
		return nil, err
	}
	hashes := make([]string, 0, len(all))
	for _, u := range all {
		if u.Hash != "" {
			hashes = append(hashes, u.Hash)
		}
	}
	return hashes, nil
}

// CreateSession stores a new session and its entry under the user, in one transaction, with
// the guards' conditions on the user. When the user holds MaxSessionsPerUser sessions
// already (as a strongly consistent read of their entries finds them), the oldest end in the
// same transaction. ErrUserChanged when a guard's condition failed.
func (s *Store) CreateSession(ctx context.Context, ss Session, guards ...SessionGuard) error {
	held, err := s.userSessions(ctx, ss.OrgID, ss.UserID)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	item, err := attributevalue.MarshalMap(sessionItem{PK: sessionPK(ss.Hash), SK: "SESSION", Session: ss})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	entry, err := attributevalue.MarshalMap(userSessionItem{PK: userPK(ss.OrgID, ss.UserID), SK: userSessionSK(ss.Hash),
		Hash: ss.Hash, Kind: ss.Kind, CreatedAt: ss.CreatedAt, ExpiresAt: ss.ExpiresAt})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	// A guard's failure says why the login must not go on, whatever else failed with it.
	tx := txn{prefer: []error{ErrUserChanged}}
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: entry}}, nil)
	for _, g := range guards {
		if g.check != nil {
			tx.add(types.TransactWriteItem{ConditionCheck: g.check}, ErrUserChanged)
		}
	}
	for _, old := range evictionOrder(held, ss.Kind, s.Now())[:min(max(len(held)-MaxSessionsPerUser+1, 0), maxEvictions)] {
		if old.Hash != "" {
			tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(sessionPK(old.Hash), "SESSION")}}, nil)
		}
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(old.PK, old.SK)}}, nil)
	}
	return tx.write(ctx, s, "create session")
}

// CreatePortalLogin writes a portal login in one transaction: the session (ss, of u) and its
// entry under the user; the user's last login time and list of newest sessions, conditioned
// on the user being active at the version the login read (PortalSessionGuard's condition);
// the login's audit entry, when there is one; and the end of the sessions that leave the
// list (the oldest past MaxSessionsPerUser, with their entries). It reads nothing: the list
// on the user's item stands for the strongly consistent read of the user's sessions that
// CreateSession makes. ErrUserChanged when the user changed meanwhile.
func (s *Store) CreatePortalLogin(ctx context.Context, ss Session, u PortalUser, entry *AuditEntry) error {
	item, err := attributevalue.MarshalMap(sessionItem{PK: sessionPK(ss.Hash), SK: "SESSION", Session: ss})
	if err != nil {
		return fmt.Errorf("create portal login: %w", err)
	}
	userEntry, err := attributevalue.MarshalMap(userSessionItem{PK: userPK(ss.OrgID, ss.UserID), SK: userSessionSK(ss.Hash),
		Hash: ss.Hash, Kind: ss.Kind, CreatedAt: ss.CreatedAt, ExpiresAt: ss.ExpiresAt})
	if err != nil {
		return fmt.Errorf("create portal login: %w", err)
	}
	list := append(slices.Clone(u.Sessions), SessionRef{Hash: ss.Hash, CreatedAt: ss.CreatedAt})
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreatedAt.Before(list[j].CreatedAt) })
	cut := min(max(len(list)-MaxSessionsPerUser, 0), maxEvictions)
	ended, kept := list[:cut], list[cut:]
	if len(list)-cut > MaxSessionsPerUser {
		kept = list[len(list)-MaxSessionsPerUser:] // past maxEvictions: the rest leave the list, ending with their TTL
	}
	keptAV, err := attributevalue.Marshal(kept)
	if err != nil {
		return fmt.Errorf("create portal login: %w", err)
	}
	tx := txn{prefer: []error{ErrUserChanged}}
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: userEntry}}, nil)
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: s.portalUserKey(u.OrgID, u.ID),
		UpdateExpression:         aws.String("SET lastLoginAt = :t, sessions = :l"),
		ConditionExpression:      aws.String("version = :v AND #s = :active"),
		ExpressionAttributeNames: map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": s1(ss.CreatedAt.UTC().Format(time.RFC3339Nano)), ":l": keptAV,
			":v": n(int64(u.Version)), ":active": s1("active")}}}, ErrUserChanged)
	if entry != nil {
		av, err := attributevalue.MarshalMap(auditItemOf(*entry))
		if err != nil {
			return fmt.Errorf("create portal login: %w", err)
		}
		tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: av, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	}
	for _, old := range ended {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(sessionPK(old.Hash), "SESSION")}}, nil)
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(userPK(ss.OrgID, ss.UserID), userSessionSK(old.Hash))}}, nil)
	}
	return tx.write(ctx, s, "create portal login")
}

// evictionOrder is the order in which a user's sessions end when a new session of kind
// passes the bound: expired ones first (their entries wait for the TTL), then those of the
// same kind, then the others, each oldest first. So an admin's portal previews end each
// other rather than the admin's console session, and a login ends the user's oldest login.
func evictionOrder(held []userSession, kind string, now time.Time) []userSession {
	rank := func(u userSession) int {
		switch {
		case !u.ExpiresAt.IsZero() && !now.Before(u.ExpiresAt):
			return 0
		case u.Kind == kind:
			return 1
		}
		return 2
	}
	out := slices.Clone(held)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// GetSession returns the session whose secret hashes to hash, or ErrNotFound when there is
// none or it has passed its idle or absolute expiry. The read is strongly consistent: the
// request right after a login must find the session, and the one right after a revocation
// must not.
func (s *Store) GetSession(ctx context.Context, hash string) (Session, error) {
	it, err := getItem[sessionItem](ctx, s, key(sessionPK(hash), "SESSION"), true, "get session")
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

// DeleteSession removes a session (logout) and its entry under the user. Deleting a missing
// session is not an error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	out, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(sessionPK(hash), "SESSION"),
		ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	var old sessionItem
	if err := attributevalue.UnmarshalMap(out.Attributes, &old); err != nil || old.OrgID == "" || old.UserID == "" {
		return nil // gone already; an entry left behind expires with the session's TTL
	}
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table,
		Key: key(userPK(old.OrgID, old.UserID), userSessionSK(hash))}); err != nil {
		return fmt.Errorf("delete session entry: %w", err)
	}
	return nil
}

// DeleteUserSessions removes every session of a user (password change, reset, deactivation,
// change of type): a strongly consistent Query of the user's partition in the table finds
// every session created before it, and each goes with its entry.
func (s *Store) DeleteUserSessions(ctx context.Context, org, user string) error {
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
			KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(userPK(org, user)), ":s": s1("SESSION#")},
			ProjectionExpression:      aws.String("PK, SK, #h"), ExpressionAttributeNames: map[string]string{"#h": "hash"},
			ExclusiveStartKey: start})
		if err != nil {
			return fmt.Errorf("sessions of %s: %w", user, err)
		}
		for _, it := range out.Items {
			h, _ := it["hash"].(*types.AttributeValueMemberS)
			if h != nil {
				if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table,
					Key: key(sessionPK(h.Value), "SESSION")}); err != nil {
					return fmt.Errorf("delete session of %s: %w", user, err)
				}
			}
			if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table,
				Key: map[string]types.AttributeValue{"PK": it["PK"], "SK": it["SK"]}}); err != nil {
				return fmt.Errorf("delete session entry of %s: %w", user, err)
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		start = out.LastEvaluatedKey
	}
}
