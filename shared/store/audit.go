package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AuditEntry is one line of an organization's audit log. Entries are only ever appended:
// no route updates or deletes them.
type AuditEntry struct {
	OrgID    string    `dynamodbav:"orgId" json:"-"`
	ID       string    `dynamodbav:"id" json:"id"` // auth.NewTimeID of At: sorts by time
	At       time.Time `dynamodbav:"at" json:"at"`
	Actor    Actor     `dynamodbav:"actor" json:"actor"`
	Action   string    `dynamodbav:"action" json:"action"`
	Module   string    `dynamodbav:"module,omitempty" json:"module,omitempty"`
	RecordID string    `dynamodbav:"recordId,omitempty" json:"recordId,omitempty"`
	Fields   []string  `dynamodbav:"fields,omitempty" json:"fields,omitempty"`
	Detail   string    `dynamodbav:"detail,omitempty" json:"detail,omitempty"`
	IP       string    `dynamodbav:"ip,omitempty" json:"ip,omitempty"`
}

type auditItem struct {
	PK, SK         string
	GSI1PK, GSI1SK string `dynamodbav:",omitempty"`
	GSI2PK, GSI2SK string `dynamodbav:",omitempty"`
	AuditEntry
}

func auditPK(org string) string               { return orgPK(org) + "#AUDIT" }
func auditActorPK(org, actor string) string   { return orgPK(org) + "#AUDIT#ACTOR#" + actor }
func auditRecordPK(org, record string) string { return orgPK(org) + "#AUDIT#REC#" + record }

// ViewAction is the audit action of a record view (audit.RecordView).
const ViewAction = "record_view"

// AppendAudit appends an entry to the organization's log. Every entry is an item of the
// organization's log partition; all but record views are also in the actor's (GSI1) and the
// record's (GSI2) index partitions. A record view, the one entry a page view writes, is only
// in the log partition: one item of one write unit where the indexes would make it three.
// Filters by actor or record still find views (ListAuditPage).
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) error {
	return putNew(ctx, s, auditItemOf(e), "append audit entry")
}

// auditItemOf is e's item: in the log partition and, but for a view, in its actor's and its
// record's index partitions.
func auditItemOf(e AuditEntry) auditItem {
	it := auditItem{PK: auditPK(e.OrgID), SK: e.ID, AuditEntry: e}
	if e.Action == ViewAction {
		return it
	}
	if e.Actor.ID != "" {
		it.GSI1PK, it.GSI1SK = auditActorPK(e.OrgID, e.Actor.ID), e.ID
	}
	if e.RecordID != "" {
		it.GSI2PK, it.GSI2SK = auditRecordPK(e.OrgID, e.RecordID), e.ID
	}
	return it
}

// AuditFilter narrows the log: by actor (one Query of GSI1), by record (GSI2), by action (a
// filter) and by time (a key condition on the time-sortable ids).
type AuditFilter struct {
	ActorID, RecordID, Action string
	From, To                  time.Time
}

// idAt is the smallest (or, with high, the largest) id made at t.
func idAt(t time.Time, high bool) string {
	ms := strconv.FormatInt(max(t.UnixMilli(), 0), 36)
	p := strings.Repeat("0", max(9-len(ms), 0)) + ms
	if high {
		return p + strings.Repeat("z", 11)
	}
	return p
}

// ListAudit answers a page of the log, newest first, filtered by f: one Query of the
// organization's log, of an actor's entries or of a record's.
func (s *Store) ListAudit(ctx context.Context, org string, f AuditFilter, limit int, after string) ([]AuditEntry, string, error) {
	p, err := s.ListAuditPage(ctx, org, f, limit, after)
	return p.Items, p.Next, err
}

// ListAuditPage is ListAudit with the cursor after each entry (Page.CursorAfter).
func (s *Store) ListAuditPage(ctx context.Context, org string, f AuditFilter, limit int, after string) (Page[AuditEntry], error) {
	if (f.ActorID != "" || f.RecordID != "") && (f.Action == "" || f.Action == ViewAction) {
		return s.mergedAuditPage(ctx, org, f, limit, after)
	}
	return s.indexedAuditPage(ctx, org, f, limit, after)
}

