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

// ErrNoSeat: the user type has no free seat (or changed meanwhile; the caller reads it again
// to tell which).
var ErrNoSeat = errors.New("no free seat")

// Preferences are a portal user's language, time format, time zone and country, and the
// kinds of notification they turned off (access.CustomerKinds: no email and no notification
// in the portal of those).
type Preferences struct {
	Language   string   `dynamodbav:"language" json:"language"`
	TimeFormat string   `dynamodbav:"timeFormat" json:"timeFormat"`
	TimeZone   string   `dynamodbav:"timeZone" json:"timeZone"`
	Country    string   `dynamodbav:"country" json:"country"`
	NotifyOff  []string `dynamodbav:"notifyOff,omitempty" json:"notifyOff,omitempty"`
}

// Delivery is what became of the last invitation email.
type Delivery struct {
	State     string    `dynamodbav:"state" json:"state"`
	Reason    string    `dynamodbav:"reason,omitempty" json:"reason,omitempty"`
	At        time.Time `dynamodbav:"at" json:"at"`
	MessageID string    `dynamodbav:"messageId,omitempty" json:"-"`
}

// PortalUser is a customer's login to an organization's portal: the Contact or Lead record
// they are, its account, their user type and status. Credentials and preferences are portal
// data (erased on request); the record stays in the CRM.
type PortalUser struct {
	OrgID          string       `dynamodbav:"orgId"`
	ID             string       `dynamodbav:"id"`
	Email          string       `dynamodbav:"email"`
	Name           string       `dynamodbav:"name"`
	RecordID       string       `dynamodbav:"recordId"`
	RecordModule   string       `dynamodbav:"recordModule"`
	AccountID      string       `dynamodbav:"accountId,omitempty"`
	UserTypeID     string       `dynamodbav:"userTypeId"`
	Status         string       `dynamodbav:"status"`
	Language       string       `dynamodbav:"language,omitempty"` // of the emails, until preferences say
	PasswordHash   string       `dynamodbav:"passwordHash,omitempty"`
	Preferences    *Preferences `dynamodbav:"preferences,omitempty"`
	TokenHash      string       `dynamodbav:"tokenHash,omitempty"` // the current invitation token
	TokenExpiresAt time.Time    `dynamodbav:"tokenExpiresAt,omitempty"`
	Delivery       *Delivery    `dynamodbav:"delivery,omitempty"`
	InvitedBy      string       `dynamodbav:"invitedBy,omitempty"`
	InvitedAt      time.Time    `dynamodbav:"invitedAt"`
	AcceptedAt     time.Time    `dynamodbav:"acceptedAt,omitempty"`
	LastLoginAt    time.Time    `dynamodbav:"lastLoginAt,omitempty"`
	Version        int          `dynamodbav:"version"`
	// AccountAdmin: staff made this Contact's user an admin of their Account in the portal
	// (shared/portalcolleagues): they manage the portal users of that Account, within the
	// user types staff delegated (access.UserType.Delegable).
	AccountAdmin bool `dynamodbav:"accountAdmin,omitempty"`
	// ResetHash is the hash of the user's one current password reset token (ResetToken). A
	// reset token's creation sets it without moving Version (a login racing it stays valid).
	ResetHash string `dynamodbav:"resetHash,omitempty"`
	// Sessions are the user's newest sessions (at most MaxSessionsPerUser), as their logins
	// made them; some may have ended since. A login ends the ones that leave the list, so the
	// user's sessions stay bounded without a read of them (CreatePortalLogin).
	Sessions []SessionRef `dynamodbav:"sessions,omitempty"`
}

// SessionRef names one session of a portal user's list.
type SessionRef struct {
	Hash      string    `dynamodbav:"hash"`
	CreatedAt time.Time `dynamodbav:"createdAt"`
}

type portalUserItem struct {
	PK, SK, GSI1PK, GSI1SK string
	PortalUser
}

// claimItem makes a value unique within an organization (a portal user's email, the record
// a portal user is) and points at the user who has it.
type claimItem struct {
	PK, SK string
	OrgID  string `dynamodbav:"orgId"`
	UserID string `dynamodbav:"userId"`
}

