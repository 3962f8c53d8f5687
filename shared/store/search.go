package store

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// Search keys (data model: "Search keys"). Each word a record is found by (crm.SearchTerms)
// is one small item, written in the record's own transaction:
//
//	PK = ORG#<org>#SRCH#<module>#<first two characters of the word>
//	SK = <word>#<record id>#<field>
//	rid = record id, fld = field, l = {lookup field: target id} (for the portal's scopes)
//
// A search Queries one partition for the keys beginning with a prefix (SK BETWEEN prefix and
// prefix + U+10FFFF): its cost follows the keys that share the prefix, never the table.

// searchPartitionRunes is how many leading characters of a word name its partition.
const searchPartitionRunes = 2

func searchPK(org, module, word string) string {
	lead, n := word, 0
	for i := range word {
		if n == searchPartitionRunes {
			lead = word[:i]
			break
		}
		n++
	}
	return orgPK(org) + "#SRCH#" + module + "#" + lead
}

func searchSK(t crm.SearchTerm, id string) string { return t.Word + "#" + id + "#" + t.Field }

// searchItems are the search-key items of r.
func searchItems(m crm.Module, r Record) []map[string]types.AttributeValue {
	lookups := map[string]types.AttributeValue{}
	for _, t := range lookupTargets(m, r) {
		lookups[t[0]] = s1(t[1])
	}
	var out []map[string]types.AttributeValue
	for _, t := range crm.SearchTerms(m, r.Fields) {
		out = append(out, map[string]types.AttributeValue{"PK": s1(searchPK(r.OrgID, r.Module, t.Word)), "SK": s1(searchSK(t, r.ID)),
			"rid": s1(r.ID), "fld": s1(t.Field), "l": &types.AttributeValueMemberM{Value: lookups}})
	}
	return out
}

// searchChanges are the writes that take a record's search keys from old's to r's (nil: the
// record is created, or deleted): a Delete of each old key r no longer has, a Put of each
// new key and, when the record's lookups changed, of every key (the keys carry them). At
// most 2 × crm.MaxSearchTerms items.
func searchChanges(table *string, m crm.Module, old, r *Record) []types.TransactWriteItem {
	var out []types.TransactWriteItem
	had := map[string]map[string]types.AttributeValue{}
	if old != nil {
		for _, it := range searchItems(m, *old) {
			had[sval(it["PK"])+"\x00"+sval(it["SK"])] = it
		}
	}
	keep := map[string]bool{}
	if r != nil {
		for _, it := range searchItems(m, *r) {
			k := sval(it["PK"]) + "\x00" + sval(it["SK"])
			keep[k] = true
			if prev, ok := had[k]; ok && sameLookups(prev, it) {
				continue
			}
			out = append(out, types.TransactWriteItem{Put: &types.Put{TableName: table, Item: it}})
		}
	}
	for k, it := range had {
		if !keep[k] {
			out = append(out, types.TransactWriteItem{Delete: &types.Delete{TableName: table, Key: key(sval(it["PK"]), sval(it["SK"]))}})
		}
	}
	return out
}

func sameLookups(a, b map[string]types.AttributeValue) bool {
	la, _ := a["l"].(*types.AttributeValueMemberM)
	lb, _ := b["l"].(*types.AttributeValueMemberM)
	if la == nil || lb == nil {
		return la == lb
	}
	return maps.EqualFunc(la.Value, lb.Value, func(x, y types.AttributeValue) bool { return sval(x) == sval(y) })
}

// addSearchKeys adds to tx the writes that move the record's search keys from old to r (see
// searchChanges); the key items have no condition: the record item's own condition decides
// the transaction.
func (s *Store) addSearchKeys(tx *txn, m crm.Module, old, r *Record) {
	for _, it := range searchChanges(&s.table, m, old, r) {
		tx.add(it, nil)
	}
}

// SearchScope narrows a search to the records a portal user may see: RecordID, only that
// record; LookupField and Target, only records whose lookup LookupField holds Target. The
// zero value narrows nothing (catalog tabs, staff).
type SearchScope struct {
	RecordID            string
	LookupField, Target string
}

// SearchHit is one search key found: the record and the field whose word matched.
type SearchHit struct {
	RecordID, Field string
}

// SearchKeysMax bounds the keys one searchKeys reads (its Query's Limit): one Query page of
// small items, whatever the table holds.
const SearchKeysMax = 100

