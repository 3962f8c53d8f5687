package bench

import (
	"context"
	"math"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/store"
)

// Capacity is the read and write capacity units (on-demand: request units) of some calls.
type Capacity struct {
	Read, Write float64
}

// Add is c plus d.
func (c Capacity) Add(d Capacity) Capacity { return Capacity{c.Read + d.Read, c.Write + d.Write} }

// ItemSize is an item's size by DynamoDB's rules (store.ItemSize: package itemsize's rules,
// the same the store's bounds and the strict local DynamoDB use).
func ItemSize(item map[string]types.AttributeValue) int { return store.ItemSize(item) }

// ReadUnits are the read units of reading size bytes in one request: one per 4 KB or part
// of it (at least one), half that when eventually consistent.
func ReadUnits(size int, consistent bool) float64 {
	u := math.Max(1, math.Ceil(float64(size)/4096))
	if !consistent {
		u /= 2
	}
	return u
}

// WriteUnits are the write units of writing an item of size bytes: one per 1 KB or part of
// it (at least one), twice that inside a transaction.
func WriteUnits(size int, transactional bool) float64 {
	u := math.Max(1, math.Ceil(float64(size)/1024))
	if transactional {
		u *= 2
	}
	return u
}

// ItemWriteUnits are the write units of putting item: its own (WriteUnits, doubled in a
// transaction) plus, for each global secondary index whose key attributes it has (GSI1PK,
// GSI2PK: the table's indexes project all attributes), a write of the same size to the index.
func ItemWriteUnits(item map[string]types.AttributeValue, transactional bool) float64 {
	size := ItemSize(item)
	u := WriteUnits(size, transactional)
	for k := range item {
		if strings.HasPrefix(k, "GSI") && strings.HasSuffix(k, "PK") {
			u += WriteUnits(size, false)
		}
	}
	return u
}

// CapacityDB is a store.DB that asks Next for the consumed capacity of every call
// (ReturnConsumedCapacity TOTAL, on a copy of the input) and adds it up. It also computes
// every call's units from the item sizes with DynamoDB's rules (Rules: ReadUnits of the
// items read; ItemWriteUnits of the item written, the new one for a put or an update, where
// DynamoDB charges the larger of the old and the new). When an answer carries no consumed
// capacity, the computed units stand in for it in Total; Computed counts those calls.
type CapacityDB struct {
	Next store.DB

	mu       sync.Mutex
	total    Capacity
	rules    Capacity
	calls    int
	computed int
}

// Rules is the capacity computed from the item sizes for every call so far.
func (c *CapacityDB) Rules() Capacity {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rules
}

var _ store.DB = (*CapacityDB)(nil)

// Total is the capacity added up so far, the calls, and how many of them were computed
// from item sizes rather than answered by Next.
func (c *CapacityDB) Total() (Capacity, int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total, c.calls, c.computed
}

// Reset sets the totals back to zero.
func (c *CapacityDB) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total, c.rules, c.calls, c.computed = Capacity{}, Capacity{}, 0, 0
}

