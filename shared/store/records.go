package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// Ref names a record or a user: its id and display name.
type Ref struct {
	ID   string `json:"id" dynamodbav:"id"`
	Name string `json:"name" dynamodbav:"name"`
}

// Record is a CRM record. Fields holds typed values: strings, float64 numbers, currency as a
// string with two decimals, bools, []any for multi-picklists and line items, and
// map[string]any{"id","name"} for lookups.
type Record struct {
	OrgID      string
	Module     string
	ID         string
	LayoutID   string
	Version    int
	Name       string
	Fields     map[string]any
	ExternalID string
	CreatedAt  time.Time
	ModifiedAt time.Time
	CreatedBy  Ref
	ModifiedBy Ref
	// OwnerID is the staff member who owns the record ("": none): the one the notifier tells
	// of a customer's activity on it. Staff only: the portal never shows it.
	OwnerID string
}

func modulePK(org, module string) string { return orgPK(org) + "#MOD#" + module }
func refPK(org, target string) string    { return orgPK(org) + "#REF#" + target }

// recordItem is the stored shape of a record; Link items carry the same attributes.
type recordItem struct {
	PK, SK                         string
	GSI1PK, GSI1SK, GSI2PK, GSI2SK string `dynamodbav:",omitempty"`
	ID                             string `dynamodbav:"id"`
	Module                         string `dynamodbav:"module"`
	LayoutID                       string `dynamodbav:"layoutId"`
	Version                        int    `dynamodbav:"version"`
	Name                           string `dynamodbav:"name"`
	ExternalID                     string `dynamodbav:"externalId,omitempty"`
	CreatedAt                      time.Time
	ModifiedAt                     time.Time
	CreatedBy                      Ref
	ModifiedBy                     Ref
	LinkField                      string `dynamodbav:"linkField,omitempty"`
	OwnerID                        string `dynamodbav:"ownerId,omitempty"`
}

// marshalRecord builds the record's item: keys, attributes, the typed fields in `f` and the
// folded text of text-like fields in `s` (for case- and accent-insensitive contains filters).
func marshalRecord(m crm.Module, r Record) (map[string]types.AttributeValue, error) {
	it := recordItem{PK: modulePK(r.OrgID, r.Module), SK: "REC#" + r.ID,
		GSI1PK: modulePK(r.OrgID, r.Module), GSI1SK: timeKey(r.ModifiedAt) + "#" + r.ID,
		GSI2PK: modulePK(r.OrgID, r.Module), GSI2SK: crm.SortName(m, r.Fields) + "#" + r.ID,
		ID: r.ID, Module: r.Module, LayoutID: r.LayoutID, Version: r.Version, Name: r.Name, ExternalID: r.ExternalID,
		CreatedAt: r.CreatedAt, ModifiedAt: r.ModifiedAt, CreatedBy: r.CreatedBy, ModifiedBy: r.ModifiedBy, OwnerID: r.OwnerID}
	item, err := attributevalue.MarshalMap(it)
	if err != nil {
		return nil, err
	}
	f := map[string]types.AttributeValue{}
	search := map[string]types.AttributeValue{}
	for name, v := range r.Fields {
		if v == nil {
			continue
		}
		fd, _ := m.Field(name)
		if fd.Type == crm.TypeCurrency {
			if str, ok := v.(string); ok {
				f[name] = &types.AttributeValueMemberN{Value: str}
				continue
			}
		}
		av, err := attributevalue.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", name, err)
		}
		f[name] = av
		switch fd.Type {
		case crm.TypeText, crm.TypeTextarea, crm.TypeEmail, crm.TypePhone, crm.TypeURL:
			if str, ok := v.(string); ok {
				search[name] = s1(crm.SortKey(str))
			}
		}
	}
	item["f"] = &types.AttributeValueMemberM{Value: f}
	item["s"] = &types.AttributeValueMemberM{Value: search}
	return item, nil
}

