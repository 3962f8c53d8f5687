package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ItemKey names one item of the table by its primary key. The Key functions below build the
// keys a request may read before it knows it needs them (Store.Prefetch).
type ItemKey struct{ PK, SK string }

// SessionKey is the key of a session's item.
func SessionKey(hash string) ItemKey { return ItemKey{sessionPK(hash), "SESSION"} }

// UserTypeKey is the key of a user type's item.
func UserTypeKey(org, id string) ItemKey { return ItemKey{orgPK(org), userTypeSK(id)} }

// CustomizationKey is the key of an organization's customization of a module.
func CustomizationKey(org, module string) ItemKey { return ItemKey{orgPK(org), "MODULE#" + module} }

// RecordKey is the key of a record's item.
func RecordKey(org, module, id string) ItemKey { return ItemKey{modulePK(org, module), "REC#" + id} }

// PortalUserKey is the key of a portal user's item.
func PortalUserKey(org, id string) ItemKey { return ItemKey{orgPK(org), portalUserSK(id)} }

// StaffKey is the key of a staff member's item.
func StaffKey(org, id string) ItemKey { return ItemKey{orgPK(org), "STAFF#" + id} }

// OrgKey is the key of an organization's item.
func OrgKey(org string) ItemKey { return ItemKey{orgPK(org), "ORG"} }

// PortalEmailKey is the key of the item that claims an email for a portal user of org.
func PortalEmailKey(org, email string) ItemKey { return ItemKey{portalEmailPK(org, email), "PEMAIL"} }

// PortalRecordKey is the key of the item that claims a record for a portal user of org.
func PortalRecordKey(org, record string) ItemKey { return ItemKey{portalRecordPK(org, record), "PREC"} }

// PortalKey is the key of an organization's portal item.
func PortalKey(org string) ItemKey { return ItemKey{orgPK(org), "PORTAL"} }

func (k ItemKey) attributes() map[string]types.AttributeValue { return key(k.PK, k.SK) }

// itemKeyOf reads the primary key of an item or a key map; ok is false without both parts.
func itemKeyOf(item map[string]types.AttributeValue) (ItemKey, bool) {
	pk, ok1 := item["PK"].(*types.AttributeValueMemberS)
	sk, ok2 := item["SK"].(*types.AttributeValueMemberS)
	if !ok1 || !ok2 {
		return ItemKey{}, false
	}
	return ItemKey{pk.Value, sk.Value}, true
}

// prefetched is what a request read ahead: each key's item, nil for an item that does not
// exist. It is safe for the concurrent reads of one request.
type prefetched struct {
	table string
	mu    sync.Mutex
	items map[ItemKey]map[string]types.AttributeValue
}

type prefetchContextKey struct{}

func prefetchedIn(ctx context.Context) *prefetched {
	p, _ := ctx.Value(prefetchContextKey{}).(*prefetched)
	return p
}

// MaxPrefetch bounds the keys of one Prefetch: one BatchGetItem reads at most 100.
const MaxPrefetch = 100

// Prefetch reads keys (duplicates allowed, at most MaxPrefetch) in one strongly consistent
// BatchGetItem and returns a context under which the store answers a read of any of those
// items from what was read, as long as the request has not written it: every read through
// the store checks the context first, so a handler's reads cost no round trip when its guard
// fetched them with the session. A write of a key (put, update, delete, in a transaction or a
// batch) drops it, so a read after the request's own write goes to DynamoDB. What is served
// is never older than a strongly consistent read made at the start of the request: the
// freshness a GetItem of the request would have had, consistent or not. Keys the batch
// leaves unprocessed are read again (the store's batch retries), not skipped. Under a context
// that holds prefetched items already, the new ones join them (the same context is returned).
func (s *Store) Prefetch(ctx context.Context, keys ...ItemKey) (context.Context, error) {
	uniq := make([]ItemKey, 0, len(keys))
	seen := make(map[ItemKey]bool, len(keys))
	for _, k := range keys {
		if k.PK == "" || k.SK == "" || seen[k] {
			continue
		}
		seen[k] = true
		uniq = append(uniq, k)
	}
	if len(uniq) == 0 {
		return ctx, nil
	}
	if len(uniq) > MaxPrefetch {
		return ctx, fmt.Errorf("prefetch %d items: at most %d", len(uniq), MaxPrefetch)
	}
	attrs := make([]map[string]types.AttributeValue, len(uniq))
	for i, k := range uniq {
		attrs[i] = k.attributes()
	}
	out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		s.table: {Keys: attrs, ConsistentRead: aws.Bool(true)}}})
	if err != nil {
		return ctx, fmt.Errorf("prefetch %d items: %w", len(uniq), err)
	}
	p := prefetchedIn(ctx)
	if p == nil || p.table != s.table {
		p = &prefetched{table: s.table, items: make(map[ItemKey]map[string]types.AttributeValue, len(uniq))}
		ctx = context.WithValue(ctx, prefetchContextKey{}, p)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range uniq {
		p.items[k] = nil // absent unless answered
	}
	for _, item := range out.Responses[s.table] {
		if k, ok := itemKeyOf(item); ok && seen[k] {
			p.items[k] = item
		}
	}
	return ctx, nil
}

