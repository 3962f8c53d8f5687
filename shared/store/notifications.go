package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Audiences of a notification: whose list it is in.
const (
	AudiencePortal = "portal"
	AudienceStaff  = "staff"
)

// NotificationLifetime is how long a notification is kept (its TTL, from its last event).
const NotificationLifetime = 90 * 24 * time.Hour

// MaxUnread is the bound of an unread count: UnreadNotifications counts up to it, and a count
// of MaxUnread means "MaxUnread or more" (the header shows "99+").
const MaxUnread = 100

// Notification is one entry of a person's notifications list: what happened to one record in
// one window (the notifier picks ID with NotificationID), with Count the number of events the
// window brought. It names the record and the kind of the latest event, never a value, a
// note's body or a file: the notifier only puts what the recipient may see.
type Notification struct {
	OrgID    string `dynamodbav:"orgId" json:"-"`
	Audience string `dynamodbav:"audience" json:"-"`
	UserID   string `dynamodbav:"userId" json:"-"`
	ID       string `dynamodbav:"id" json:"id"`
	// Kind is the latest event's kind (store.Event kinds).
	Kind       string    `dynamodbav:"kind" json:"kind"`
	Module     string    `dynamodbav:"module" json:"module"`
	RecordID   string    `dynamodbav:"recordId" json:"recordId"`
	RecordName string    `dynamodbav:"recordName" json:"recordName"`
	ActorName  string    `dynamodbav:"actorName" json:"actorName"`
	Count      int       `dynamodbav:"count" json:"count"`
	CreatedAt  time.Time `dynamodbav:"createdAt" json:"createdAt"`
	UpdatedAt  time.Time `dynamodbav:"updatedAt" json:"updatedAt"`
	Read       bool      `dynamodbav:"read" json:"read"`
}

type notificationItem struct {
	PK, SK string
	Notification
}

// notificationsPK is the partition of one person's notifications (and of the markers of the
// events applied to them).
func notificationsPK(org, audience, user string) string {
	return orgPK(org) + "#NOTIFY#" + audience + "#" + user
}

// unreadPK is the GSI1 partition of a person's unread notifications: a notification carries
// GSI1PK only while it is unread, so the index holds exactly the unread ones (a sparse index)
// and the unread count is one bounded Query that reads no read notification.
func unreadPK(org, audience, user string) string {
	return orgPK(org) + "#UNREAD#" + audience + "#" + user
}

const (
	notificationSK = "NOTIF#"
	// notifEventSK starts the key of the marker that an event was applied to a notification.
	notifEventSK = "NEVT#"
)

// NotificationID is the id of the notification of one record (module, recordID) in the
// window that starts at windowStart, the same for every recipient: every event of the window
// lands in the same notification. Ids sort by windowStart (the time in milliseconds, base 36,
// fixed width, first), so a list by id is a list by time. They hold only [0-9A-Za-z_-] and a
// dot, so they stand in a URL path as they are.
func NotificationID(windowStart time.Time, module, recordID string) string {
	ms := strconv.FormatInt(max(windowStart.UnixMilli(), 0), 36)
	return strings.Repeat("0", max(9-len(ms), 0)) + ms + "." + module + "." + recordID
}

