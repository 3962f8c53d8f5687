package crm

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// List query parameters and limits.
const (
	ModifiedTime     = "Modified_Time" // the sort by modification time
	DefaultListLimit = 25
	MaxListLimit     = 100
	MaxCursorLength  = 2048
	MaxFilters       = 10
	FilterPrefix     = "filter."
)

// Filter operators.
const (
	OpEq       = "eq"
	OpContains = "contains"
	OpGte      = "gte"
	OpLte      = "lte"
	// OpIn is never parsed from a query: a caller sets it when one choice a person makes
	// stands for several picklist values (a user type's customer label shared by them).
	OpIn = "in"
)

// ListQuery is a parsed list request. Sort is [ModifiedTime] or a sortable field (the
// module's name field, or one the caller allows); Desc reverses it. Limit is 1..100. Cursor is passed through unchanged for the store to check.
type ListQuery struct {
	Sort    string
	Desc    bool
	Filters []Filter
	Limit   int
	Cursor  string
}

// Filter keeps the records whose Field compares to Value by Op. Value has the type
// [Module.Validate] stores for the field (a currency is its 2-decimal string, a datetime its UTC
// RFC 3339 form, a lookup the record id). Op is:
//   - "eq": equal; for a multipicklist, the list holds Value (one option, a string); for a
//     lookup, the lookup's id is Value;
//   - "contains": Value (a non-empty string) is a substring, for text, textarea, email, phone
//     and url fields (case is the store's concern);
//   - "gte", "lte": at least or at most Value, for number, currency, percent, date and
//     datetime fields (currency values compare as numbers, not strings);
//   - "in": for a picklist, equal to one of Value (a []string of 1 to 100 options).
type Filter struct {
	Field string
	Op    string
	Value any
}

// ParseListQuery reads a list request's query parameters:
//   - limit: 1..100, default 25;
//   - cursor: opaque, at most 2048 characters;
//   - sort: Modified_Time, -Modified_Time (the default), the name field or -the name field
//     ([Module.IndexedSorts]; ParseListQuerySortable takes another list);
//   - filter.<Field>=v (eq; filter.<Field>.eq=v is the same), filter.<Field>.contains=v, filter.<Field>.gte=v,
//     filter.<Field>.lte=v, at most 10, each value parsed by the field's type.
//
// Other parameters are ignored, except ones starting with "filter.", which must be valid.
// Filters are sorted by field, then operator. Errors name the parameter and are sorted by it;
// when there are errors the returned query is empty.
func (m Module) ParseListQuery(q map[string]string) (ListQuery, []FieldError) {
	return m.ParseListQuerySortable(q, m.IndexedSorts())
}

// IndexedSorts are the sorts every module's list reads from an index: [ModifiedTime] and the
// module's name field.
func (m Module) IndexedSorts() []string {
	if m.NameField == "" {
		return []string{ModifiedTime}
	}
	return []string{ModifiedTime, m.NameField}
}

// ParseListQuerySortable is ParseListQuery where sort may name any of sortable (each with or
// without "-"); any other value is [SortError].
func (m Module) ParseListQuerySortable(q map[string]string, sortable []string) (ListQuery, []FieldError) {
	lq := ListQuery{Sort: ModifiedTime, Desc: true, Limit: DefaultListLimit}
	var errs []FieldError

	if v, ok := q["limit"]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > MaxListLimit {
			errs = append(errs, FieldError{"limit", fmt.Sprintf("must be a whole number from 1 to %d", MaxListLimit)})
		} else {
			lq.Limit = n
		}
	}

	if v, ok := q["cursor"]; ok {
		if len(v) > MaxCursorLength {
			errs = append(errs, FieldError{"cursor", fmt.Sprintf("must be at most %d characters", MaxCursorLength)})
		} else {
			lq.Cursor = v
		}
	}

	if v, ok := q["sort"]; ok && v != "" {
		name, desc := strings.CutPrefix(v, "-")
		if name != "" && slices.Contains(sortable, name) {
			lq.Sort, lq.Desc = name, desc
		} else {
			errs = append(errs, SortError(name, sortable))
		}
	}

	keys := make([]string, 0, len(q))
	for k := range q {
		if strings.HasPrefix(k, FilterPrefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) > MaxFilters {
		errs = append(errs, FieldError{"filter", fmt.Sprintf("must have at most %d filters", MaxFilters)})
	}
	for _, k := range keys {
		f, err := m.parseFilter(k, q[k])
		if err != nil {
			errs = append(errs, *err)
			continue
		}
		lq.Filters = append(lq.Filters, f)
	}
	sort.SliceStable(lq.Filters, func(i, j int) bool {
		a, b := lq.Filters[i], lq.Filters[j]
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Op < b.Op
	})

	if len(errs) > 0 {
		return ListQuery{}, sortErrors(errs)
	}
	return lq, nil
}

// parseFilter reads one filter parameter: key is "filter.<Field>" or "filter.<Field>.<op>".
func (m Module) parseFilter(key, value string) (Filter, *FieldError) {
	fail := func(msg string) (Filter, *FieldError) {
		return Filter{}, &FieldError{key, msg}
	}
	name, op, hasOp := strings.Cut(strings.TrimPrefix(key, FilterPrefix), ".")
	if !hasOp {
		op = OpEq
	}
	f, ok := m.Field(name)
	if !ok {
		return fail("is not a field of " + m.APIName)
	}
	switch op {
	case OpEq:
		if f.Type == TypeLineItems {
			return fail("cannot filter on line items")
		}
	case OpContains:
		switch f.Type {
		case TypeText, TypeTextarea, TypeEmail, TypePhone, TypeURL:
		default:
			return fail("contains works only on text, textarea, email, phone and url fields")
		}
	case OpGte, OpLte:
		switch f.Type {
		case TypeNumber, TypeCurrency, TypePercent, TypeDate, TypeDatetime:
		default:
			return fail(op + " works only on number, currency, percent, date and datetime fields")
		}
	default:
		return fail("has an unknown operator: use filter.<field>, filter.<field>.contains, .gte or .lte")
	}

	if strings.TrimSpace(value) == "" {
		return fail("needs a value")
	}
	var raw json.RawMessage
	switch {
	case op == OpContains:
		// A substring: only the length rule of the field applies.
		s := strings.TrimSpace(value)
		if msg := checkText(Field{Type: TypeText, MaxLength: containsMax(f)}, s); msg != "" {
			return fail(msg)
		}
		return Filter{Field: name, Op: op, Value: s}, nil
	case f.Type == TypeMultipicklist:
		// eq on a multipicklist: the list holds this one option.
		f.Type = TypePicklist
		raw = mustJSON(value)
	default:
		raw = f.RawFromText(value)
	}
	v, _, errs := parseValue(f, key, raw)
	if len(errs) > 0 {
		return fail(errs[0].Message)
	}
	if v == nil {
		return fail("needs a value")
	}
	return Filter{Field: name, Op: op, Value: v}, nil
}

// containsMax is the longest substring worth searching for in f.
func containsMax(f Field) int {
	switch f.Type {
	case TypeEmail:
		return EmailMaxLength
	case TypeURL:
		return URLMaxLength
	case TypeTextarea:
		if f.MaxLength > 0 {
			return f.MaxLength
		}
		return TextMaxLength * 4
	}
	if f.MaxLength > 0 {
		return f.MaxLength
	}
	return TextMaxLength
}