// get answers the item at key if it was prefetched for table (item nil: it does not exist).
func (p *prefetched) get(table *string, k map[string]types.AttributeValue) (item map[string]types.AttributeValue, ok bool) {
	if p == nil || table == nil || *table != p.table {
		return nil, false
	}
	ik, ok := itemKeyOf(k)
	if !ok {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	item, ok = p.items[ik]
	return item, ok
}

// drop forgets the items at keys (the request is writing them).
func (p *prefetched) drop(keys ...map[string]types.AttributeValue) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range keys {
		if ik, ok := itemKeyOf(k); ok {
			delete(p.items, ik)
		}
	}
}

// prefetchDB answers reads of prefetched items from the request's context and passes every
// other call on; writes drop the items they write from it first.
type prefetchDB struct{ DB }

func (d prefetchDB) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	if item, ok := prefetchedIn(ctx).get(in.TableName, in.Key); ok {
		return &dynamodb.GetItemOutput{Item: item}, nil
	}
	return d.DB.GetItem(ctx, in, opts...)
}

// BatchGetItem is answered from the context only when every key it names was prefetched.
func (d prefetchDB) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	p := prefetchedIn(ctx)
	if p == nil || len(in.RequestItems) != 1 {
		return d.DB.BatchGetItem(ctx, in, opts...)
	}
	out := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}}
	for table, ka := range in.RequestItems {
		var items []map[string]types.AttributeValue
		for _, k := range ka.Keys {
			item, ok := p.get(&table, k)
			if !ok {
				return d.DB.BatchGetItem(ctx, in, opts...)
			}
			if item != nil {
				items = append(items, item)
			}
		}
		out.Responses[table] = items
	}
	return out, nil
}

func (d prefetchDB) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	prefetchedIn(ctx).drop(in.Item)
	return d.DB.PutItem(ctx, in, opts...)
}

func (d prefetchDB) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	prefetchedIn(ctx).drop(in.Key)
	return d.DB.UpdateItem(ctx, in, opts...)
}

func (d prefetchDB) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	prefetchedIn(ctx).drop(in.Key)
	return d.DB.DeleteItem(ctx, in, opts...)
}

func (d prefetchDB) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	if p := prefetchedIn(ctx); p != nil {
		for _, it := range in.TransactItems {
			switch {
			case it.Put != nil:
				p.drop(it.Put.Item)
			case it.Update != nil:
				p.drop(it.Update.Key)
			case it.Delete != nil:
				p.drop(it.Delete.Key)
			}
		}
	}
	return d.DB.TransactWriteItems(ctx, in, opts...)
}

func (d prefetchDB) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	if p := prefetchedIn(ctx); p != nil {
		for _, reqs := range in.RequestItems {
			for _, w := range reqs {
				switch {
				case w.PutRequest != nil:
					p.drop(w.PutRequest.Item)
				case w.DeleteRequest != nil:
					p.drop(w.DeleteRequest.Key)
				}
			}
		}
	}
	return d.DB.BatchWriteItem(ctx, in, opts...)
}
