package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
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

// AppendAudit appends an entry to the organization's log.
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) error {
	it := auditItem{PK: auditPK(e.OrgID), SK: e.ID, AuditEntry: e}
	if e.Actor.ID != "" {
		it.GSI1PK, it.GSI1SK = auditActorPK(e.OrgID, e.Actor.ID), e.ID
	}
	if e.RecordID != "" {
		it.GSI2PK, it.GSI2SK = auditRecordPK(e.OrgID, e.RecordID), e.ID
	}
	return putNew(ctx, s, it, "append audit entry")
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
