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

// Attachment states: an upload is pending until its completion checks the object.
const (
	AttachmentPending = "pending"
	AttachmentReady   = "ready"
)

// ErrQuota: the uploader's quota has no room for the file.
var ErrQuota = fmt.Errorf("quota exceeded")

// Attachment is a file attached to a record, kept in the attachments bucket under Key: while
// pending, the object the upload form writes; once ready, the checked copy that is served,
// which no upload form covers (see attachments.Service.Complete).
type Attachment struct {
	OrgID       string    `dynamodbav:"orgId" json:"-"`
	ID          string    `dynamodbav:"id" json:"id"`
	RecordID    string    `dynamodbav:"recordId" json:"-"`
	Module      string    `dynamodbav:"module" json:"-"`
	Filename    string    `dynamodbav:"filename" json:"filename"`
	ContentType string    `dynamodbav:"contentType" json:"contentType"`
	Size        int64     `dynamodbav:"size" json:"size"`
	Status      string    `dynamodbav:"status" json:"status"`
	Key         string    `dynamodbav:"key" json:"-"`
	UploadedBy  Actor     `dynamodbav:"uploadedBy" json:"uploadedBy"`
	CreatedAt   time.Time `dynamodbav:"createdAt" json:"createdAt"`
	// Shared: the customers who may see the record see the file too. A file staff upload is
	// internal (false) unless they share it; a portal user's upload is the customer's own and
	// shared (see SharedWithCustomers for items from before the flag).
	Shared bool `dynamodbav:"shared" json:"shared"`
	// ExpiresAt (TTL) removes a pending upload that is never completed.
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime,omitempty" json:"-"`
}

// SharedWithCustomers tells whether the portal may list and serve the file: staff shared it,
// or a portal user uploaded it (uploads from before the flag existed were all theirs).
func (a Attachment) SharedWithCustomers() bool {
	return a.Shared || a.UploadedBy.Kind == ActorPortal
}

type attachmentItem struct {
	PK, SK string
	Attachment
}

func filesPK(org, record string) string { return orgPK(org) + "#FILES#" + record }
func quotaPK(org, user string) string   { return orgPK(org) + "#QUOTA#" + user }

// CreateAttachment stores a pending upload.
func (s *Store) CreateAttachment(ctx context.Context, a Attachment) error {
	a.Status = AttachmentPending
	return putNew(ctx, s, attachmentItem{PK: filesPK(a.OrgID, a.RecordID), SK: "FILE#" + a.ID, Attachment: a}, "create attachment")
}

// GetAttachment returns an attachment of a record, or ErrNotFound.
func (s *Store) GetAttachment(ctx context.Context, org, record, id string) (Attachment, error) {
	it, err := getItem[attachmentItem](ctx, s, key(filesPK(org, record), "FILE#"+id), true, "get attachment "+id)
	return it.Attachment, err
}

// Quota is what a user's uploads take.
type Quota struct {
	Files, Bytes int64
}

// GetQuota returns a user's uploads so far (zero when none).
func (s *Store) GetQuota(ctx context.Context, org, user string) (Quota, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(quotaPK(org, user), "QUOTA"), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return Quota{}, fmt.Errorf("quota of %s: %w", user, err)
	}
	var q struct {
		Files int64 `dynamodbav:"files"`
		Bytes int64 `dynamodbav:"bytes"`
	}
	if out.Item != nil {
		if err := attributevalue.UnmarshalMap(out.Item, &q); err != nil {
			return Quota{}, err
		}
	}
	return Quota{Files: q.Files, Bytes: q.Bytes}, nil
}

