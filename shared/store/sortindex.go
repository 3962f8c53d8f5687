package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// sortPK is the partition of the sort index of a module's field (a hand-made sparse index:
// one item per record, crm.SortIndexKey as its sort key). One partition per organization,
// module and field: see docs/data-model.md on its throughput.
func sortPK(org, module, field string) string {
	return orgPK(org) + "#SORT#" + module + "#" + field
}

// sortIndexWrites are the writes that keep m's sort indexes (crm.Module.Sortable, indexing or
// ready) true when a record goes from old to r (old nil: created; r nil: deleted): for each
// marked field whose key changes, the old key's delete and the new key's put. At most
// 2*crm.MaxSortIndexes items, for the record's own transaction.
func (s *Store) sortIndexWrites(m crm.Module, old, r *Record) []types.TransactWriteItem {
	var out []types.TransactWriteItem
	for _, ix := range m.Sortable {
		f, ok := m.Field(ix.Field)
		if !ok {
			continue
		}
		var was, now string
		if old != nil {
			was = crm.SortIndexKey(f, old.Fields[f.APIName], old.ID)
		}
		if r != nil {
			now = crm.SortIndexKey(f, r.Fields[f.APIName], r.ID)
		}
		if was == now {
			continue
		}
		if old != nil {
			out = append(out, types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table,
				Key: key(sortPK(old.OrgID, m.APIName, f.APIName), was)}})
		}
		if r != nil {
			out = append(out, types.TransactWriteItem{Put: &types.Put{TableName: &s.table,
				Item: sortItem(r.OrgID, m.APIName, f.APIName, now, r.ID)}})
		}
	}
	return out
}

func sortItem(org, module, field, sk, id string) map[string]types.AttributeValue {
	it := key(sortPK(org, module, field), sk)
	it["id"] = s1(id)
	return it
}

// ListSortedPage answers one page of m's records sorted by field, a field marked sortable
// whose index is ready: one Query of the index partition (in the order asked) and one
// BatchGetItem of the records it names; the records without a value follow, in both
// directions, read by a second Query when the first one ends within the page. An index item
// whose record is gone or no longer has that key (a write the index has not caught up with,
// or a stale read) is left out, so a page may hold fewer records than the limit.
func (s *Store) ListSortedPage(ctx context.Context, m crm.Module, org, field string, desc bool, limit int, cursor string) (Page[Record], error) {
	f, ok := m.Field(field)
	if !ok {
		return Page[Record]{}, fmt.Errorf("list %s sorted by %s: no such field", m.APIName, field)
	}
	pk := sortPK(org, m.APIName, field)
	op := "list " + m.APIName + " sorted by " + field
	start, err := decodeCursor(pk, "PK", cursor)
	if err != nil {
		return Page[Record]{}, err
	}
	limit = clampLimit(limit)
	var idx []map[string]types.AttributeValue
	var next map[string]types.AttributeValue
	empties := false
	if sk, _ := start["SK"].(*types.AttributeValueMemberS); sk != nil && strings.HasPrefix(sk.Value, crm.SortEmptyPrefix) {
		empties = true
	}
	if !empties {
		out, err := s.db.Query(ctx, s.sortQuery(pk, crm.SortValuePrefix, !desc, limit, start))
		if err != nil {
			return Page[Record]{}, fmt.Errorf("%s: %w", op, err)
		}
		idx, next = out.Items, out.LastEvaluatedKey
		start = nil
		empties = len(next) == 0 && len(idx) < limit
		if len(next) == 0 && len(idx) == limit {
			// The values end with a full page: the next page starts after its last one (it
			// finds no more, and goes on to the records without a value).
			next = map[string]types.AttributeValue{"PK": idx[len(idx)-1]["PK"], "SK": idx[len(idx)-1]["SK"]}
		}
	}
	if empties {
		out, err := s.db.Query(ctx, s.sortQuery(pk, crm.SortEmptyPrefix, true, limit-len(idx), start))
		if err != nil {
			return Page[Record]{}, fmt.Errorf("%s: %w", op, err)
		}
		idx, next = append(idx, out.Items...), out.LastEvaluatedKey
	}
	recs, err := s.sortedRecords(ctx, m, org, idx)
	if err != nil {
		return Page[Record]{}, fmt.Errorf("%s: %w", op, err)
	}
	p := Page[Record]{Next: encodeCursor(pk, next)}
	for _, it := range idx {
		sk, _ := it["SK"].(*types.AttributeValueMemberS)
		id, _ := it["id"].(*types.AttributeValueMemberS)
		if sk == nil || id == nil {
			continue
		}
		r, ok := recs[id.Value]
		if !ok || crm.SortIndexKey(f, r.Fields[f.APIName], r.ID) != sk.Value {
			continue
		}
		p.Items = append(p.Items, r)
		p.after = append(p.after, itemCursor(pk, it, "PK", "SK"))
	}
	return p, nil
}