// unmarshalRecord reads a record item back into typed fields.
func unmarshalRecord(m crm.Module, org string, item map[string]types.AttributeValue) (Record, error) {
	var it recordItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return Record{}, err
	}
	r := Record{OrgID: org, Module: it.Module, ID: it.ID, LayoutID: it.LayoutID, Version: it.Version, Name: it.Name,
		ExternalID: it.ExternalID, CreatedAt: it.CreatedAt, ModifiedAt: it.ModifiedAt, CreatedBy: it.CreatedBy,
		ModifiedBy: it.ModifiedBy, OwnerID: it.OwnerID, Fields: map[string]any{}}
	fm, _ := item["f"].(*types.AttributeValueMemberM)
	if fm == nil {
		return r, nil
	}
	for name, av := range fm.Value {
		var v any
		if err := attributevalue.UnmarshalWithOptions(av, &v, func(o *attributevalue.DecoderOptions) { o.UseNumber = true }); err != nil {
			return Record{}, fmt.Errorf("field %s: %w", name, err)
		}
		fd, _ := m.Field(name)
		r.Fields[name] = fromStored(fd.Type, v)
	}
	return r, nil
}

// fromStored turns decoded numbers back into the field type's Go value.
func fromStored(t crm.FieldType, v any) any {
	switch x := v.(type) {
	case attributevalue.Number:
		if t == crm.TypeCurrency {
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil {
				return string(x)
			}
			return strconv.FormatFloat(f, 'f', 2, 64)
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case []any:
		for i := range x {
			x[i] = fromStored("", x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = fromStored("", x[k])
		}
		return x
	}
	return v
}

// lookupTargets lists the record's top-level lookup values as (field, target id).
func lookupTargets(m crm.Module, r Record) [][2]string {
	var out [][2]string
	for _, fd := range m.Fields {
		if fd.Type != crm.TypeLookup {
			continue
		}
		if ref, ok := r.Fields[fd.APIName].(map[string]any); ok {
			if id, _ := ref["id"].(string); id != "" {
				out = append(out, [2]string{fd.APIName, id})
			}
		}
	}
	return out
}

// linkSK sorts a target's links by module and modified time; the field keeps two lookups of
// one record to the same target apart.
func linkSK(r Record, field string) string {
	return r.Module + "#" + timeKey(r.ModifiedAt) + "#" + r.ID + "#" + field
}

// linkItems are the record's copies under each record it looks up (pattern 17).
func linkItems(m crm.Module, r Record, item map[string]types.AttributeValue) []map[string]types.AttributeValue {
	var out []map[string]types.AttributeValue
	for _, t := range lookupTargets(m, r) {
		li := map[string]types.AttributeValue{}
		for k, v := range item {
			if !strings.HasPrefix(k, "GSI") {
				li[k] = v
			}
		}
		li["PK"] = s1(refPK(r.OrgID, t[1]))
		li["SK"] = s1(linkSK(r, t[0]))
		li["linkField"] = s1(t[0])
		out = append(out, li)
	}
	return out
}

func linkKeys(m crm.Module, r Record) []map[string]types.AttributeValue {
	var out []map[string]types.AttributeValue
	for _, t := range lookupTargets(m, r) {
		out = append(out, key(refPK(r.OrgID, t[1]), linkSK(r, t[0])))
	}
	return out
}

// CreateRecord stores a new record (version 1), its link items, with an external id the
// external id's claim, and the events it makes happen (an outbox: see Event), in one
// transaction. ErrExists when the id or the external id is taken.
func (s *Store) CreateRecord(ctx context.Context, m crm.Module, r Record, evs ...Event) error {
	item, err := marshalRecord(m, r)
	if err != nil {
		return fmt.Errorf("create record %s: %w", r.ID, err)
	}
	var tx txn
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	if r.ExternalID != "" {
		tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table,
			Item:                map[string]types.AttributeValue{"PK": s1(modulePK(r.OrgID, r.Module)), "SK": s1("EXT#" + r.ExternalID), "recordId": s1(r.ID)},
			ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	}
	for _, li := range linkItems(m, r, item) {
		tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: li}}, nil)
	}
	s.addSearchKeys(&tx, m, nil, &r)
	tx.addAll(s.sortIndexWrites(m, nil, &r), nil)
	if err := s.addEvents(&tx, evs); err != nil {
		return fmt.Errorf("create record %s: %w", r.ID, err)
	}
	return tx.write(ctx, s, "create record "+r.ID)
}