// ValidNotificationID reports whether id has the form NotificationID makes (a path parameter
// is checked with it before any key is built).
func ValidNotificationID(id string) bool {
	if len(id) < 13 || len(id) > 200 {
		return false
	}
	parts := strings.Split(id, ".")
	if len(parts) != 3 || len(parts[0]) != 9 || parts[1] == "" || parts[2] == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// PutNotification applies the event eventID to the notification n.ID of the person n.OrgID,
// n.Audience, n.UserID: it creates the notification (Count 1) or, when it exists, adds one to
// Count and sets Kind, ActorName, RecordName, UpdatedAt and Read=false (unread again). An
// event already applied to that notification changes nothing and returns nil, so a retried
// event never counts twice: a marker item per (notification, event), kept as long as an
// event is (EventLifetime), is put with a condition in the same transaction as the change.
// n.Count, n.CreatedAt, n.UpdatedAt and n.Read are ignored (the store sets them).
func (s *Store) PutNotification(ctx context.Context, nt Notification, eventID string) error {
	op := fmt.Sprintf("put notification %s of %s %s for event %s", nt.ID, nt.Audience, nt.UserID, eventID)
	if nt.OrgID == "" || nt.UserID == "" || eventID == "" || !ValidNotificationID(nt.ID) ||
		(nt.Audience != AudiencePortal && nt.Audience != AudienceStaff) {
		return fmt.Errorf("%s: incomplete notification", op)
	}
	now := s.Now()
	pk := notificationsPK(nt.OrgID, nt.Audience, nt.UserID)
	var t txn
	t.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table,
		Item: map[string]types.AttributeValue{
			"PK": s1(pk), "SK": s1(notifEventSK + nt.ID + "#" + eventID),
			"expiresAt": n(now.Add(EventLifetime).Unix()),
		},
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, errApplied)
	t.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table,
		Key: key(pk, notificationSK+nt.ID),
		// Every attribute by a name placeholder: several (kind, module, count, read) are
		// DynamoDB reserved words.
		UpdateExpression: aws.String("SET #o = :o, #au = :au, #u = :u, #id = :id, #k = :k, #m = :m, " +
			"#r = :r, #rn = :rn, #an = :an, #ca = if_not_exists(#ca, :now), " +
			"#ua = :now, #read = :f, GSI1PK = :g, GSI1SK = :id, #exp = :exp ADD #count :one"),
		ExpressionAttributeNames: map[string]string{"#o": "orgId", "#au": "audience", "#u": "userId", "#id": "id",
			"#k": "kind", "#m": "module", "#r": "recordId", "#rn": "recordName", "#an": "actorName", "#ca": "createdAt",
			"#ua": "updatedAt", "#read": "read", "#exp": "expiresAt", "#count": "count"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":o": s1(nt.OrgID), ":au": s1(nt.Audience), ":u": s1(nt.UserID), ":id": s1(nt.ID), ":k": s1(nt.Kind),
			":m": s1(nt.Module), ":r": s1(nt.RecordID), ":rn": s1(nt.RecordName), ":an": s1(nt.ActorName),
			":now": s1(timeKey(now)), ":f": &types.AttributeValueMemberBOOL{Value: false},
			":g": s1(unreadPK(nt.OrgID, nt.Audience, nt.UserID)), ":exp": n(now.Add(NotificationLifetime).Unix()),
			":one": n(1),
		}}}, nil)
	err := t.write(ctx, s, op)
	if errors.Is(err, errApplied) {
		return nil
	}
	return err
}

// errApplied: the event's marker exists, so the event was applied to the notification.
var errApplied = errors.New("event already applied")

// ListNotifications answers a person's notifications, newest first (by window: NotificationID
// sorts by time), at most MaxPage a page, with the project's cursors. It reads consistently,
// so a notification just marked read is listed read.
func (s *Store) ListNotifications(ctx context.Context, org, audience, user string, limit int, after string) (Page[Notification], error) {
	pk := notificationsPK(org, audience, user)
	return queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "list notifications of " + audience + " " + user},
		func() (*dynamodb.QueryInput, error) {
			return &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true), ScanIndexForward: aws.Bool(false),
				KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":s": s1(notificationSK)}}, nil
		}, decodeVia(func(it notificationItem) Notification { return it.Notification }))
}

// UnreadNotifications counts a person's unread notifications up to MaxUnread (a count of
// MaxUnread means that many or more): one Query of the sparse unread index, keys only.
// The index is eventually consistent: a notification marked read a moment ago may still count.
func (s *Store) UnreadNotifications(ctx context.Context, org, audience, user string) (int, error) {
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :g"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":g": s1(unreadPK(org, audience, user))},
		Select:                    types.SelectCount, Limit: aws.Int32(MaxUnread)})
	if err != nil {
		return 0, fmt.Errorf("count unread notifications of %s %s: %w", audience, user, err)
	}
	return int(min(out.Count, MaxUnread)), nil
}

