package store

import (
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
	"crmportal/shared/itemsize"
)

// AttributeSize is the size of av as DynamoDB counts it (package itemsize).
func AttributeSize(av types.AttributeValue) int {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return itemsize.String(v.Value)
	case *types.AttributeValueMemberN:
		return itemsize.Number(v.Value)
	case *types.AttributeValueMemberB:
		return itemsize.Binary(v.Value)
	case *types.AttributeValueMemberBOOL:
		return itemsize.Bool()
	case *types.AttributeValueMemberNULL:
		return itemsize.Null()
	case *types.AttributeValueMemberL:
		sizes := make([]int, len(v.Value))
		for i, e := range v.Value {
			sizes[i] = AttributeSize(e)
		}
		return itemsize.List(sizes...)
	case *types.AttributeValueMemberM:
		return itemsize.Map(entrySizes(v.Value)...)
	case *types.AttributeValueMemberSS:
		sizes := make([]int, len(v.Value))
		for i, e := range v.Value {
			sizes[i] = itemsize.String(e)
		}
		return itemsize.Set(sizes...)
	case *types.AttributeValueMemberNS:
		sizes := make([]int, len(v.Value))
		for i, e := range v.Value {
			sizes[i] = itemsize.Number(e)
		}
		return itemsize.Set(sizes...)
	case *types.AttributeValueMemberBS:
		sizes := make([]int, len(v.Value))
		for i, e := range v.Value {
			sizes[i] = itemsize.Binary(e)
		}
		return itemsize.Set(sizes...)
	}
	return 0
}

func entrySizes(m map[string]types.AttributeValue) []int {
	out := make([]int, 0, len(m))
	for name, av := range m {
		out = append(out, itemsize.Entry(name, AttributeSize(av)))
	}
	return out
}

// ItemSize is the size of item as DynamoDB counts it toward its 400 KB item limit.
func ItemSize(item map[string]types.AttributeValue) int {
	return itemsize.Item(entrySizes(item)...)
}

// RecordWrite is what a record create or update weighs in DynamoDB: the items and bytes of
// the transaction CreateRecord or UpdateRecord sends, and the record's own sizes.
type RecordWrite struct {
	// Item is the size of the largest item the record makes: the record item or one of its
	// link items (each a copy of the record's attributes, with other keys).
	Item int
	// Fields is each field's share of Item: its value in `f` and its folded copy in `s`.
	Fields map[string]int
	// Lookups are the lookup fields with a value, sorted; each is one link item.
	Lookups []string
	// TxItems and TxBytes are the actions and the bytes of the write's transaction. A Delete
	// counts as the size of the item it deletes (a link item is a copy of the old record):
	// DynamoDB does not say how it counts one, and this can only over-count.
	TxItems, TxBytes int
}

// MeasureRecordWrite measures the write of r: a create when old is nil, else the update of
// old to r, with the items CreateRecord and UpdateRecord build. It sends nothing.
func MeasureRecordWrite(m crm.Module, old *Record, r Record) (RecordWrite, error) {
	item, err := marshalRecord(m, r)
	if err != nil {
		return RecordWrite{}, fmt.Errorf("measure record %s: %w", r.ID, err)
	}
	w := RecordWrite{Item: ItemSize(item), Fields: map[string]int{}, TxItems: 1}
	w.TxBytes = w.Item
	for _, li := range linkItems(m, r, item) {
		size := ItemSize(li)
		w.Item = max(w.Item, size)
		w.TxItems++
		w.TxBytes += size
	}
	for _, t := range lookupTargets(m, r) {
		w.Lookups = append(w.Lookups, t[0])
	}
	sort.Strings(w.Lookups)
	for _, attr := range []string{"f", "s"} {
		mv, _ := item[attr].(*types.AttributeValueMemberM)
		if mv == nil {
			continue
		}
		for name, av := range mv.Value {
			w.Fields[name] += itemsize.ElementBytes + itemsize.Entry(name, AttributeSize(av))
		}
	}
	// The search keys the write puts and deletes (a Delete counted as the item it deletes).
	oldKeys := map[string]int{}
	if old != nil {
		for _, it := range searchItems(m, *old) {
			oldKeys[sval(it["PK"])+"\x00"+sval(it["SK"])] = ItemSize(it)
		}
	}
	for _, it := range searchChanges(nil, m, old, &r) {
		w.TxItems++
		if it.Put != nil {
			w.TxBytes += ItemSize(it.Put.Item)
		} else {
			w.TxBytes += oldKeys[sval(it.Delete.Key["PK"])+"\x00"+sval(it.Delete.Key["SK"])]
		}
	}
	// The sort-index keys it moves (shared/store/sortindex.go), a Delete counted as its put.
	for _, it := range (&Store{}).sortIndexWrites(m, old, &r) {
		w.TxItems++
		if it.Put != nil {
			w.TxBytes += ItemSize(it.Put.Item)
		} else {
			w.TxBytes += ItemSize(it.Delete.Key) + itemsize.Entry("id", len(r.ID))
		}
	}
	if old == nil {
		if r.ExternalID != "" {
			ext := map[string]types.AttributeValue{"PK": s1(modulePK(r.OrgID, r.Module)), "SK": s1("EXT#" + r.ExternalID), "recordId": s1(r.ID)}
			w.TxItems++
			w.TxBytes += ItemSize(ext)
		}
		return w, nil
	}
	oldItem, err := marshalRecord(m, *old)
	if err != nil {
		return RecordWrite{}, fmt.Errorf("measure record %s: %w", r.ID, err)
	}
	for _, li := range linkItems(m, *old, oldItem) {
		w.TxItems++
		w.TxBytes += ItemSize(li)
	}
	return w, nil
}