// GetRecord returns a record of org, or ErrNotFound, from an eventually consistent read (a
// second old at most): for what a record is linked to or scoped by, not for its version.
func (s *Store) GetRecord(ctx context.Context, m crm.Module, org, id string) (Record, error) {
	return s.getRecord(ctx, m, org, id, false)
}

// GetRecordConsistent returns a record of org as it is now, or ErrNotFound: the read of the
// version an If-Match is checked against and a conditional write builds on, and of the
// ETag a record's page hands out, so an edit right after an edit sees the new version.
func (s *Store) GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (Record, error) {
	return s.getRecord(ctx, m, org, id, true)
}

func (s *Store) getRecord(ctx context.Context, m crm.Module, org, id string, consistent bool) (Record, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(modulePK(org, m.APIName), "REC#"+id),
		ConsistentRead: aws.Bool(consistent)})
	if err != nil {
		return Record{}, fmt.Errorf("get record %s: %w", id, err)
	}
	if out.Item == nil {
		return Record{}, fmt.Errorf("get record %s: %w", id, ErrNotFound)
	}
	r, err := unmarshalRecord(m, org, out.Item)
	if err != nil {
		return Record{}, fmt.Errorf("get record %s: %w", id, err)
	}
	return r, nil
}

// UpdateRecord replaces old with r (r.Version must be old.Version+1) if the stored version is
// still old.Version, moving its link items and adding the events it makes happen (an
// outbox: see Event), in one transaction. ErrVersion when the record changed meanwhile or
// is gone.
func (s *Store) UpdateRecord(ctx context.Context, m crm.Module, old, r Record, evs ...Event) error {
	tx, err := s.updateRecordTx(m, old, r, evs)
	if err != nil {
		return err
	}
	return tx.write(ctx, s, "update record "+r.ID)
}

// updateRecordTx is the transaction of UpdateRecord, for writes that add items of their own
// to a record's update (DecideQuote).
func (s *Store) updateRecordTx(m crm.Module, old, r Record, evs []Event) (txn, error) {
	var tx txn
	item, err := marshalRecord(m, r)
	if err != nil {
		return tx, fmt.Errorf("update record %s: %w", r.ID, err)
	}
	tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression:       aws.String("attribute_exists(PK) AND version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(old.Version))}}}, ErrVersion)
	for _, k := range linkKeys(m, old) {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: k}}, nil)
	}
	for _, li := range linkItems(m, r, item) {
		tx.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: li}}, nil)
	}
	s.addSearchKeys(&tx, m, &old, &r)
	tx.addAll(s.sortIndexWrites(m, &old, &r), nil)
	if err := s.addEvents(&tx, evs); err != nil {
		return tx, fmt.Errorf("update record %s: %w", r.ID, err)
	}
	return tx, nil
}

// DeleteRecord deletes r (if its version is still r.Version), its link items and its external
// id claim, in one transaction. ErrVersion when it changed meanwhile.
func (s *Store) DeleteRecord(ctx context.Context, m crm.Module, r Record) error {
	var tx txn
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(modulePK(r.OrgID, r.Module), "REC#"+r.ID),
		ConditionExpression:       aws.String("attribute_exists(PK) AND version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(r.Version))}}}, ErrVersion)
	if r.ExternalID != "" {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(modulePK(r.OrgID, r.Module), "EXT#"+r.ExternalID)}}, nil)
	}
	for _, k := range linkKeys(m, r) {
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: k}}, nil)
	}
	if r.Module == crm.Quotes { // its decision (DecideQuote), if any, goes with it
		tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(modulePK(r.OrgID, r.Module), decisionSK(r.ID))}}, nil)
	}
	s.addSearchKeys(&tx, m, &r, nil)
	tx.addAll(s.sortIndexWrites(m, &r, nil), nil)
	return tx.write(ctx, s, "delete record "+r.ID)
}

// RecordIDByExternalID returns the record id an external id was imported as, or ErrNotFound.
func (s *Store) RecordIDByExternalID(ctx context.Context, org, module, ext string) (string, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(modulePK(org, module), "EXT#"+ext)})
	if err != nil {
		return "", fmt.Errorf("external id %s: %w", ext, err)
	}
	if out.Item == nil {
		return "", fmt.Errorf("external id %s: %w", ext, ErrNotFound)
	}
	v, _ := out.Item["recordId"].(*types.AttributeValueMemberS)
	if v == nil {
		return "", fmt.Errorf("external id %s: %w", ext, ErrNotFound)
	}
	return v.Value, nil
}

