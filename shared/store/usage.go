package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Usage counters: one item per organization and UTC day (PK ORG#<org>#USAGE, SK DAY#<date>)
// holding what happened that day, and one per ISO week (SK WEEK#<monday>) holding the week's
// distinct active users. They are updated on write with UpdateItem ADD, never computed by
// scanning, so that reading a period costs the same whatever happened in it.
const (
	UsageInvitationsSent     = "invitationsSent"
	UsageInvitationsAccepted = "invitationsAccepted"
	UsageLogins              = "logins"
	UsageActiveUsers         = "activeUsers"
	UsageRecordsCreated      = "recordsCreated"
)

// UsageRetention is how long a counter item is kept (its TTL, from its day): past the longest
// period the usage route reads (366 days) with room to spare.
const UsageRetention = 400 * 24 * time.Hour

// usageMarkerLifetime is how long the marker of a counted stream item is kept: past the
// stream's retention (24 hours) and its retries.
const usageMarkerLifetime = 3 * 24 * time.Hour

// UsageDay is an organization's counters of one UTC day (Date YYYY-MM-DD), or of one ISO week
// (Date its Monday) where only ActiveUsers is kept.
type UsageDay struct {
	Date                string `dynamodbav:"date" json:"date"`
	InvitationsSent     int    `dynamodbav:"invitationsSent" json:"invitationsSent"`
	InvitationsAccepted int    `dynamodbav:"invitationsAccepted" json:"invitationsAccepted"`
	Logins              int    `dynamodbav:"logins" json:"logins"`
	ActiveUsers         int    `dynamodbav:"activeUsers" json:"activeUsers"`
	RecordsCreated      int    `dynamodbav:"recordsCreated" json:"recordsCreated"`
}

func usagePK(org string) string { return orgPK(org) + "#USAGE" }

// UsageDate is the counter date of t (UTC).
func UsageDate(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// UsageWeek is the date of the Monday of t's ISO week (UTC).
func UsageWeek(t time.Time) string {
	t = t.UTC()
	wd := (int(t.Weekday()) + 6) % 7 // Monday 0
	return t.AddDate(0, 0, -wd).Format(time.DateOnly)
}

// usageAdd is the update that adds delta to the counter field of org's item sk ("DAY#..." or
// "WEEK#..."), creating it with its date and TTL.
func (s *Store) usageAdd(org, sk, date, field string, delta int64, day time.Time) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(usagePK(org), sk),
		UpdateExpression:         aws.String("SET #d = if_not_exists(#d, :d), expiresAt = if_not_exists(expiresAt, :exp) ADD #f :n"),
		ExpressionAttributeNames: map[string]string{"#d": "date", "#f": field},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":d": s1(date), ":exp": n(day.Add(UsageRetention).Unix()), ":n": n(delta)}}}
}

// usageDayAdd is usageAdd on the day counter of at.
func (s *Store) usageDayAdd(org, field string, at time.Time) types.TransactWriteItem {
	d := UsageDate(at)
	return s.usageAdd(org, "DAY#"+d, d, field, 1, at)
}

// errCounted: the marker of what is being counted is there already: it was counted.
var errCounted = errors.New("counted already")

// countOnce adds 1 to field of org's day of at, with a marker (PK markerPK, SK "USAGE")
// put only where none is, in one transaction: the same stream item delivered twice counts
// once. It reports whether this call counted.
func (s *Store) countOnce(ctx context.Context, markerPK string, lifetime time.Duration, at time.Time, add types.TransactWriteItem, op string) (bool, error) {
	var tx txn
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table,
		Item:                map[string]types.AttributeValue{"PK": s1(markerPK), "SK": s1("USAGE"), "expiresAt": n(at.Add(lifetime).Unix())},
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, errCounted)
	tx.add(add, nil)
	err := tx.write(ctx, s, op)
	if errors.Is(err, errCounted) {
		return false, nil
	}
	return err == nil, err
}

// CountUsage counts the stream item itemPK/itemSK of org (written at at) once in field: a
// marker of the item and the day's counter in one transaction. false when it was counted
// already (stream delivery is at least once).
func (s *Store) CountUsage(ctx context.Context, org, field, itemPK, itemSK string, at time.Time) (bool, error) {
	return s.countOnce(ctx, "USAGEMARK#"+itemPK+"#"+itemSK, usageMarkerLifetime, at, s.usageDayAdd(org, field, at),
		fmt.Sprintf("count %s of %s", field, itemPK))
}

// MarkActive counts user of org as active on the day of at and in its ISO week, each once:
// a per-user marker of the day (of the week) put where none is, with the counter, in one
// transaction each. The markers expire after their day (week) is over.
func (s *Store) MarkActive(ctx context.Context, org, user string, at time.Time) error {
	day, week := UsageDate(at), UsageWeek(at)
	base := usagePK(org) + "#USER#" + user
	if _, err := s.countOnce(ctx, base+"#DAY#"+day, 2*24*time.Hour, at,
		s.usageDayAdd(org, UsageActiveUsers, at), "mark "+user+" active on "+day); err != nil {
		return err
	}
	if _, err := s.countOnce(ctx, base+"#WEEK#"+week, 9*24*time.Hour, at,
		s.usageAdd(org, "WEEK#"+week, week, UsageActiveUsers, 1, at), "mark "+user+" active in week "+week); err != nil {
		return err
	}
	return nil
}

// UsageDays lists org's day counters from from to to (dates, inclusive), oldest first; a day
// without an item is absent. One Query (a page holds over a thousand days).
func (s *Store) UsageDays(ctx context.Context, org, from, to string) ([]UsageDay, error) {
	return s.usageRange(ctx, org, "DAY#", from, to)
}

// UsageWeeks lists org's week counters (distinct active users) of the weeks whose Mondays are
// from to to, oldest first.
func (s *Store) UsageWeeks(ctx context.Context, org, from, to string) ([]UsageDay, error) {
	return s.usageRange(ctx, org, "WEEK#", from, to)
}

func (s *Store) usageRange(ctx context.Context, org, prefix, from, to string) ([]UsageDay, error) {
	items, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression: aws.String("PK = :p AND SK BETWEEN :a AND :b"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":p": s1(usagePK(org)), ":a": s1(prefix + from), ":b": s1(prefix + to)}})
	if err != nil {
		return nil, fmt.Errorf("usage of %s %s..%s: %w", org, from, to, err)
	}
	out := []UsageDay{}
	if err := attributevalue.UnmarshalListOfMaps(items, &out); err != nil {
		return nil, fmt.Errorf("usage of %s %s..%s: %w", org, from, to, err)
	}
	return out, nil
}
