package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrErasureUnfinished: the audit log of an erasure's subject was not fully pseudonymized
// within the call's bound; the progress is saved and the same erasure, asked again, resumes it.
var ErrErasureUnfinished = errors.New("erasure under way")

// ErasureSubject is whose personal data an erasure takes out of the audit log: the portal
// user (id, email and name as stored) and the pseudonym that replaces them.
type ErasureSubject struct {
	OrgID, UserID, Email, Name, Pseudonym string
	// Scrub answers an audit text with the subject's email and name replaced by the
	// pseudonym (erasure.Scrub), or the text unchanged.
	Scrub func(text string) string
	// ScrubOwn, when set, further answers the detail of an entry the subject made (after
	// Scrub): what they wrote into it themselves that is not their account's name or email
	// (a quote's signed name, quotes.PseudonymizeDetail).
	ScrubOwn func(text string) string
}

// MaxErasurePages bounds the pages of the organization's log (each up to 1 MB read) one
// PseudonymizeAudit call reads; ErasureMargin is the time it leaves before the context's
// deadline. Past either, the call saves its place and answers ErrErasureUnfinished.
// ErasurePageItems, when above 0, caps the items of each page (else a page holds what 1 MB
// of reads holds); it lets a test walk a short partition in several pages.
var (
	MaxErasurePages  = 40
	ErasureMargin    = 4 * time.Second
	ErasurePageItems int32
)

// erasureKey is the progress marker of an erasure under way: the log's key it resumes after.
// It holds audit ids only, no personal data.
func erasureKey(org, user string) map[string]types.AttributeValue {
	return key(orgPK(org)+"#ERASURE", user)
}

// PseudonymizeAudit replaces the subject's name and email in every entry of the
// organization's audit log that names them: the actor's name of the entries they made, and
// any mention of their email or name in an entry's detail. It reads the organization's log
// partition (the one place every entry is; consistently, so that the entries of the moments
// before are there too) oldest first, filtered to the entries that still name the subject,
// and updates each on its own: every update is idempotent, so a repeated or interrupted run
// changes nothing twice. Past MaxErasurePages pages or ErasureMargin before the context's
// deadline it stores its place in a progress marker and answers ErrErasureUnfinished; the
// next call resumes from the marker, and a call that finishes deletes it.
func (s *Store) PseudonymizeAudit(ctx context.Context, subj ErasureSubject) error {
	vals := map[string]types.AttributeValue{":p": s1(auditPK(subj.OrgID)), ":u": s1(subj.UserID), ":ps": s1(subj.Pseudonym)}
	filter := "(actor.id = :u AND actor.#n <> :ps)"
	names := map[string]string{"#n": "name"}
	if subj.Email != "" {
		filter += " OR contains(detail, :e) OR contains(actor.#n, :e)"
		vals[":e"] = s1(subj.Email)
	}
	return s.walkErasure(ctx, erasureWalk{
		op:     "pseudonymize audit of " + subj.UserID,
		marker: erasureKey(subj.OrgID, subj.UserID),
		pk:     auditPK(subj.OrgID),
		query: dynamodb.QueryInput{KeyConditionExpression: aws.String("PK = :p"), FilterExpression: aws.String(filter),
			ExpressionAttributeNames: names, ExpressionAttributeValues: vals},
		scrub: func(ctx context.Context, item map[string]types.AttributeValue) error {
			return s.scrubAuditItem(ctx, subj, item)
		},
	})
}

// erasureWalk is one pass of an erasure over a partition's items that still name its subject.
type erasureWalk struct {
	op string
	// marker is the key of the walk's progress marker: an item holding the sort key it
	// resumes after ("after"; keys only, no personal data).
	marker map[string]types.AttributeValue
	// pk is the partition walked; query its key condition and filter (no table, start key
	// or consistency: the walk sets them).
	pk    string
	query dynamodb.QueryInput
	// scrub rewrites one item as read; it must be idempotent, so that a repeated or
	// interrupted walk changes nothing twice.
	scrub func(ctx context.Context, item map[string]types.AttributeValue) error
}