// RefKey names a record to look up: its module and id.
type RefKey struct{ Module, ID string }

// RecordNames returns the display name of each of refs that exists in org, keyed by module
// and id, in BatchGetItem calls of at most 100 keys. Missing records are absent. The reads
// are strongly consistent: a write that links a record created a moment before (a script
// that creates an account, then its contacts; an import after the accounts it names) must
// find it.
func (s *Store) RecordNames(ctx context.Context, org string, refs []RefKey) (map[RefKey]string, error) {
	out := map[RefKey]string{}
	seen := map[RefKey]bool{}
	var keys []map[string]types.AttributeValue
	for _, r := range refs {
		if seen[r] {
			continue
		}
		seen[r] = true
		keys = append(keys, key(modulePK(org, r.Module), "REC#"+r.ID))
	}
	for len(keys) > 0 {
		batch := keys
		if len(batch) > 100 {
			batch = keys[:100]
		}
		keys = keys[len(batch):]
		req := map[string]types.KeysAndAttributes{s.table: {Keys: batch, ConsistentRead: aws.Bool(true), ProjectionExpression: aws.String("id, #m, #n"),
			ExpressionAttributeNames: map[string]string{"#m": "module", "#n": "name"}}}
		// The store's BatchGetItem asks again for the keys DynamoDB leaves unprocessed.
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return nil, fmt.Errorf("record names: %w", err)
		}
		for _, it := range res.Responses[s.table] {
			var v struct {
				ID     string `dynamodbav:"id"`
				Module string `dynamodbav:"module"`
				Name   string `dynamodbav:"name"`
			}
			if err := attributevalue.UnmarshalMap(it, &v); err != nil {
				return nil, fmt.Errorf("record names: %w", err)
			}
			out[RefKey{v.Module, v.ID}] = v.Name
		}
	}
	return out, nil
}

// ListRecords answers one page of a module's records: one Query on GSI1 (by modified time)
// or GSI2 (by the name field), with the filters as a FilterExpression, so a page may hold
// fewer items than the limit and still have a next cursor.
func (s *Store) ListRecords(ctx context.Context, m crm.Module, org string, q crm.ListQuery) ([]Record, string, error) {
	p, err := s.ListRecordsPage(ctx, m, org, q)
	return p.Items, p.Next, err
}

// ListRecordsPage is ListRecords with the cursor after each record (Page.CursorAfter).
func (s *Store) ListRecordsPage(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (Page[Record], error) {
	pk := modulePK(org, m.APIName)
	in := s.recordsQuery(m, org, q)
	return queryPage(ctx, s, list{partition: pk, pkAttr: *in.IndexName + "PK", limit: q.Limit, cursor: q.Cursor, op: "list " + m.APIName},
		func() (*dynamodb.QueryInput, error) { return in.QueryInput, in.err() },
		func(it map[string]types.AttributeValue) (Record, error) { return unmarshalRecord(m, org, it) })
}

// queryInput is a Query with the error of building its filter, if any.
type queryInput struct {
	*dynamodb.QueryInput
	buildErr error
}

func (q queryInput) err() error { return q.buildErr }

// recordsQuery is the Query of a module's list: GSI1 (by modified time) or GSI2 (by the name
// field, for any other q.Sort), q's filters as its FilterExpression.
func (s *Store) recordsQuery(m crm.Module, org string, q crm.ListQuery) queryInput {
	pk := modulePK(org, m.APIName)
	index := "GSI1"
	if q.Sort != "" && q.Sort != crm.ModifiedTime {
		index = "GSI2"
	}
	names := map[string]string{}
	values := map[string]types.AttributeValue{":p": s1(pk)}
	conds, err := filterConditions(m, q.Filters, names, values)
	in := &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(index),
		KeyConditionExpression:    aws.String(index + "PK = :p"),
		ExpressionAttributeValues: values, ScanIndexForward: aws.Bool(!q.Desc)}
	if len(conds) > 0 {
		in.FilterExpression = aws.String(strings.Join(conds, " AND "))
		in.ExpressionAttributeNames = names
	}
	return queryInput{in, err}
}

