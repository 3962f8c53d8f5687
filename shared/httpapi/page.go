package httpapi

import "strconv"

// MaxLimit is the largest page a list answers.
const MaxLimit = 100

// Limit reads a list's ?limit= from q: def when absent, else a whole number from 1 to
// MaxLimit; otherwise the field error naming "limit" (for callers that collect several).
func Limit(q map[string]string, def int) (int, *FieldError) {
	v, ok := q["limit"]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, &FieldError{Field: "limit", Message: "must be 1 to 100"}
	}
	return n, nil
}

// InvalidQuery is the 400 answer to a list query with the field errors errs.
func InvalidQuery(errs ...FieldError) error {
	return &Error{Kind: Invalid, Detail: "invalid query", Fields: errs}
}

// ErrBadCursor answers a cursor that was made for another list (or forged).
var ErrBadCursor = &Error{Kind: Invalid, Detail: "cursor is not valid for this list",
	Fields: []FieldError{{Field: "cursor", Message: "is not valid for this list"}}}
