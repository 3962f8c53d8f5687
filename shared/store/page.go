package store

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// Page is one page of a list: its items, the cursor of the rest (Next, empty on the last
// page) and, for each item, the cursor that resumes the list right after it, so that a caller
// that answers only the first items of a page (to stay within a size budget) can still hand
// out a cursor that loses nothing.
type Page[T any] struct {
	Items []T
	Next  string
	after []string
}

// CursorAfter is the cursor that resumes the list right after Items[i]. After the last item
// it is Next (which may skip items the query's filter left out), so a page answered whole
// and a page cut after its last item agree.
func (p Page[T]) CursorAfter(i int) string {
	if i < 0 || i >= len(p.Items)-1 || i >= len(p.after) {
		return p.Next
	}
	return p.after[i]
}

// itemCursor is the cursor of a list whose partition is partition that resumes after item:
// the item's values of the key attributes attrs (the table's key and, on an index, the
// index's key), as DynamoDB's LastEvaluatedKey would name them.
func itemCursor(partition string, item map[string]types.AttributeValue, attrs ...string) string {
	k := make(map[string]types.AttributeValue, len(attrs))
	for _, a := range attrs {
		if v, ok := item[a]; ok {
			k[a] = v
		}
	}
	return encodeCursor(partition, k)
}