// InviteToken is an invitation link's token, found by its hash.
type InviteToken struct {
	Hash      string    `dynamodbav:"hash"`
	OrgID     string    `dynamodbav:"orgId"`
	UserID    string    `dynamodbav:"userId"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
}

type inviteItem struct {
	PK, SK string
	InviteToken
}

func portalUserSK(id string) string          { return "PUSER#" + id }
func portalUsersPK(org string) string        { return orgPK(org) + "#PUSERS" }
func portalEmailPK(org, email string) string { return orgPK(org) + "#PEMAIL#" + NormalizeEmail(email) }
func portalRecordPK(org, record string) string {
	return orgPK(org) + "#PREC#" + record
}
func invitePK(hash string) string   { return "INVITE#" + hash }
func sesMessagePK(id string) string { return "SESMSG#" + id }

func (s *Store) portalUserKey(org, id string) map[string]types.AttributeValue {
	return key(orgPK(org), portalUserSK(id))
}

func (s *Store) portalUserPut(u PortalUser, cond string, vals map[string]types.AttributeValue) (types.TransactWriteItem, error) {
	item, err := attributevalue.MarshalMap(portalUserItem{PK: orgPK(u.OrgID), SK: portalUserSK(u.ID),
		GSI1PK: portalUsersPK(u.OrgID), GSI1SK: timeKey(u.InvitedAt) + "#" + u.ID, PortalUser: u})
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("portal user %s: %w", u.ID, err)
	}
	put := &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String(cond)}
	if len(vals) > 0 {
		put.ExpressionAttributeValues = vals
	}
	return types.TransactWriteItem{Put: put}, nil
}

// replaceUser is the put of next over the stored version of u (next.Version = u.Version+1).
func (s *Store) replaceUser(u, next PortalUser) (types.TransactWriteItem, error) {
	next.Version = u.Version + 1
	return s.portalUserPut(next, "version = :v", map[string]types.AttributeValue{":v": n(int64(u.Version))})
}

func (s *Store) claimPut(pk, sk, org, user string) (types.TransactWriteItem, error) {
	item, err := attributevalue.MarshalMap(claimItem{PK: pk, SK: sk, OrgID: org, UserID: user})
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, nil
}

func (s *Store) tokenPut(t InviteToken) (types.TransactWriteItem, error) {
	item, err := attributevalue.MarshalMap(inviteItem{PK: invitePK(t.Hash), SK: "INVITE", InviteToken: t})
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, nil
}

func (s *Store) tokenDelete(hash string) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(invitePK(hash), "INVITE")}}
}

// Seat is a move of seats on a user type: Delta users (+1 takes a seat, -1 frees one). A
// taken seat is conditioned on the type's version (the configuration the capacity came from,
// which user counts do not move) and on Users < Capacity after the move. FreeSeats, when the
// type is the free one, is the organization's limit the capacity came from, checked too.
type Seat struct {
	UserType  UserType
	Delta     int
	Capacity  int
	FreeSeats *int
}

func (s *Store) seatMoves(org string, seats []Seat) []types.TransactWriteItem {
	var tx []types.TransactWriteItem
	for _, st := range seats {
		if st.Delta == 0 {
			continue
		}
		up := &types.Update{TableName: &s.table, Key: key(orgPK(org), userTypeSK(st.UserType.ID)),
			UpdateExpression:          aws.String("ADD #u :d"),
			ExpressionAttributeNames:  map[string]string{"#u": "users"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":d": n(int64(st.Delta))}}
		if st.Delta > 0 {
			up.ConditionExpression = aws.String("version = :v AND #u <= :max")
			up.ExpressionAttributeValues[":v"] = n(int64(st.UserType.Version))
			up.ExpressionAttributeValues[":max"] = n(int64(st.Capacity - st.Delta))
		} else {
			up.ConditionExpression = aws.String("attribute_exists(PK) AND #u >= :min")
			up.ExpressionAttributeValues[":min"] = n(int64(-st.Delta))
		}
		tx = append(tx, types.TransactWriteItem{Update: up})
		if st.FreeSeats != nil && st.Delta > 0 {
			tx = append(tx, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &s.table,
				Key: key(orgPK(org), "ORG"), ConditionExpression: aws.String("limits.freeSeats = :fs"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":fs": n(int64(*st.FreeSeats))}}})
		}
	}
	return tx
}

// CreateInvitation stores a new invited portal user, claims their email and record in the
// organization, stores the invitation token and takes a seat of the type, in one transaction.
// ErrExists when the email or the record already has a portal user; ErrNoSeat when the seat
// condition failed (the type is full, or its configuration changed since it was read).
func (s *Store) CreateInvitation(ctx context.Context, u PortalUser, tok InviteToken, seat Seat) error {
	u.Version = 1
	put, err := s.portalUserPut(u, "attribute_not_exists(PK)", nil)
	if err != nil {
		return err
	}
	email, err := s.claimPut(portalEmailPK(u.OrgID, u.Email), "PEMAIL", u.OrgID, u.ID)
	if err != nil {
		return err
	}
	rec, err := s.claimPut(portalRecordPK(u.OrgID, u.RecordID), "PREC", u.OrgID, u.ID)
	if err != nil {
		return err
	}
	tp, err := s.tokenPut(tok)
	if err != nil {
		return err
	}
	seat.Delta = 1
	var tx txn
	tx.add(put, ErrExists)
	tx.add(email, ErrExists)
	tx.add(rec, ErrExists)
	tx.add(tp, nil)
	tx.addAll(s.seatMoves(u.OrgID, []Seat{seat}), ErrNoSeat)
	return tx.write(ctx, s, "invite "+u.RecordID)
}

// GetPortalUser returns a portal user of org, or ErrNotFound.
func (s *Store) GetPortalUser(ctx context.Context, org, id string) (PortalUser, error) {
	it, err := getItem[portalUserItem](ctx, s, s.portalUserKey(org, id), true, "get portal user "+id)
	return it.PortalUser, err
}

func (s *Store) byClaim(ctx context.Context, pk, sk, op string) (PortalUser, error) {
	c, err := getItem[claimItem](ctx, s, key(pk, sk), true, op)
	if err != nil {
		return PortalUser{}, err
	}
	return s.GetPortalUser(ctx, c.OrgID, c.UserID)
}

// PortalUserByEmail returns org's portal user with email, or ErrNotFound.
func (s *Store) PortalUserByEmail(ctx context.Context, org, email string) (PortalUser, error) {
	return s.byClaim(ctx, portalEmailPK(org, email), "PEMAIL", "portal user by email")
}

// PortalUserByRecord returns the portal user who is record, or ErrNotFound.
func (s *Store) PortalUserByRecord(ctx context.Context, org, record string) (PortalUser, error) {
	return s.byClaim(ctx, portalRecordPK(org, record), "PREC", "portal user of record "+record)
}

// PortalUsersByRecords returns the portal users who are records (Contacts or Leads of org), in
// the order of records; a record without a portal user is left out. It reads the records'
// claims, then the users they name, each in BatchGetItem calls of at most 100 keys, strongly
// consistent as PortalUserByRecord: an account's customers cost two round trips per hundred,
// not two per customer.
func (s *Store) PortalUsersByRecords(ctx context.Context, org string, records []string) ([]PortalUser, error) {
	op := fmt.Sprintf("portal users of %d records", len(records))
	var claimKeys []map[string]types.AttributeValue
	seen := map[string]bool{}
	for _, r := range records {
		if !seen[r] {
			seen[r] = true
			claimKeys = append(claimKeys, key(portalRecordPK(org, r), "PREC"))
		}
	}
	claims, err := s.getBatches(ctx, claimKeys, op)
	if err != nil {
		return nil, err
	}
	var userKeys []map[string]types.AttributeValue
	for _, it := range claims {
		var c claimItem
		if err := attributevalue.UnmarshalMap(it, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if c.OrgID == org && c.UserID != "" {
			userKeys = append(userKeys, s.portalUserKey(org, c.UserID))
		}
	}
	items, err := s.getBatches(ctx, userKeys, op)
	if err != nil {
		return nil, err
	}
	byRecord := make(map[string]PortalUser, len(items))
	for _, it := range items {
		var u portalUserItem
		if err := attributevalue.UnmarshalMap(it, &u); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		byRecord[u.RecordID] = u.PortalUser
	}
	out := make([]PortalUser, 0, len(byRecord))
	for _, r := range records {
		if u, ok := byRecord[r]; ok {
			out = append(out, u)
			delete(byRecord, r)
		}
	}
	return out, nil
}

// getBatches reads keys (each once) strongly consistently in BatchGetItem calls of at most
// 100 keys, DynamoDB's bound; the items found come back in no particular order.
func (s *Store) getBatches(ctx context.Context, keys []map[string]types.AttributeValue, op string) ([]map[string]types.AttributeValue, error) {
	var out []map[string]types.AttributeValue
	for len(keys) > 0 {
		batch := keys[:min(len(keys), 100)]
		keys = keys[len(batch):]
		// The store's BatchGetItem asks again for the keys DynamoDB leaves unprocessed.
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			s.table: {Keys: batch, ConsistentRead: aws.Bool(true)}}})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, res.Responses[s.table]...)
	}
	return out, nil
}

// SetDelivery records what became of an invitation email sent to u (the version it was sent
// for), and remembers SES's message id to match bounce and complaint notifications. A user
// changed meanwhile (resent, revoked) keeps its newer state: that is not an error.
func (s *Store) SetDelivery(ctx context.Context, u PortalUser, d Delivery) error {
	av, err := attributevalue.Marshal(d)
	if err != nil {
		return fmt.Errorf("set delivery of %s: %w", u.ID, err)
	}
	// The message first, then the user's delivery that names it: a failure between the two
	// leaves a message no delivery names (MarkDelivery's condition ignores it; it expires),
	// never a delivery whose bounces could not be matched.
	if d.MessageID != "" {
		_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: map[string]types.AttributeValue{
			"PK": s1(sesMessagePK(d.MessageID)), "SK": s1("SESMSG"), "orgId": s1(u.OrgID), "userId": s1(u.ID),
			"expiresAt": n(s.Now().Add(30 * 24 * time.Hour).Unix())}})
		if err != nil {
			return fmt.Errorf("remember message %s: %w", d.MessageID, err)
		}
	}
	cond := "tokenHash = :t"
	vals := map[string]types.AttributeValue{":d": av, ":t": s1(u.TokenHash)}
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: s.portalUserKey(u.OrgID, u.ID),
		UpdateExpression: aws.String("SET delivery = :d"), ConditionExpression: aws.String(cond),
		ExpressionAttributeValues: vals})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("set delivery of %s: %w", u.ID, err)
	}
	return nil
}

// MarkDelivery sets the delivery state of the portal user an SES message went to (bounce,
// complaint, delivery notifications). ErrNotFound when the message is unknown or its user
// is gone.
func (s *Store) MarkDelivery(ctx context.Context, messageID string, d Delivery) (PortalUser, error) {
	// Consistent: a notification can come moments after SetDelivery wrote the message (a
	// bounce of an unknown address does), and a stale read would drop it as untracked.
	c, err := getItem[claimItem](ctx, s, key(sesMessagePK(messageID), "SESMSG"), true, "message "+messageID)
	if err != nil {
		return PortalUser{}, err
	}
	d.MessageID = messageID
	av, err := attributevalue.Marshal(d)
	if err != nil {
		return PortalUser{}, err
	}
	// Only the message the user's current delivery names: a notification about an older link
	// does not overwrite a newer one's state.
	out, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: s.portalUserKey(c.OrgID, c.UserID),
		UpdateExpression:          aws.String("SET delivery = :d"),
		ConditionExpression:       aws.String("delivery.messageId = :m"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":d": av, ":m": s1(messageID)},
		ReturnValues:              types.ReturnValueAllNew})
	if isConditionFailed(err) {
		return PortalUser{}, fmt.Errorf("message %s: %w", messageID, ErrNotFound)
	}
	if err != nil {
		return PortalUser{}, fmt.Errorf("mark message %s: %w", messageID, err)
	}
	var it portalUserItem
	if err := attributevalue.UnmarshalMap(out.Attributes, &it); err != nil {
		return PortalUser{}, err
	}
	return it.PortalUser, nil
}

// GetInviteToken returns an invitation token that has not expired, or ErrNotFound.
func (s *Store) GetInviteToken(ctx context.Context, hash string) (InviteToken, error) {
	it, err := getItem[inviteItem](ctx, s, key(invitePK(hash), "INVITE"), true, "get invitation")
	if err != nil {
		return InviteToken{}, err
	}
	if !s.Now().Before(it.ExpiresAt) {
		return InviteToken{}, fmt.Errorf("get invitation: %w", ErrNotFound)
	}
	return it.InviteToken, nil
}

// AcceptInvitation uses up the token and makes u (as read, invited with that token) active
// with the password hash, in one transaction; like every password change it takes away a
// password reset token the user holds. ErrNotFound when the token was used, revoked or
// expired, or the user changed meanwhile: two parallel uses, exactly one succeeds.
func (s *Store) AcceptInvitation(ctx context.Context, tok InviteToken, u PortalUser, passwordHash string) (PortalUser, error) {
	now := s.Now()
	next := u
	next.Status, next.PasswordHash, next.TokenHash, next.TokenExpiresAt = "active", passwordHash, "", time.Time{}
	next.AcceptedAt, next.LastLoginAt = now, now
	next.ResetHash = ""
	put, err := s.replaceUser(u, next)
	if err != nil {
		return PortalUser{}, err
	}
	put.Put.ConditionExpression = aws.String("version = :v AND #s = :invited AND tokenHash = :h")
	put.Put.ExpressionAttributeNames = map[string]string{"#s": "status"}
	put.Put.ExpressionAttributeValues[":invited"] = s1("invited")
	put.Put.ExpressionAttributeValues[":h"] = s1(tok.Hash)
	// Any cancellation means the invitation is no longer there to accept.
	tx := txn{otherwise: ErrNotFound}
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(invitePK(tok.Hash), "INVITE"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND expiresAt > :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(now.Unix())}}}, ErrNotFound)
	tx.add(put, ErrNotFound)
	if u.ResetHash != "" {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: resetKey(u.ResetHash)}}, nil)
	}
	// The day's usage counter, in the same transaction: counted exactly when the accept
	// commits, with no round trip of its own (the stream carries no old image to tell an
	// accept from any other change of the user).
	tx.add(s.usageDayAdd(tok.OrgID, UsageInvitationsAccepted, now), nil)
	if err := tx.write(ctx, s, "accept invitation"); err != nil {
		return PortalUser{}, err
	}
	next.Version = u.Version + 1
	return next, nil
}

// UserChange is a change of a portal user from its stored version: the user as it will be,
// the seats it moves, a new invitation token to store (and the old one to revoke), and
// whether the user goes altogether (erase, revoke: the user, its claims and its token).
type UserChange struct {
	Next     PortalUser
	Seats    []Seat
	NewToken *InviteToken
	Remove   bool
}

// ChangePortalUser applies c to u (as read) in one transaction conditioned on u's version and
// on the seats. ErrVersion when the user changed meanwhile; ErrNoSeat when a seat could not
// be taken. Ending sessions is the caller's next step (DeleteUserSessions).
func (s *Store) ChangePortalUser(ctx context.Context, u PortalUser, c UserChange) (PortalUser, error) {
	// A failed condition of the user's own write is a change meanwhile (it is added first, so
	// it explains a failed seat too); any other cancellation is read as one as well.
	tx := txn{otherwise: ErrVersion}
	// A user leaving the active state loses their reset link with it, so a reactivation does
	// not bring an older link back to life.
	dropReset := u.ResetHash != "" && (c.Remove || c.Next.Status != "active")
	if dropReset {
		c.Next.ResetHash = ""
	}
	if c.Remove {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: s.portalUserKey(u.OrgID, u.ID),
			ConditionExpression:       aws.String("version = :v"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(u.Version))}}}, ErrVersion)
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(portalEmailPK(u.OrgID, u.Email), "PEMAIL")}}, nil)
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(portalRecordPK(u.OrgID, u.RecordID), "PREC")}}, nil)
	} else {
		put, err := s.replaceUser(u, c.Next)
		if err != nil {
			return PortalUser{}, err
		}
		tx.add(put, ErrVersion)
	}
	if dropReset {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: resetKey(u.ResetHash)}}, nil)
	}
	if u.TokenHash != "" && (c.Remove || c.Next.TokenHash != u.TokenHash) {
		tx.add(s.tokenDelete(u.TokenHash), nil)
	}
	if c.NewToken != nil {
		tp, err := s.tokenPut(*c.NewToken)
		if err != nil {
			return PortalUser{}, err
		}
		tx.add(tp, nil)
	}
	tx.addAll(s.seatMoves(u.OrgID, c.Seats), ErrNoSeat)
	if err := tx.write(ctx, s, "change portal user "+u.ID); err != nil {
		return PortalUser{}, err
	}
	next := c.Next
	next.Version = u.Version + 1
	return next, nil
}

// SetPreferences saves a portal user's preferences.
func (s *Store) SetPreferences(ctx context.Context, org, id string, p Preferences) error {
	av, err := attributevalue.Marshal(p)
	if err != nil {
		return err
	}
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: s.portalUserKey(org, id),
		UpdateExpression: aws.String("SET preferences = :p, version = version + :one"), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": av, ":one": n(1)}})
	if isConditionFailed(err) {
		return fmt.Errorf("set preferences of %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set preferences of %s: %w", id, err)
	}
	return nil
}

// UsePortalResetToken consumes a portal password reset token and sets the active user's
// password in one transaction, conditioned on the token being the user's current one (which
// it leaves without), then ends the user's sessions. ErrNotFound when the token was used,
// expired, superseded by a newer token or a password change, or never existed, or the user is
// gone or not active.
func (s *Store) UsePortalResetToken(ctx context.Context, t ResetToken, passwordHash string) error {
	if t.Purpose != PurposePortalReset {
		return fmt.Errorf("use portal reset token: %w", ErrNotFound)
	}
	// The sessions end before the password changes too, so a failure after the change leaves
	// no session of the old password behind.
	if err := s.DeleteUserSessions(ctx, t.OrgID, t.UserID); err != nil {
		return err
	}
	var tx txn
	tx.add(s.useToken(t.Hash), ErrNotFound)
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: s.portalUserKey(t.OrgID, t.UserID),
		UpdateExpression:         aws.String("SET passwordHash = :h, version = version + :one REMOVE resetHash"),
		ConditionExpression:      aws.String("#s = :active AND resetHash = :r"),
		ExpressionAttributeNames: map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":h": s1(passwordHash), ":one": n(1), ":active": s1("active"),
			":r": s1(t.Hash)}}}, ErrNotFound)
	if err := tx.write(ctx, s, "use portal reset token"); err != nil {
		return err
	}
	return s.DeleteUserSessions(ctx, t.OrgID, t.UserID)
}

// PortalUserFilter narrows a list of portal users.
type PortalUserFilter struct {
	Status, UserTypeID string
}

// ListPortalUsers answers a page of an organization's portal users, newest first: one Query
// of the organization's users, the filters applied by DynamoDB (a filtered page may hold
// fewer than limit).
func (s *Store) ListPortalUsers(ctx context.Context, org string, f PortalUserFilter, limit int, after string) ([]PortalUser, string, error) {
	pk := portalUsersPK(org)
	p, err := queryPage(ctx, s, list{partition: pk, pkAttr: "GSI1PK", limit: limit, cursor: after, op: "list portal users of " + org},
		func() (*dynamodb.QueryInput, error) {
			in := &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1"),
				KeyConditionExpression:    aws.String("GSI1PK = :p"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk)},
				ScanIndexForward:          aws.Bool(false)}
			var conds []string
			if f.Status != "" {
				conds = append(conds, "#s = :s")
				in.ExpressionAttributeValues[":s"] = s1(f.Status)
				in.ExpressionAttributeNames = map[string]string{"#s": "status"}
			}
			if f.UserTypeID != "" {
				conds = append(conds, "userTypeId = :t")
				in.ExpressionAttributeValues[":t"] = s1(f.UserTypeID)
			}
			if len(conds) > 0 {
				in.FilterExpression = aws.String(strings.Join(conds, " AND "))
			}
			return in, nil
		}, decodeVia(func(it portalUserItem) PortalUser { return it.PortalUser }))
	return p.Items, p.Next, err
}