// ErrTooMany answers a read of a whole list (ListAllRecords, ListAllLinked) that passed its
// bound.
var ErrTooMany = errors.New("the list holds more records than its bound")

// ExamineFactor bounds the items a whole-list read examines: at most ExamineFactor times its
// bound of records kept, so that a filter that keeps few records of a large list does not
// read all of it.
const ExamineFactor = 5

// ListAllRecords reads every record of a module that q's filters keep (q's sort, limit and
// cursor are ignored), in Queries of up to 1 MB on GSI1. It stops with ErrTooMany as soon as
// more than max records are kept or more than ExamineFactor*max items were examined.
func (s *Store) ListAllRecords(ctx context.Context, m crm.Module, org string, q crm.ListQuery, max int) ([]Record, error) {
	q.Sort = crm.ModifiedTime
	in := s.recordsQuery(m, org, q)
	if in.buildErr != nil {
		return nil, fmt.Errorf("list all %s: %w", m.APIName, in.buildErr)
	}
	return s.queryBounded(ctx, in.QueryInput, max, "list all "+m.APIName, func(it map[string]types.AttributeValue) (Record, error) { return unmarshalRecord(m, org, it) })
}

// ListAllLinked is ListAllRecords on the records of m that look up target through linkField
// (the link items of ListLinked).
func (s *Store) ListAllLinked(ctx context.Context, m crm.Module, org, target, linkField string, q crm.ListQuery, max int) ([]Record, error) {
	in := s.linkedQuery(m, org, target, linkField, q)
	op := "list all " + m.APIName + " linked to " + target
	if in.buildErr != nil {
		return nil, fmt.Errorf("%s: %w", op, in.buildErr)
	}
	return s.queryBounded(ctx, in.QueryInput, max, op, func(it map[string]types.AttributeValue) (Record, error) { return unmarshalRecord(m, org, it) })
}

// queryBounded runs in to its end, decoding each item, and fails with ErrTooMany once more
// than max items are kept or more than ExamineFactor*max were examined (ScannedCount).
func (s *Store) queryBounded(ctx context.Context, in *dynamodb.QueryInput, max int, op string,
	decode func(map[string]types.AttributeValue) (Record, error)) ([]Record, error) {
	req := *in
	var out []Record
	examined := 0
	for {
		res, err := s.db.Query(ctx, &req)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		examined += int(res.ScannedCount)
		if len(out)+len(res.Items) > max || examined > ExamineFactor*max {
			return nil, fmt.Errorf("%s: more than %d: %w", op, max, ErrTooMany)
		}
		for _, it := range res.Items {
			r, err := decode(it)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op, err)
			}
			out = append(out, r)
		}
		if len(res.LastEvaluatedKey) == 0 {
			return out, nil
		}
		req.ExclusiveStartKey = res.LastEvaluatedKey
	}
}

// filterConditions turns filters into FilterExpression conditions on the record items'
// attributes (`f` for values, `s` for the folded text of contains), adding their names and
// values to names and values.
func filterConditions(m crm.Module, filters []crm.Filter, names map[string]string, values map[string]types.AttributeValue) ([]string, error) {
	var conds []string
	for i, f := range filters {
		fd, _ := m.Field(f.Field)
		a, v := fmt.Sprintf("#a%d", i), fmt.Sprintf(":v%d", i)
		names[a] = f.Field
		av, err := filterValue(fd, f)
		if err != nil {
			return nil, err
		}
		values[v] = av
		switch {
		case f.Op == "contains":
			names["#s"] = "s"
			conds = append(conds, fmt.Sprintf("contains(#s.%s, %s)", a, v))
		case f.Op == "gte":
			names["#f"] = "f"
			conds = append(conds, fmt.Sprintf("#f.%s >= %s", a, v))
		case f.Op == "lte":
			names["#f"] = "f"
			conds = append(conds, fmt.Sprintf("#f.%s <= %s", a, v))
		case f.Op == crm.OpIn:
			// One placeholder per value: IN takes a list of operands, not a list value.
			delete(values, v)
			list, _ := f.Value.([]string)
			if len(list) == 0 || len(list) > 100 {
				return nil, fmt.Errorf("filter %s in: %d values, want 1 to 100", f.Field, len(list))
			}
			ops := make([]string, len(list))
			for j, s := range list {
				ops[j] = fmt.Sprintf("%s_%d", v, j)
				values[ops[j]] = s1(s)
			}
			names["#f"] = "f"
			conds = append(conds, fmt.Sprintf("#f.%s IN (%s)", a, strings.Join(ops, ", ")))
		case fd.Type == crm.TypeMultipicklist:
			names["#f"] = "f"
			conds = append(conds, fmt.Sprintf("contains(#f.%s, %s)", a, v))
		case fd.Type == crm.TypeLookup:
			names["#f"], names["#id"] = "f", "id"
			conds = append(conds, fmt.Sprintf("#f.%s.#id = %s", a, v))
		default:
			names["#f"] = "f"
			conds = append(conds, fmt.Sprintf("#f.%s = %s", a, v))
		}
	}
	return conds, nil
}

