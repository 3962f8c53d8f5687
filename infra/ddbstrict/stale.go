package ddbstrict

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
)

// written is an item about to be written: its key and its state before the write.
type written struct {
	key  string
	item map[string]types.AttributeValue
	ok   bool // the before-image was read
}

// before reads the before-images of the items a write touches, when stale reads are injected.
func (l *Layer) before(ctx context.Context, params any) []written {
	if l.faults.Stale <= 0 || l.peek == nil {
		return nil
	}
	type target struct {
		table string
		key   map[string]types.AttributeValue
	}
	var targets []target
	keyOf := func(table string, item map[string]types.AttributeValue) map[string]types.AttributeValue {
		k := map[string]types.AttributeValue{}
		for _, a := range l.schema.Keys[table] {
			if v, ok := item[a]; ok {
				k[a] = v
			}
		}
		return k
	}
	switch p := params.(type) {
	case *dynamodb.PutItemInput:
		targets = append(targets, target{aws.ToString(p.TableName), keyOf(aws.ToString(p.TableName), p.Item)})
	case *dynamodb.UpdateItemInput:
		targets = append(targets, target{aws.ToString(p.TableName), p.Key})
	case *dynamodb.DeleteItemInput:
		targets = append(targets, target{aws.ToString(p.TableName), p.Key})
	case *dynamodb.TransactWriteItemsInput:
		for _, it := range p.TransactItems {
			switch {
			case it.Put != nil:
				t := aws.ToString(it.Put.TableName)
				targets = append(targets, target{t, keyOf(t, it.Put.Item)})
			case it.Update != nil:
				targets = append(targets, target{aws.ToString(it.Update.TableName), it.Update.Key})
			case it.Delete != nil:
				targets = append(targets, target{aws.ToString(it.Delete.TableName), it.Delete.Key})
			}
		}
	case *dynamodb.BatchWriteItemInput:
		for t, reqs := range p.RequestItems {
			for _, r := range reqs {
				if r.PutRequest != nil {
					targets = append(targets, target{t, keyOf(t, r.PutRequest.Item)})
				} else if r.DeleteRequest != nil {
					targets = append(targets, target{t, r.DeleteRequest.Key})
				}
			}
		}
	}
	out := make([]written, 0, len(targets))
	for _, t := range targets {
		w := written{key: l.schema.itemKey(t.table, t.key)}
		got, err := l.peek.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.table), Key: t.key, ConsistentRead: aws.Bool(true)})
		if err == nil {
			w.item, w.ok = got.Item, true
		}
		out = append(out, w)
	}
	return out
}