// indexedAuditPage is a page of the organization's log, or of an actor's or a record's index
// partition, with one Query.
func (s *Store) indexedAuditPage(ctx context.Context, org string, f AuditFilter, limit int, after string) (Page[AuditEntry], error) {
	pk, pkAttr, skAttr, index := auditPK(org), "PK", "SK", ""
	var conds []string
	vals := map[string]types.AttributeValue{}
	switch {
	case f.ActorID != "":
		pk, pkAttr, skAttr, index = auditActorPK(org, f.ActorID), "GSI1PK", "GSI1SK", "GSI1"
		if f.RecordID != "" {
			conds = append(conds, "recordId = :r")
			vals[":r"] = s1(f.RecordID)
		}
	case f.RecordID != "":
		pk, pkAttr, skAttr, index = auditRecordPK(org, f.RecordID), "GSI2PK", "GSI2SK", "GSI2"
	}
	return queryPage(ctx, s, list{partition: pk, pkAttr: pkAttr, limit: limit, cursor: after, op: "list audit of " + org},
		func() (*dynamodb.QueryInput, error) {
			vals[":p"] = s1(pk)
			from, to := "0", "zzzzzzzzzzzzzzzzzzzz"
			if !f.From.IsZero() {
				from = idAt(f.From, false)
			}
			if !f.To.IsZero() {
				to = idAt(f.To, true)
			}
			if from > to {
				// An empty range (from after to, or past the ids' width): DynamoDB refuses a
				// BETWEEN whose bounds are reversed.
				return nil, nil
			}
			vals[":from"], vals[":to"] = s1(from), s1(to)
			in := &dynamodb.QueryInput{TableName: &s.table,
				KeyConditionExpression:    aws.String(pkAttr + " = :p AND " + skAttr + " BETWEEN :from AND :to"),
				ExpressionAttributeValues: vals, ScanIndexForward: aws.Bool(false)}
			if index != "" {
				in.IndexName = aws.String(index)
			}
			if f.Action != "" {
				conds = append(conds, "#a = :a")
				vals[":a"] = s1(f.Action)
				in.ExpressionAttributeNames = map[string]string{"#a": "action"}
			}
			if len(conds) > 0 {
				in.FilterExpression = aws.String(strings.Join(conds, " AND "))
			}
			return in, nil
		}, decodeVia(func(it auditItem) AuditEntry { return it.AuditEntry }))
}

// maxViewPages bounds the pages of the organization's log one merged page reads for views.
const maxViewPages = 2