func (c *CapacityDB) add(got []types.ConsumedCapacity, fallback func() Capacity, write bool) {
	var cp Capacity
	answered := false
	for _, cc := range got {
		if cc.CapacityUnits == nil && cc.ReadCapacityUnits == nil && cc.WriteCapacityUnits == nil {
			continue
		}
		answered = true
		switch {
		case cc.ReadCapacityUnits != nil || cc.WriteCapacityUnits != nil:
			if cc.ReadCapacityUnits != nil {
				cp.Read += *cc.ReadCapacityUnits
			}
			if cc.WriteCapacityUnits != nil {
				cp.Write += *cc.WriteCapacityUnits
			}
		case write:
			cp.Write += *cc.CapacityUnits
		default:
			cp.Read += *cc.CapacityUnits
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	rules := fallback()
	c.rules = c.rules.Add(rules)
	if !answered {
		cp = rules
		c.computed++
	}
	c.total = c.total.Add(cp)
}

func one(cc *types.ConsumedCapacity) []types.ConsumedCapacity {
	if cc == nil {
		return nil
	}
	return []types.ConsumedCapacity{*cc}
}

func consistent(b *bool) bool { return b != nil && *b }

func (c *CapacityDB) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.GetItem(ctx, &cp, opts...)
	if err == nil {
		c.add(one(out.ConsumedCapacity), func() Capacity {
			return Capacity{Read: ReadUnits(ItemSize(out.Item), consistent(in.ConsistentRead))}
		}, false)
	}
	return out, err
}

func (c *CapacityDB) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.Query(ctx, &cp, opts...)
	if err == nil {
		c.add(one(out.ConsumedCapacity), func() Capacity {
			// A Query is charged on the total size of the items it reads, rounded up once.
			n := 0
			for _, it := range out.Items {
				n += ItemSize(it)
			}
			return Capacity{Read: ReadUnits(n, consistent(in.ConsistentRead))}
		}, false)
	}
	return out, err
}

func (c *CapacityDB) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.BatchGetItem(ctx, &cp, opts...)
	if err == nil {
		c.add(out.ConsumedCapacity, func() Capacity {
			// Each key read is charged on its own, a missing item as one of size 0.
			var u float64
			for table, ka := range in.RequestItems {
				found := out.Responses[table]
				for i := range ka.Keys {
					size := 0
					if i < len(found) {
						size = ItemSize(found[i])
					}
					u += ReadUnits(size, consistent(ka.ConsistentRead))
				}
			}
			return Capacity{Read: u}
		}, false)
	}
	return out, err
}

func (c *CapacityDB) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.PutItem(ctx, &cp, opts...)
	if err == nil {
		c.add(one(out.ConsumedCapacity), func() Capacity { return Capacity{Write: ItemWriteUnits(in.Item, false)} }, true)
	}
	return out, err
}

func (c *CapacityDB) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	if cp.ReturnValues == "" || cp.ReturnValues == types.ReturnValueNone {
		// The new item's size, for the fallback; the caller gets no attributes, as asked.
		cp.ReturnValues = types.ReturnValueAllNew
	}
	out, err := c.Next.UpdateItem(ctx, &cp, opts...)
	if err == nil {
		c.add(one(out.ConsumedCapacity), func() Capacity { return Capacity{Write: ItemWriteUnits(out.Attributes, false)} }, true)
		if in.ReturnValues == "" || in.ReturnValues == types.ReturnValueNone {
			out.Attributes = nil
		}
	}
	return out, err
}

func (c *CapacityDB) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.DeleteItem(ctx, &cp, opts...)
	if err == nil {
		c.add(one(out.ConsumedCapacity), func() Capacity { return Capacity{Write: 1} }, true)
	}
	return out, err
}

func (c *CapacityDB) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.BatchWriteItem(ctx, &cp, opts...)
	if err == nil {
		c.add(out.ConsumedCapacity, func() Capacity {
			var u float64
			for _, wrs := range in.RequestItems {
				for _, wr := range wrs {
					if wr.PutRequest != nil {
						u += ItemWriteUnits(wr.PutRequest.Item, false)
					} else {
						u += 1
					}
				}
			}
			return Capacity{Write: u}
		}, true)
	}
	return out, err
}

func (c *CapacityDB) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	cp := *in
	cp.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := c.Next.TransactWriteItems(ctx, &cp, opts...)
	if err == nil {
		c.add(out.ConsumedCapacity, func() Capacity {
			var cp Capacity
			for _, tw := range in.TransactItems {
				switch {
				case tw.Put != nil:
					cp.Write += ItemWriteUnits(tw.Put.Item, true)
				case tw.ConditionCheck != nil:
					cp.Read += 2 * ReadUnits(0, true)
				default:
					cp.Write += WriteUnits(0, true)
				}
			}
			return cp
		}, true)
	}
	return out, err
}