// sortQuery is the Query of the index items of partition pk whose key starts with prefix.
func (s *Store) sortQuery(pk, prefix string, forward bool, limit int, start map[string]types.AttributeValue) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :x)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":x": s1(prefix)},
		ScanIndexForward:          aws.Bool(forward), Limit: aws.Int32(int32(limit)), ExclusiveStartKey: start}
}

// sortedRecords reads the records the index items name, by id, in one BatchGetItem (a page
// is at most MaxPage = 100 keys; the store's BatchGetItem asks again for unprocessed keys).
func (s *Store) sortedRecords(ctx context.Context, m crm.Module, org string, idx []map[string]types.AttributeValue) (map[string]Record, error) {
	out := map[string]Record{}
	keys := make([]map[string]types.AttributeValue, 0, len(idx))
	seen := map[string]bool{}
	for _, it := range idx {
		if id, _ := it["id"].(*types.AttributeValueMemberS); id != nil && !seen[id.Value] {
			seen[id.Value] = true
			keys = append(keys, key(modulePK(org, m.APIName), "REC#"+id.Value))
		}
	}
	if len(keys) == 0 {
		return out, nil
	}
	res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{s.table: {Keys: keys}}})
	if err != nil {
		return nil, err
	}
	for _, it := range res.Responses[s.table] {
		r, err := unmarshalRecord(m, org, it)
		if err != nil {
			return nil, err
		}
		out[r.ID] = r
	}
	return out, nil
}

// FillSortIndex writes the index items of field for m's existing records, a page (one Query
// of up to 1 MB of the module's records, then BatchWriteItem calls of 25) at a time, from
// cursor (where an earlier fill stopped; "" to start) until the records end (next "") or more
// reports true after a page (next: the cursor to resume from). A record written meanwhile
// writes its own key (the field is marked before the fill starts); a key the fill writes from
// a read older than such a write is left out of lists (ListSortedPage checks every key
// against its record).
func (s *Store) FillSortIndex(ctx context.Context, m crm.Module, org, field, cursor string, more func() bool) (string, error) {
	f, ok := m.Field(field)
	if !ok {
		return "", fmt.Errorf("fill sort index %s.%s: no such field", m.APIName, field)
	}
	pk := modulePK(org, m.APIName)
	op := "fill sort index " + m.APIName + "." + field
	start, err := decodeCursor(pk, "PK", cursor)
	if err != nil {
		return "", err
	}
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table,
			KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :r)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk), ":r": s1("REC#")},
			ExclusiveStartKey:         start})
		if err != nil {
			return "", fmt.Errorf("%s: %w", op, err)
		}
		var puts []types.WriteRequest
		for _, it := range out.Items {
			r, err := unmarshalRecord(m, org, it)
			if err != nil {
				return "", fmt.Errorf("%s: %w", op, err)
			}
			puts = append(puts, types.WriteRequest{PutRequest: &types.PutRequest{
				Item: sortItem(org, m.APIName, field, crm.SortIndexKey(f, r.Fields[field], r.ID), r.ID)}})
		}
		if err := s.writeBatches(ctx, puts); err != nil {
			return "", fmt.Errorf("%s: %w", op, err)
		}
		if len(out.LastEvaluatedKey) == 0 {
			return "", nil
		}
		start = out.LastEvaluatedKey
		if !more() {
			return encodeCursor(pk, start), nil
		}
	}
}

// ClearSortIndex deletes every item of the index of a module's field (one Query page of keys,
// then BatchWriteItem calls of 25, until the partition is empty), after an admin unmarks it.
func (s *Store) ClearSortIndex(ctx context.Context, org, module, field string) error {
	pk := sortPK(org, module, field)
	op := "clear sort index " + module + "." + field
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table,
			KeyConditionExpression:    aws.String("PK = :p"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(pk)},
			ProjectionExpression:      aws.String("PK, SK"), ExclusiveStartKey: start})
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		var dels []types.WriteRequest
		for _, it := range out.Items {
			dels = append(dels, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: it}})
		}
		if err := s.writeBatches(ctx, dels); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		start = out.LastEvaluatedKey
	}
}

// writeBatches sends reqs in BatchWriteItem calls of at most 25 (the store's BatchWriteItem
// sends unprocessed items again).
func (s *Store) writeBatches(ctx context.Context, reqs []types.WriteRequest) error {
	for len(reqs) > 0 {
		n := min(len(reqs), 25)
		if _, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{s.table: reqs[:n]}}); err != nil {
			return err
		}
		reqs = reqs[n:]
	}
	return nil
}