// mergedAuditPage is a page of an actor's or a record's entries, views included: the
// entries of the index partition (one Query) merged, newest first, with the views of the
// organization's log that match (a filtered Query of at most maxViewPages pages). Each of the
// two reads is complete down to some id; only entries above the higher of the two are
// answered, and the cursor resumes below it, so nothing is skipped or answered twice. Its
// cursor is the id the next page starts below.
func (s *Store) mergedAuditPage(ctx context.Context, org string, f AuditFilter, limit int, after string) (Page[AuditEntry], error) {
	limit = clampLimit(limit)
	part := auditPK(org) + "#MERGED#" + f.ActorID + "#" + f.RecordID
	start, err := decodeCursor(part, "PK", after)
	if err != nil {
		return Page[AuditEntry]{}, err
	}
	from, to := "0", "zzzzzzzzzzzzzzzzzzzz"
	if !f.From.IsZero() {
		from = idAt(f.From, false)
	}
	if !f.To.IsZero() {
		to = idAt(f.To, true)
	}
	below := ""
	if sk, ok := start["SK"].(*types.AttributeValueMemberS); ok {
		below = sk.Value
		to = min(to, below)
	}
	if from > to {
		return Page[AuditEntry]{}, nil
	}
	var entries []AuditEntry
	cut := ""
	// The index partition's entries (not views, unless written before views left the indexes).
	if f.Action == "" {
		pk, pkAttr, skAttr, index := auditActorPK(org, f.ActorID), "GSI1PK", "GSI1SK", "GSI1"
		if f.ActorID == "" {
			pk, pkAttr, skAttr, index = auditRecordPK(org, f.RecordID), "GSI2PK", "GSI2SK", "GSI2"
		}
		in := &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(index), Limit: aws.Int32(int32(limit + 1)),
			KeyConditionExpression:    aws.String(pkAttr + " = :p AND " + skAttr + " BETWEEN :from AND :to"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":from": s1(from), ":to": s1(to)},
			ScanIndexForward:          aws.Bool(false)}
		if f.ActorID != "" && f.RecordID != "" {
			in.FilterExpression = aws.String("recordId = :r")
			in.ExpressionAttributeValues[":r"] = s1(f.RecordID)
		}
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return Page[AuditEntry]{}, fmt.Errorf("list audit of %s: %w", org, err)
		}
		got, err := decodeAudit(out.Items)
		if err != nil {
			return Page[AuditEntry]{}, fmt.Errorf("list audit of %s: %w", org, err)
		}
		entries = append(entries, got...)
		if out.LastEvaluatedKey != nil && len(got) > 0 {
			cut = got[len(got)-1].ID
		}
	}
	// The views in the organization's log.
	conds := []string{"#a = :view"}
	vals := map[string]types.AttributeValue{":p": s1(auditPK(org)), ":from": s1(from), ":to": s1(to), ":view": s1(ViewAction)}
	if f.ActorID != "" {
		conds = append(conds, "actor.id = :actor")
		vals[":actor"] = s1(f.ActorID)
	}
	if f.RecordID != "" {
		conds = append(conds, "recordId = :r")
		vals[":r"] = s1(f.RecordID)
	}
	in := &dynamodb.QueryInput{TableName: &s.table, KeyConditionExpression: aws.String("PK = :p AND SK BETWEEN :from AND :to"),
		FilterExpression: aws.String(strings.Join(conds, " AND ")), ExpressionAttributeNames: map[string]string{"#a": "action"},
		ExpressionAttributeValues: vals, ScanIndexForward: aws.Bool(false)}
	views := 0
	for page := 0; ; page++ {
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return Page[AuditEntry]{}, fmt.Errorf("list audit views of %s: %w", org, err)
		}
		got, err := decodeAudit(out.Items)
		if err != nil {
			return Page[AuditEntry]{}, fmt.Errorf("list audit views of %s: %w", org, err)
		}
		entries, views = append(entries, got...), views+len(got)
		if out.LastEvaluatedKey == nil {
			break
		}
		if views > limit || page+1 >= maxViewPages {
			if sk, ok := out.LastEvaluatedKey["SK"].(*types.AttributeValueMemberS); ok {
				cut = max(cut, sk.Value)
			}
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID > entries[j].ID })
	p := Page[AuditEntry]{}
	for i, e := range entries {
		if (i > 0 && e.ID == entries[i-1].ID) || e.ID == below || e.ID < cut {
			continue // twice (a view from before views left the indexes), the cursor's own, or past what both reads know
		}
		if len(p.Items) == limit {
			p.Next = p.after[len(p.after)-1]
			return p, nil
		}
		p.Items = append(p.Items, e)
		p.after = append(p.after, encodeCursor(part, map[string]types.AttributeValue{"PK": s1(part), "SK": s1(e.ID)}))
	}
	if cut != "" {
		p.Next = encodeCursor(part, map[string]types.AttributeValue{"PK": s1(part), "SK": s1(cut)})
	}
	return p, nil
}

func decodeAudit(items []map[string]types.AttributeValue) ([]AuditEntry, error) {
	out := make([]AuditEntry, 0, len(items))
	for _, item := range items {
		var it auditItem
		if err := attributevalue.UnmarshalMap(item, &it); err != nil {
			return nil, err
		}
		out = append(out, it.AuditEntry)
	}
	return out, nil
}
