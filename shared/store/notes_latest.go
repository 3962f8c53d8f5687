package store

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// LatestPublicNote returns the newest note of record written by an author of kind (ActorStaff,
// ActorPortal) that is not internal, looking at the newest window notes only (1 to MaxPage):
// ok is false when none of them is such a note. It is one Query, newest first (note ids are
// auth.NewTimeID's, which sort by time), with the filter in the Query itself, so internal notes
// never leave the table; the filter applies after the Limit, which is why it takes a window
// and not 1. The read is eventually consistent (half the cost): a reply written a moment ago
// may show on the next read.
func (s *Store) LatestPublicNote(ctx context.Context, org, record, kind string, window int) (Note, bool, error) {
	in := &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression: aws.String("PK = :p AND begins_with(SK, :s)"),
		FilterExpression:       aws.String("#internal = :f AND #author.#kind = :k"),
		ExpressionAttributeNames: map[string]string{
			"#internal": "internal", "#author": "author", "#kind": "kind"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":p": s1(notesPK(org, record)), ":s": s1("NOTE#"),
			":f": &types.AttributeValueMemberBOOL{Value: false}, ":k": s1(kind)},
		ScanIndexForward: aws.Bool(false),
		Limit:            aws.Int32(int32(clampLimit(window)))}
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return Note{}, false, fmt.Errorf("latest %s note of %s: %w", kind, record, err)
	}
	if len(out.Items) == 0 {
		return Note{}, false, nil
	}
	var it noteItem
	if err := attributevalue.UnmarshalMap(out.Items[0], &it); err != nil {
		return Note{}, false, fmt.Errorf("latest %s note of %s: %w", kind, record, err)
	}
	return it.Note, true, nil
}