// walkErasure reads w's partition consistently (so that the writes of the moments before are
// there too) from the marker's place, scrubbing each item the filter keeps. Past
// MaxErasurePages pages or ErasureMargin before the context's deadline it stores its place in
// the marker and answers ErrErasureUnfinished; a walk that finishes deletes the marker.
func (s *Store) walkErasure(ctx context.Context, w erasureWalk) error {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: w.marker, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("%s: read progress: %w", w.op, err)
	}
	var start map[string]types.AttributeValue
	if after, ok := out.Item["after"].(*types.AttributeValueMemberS); ok && after.Value != "" {
		start = key(w.pk, after.Value)
	}
	deadline, hasDeadline := ctx.Deadline()
	for page := 0; ; page++ {
		if page >= MaxErasurePages || (hasDeadline && time.Until(deadline) < ErasureMargin) {
			return s.saveErasureProgress(ctx, w, start)
		}
		in := w.query
		in.TableName, in.ConsistentRead, in.ExclusiveStartKey = &s.table, aws.Bool(true), start
		if ErasurePageItems > 0 {
			in.Limit = aws.Int32(ErasurePageItems)
		}
		q, err := s.db.Query(ctx, &in)
		if err != nil {
			return fmt.Errorf("%s: %w", w.op, err)
		}
		for _, item := range q.Items {
			if err := w.scrub(ctx, item); err != nil {
				return fmt.Errorf("%s: %w", w.op, err)
			}
		}
		if len(q.LastEvaluatedKey) == 0 {
			break
		}
		start = q.LastEvaluatedKey
	}
	if out.Item != nil {
		if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: w.marker}); err != nil {
			return fmt.Errorf("%s: delete progress: %w", w.op, err)
		}
	}
	return nil
}

// saveErasureProgress stores the place a walk stopped at (start: the next page's start key)
// and answers ErrErasureUnfinished.
func (s *Store) saveErasureProgress(ctx context.Context, w erasureWalk, start map[string]types.AttributeValue) error {
	item := maps.Clone(w.marker)
	if sk, ok := start["SK"].(*types.AttributeValueMemberS); ok {
		item["after"] = s1(sk.Value)
	}
	item["at"] = s1(timeKey(s.Now()))
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item}); err != nil {
		return fmt.Errorf("%s: save progress: %w", w.op, err)
	}
	return fmt.Errorf("%s: %w", w.op, ErrErasureUnfinished)
}

// scrubAuditItem writes one log entry (item, as read) with the subject's name and email
// replaced: the actor's name when the subject made it, the detail. The entry's index copies
// (GSI1, GSI2) follow the item.
func (s *Store) scrubAuditItem(ctx context.Context, subj ErasureSubject, item map[string]types.AttributeValue) error {
	var it auditItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return err
	}
	actorName := it.Actor.Name
	if it.Actor.ID == subj.UserID {
		actorName = subj.Pseudonym
	} else {
		actorName = subj.Scrub(actorName)
	}
	detail := subj.Scrub(it.Detail)
	if it.Actor.ID == subj.UserID && subj.ScrubOwn != nil {
		detail = subj.ScrubOwn(detail)
	}
	set := "actor.#n = :n"
	vals := map[string]types.AttributeValue{":n": s1(actorName)}
	if detail != it.Detail {
		set += ", detail = :d"
		vals[":d"] = s1(detail)
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(it.PK, it.SK),
		UpdateExpression: aws.String("SET " + set), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames: map[string]string{"#n": "name"}, ExpressionAttributeValues: vals})
	if isConditionFailed(err) {
		return nil // gone meanwhile (the log's retention): nothing left to scrub
	}
	if err != nil {
		return fmt.Errorf("entry %s: %w", it.SK, err)
	}
	return nil
}

// DeleteUserNotifications deletes a portal user's notifications, their event markers and
// their digests (what the notifier keeps for them; nothing of it is CRM data): the two
// partitions read consistently, keys only, each item deleted on its own (deleting again is
// harmless). Within ErasureMargin of the context's deadline it stops and answers
// ErrErasureUnfinished; the same erasure asked again goes on with what is left.
func (s *Store) DeleteUserNotifications(ctx context.Context, org, user string) error {
	deadline, hasDeadline := ctx.Deadline()
	for _, pk := range []string{notificationsPK(org, AudiencePortal, user), orgPK(org) + "#DIGEST#" + AudiencePortal + "#" + user} {
		var start map[string]types.AttributeValue
		for {
			if hasDeadline && time.Until(deadline) < ErasureMargin {
				return fmt.Errorf("delete notifications of %s: %w", user, ErrErasureUnfinished)
			}
			out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
				KeyConditionExpression: aws.String("PK = :p"), ProjectionExpression: aws.String("PK, SK"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk)}, ExclusiveStartKey: start})
			if err != nil {
				return fmt.Errorf("notifications of %s: %w", user, err)
			}
			for _, it := range out.Items {
				if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table,
					Key: map[string]types.AttributeValue{"PK": it["PK"], "SK": it["SK"]}}); err != nil {
					return fmt.Errorf("delete notification of %s: %w", user, err)
				}
			}
			if len(out.LastEvaluatedKey) == 0 {
				break
			}
			start = out.LastEvaluatedKey
		}
	}
	return nil
}