// CompleteAttachment makes a pending attachment ready with its checked size and the key of
// the checked object (servedKey), for a portal user's upload counts it on their quota, and
// adds the events it makes happen (an outbox: see Event), in one transaction: ErrQuota when
// the quota (maxFiles, maxBytes) has no room, ErrVersion when the upload is no longer
// pending (another completion won, or it was deleted).
func (s *Store) CompleteAttachment(ctx context.Context, a Attachment, size int64, servedKey, countOn string, maxFiles, maxBytes int64, evs ...Event) (Attachment, error) {
	// A full quota is answered as such even when the upload was completed meanwhile too.
	tx := txn{prefer: []error{ErrQuota}}
	tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(filesPK(a.OrgID, a.RecordID), "FILE#"+a.ID),
		UpdateExpression:         aws.String("SET #s = :ready, #sz = :size, #k = :key REMOVE expiresAt"),
		ConditionExpression:      aws.String("#s = :pending"),
		ExpressionAttributeNames: map[string]string{"#s": "status", "#sz": "size", "#k": "key"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":ready": s1(AttachmentReady), ":pending": s1(AttachmentPending),
			":size": n(size), ":key": s1(servedKey)}}}, ErrVersion)
	if countOn != "" {
		tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(quotaPK(a.OrgID, countOn), "QUOTA"),
			UpdateExpression:         aws.String("ADD files :one, #b :size"),
			ConditionExpression:      aws.String("attribute_not_exists(PK) OR (files <= :maxf AND #b <= :maxb)"),
			ExpressionAttributeNames: map[string]string{"#b": "bytes"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1), ":size": n(size),
				":maxf": n(maxFiles - 1), ":maxb": n(maxBytes - size)}}}, ErrQuota)
	}
	if err := s.addEvents(&tx, evs); err != nil {
		return Attachment{}, fmt.Errorf("complete attachment %s: %w", a.ID, err)
	}
	if err := tx.write(ctx, s, "complete attachment "+a.ID); err != nil {
		return Attachment{}, err
	}
	a.Status, a.Size, a.Key, a.ExpiresAt = AttachmentReady, size, servedKey, time.Time{}
	return a, nil
}

// DeleteAttachment deletes an attachment item still in a's status and, when it was a ready
// upload counted on countOn's quota, gives the room back, in one transaction; ErrNotFound
// when it is gone or its status changed since a was read (a completion made it ready: its
// quota would then be left counted). The object is the caller's.
func (s *Store) DeleteAttachment(ctx context.Context, a Attachment, countOn string) error {
	// Any cancellation means the attachment is no longer as a was read.
	tx := txn{otherwise: ErrNotFound}
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(filesPK(a.OrgID, a.RecordID), "FILE#"+a.ID),
		ConditionExpression:       aws.String("#s = :status"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":status": s1(a.Status)}}}, ErrNotFound)
	if countOn != "" && a.Status == AttachmentReady {
		tx.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(quotaPK(a.OrgID, countOn), "QUOTA"),
			UpdateExpression: aws.String("ADD files :minus, #b :size"), ConditionExpression: aws.String("attribute_exists(PK)"),
			ExpressionAttributeNames:  map[string]string{"#b": "bytes"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":minus": n(-1), ":size": n(-a.Size)}}}, ErrNotFound)
	}
	return tx.write(ctx, s, "delete attachment "+a.ID)
}

// ListAttachments answers the ready attachments of a record, oldest first (ids sort by time),
// at most MaxPage.
func (s *Store) ListAttachments(ctx context.Context, org, record string, limit int, after string) ([]Attachment, string, error) {
	return s.listAttachments(ctx, org, record, limit, after, false)
}

// ListSharedAttachments is ListAttachments without the internal files: only those
// SharedWithCustomers (the portal's list). The filter runs in the query, so a page's cursor
// never depends on what the portal may not see.
func (s *Store) ListSharedAttachments(ctx context.Context, org, record string, limit int, after string) ([]Attachment, string, error) {
	return s.listAttachments(ctx, org, record, limit, after, true)
}

func (s *Store) listAttachments(ctx context.Context, org, record string, limit int, after string, sharedOnly bool) ([]Attachment, string, error) {
	pk := filesPK(org, record)
	filter := "#st = :ready"
	names := map[string]string{"#st": "status"}
	values := map[string]types.AttributeValue{":p": s1(pk), ":s": s1("FILE#"), ":ready": s1(AttachmentReady)}
	if sharedOnly {
		// SharedWithCustomers, as a condition.
		filter += " AND (#sh = :true OR #by.#kind = :portal)"
		names["#sh"], names["#by"], names["#kind"] = "shared", "uploadedBy", "kind"
		values[":true"], values[":portal"] = &types.AttributeValueMemberBOOL{Value: true}, s1(ActorPortal)
	}
	p, err := queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "list attachments of " + record},
		func() (*dynamodb.QueryInput, error) {
			return &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
				KeyConditionExpression: aws.String("PK = :p AND begins_with(SK, :s)"), FilterExpression: aws.String(filter),
				ExpressionAttributeNames: names, ExpressionAttributeValues: values}, nil
		}, decodeVia(func(it attachmentItem) Attachment { return it.Attachment }))
	return p.Items, p.Next, err
}