// searchKeys finds the records of module whose search words start with prefix (a normalized
// word, one of crm.ParseSearch's Leads), in word order: ONE Query of the prefix's partition,
// its keys from prefix on (a range, see below), reading at most SearchKeysMax keys, filtered to fields (the
// fields the searcher may see; none: no hit) and to scope. Each record appears once, at most
// max of them. whole reports that these are all of the prefix's records (the Query read
// every key and none was left out for max). Keys are eventually consistent (a base-table
// Query, but not a consistent one): callers read the records and check them again.
func (s *Store) searchKeys(ctx context.Context, org, module, prefix string, fields []string, scope SearchScope, max int) (hits []SearchHit, whole bool, err error) {
	if utf8.RuneCountInString(prefix) < searchPartitionRunes || len(fields) == 0 || max <= 0 {
		return nil, true, nil
	}
	names := map[string]string{"#f": "fld", "#r": "rid"}
	// SK BETWEEN prefix and prefix + the last character is begins_with(SK, prefix) for keys
	// whose words hold no such character (they hold letters, digits and an email's marks), as
	// a range that an engine reads by seek.
	values := map[string]types.AttributeValue{":pk": s1(searchPK(org, module, prefix)), ":p": s1(prefix), ":hi": s1(prefix + "\U0010FFFF")}
	var in []string
	for i, f := range fields {
		k := fmt.Sprintf(":f%d", i)
		values[k] = s1(f)
		in = append(in, k)
	}
	filter := []string{"#f IN (" + strings.Join(in, ", ") + ")"}
	switch {
	case scope.RecordID != "":
		values[":rid"] = s1(scope.RecordID)
		filter = append(filter, "#r = :rid")
	case scope.LookupField != "":
		names["#l"], names["#lf"] = "l", scope.LookupField
		values[":t"] = s1(scope.Target)
		filter = append(filter, "#l.#lf = :t")
	}
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:   aws.String("PK = :pk AND SK BETWEEN :p AND :hi"),
		FilterExpression:         aws.String(strings.Join(filter, " AND ")),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values,
		ProjectionExpression: aws.String("#r, #f"), Limit: aws.Int32(SearchKeysMax)})
	if err != nil {
		return nil, false, fmt.Errorf("search %s %q: %w", module, prefix, err)
	}
	seen := map[string]bool{}
	for _, it := range out.Items {
		id := sval(it["rid"])
		if id == "" || seen[id] {
			continue
		}
		if len(hits) == max {
			return hits, false, nil
		}
		seen[id] = true
		hits = append(hits, SearchHit{RecordID: id, Field: sval(it["fld"])})
	}
	return hits, len(out.LastEvaluatedKey) == 0, nil
}

// SearchIn is one module's part of a search: its name fields to look in (those the searcher
// may see) and the scope.
type SearchIn struct {
	Module string
	Fields []string
	Scope  SearchScope
}