func filterValue(fd crm.Field, f crm.Filter) (types.AttributeValue, error) {
	if f.Op == "contains" {
		str, _ := f.Value.(string)
		return s1(crm.SortKey(str)), nil
	}
	if fd.Type == crm.TypeCurrency {
		if str, ok := f.Value.(string); ok {
			return &types.AttributeValueMemberN{Value: str}, nil
		}
	}
	return attributevalue.Marshal(f.Value)
}

// LinkedRecords lists the ids of module's records that look up target (at most MaxPage):
// one Query on target's link items.
func (s *Store) LinkedRecords(ctx context.Context, org, target, module string) ([]string, error) {
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :m)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(refPK(org, target)), ":m": s1(module + "#")},
		ProjectionExpression:      aws.String("id"), Limit: aws.Int32(MaxPage)})
	if err != nil {
		return nil, fmt.Errorf("records linked to %s: %w", target, err)
	}
	ids := make([]string, 0, len(out.Items))
	for _, it := range out.Items {
		if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
			ids = append(ids, v.Value)
		}
	}
	return ids, nil
}

// ListLinked answers one page of module's records that look up target through linkField
// (the portal's own and account scopes): one Query on target's link items, newest first (or
// oldest first with q.Desc false and q.Sort set), each a full copy of its record, q's filters
// applied by DynamoDB (a filtered page may hold fewer than the limit).
func (s *Store) ListLinked(ctx context.Context, m crm.Module, org, target, linkField string, q crm.ListQuery) ([]Record, string, error) {
	p, err := s.ListLinkedPage(ctx, m, org, target, linkField, q)
	return p.Items, p.Next, err
}

// ListLinkedPage is ListLinked with the cursor after each record (Page.CursorAfter).
func (s *Store) ListLinkedPage(ctx context.Context, m crm.Module, org, target, linkField string, q crm.ListQuery) (Page[Record], error) {
	pk := refPK(org, target)
	in := s.linkedQuery(m, org, target, linkField, q)
	return queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: q.Limit, cursor: q.Cursor, op: "list " + m.APIName + " linked to " + target},
		func() (*dynamodb.QueryInput, error) { return in.QueryInput, in.err() },
		func(it map[string]types.AttributeValue) (Record, error) { return unmarshalRecord(m, org, it) })
}

// linkedQuery is the Query of the records of m that look up target through linkField: its
// link items (newest first, or oldest first with q.Desc false and q.Sort set), filtered by
// linkField and q's filters.
func (s *Store) linkedQuery(m crm.Module, org, target, linkField string, q crm.ListQuery) queryInput {
	pk := refPK(org, target)
	names := map[string]string{}
	values := map[string]types.AttributeValue{":p": s1(pk), ":m": s1(m.APIName + "#"), ":lf": s1(linkField)}
	conds, err := filterConditions(m, q.Filters, names, values)
	in := &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :m)"),
		FilterExpression:          aws.String(strings.Join(append([]string{"linkField = :lf"}, conds...), " AND ")),
		ExpressionAttributeValues: values,
		ScanIndexForward:          aws.Bool(q.Sort != "" && !q.Desc)}
	if len(names) > 0 {
		in.ExpressionAttributeNames = names
	}
	return queryInput{in, err}
}
