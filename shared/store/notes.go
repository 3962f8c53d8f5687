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

// Actor kinds: who did something.
const (
	ActorStaff  = "staff"
	ActorPortal = "portal"
	ActorSystem = "system"
)

// Actor is who wrote a note, uploaded a file or did an audited action.
type Actor struct {
	Kind string `dynamodbav:"kind" json:"kind"`
	ID   string `dynamodbav:"id" json:"id"`
	Name string `dynamodbav:"name" json:"name"`
}

// Note is a note on a record. Internal notes are staff-only: the portal never reads them.
type Note struct {
	OrgID      string    `dynamodbav:"orgId" json:"-"`
	ID         string    `dynamodbav:"id" json:"id"`
	RecordID   string    `dynamodbav:"recordId" json:"-"`
	Module     string    `dynamodbav:"module" json:"-"`
	Body       string    `dynamodbav:"body" json:"body"`
	Internal   bool      `dynamodbav:"internal" json:"internal"`
	Author     Actor     `dynamodbav:"author" json:"author"`
	CreatedAt  time.Time `dynamodbav:"createdAt" json:"createdAt"`
	ModifiedAt time.Time `dynamodbav:"modifiedAt" json:"modifiedAt"`
	Version    int       `dynamodbav:"version" json:"version"`
}

type noteItem struct {
	PK, SK string
	Note
}

func notesPK(org, record string) string { return orgPK(org) + "#NOTES#" + record }

// CreateNote stores a new note (version 1) and the events it makes happen (an outbox: see
// Event), in one transaction; ErrExists when the note's id is taken.
func (s *Store) CreateNote(ctx context.Context, n Note, evs ...Event) error {
	n.Version = 1
	it := noteItem{PK: notesPK(n.OrgID, n.RecordID), SK: "NOTE#" + n.ID, Note: n}
	if len(evs) == 0 {
		return putNew(ctx, s, it, "create note")
	}
	put, err := s.putItem(it, "attribute_not_exists(PK)")
	if err != nil {
		return fmt.Errorf("create note %s: %w", n.ID, err)
	}
	var tx txn
	tx.add(put, ErrExists)
	if err := s.addEvents(&tx, evs); err != nil {
		return fmt.Errorf("create note %s: %w", n.ID, err)
	}
	return tx.write(ctx, s, "create note "+n.ID)
}

// GetNote returns a note of a record, or ErrNotFound.
func (s *Store) GetNote(ctx context.Context, org, record, id string) (Note, error) {
	it, err := getItem[noteItem](ctx, s, key(notesPK(org, record), "NOTE#"+id), true, "get note "+id)
	return it.Note, err
}

// UpdateNote replaces old with n (n.Version = old.Version+1) if old is still the stored
// version; ErrVersion otherwise.
func (s *Store) UpdateNote(ctx context.Context, old, nt Note) error {
	nt.Version = old.Version + 1
	item, err := attributevalue.MarshalMap(noteItem{PK: notesPK(nt.OrgID, nt.RecordID), SK: "NOTE#" + nt.ID, Note: nt})
	if err != nil {
		return fmt.Errorf("update note %s: %w", nt.ID, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item, ConditionExpression: aws.String("version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(old.Version))}})
	if isConditionFailed(err) {
		return fmt.Errorf("update note %s: %w", nt.ID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("update note %s: %w", nt.ID, err)
	}
	return nil
}

// DeleteNote deletes a note at version; ErrVersion when it changed or is gone.
func (s *Store) DeleteNote(ctx context.Context, nt Note) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: key(notesPK(nt.OrgID, nt.RecordID), "NOTE#"+nt.ID),
		ConditionExpression: aws.String("version = :v"), ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(nt.Version))}})
	if isConditionFailed(err) {
		return fmt.Errorf("delete note %s: %w", nt.ID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("delete note %s: %w", nt.ID, err)
	}
	return nil
}

// ListNotes answers a record's notes (at most MaxPage, oldest first: note ids are
// auth.NewTimeID's, which sort by time); withInternal false leaves internal notes out in the Query itself, so they never
// leave the table for the portal.
func (s *Store) ListNotes(ctx context.Context, org, record string, withInternal bool, limit int, after string) ([]Note, string, error) {
	p, err := s.ListNotesPage(ctx, org, record, withInternal, limit, after)
	return p.Items, p.Next, err
}

// ListNotesPage is ListNotes with the cursor after each note (Page.CursorAfter).
func (s *Store) ListNotesPage(ctx context.Context, org, record string, withInternal bool, limit int, after string) (Page[Note], error) {
	pk := notesPK(org, record)
	return queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "list notes of " + record},
		func() (*dynamodb.QueryInput, error) {
			in := &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
				KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":s": s1("NOTE#")}}
			if !withInternal {
				in.FilterExpression = aws.String("internal = :f")
				in.ExpressionAttributeValues[":f"] = &types.AttributeValueMemberBOOL{Value: false}
			}
			return in, nil
		}, decodeVia(func(it noteItem) Note { return it.Note }))
}