// SearchKeysIn finds, in each module of in, the records that may match a search whose words
// looked up are leads (crm.SearchQuery.Leads, the likely rarest first), at most max per
// module. A record matching the search has every lead, so per module any lead's set of hits
// read whole holds every match. So it reads in at most two rounds, each of Queries made at
// the same time (searchKeys, ONE Query per module and lead): first the first lead's keys in
// every module; then, only in the modules where that set was not read whole (more than max
// records, or more than SearchKeysMax keys), the other leads' keys. Per module the smallest
// set read whole is kept; when none was (each word is in more keys than one Query reads), the
// first lead's first keys are. Most searches so cost one Query per module and one round.
// hits[i] are in[i]'s; the first error (by position) is returned, after every Query of its
// round has ended. Callers read the records and check every word (crm.SearchQuery.Matches).
func (s *Store) SearchKeysIn(ctx context.Context, org string, leads []string, in []SearchIn, max int) ([][]SearchHit, error) {
	hits := make([][]SearchHit, len(in))
	if len(leads) == 0 {
		return hits, nil
	}
	type query struct{ module, lead int }
	type found struct {
		hits  []SearchHit
		whole bool
	}
	// read makes the Queries of qs at the same time.
	read := func(qs []query) ([]found, error) {
		res := make([]found, len(qs))
		errs := make([]error, len(qs))
		var wg sync.WaitGroup
		for i, q := range qs {
			wg.Go(func() {
				in := in[q.module]
				res[i].hits, res[i].whole, errs[i] = s.searchKeys(ctx, org, in.Module, leads[q.lead], in.Fields, in.Scope, max)
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
		return res, nil
	}
	first := make([]query, len(in))
	for i := range in {
		first[i] = query{module: i}
	}
	res, err := read(first)
	if err != nil {
		return nil, err
	}
	var more []query
	for i, f := range res {
		hits[i] = f.hits
		if !f.whole {
			for j := 1; j < len(leads); j++ {
				more = append(more, query{module: i, lead: j})
			}
		}
	}
	if len(more) == 0 {
		return hits, nil
	}
	res, err = read(more)
	if err != nil {
		return nil, err
	}
	best := map[int]int{} // module: its smallest whole set's index in res
	for k, f := range res {
		i := more[k].module
		if b, ok := best[i]; f.whole && (!ok || len(f.hits) < len(res[b].hits)) {
			best[i] = k
		}
	}
	for i, k := range best {
		hits[i] = res[k].hits
	}
	return hits, nil
}

// sval is a string attribute's value ("" for another type or none).
func sval(av types.AttributeValue) string {
	if v, ok := av.(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// SearchedRecords reads the records refs name (each once), of the modules in mods, in
// BatchGetItem calls of at most 100 keys, made at the same time (the store's BatchGetItem asks
// again for unprocessed keys); eventually consistent, like the keys that named them. Missing records (deleted since
// their keys were read) are absent.
func (s *Store) SearchedRecords(ctx context.Context, org string, refs []RefKey, mods map[string]crm.Module) (map[RefKey]Record, error) {
	out := map[RefKey]Record{}
	seen := map[RefKey]bool{}
	var keys []map[string]types.AttributeValue
	for _, r := range refs {
		if _, ok := mods[r.Module]; !ok || seen[r] {
			continue
		}
		seen[r] = true
		keys = append(keys, key(modulePK(org, r.Module), "REC#"+r.ID))
	}
	var batches [][]map[string]types.AttributeValue
	for len(keys) > 0 {
		batch := keys[:min(len(keys), 100)]
		keys = keys[len(batch):]
		batches = append(batches, batch)
	}
	// The batches at the same time: a search of many modules may name more than 100 records
	// (20 per module), and a second batch must not cost a second round trip.
	answers := make([]*dynamodb.BatchGetItemOutput, len(batches))
	errs := make([]error, len(batches))
	var wg sync.WaitGroup
	for i, batch := range batches {
		wg.Go(func() {
			answers[i], errs[i] = s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{s.table: {Keys: batch}}})
		})
	}
	wg.Wait()
	for i, res := range answers {
		if errs[i] != nil {
			return nil, fmt.Errorf("searched records: %w", errs[i])
		}
		for _, it := range res.Responses[s.table] {
			m := mods[sval(it["module"])]
			rec, err := unmarshalRecord(m, org, it)
			if err != nil {
				return nil, fmt.Errorf("searched records: %w", err)
			}
			out[RefKey{rec.Module, rec.ID}] = rec
		}
	}
	return out, nil
}

// ReindexSearch writes the search keys of every record of module in org (the records stored
// before search keys existed, or after crm.SearchFields changed): it pages through the
// module's record items (Query PK = ORG#o#MOD#<module>, SK begins_with REC#) and puts each
// record's keys in BatchWriteItem calls of 25 (the store's BatchWriteItem sends unprocessed
// items again). Putting a key again is harmless, so it can be run again after a failure.
// Keys of words a record no longer has are not deleted (a search checks every record it
// finds again, so they find nothing). It answers the records and keys written.
func (s *Store) ReindexSearch(ctx context.Context, m crm.Module, org string) (records, keys int, err error) {
	in := &dynamodb.QueryInput{TableName: &s.table, KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :rec)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s1(modulePK(org, m.APIName)), ":rec": s1("REC#")}}
	var pending []types.WriteRequest
	flush := func() error {
		for len(pending) > 0 {
			batch := pending[:min(len(pending), 25)]
			pending = pending[len(batch):]
			if _, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{s.table: batch}}); err != nil {
				return fmt.Errorf("reindex search %s: %w", m.APIName, err)
			}
		}
		return nil
	}
	for {
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return records, keys, fmt.Errorf("reindex search %s: %w", m.APIName, err)
		}
		for _, it := range out.Items {
			rec, err := unmarshalRecord(m, org, it)
			if err != nil {
				return records, keys, fmt.Errorf("reindex search %s: %w", m.APIName, err)
			}
			records++
			for _, k := range searchItems(m, rec) {
				pending = append(pending, types.WriteRequest{PutRequest: &types.PutRequest{Item: k}})
				keys++
			}
		}
		if len(pending) >= 25 || len(out.LastEvaluatedKey) == 0 {
			if err := flush(); err != nil {
				return records, keys, err
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return records, keys, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
