package store

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ListNotesByAuthor answers one page of a record's notes written by the portal user author,
// oldest first (at most limit, see clampLimit). Notes carry no author key: the Query reads
// the record's notes partition and its filter keeps the author's public notes, so a page may
// hold fewer notes than limit and still have a next cursor. Consistent read.
func (s *Store) ListNotesByAuthor(ctx context.Context, org, record, author string, limit int, after string) ([]Note, string, error) {
	pk := notesPK(org, record)
	p, err := queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "list notes of " + record + " by " + author},
		func() (*dynamodb.QueryInput, error) {
			return &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
				KeyConditionExpression:   aws.String("PK = :p AND begins_with(SK, :s)"),
				FilterExpression:         aws.String("#in = :f AND #by.#kind = :portal AND #by.#id = :u"),
				ExpressionAttributeNames: map[string]string{"#in": "internal", "#by": "author", "#kind": "kind", "#id": "id"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":s": s1("NOTE#"),
					":f": &types.AttributeValueMemberBOOL{Value: false}, ":portal": s1(ActorPortal), ":u": s1(author)}}, nil
		}, decodeVia(func(it noteItem) Note { return it.Note }))
	return p.Items, p.Next, err
}

// ListAttachmentsByUploader answers one page of a record's ready attachments uploaded by the
// portal user uploader, oldest first (at most limit); filtered in the Query like
// ListNotesByAuthor. Consistent read.
func (s *Store) ListAttachmentsByUploader(ctx context.Context, org, record, uploader string, limit int, after string) ([]Attachment, string, error) {
	pk := filesPK(org, record)
	p, err := queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "list attachments of " + record + " by " + uploader},
		func() (*dynamodb.QueryInput, error) {
			return &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
				KeyConditionExpression:   aws.String("PK = :p AND begins_with(SK, :s)"),
				FilterExpression:         aws.String("#st = :ready AND #by.#kind = :portal AND #by.#id = :u"),
				ExpressionAttributeNames: map[string]string{"#st": "status", "#by": "uploadedBy", "#kind": "kind", "#id": "id"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":s": s1("FILE#"),
					":ready": s1(AttachmentReady), ":portal": s1(ActorPortal), ":u": s1(uploader)}}, nil
		}, decodeVia(func(it attachmentItem) Attachment { return it.Attachment }))
	return p.Items, p.Next, err
}
