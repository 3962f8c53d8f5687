package crm

import (
	"encoding/hex"
	"fmt"
	"slices"
)

// MaxSortIndexes is how many fields of a module an admin may mark sortable for the staff list
// (besides Modified_Time and the name field, which every module sorts by): each marked field
// adds up to two items (the old key's delete, the new key's put) to every record write's
// transaction and one index item per record, so the bound keeps a write at most six items
// larger and the index at most three items per record.
const MaxSortIndexes = 3

// Sort index states: a field just marked is "indexing" until the keys of the module's
// existing records are written; then it is "ready" and the staff list sorts by it.
const (
	SortIndexing = "indexing"
	SortReady    = "ready"
)

// SortIndex is a field an admin marked sortable on a module, with the state of its index.
// Cursor is where the fill of existing records resumes (stored only: [Merge] leaves it out of
// the module, so no answer shows it).
type SortIndex struct {
	Field  string `json:"field"`
	State  string `json:"state"`
	Cursor string `json:"cursor,omitempty"`
}

// CanMarkSortable reports why f cannot be marked sortable on m ("" when it can): a field of a
// type with an order, other than the ones every list already sorts by.
func CanMarkSortable(m Module, name string) string {
	f, ok := m.Field(name)
	switch {
	case name == ModifiedTime || name == m.NameField:
		return "is always sortable; mark only other fields"
	case !ok:
		return "is not a field of " + m.APIName
	case !Sortable(f.Type):
		return fmt.Sprintf("is a %s field, which has no order", f.Type)
	}
	return ""
}

// ValidateSortable checks the fields an admin marks sortable on m: each one can be
// ([CanMarkSortable]), none twice, at most [MaxSortIndexes]. Errors name "sortable" (the bound)
// or "sortable[i]".
func ValidateSortable(m Module, fields []string) []FieldError {
	var errs []FieldError
	if len(fields) > MaxSortIndexes {
		errs = append(errs, FieldError{"sortable", fmt.Sprintf("must list at most %d fields", MaxSortIndexes)})
	}
	for i, name := range fields {
		path := fmt.Sprintf("sortable[%d]", i)
		if msg := CanMarkSortable(m, name); msg != "" {
			errs = append(errs, FieldError{path, msg})
		} else if slices.Index(fields, name) < i {
			errs = append(errs, FieldError{path, "is listed twice"})
		}
	}
	return errs
}

// NextSortIndexes is the module's marks after an admin lists fields as sortable: a field still
// listed keeps its state (and fill cursor), a new one starts [SortIndexing]; removed are the
// fields no longer listed, whose index items must go.
func NextSortIndexes(cur []SortIndex, fields []string) (next []SortIndex, removed []string) {
	for _, name := range fields {
		i := slices.IndexFunc(cur, func(s SortIndex) bool { return s.Field == name })
		if i >= 0 {
			next = append(next, cur[i])
		} else {
			next = append(next, SortIndex{Field: name, State: SortIndexing})
		}
	}
	for _, s := range cur {
		if !slices.Contains(fields, s.Field) {
			removed = append(removed, s.Field)
		}
	}
	return next, removed
}

// SortIndexKey is the sort key of a record's item in the index of field f: "v#", the value's
// [OrderKey] (text folded and cut to [OrderTextRunes] characters) in hex, "#" and the record
// id; or "e#" and the id for a record without a value. Hex keeps the keys' byte order and,
// being only [0-9a-f], sorts a shorter key before a longer one it starts ("#" is below "0").
// Valued keys sort among themselves as their values do, and a list reads the empty ones after
// them in both directions.
func SortIndexKey(f Field, v any, id string) string {
	k, ok := OrderKey(f, v, nil)
	if !ok {
		return SortEmptyPrefix + id
	}
	if r := []rune(k); len(r) > OrderTextRunes {
		k = string(r[:OrderTextRunes])
	}
	return SortValuePrefix + hex.EncodeToString([]byte(k)) + "#" + id
}

// Prefixes of [SortIndexKey]: records with a value, records without one.
const (
	SortValuePrefix = "v#"
	SortEmptyPrefix = "e#"
)

// SortField is the marked field name of m's sort indexes, or false.
func (m Module) SortField(name string) (SortIndex, bool) {
	i := slices.IndexFunc(m.Sortable, func(s SortIndex) bool { return s.Field == name })
	if i < 0 {
		return SortIndex{}, false
	}
	return m.Sortable[i], true
}