// wrote records the before-images of a write that succeeded.
func (l *Layer) wrote(ws []written) {
	if len(ws) == 0 {
		return
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range ws {
		if w.ok {
			l.history[w.key] = snapshot{item: w.item, at: now}
		}
	}
	// Forget what is past the window, so the history stays small.
	for k, s := range l.history {
		if now.Sub(s.at) > l.faults.StaleWindow {
			delete(l.history, k)
		}
	}
}

// stale answers the before-image of the item key when a read of it is to be stale.
func (l *Layer) stale(key string) (map[string]types.AttributeValue, bool) {
	if l.faults.Stale <= 0 {
		return nil, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.history[key]
	if !ok || time.Since(s.at) > l.faults.StaleWindow {
		return nil, false
	}
	l.counts.StaleCandidates++
	if l.rng.Float64() >= l.faults.Stale {
		return nil, false
	}
	l.counts.StaleItems++
	return s.item, true
}

// staleItems replaces items of a read answer by their before-images where a read is to be
// stale; an item that did not exist before drops out of the answer.
func (l *Layer) staleItems(table string, items []map[string]types.AttributeValue) []map[string]types.AttributeValue {
	if l.faults.Stale <= 0 {
		return items
	}
	out := items[:0:0]
	for _, it := range items {
		if old, stale := l.stale(l.schema.itemKey(table, it)); stale {
			if old != nil {
				out = append(out, old)
			}
			continue
		}
		out = append(out, it)
	}
	return out
}

// batchGet may leave some keys unprocessed (answered in UnprocessedKeys, as DynamoDB does when
// it runs out of capacity or answer size) and answers stale items of eventually consistent
// tables.
func (l *Layer) batchGet(ctx context.Context, in middleware.InitializeInput, p *dynamodb.BatchGetItemInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	var held map[string]types.KeysAndAttributes
	if l.draw(l.faults.Unprocessed) {
		cp := *p
		cp.RequestItems = map[string]types.KeysAndAttributes{}
		held = map[string]types.KeysAndAttributes{}
		total := 0
		for _, ka := range p.RequestItems {
			total += len(ka.Keys)
		}
		leave := 1 + l.intN(total) // at least one key is held back; maybe all
		for _, t := range slices.Sorted(maps.Keys(p.RequestItems)) {
			ka := p.RequestItems[t]
			keep := ka
			keep.Keys = nil
			hold := ka
			hold.Keys = nil
			for _, k := range ka.Keys {
				if leave > 0 {
					hold.Keys = append(hold.Keys, k)
					leave--
				} else {
					keep.Keys = append(keep.Keys, k)
				}
			}
			if len(keep.Keys) > 0 {
				cp.RequestItems[t] = keep
			}
			if len(hold.Keys) > 0 {
				held[t] = hold
			}
		}
		l.mu.Lock()
		l.counts.Unprocessed++
		l.mu.Unlock()
		if len(cp.RequestItems) == 0 {
			// Nothing processed at all: DynamoDB answers every key unprocessed.
			return middleware.InitializeOutput{Result: &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}, UnprocessedKeys: held}}, middleware.Metadata{}, nil
		}
		in.Parameters = &cp
	}
	out, md, err := next.HandleInitialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	if o, ok := out.Result.(*dynamodb.BatchGetItemOutput); ok {
		for t, items := range o.Responses {
			if ka, ok := p.RequestItems[t]; ok && !aws.ToBool(ka.ConsistentRead) {
				o.Responses[t] = l.staleItems(t, items)
			}
		}
		if len(held) > 0 {
			if o.UnprocessedKeys == nil {
				o.UnprocessedKeys = map[string]types.KeysAndAttributes{}
			}
			for t, ka := range held {
				cur := o.UnprocessedKeys[t]
				ka.Keys = append(ka.Keys, cur.Keys...)
				o.UnprocessedKeys[t] = ka
			}
		}
	}
	return out, md, err
}

// batchWrite may leave some requests unprocessed (UnprocessedItems) and records the
// before-images of what it writes.
func (l *Layer) batchWrite(ctx context.Context, in middleware.InitializeInput, p *dynamodb.BatchWriteItemInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	var held map[string][]types.WriteRequest
	if l.draw(l.faults.Unprocessed) {
		cp := *p
		cp.RequestItems = map[string][]types.WriteRequest{}
		held = map[string][]types.WriteRequest{}
		total := 0
		for _, rs := range p.RequestItems {
			total += len(rs)
		}
		leave := 1 + l.intN(total)
		for _, t := range slices.Sorted(maps.Keys(p.RequestItems)) {
			for _, r := range p.RequestItems[t] {
				if leave > 0 {
					held[t] = append(held[t], r)
					leave--
				} else {
					cp.RequestItems[t] = append(cp.RequestItems[t], r)
				}
			}
		}
		l.mu.Lock()
		l.counts.Unprocessed++
		l.mu.Unlock()
		if len(cp.RequestItems) == 0 {
			return middleware.InitializeOutput{Result: &dynamodb.BatchWriteItemOutput{UnprocessedItems: held}}, middleware.Metadata{}, nil
		}
		in.Parameters = &cp
		p = &cp
	}
	before := l.before(ctx, p)
	out, md, err := next.HandleInitialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	l.wrote(before)
	if o, ok := out.Result.(*dynamodb.BatchWriteItemOutput); ok && len(held) > 0 {
		if o.UnprocessedItems == nil {
			o.UnprocessedItems = map[string][]types.WriteRequest{}
		}
		for t, rs := range held {
			o.UnprocessedItems[t] = append(rs, o.UnprocessedItems[t]...)
		}
	}
	return out, md, err
}

func (l *Layer) intN(n int) int {
	if n <= 1 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rng.IntN(n)
}
