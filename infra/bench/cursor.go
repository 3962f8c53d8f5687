package bench

import (
	"context"
	"fmt"
	"strconv"
)

// PageFunc answers one page of a list: at most limit records from cursor ("" for the start),
// as the number of records and the next page's cursor ("" at the end).
type PageFunc func(ctx context.Context, cursor string, limit int) (n int, next string, err error)

// CursorAfter walks a list from its start in pages of at most pageSize records and returns
// the cursor of the page that starts after exactly depth records: "" for depth 0 (the first
// page). A page with fewer records than asked for, or a list that ends first, is an error,
// as the bench lists have no filters.
func CursorAfter(ctx context.Context, depth, pageSize int, page PageFunc) (string, error) {
	if pageSize < 1 {
		pageSize = 1
	}
	cursor := ""
	for passed := 0; passed < depth; {
		limit := min(pageSize, depth-passed)
		n, next, err := page(ctx, cursor, limit)
		if err != nil {
			return "", err
		}
		passed += n
		if n != limit || next == "" {
			return "", fmt.Errorf("the list ended after %d records, before %d", passed, depth)
		}
		cursor = next
	}
	return cursor, nil
}

// DeepOffset is how many records come before the bench's deep page in a list of total
// records: nine tenths of them, rounded down to a whole number of pages of size page.
func DeepOffset(total, page int) int {
	if page < 1 {
		page = 1
	}
	d := total - total/10
	return d - d%page
}

// Count formats n with a comma between thousands ("100,000").
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}
