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

// ErasureRequest is a portal user's pending request for the erasure of their account, in an
// organization whose erasure mode is "approval": one per user, in the organization's
// ERASUREREQ partition (listed without a scan), until an admin approves it (the erasure
// deletes it), rejects it, or the user withdraws it. Name and email are copies for the
// admin's decision; they go with the request.
type ErasureRequest struct {
	OrgID       string    `dynamodbav:"orgId" json:"-"`
	UserID      string    `dynamodbav:"userId" json:"userId"`
	RecordID    string    `dynamodbav:"recordId" json:"recordId"` // the user's Contact or Lead
	Name        string    `dynamodbav:"name" json:"name"`
	Email       string    `dynamodbav:"email" json:"email"`
	RequestedAt time.Time `dynamodbav:"requestedAt" json:"requestedAt"`
}

type erasureRequestItem struct {
	PK, SK string
	ErasureRequest
}

func erasureRequestPK(org string) string { return orgPK(org) + "#ERASUREREQ" }

func erasureRequestKey(org, user string) map[string]types.AttributeValue {
	return key(erasureRequestPK(org), user)
}

// PutErasureRequest stores req with its audit entry in one transaction; ErrExists when the
// user has a pending request already.
func (s *Store) PutErasureRequest(ctx context.Context, req ErasureRequest, entry AuditEntry) error {
	op := "request erasure of " + req.UserID
	item, err := attributevalue.MarshalMap(erasureRequestItem{PK: erasureRequestPK(req.OrgID), SK: req.UserID, ErasureRequest: req})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	audit, err := attributevalue.MarshalMap(auditItemOf(entry))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	tx := txn{}
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: audit, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, nil)
	return tx.write(ctx, s, op)
}

// GetErasureRequest answers the user's pending request (a consistent read: the answer after a
// request or a withdrawal is that change's), or ErrNotFound.
func (s *Store) GetErasureRequest(ctx context.Context, org, user string) (ErasureRequest, error) {
	it, err := getItem[erasureRequestItem](ctx, s, erasureRequestKey(org, user), true, "get erasure request of "+user)
	return it.ErasureRequest, err
}

// EndErasureRequest deletes the user's pending request with entry (a withdrawal, a
// rejection) in one transaction; ErrNotFound when there is none.
func (s *Store) EndErasureRequest(ctx context.Context, org, user string, entry AuditEntry) error {
	op := "end erasure request of " + user
	audit, err := attributevalue.MarshalMap(auditItemOf(entry))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	tx := txn{}
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: erasureRequestKey(org, user),
		ConditionExpression: aws.String("attribute_exists(PK)")}}, ErrNotFound)
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: audit, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, nil)
	return tx.write(ctx, s, op)
}

// DeleteErasureRequest deletes the user's request, if any (an erasure's last step: a request
// of an erased user has nothing left to decide). Deleting again is harmless.
func (s *Store) DeleteErasureRequest(ctx context.Context, org, user string) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: erasureRequestKey(org, user)}); err != nil {
		return fmt.Errorf("delete erasure request of %s: %w", user, err)
	}
	return nil
}

// ListErasureRequests answers a page of the organization's pending requests, by user id, from
// one consistent Query of its ERASUREREQ partition.
func (s *Store) ListErasureRequests(ctx context.Context, org string, limit int, after string) (Page[ErasureRequest], error) {
	pk := erasureRequestPK(org)
	return queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "list erasure requests"},
		func() (*dynamodb.QueryInput, error) {
			return &dynamodb.QueryInput{TableName: &s.table, KeyConditionExpression: aws.String("PK = :p"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk)}, ConsistentRead: aws.Bool(true)}, nil
		}, decodeVia(func(it erasureRequestItem) ErasureRequest { return it.ErasureRequest }))
}