// MarkNotificationRead marks one of a person's notifications read (it leaves the unread
// index); a notification that is not theirs, or not there, is ErrNotFound. Marking a read
// notification read again succeeds.
func (s *Store) MarkNotificationRead(ctx context.Context, org, audience, user, id string) error {
	if !ValidNotificationID(id) {
		return fmt.Errorf("mark notification %s read: %w", id, ErrNotFound)
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table,
		Key:                       key(notificationsPK(org, audience, user), notificationSK+id),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		UpdateExpression:          aws.String("SET #read = :t REMOVE GSI1PK, GSI1SK"),
		ExpressionAttributeNames:  map[string]string{"#read": "read"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}}})
	if isConditionFailed(err) {
		return fmt.Errorf("mark notification %s read: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("mark notification %s read: %w", id, err)
	}
	return nil
}

// MarkAllNotificationsRead marks every unread notification of a person read and answers how
// many it marked. It reads the unread ones from the table itself (consistently, not from the
// eventually consistent index) and marks them in transactions of up to 100 items, each
// conditioned on the notification being as read (its updatedAt): one that an event made
// unread again meanwhile is not marked read unseen, the transaction is cancelled and the
// whole is done again (at most markAllAttempts times; then ErrVersion, a 503 to the caller).
func (s *Store) MarkAllNotificationsRead(ctx context.Context, org, audience, user string) (int, error) {
	op := "mark all notifications of " + audience + " " + user + " read"
	pk := notificationsPK(org, audience, user)
	marked := 0
	for attempt := 0; attempt < markAllAttempts; attempt++ {
		items, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
			KeyConditionExpression:   aws.String("PK = :p AND begins_with(SK, :s)"),
			FilterExpression:         aws.String("#read = :f"),
			ProjectionExpression:     aws.String("PK, SK, updatedAt"),
			ExpressionAttributeNames: map[string]string{"#read": "read"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":s": s1(notificationSK),
				":f": &types.AttributeValueMemberBOOL{Value: false}}})
		if err != nil {
			return marked, fmt.Errorf("%s: %w", op, err)
		}
		err = s.markRead(ctx, items, op, &marked)
		if !errors.Is(err, errChanged) {
			return marked, err
		}
	}
	return marked, fmt.Errorf("%s: %w", op, ErrVersion)
}

// markAllAttempts bounds the re-runs of MarkAllNotificationsRead when events keep arriving.
const markAllAttempts = 3

// errChanged: a notification changed between its read and its marking.
var errChanged = errors.New("notification changed")

// markRead marks items (keys and updatedAt of notifications) read, 100 to a transaction,
// adding to *marked as each transaction succeeds; errChanged when one changed since read.
func (s *Store) markRead(ctx context.Context, items []map[string]types.AttributeValue, op string, marked *int) error {
	const chunk = 100 // the items of one transaction
	for start := 0; start < len(items); start += chunk {
		part := items[start:min(start+chunk, len(items))]
		var t txn
		for _, it := range part {
			t.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table,
				Key:                      map[string]types.AttributeValue{"PK": it["PK"], "SK": it["SK"]},
				ConditionExpression:      aws.String("updatedAt = :u"),
				UpdateExpression:         aws.String("SET #read = :t REMOVE GSI1PK, GSI1SK"),
				ExpressionAttributeNames: map[string]string{"#read": "read"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true},
					":u": it["updatedAt"]}}}, errChanged)
		}
		if err := t.write(ctx, s, op); err != nil {
			return err
		}
		*marked += len(part)
	}
	return nil
}

// GetNotification returns one of a person's notifications (consistent), or ErrNotFound.
func (s *Store) GetNotification(ctx context.Context, org, audience, user, id string) (Notification, error) {
	if !ValidNotificationID(id) {
		return Notification{}, fmt.Errorf("get notification %s: %w", id, ErrNotFound)
	}
	it, err := getItem[notificationItem](ctx, s, key(notificationsPK(org, audience, user), notificationSK+id), true, "get notification "+id)
	return it.Notification, err
}
