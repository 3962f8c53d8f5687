package modules

import (
	"fmt"
	"sort"

	"crmportal/shared/crm"
	"crmportal/shared/itemsize"
	"crmportal/shared/store"
)

// MaxRecordLookups is the most lookup values a record may hold. Each is a link item, a copy
// of the record, written in the record's transaction; an edit deletes the old links and puts
// the new ones next to the record itself, and moves its search keys (at most
// crm.MaxSearchTerms deleted and as many put) and its sort-index keys (one deleted and one put
// per field marked sortable, at most crm.MaxSortIndexes), so a record with n lookups makes
// edits of 1 + 2n + 2×12 + 2×3 actions, and 1 + 2×34 + 24 + 6 = 99 stays within DynamoDB's 100
// per transaction.
const MaxRecordLookups = (itemsize.MaxTransactItems - 1 - 2*crm.MaxSearchTerms - 2*crm.MaxSortIndexes) / 2

// maxEditBytes is the largest record (its largest item) whose edit fits one transaction when
// it has lookups: the edit carries the record, one deleted and one new copy per lookup.
func maxEditBytes(lookups int) int {
	return min(itemsize.MaxItemBytes, itemsize.MaxTransactBytes/(1+2*lookups))
}

// LimitErrors checks a record write, as [store.MeasureRecordWrite] measured it, against
// DynamoDB's limits, before anything is written:
//
//   - the record's largest item (the record or one of its link items) must fit DynamoDB's
//     400 KB item limit; the largest fields that push it over are named;
//   - the record may hold at most [MaxRecordLookups] lookups, and this write's transaction at
//     most 100 actions; every lookup field with a value is named;
//   - the record must be small enough that an edit keeping its lookups fits DynamoDB's 4 MB per
//     transaction ((1 + 2 × lookups) × its size), and this write's transaction must fit it;
//     the largest fields that push it over are named.
//
// So a record that is stored can always be edited and deleted. Errors are sorted by field,
// at most one per field.
func LimitErrors(w store.RecordWrite) []crm.FieldError {
	byField := map[string]string{}
	name := func(fields []string, msg func(string) string) {
		for _, f := range fields {
			if _, done := byField[f]; !done {
				byField[f] = msg(f)
			}
		}
	}
	if w.Item > itemsize.MaxItemBytes {
		name(largest(w.Fields, w.Item-itemsize.MaxItemBytes), func(f string) string {
			return fmt.Sprintf("is too long: the record would take %d bytes, over the %d bytes DynamoDB stores in one item (this field takes %d)",
				w.Item, itemsize.MaxItemBytes, w.Fields[f])
		})
	}
	lookups := len(w.Lookups)
	if lookups > MaxRecordLookups || w.TxItems > itemsize.MaxTransactItems {
		name(w.Lookups, func(string) string {
			return fmt.Sprintf("is one of %d lookups with a value; a record may have at most %d (each lookup is a copy of the record written in the same transaction, of at most %d items)",
				lookups, MaxRecordLookups, itemsize.MaxTransactItems)
		})
	}
	if bound := maxEditBytes(lookups); w.Item > bound || w.TxBytes > itemsize.MaxTransactBytes {
		over := max(w.Item-bound, 0)
		if w.TxBytes > itemsize.MaxTransactBytes {
			// each byte less in the record is one less in the record and each new link
			over = max(over, (w.TxBytes-itemsize.MaxTransactBytes)/(1+lookups)+1)
		}
		name(largest(w.Fields, over), func(f string) string {
			if w.Item <= bound {
				return fmt.Sprintf("is too long: this write's transaction would carry %d bytes (the record and its copies), over DynamoDB's %d (this field takes %d)",
					w.TxBytes, itemsize.MaxTransactBytes, w.Fields[f])
			}
			return fmt.Sprintf("is too long for a record with %d lookups: the record is copied once per lookup and an edit must fit in %d bytes, so the record may take %d bytes, not %d (this field takes %d)",
				lookups, itemsize.MaxTransactBytes, bound, w.Item, w.Fields[f])
		})
	}
	errs := make([]crm.FieldError, 0, len(byField))
	for f, msg := range byField {
		errs = append(errs, crm.FieldError{Field: f, Message: msg})
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return errs
}

// largest names the fields, largest first (then by name), whose sizes add up to at least
// over: the fewest fields whose removal would take off over bytes.
func largest(sizes map[string]int, over int) []string {
	names := make([]string, 0, len(sizes))
	for f := range sizes {
		names = append(names, f)
	}
	sort.Slice(names, func(i, j int) bool {
		if sizes[names[i]] != sizes[names[j]] {
			return sizes[names[i]] > sizes[names[j]]
		}
		return names[i] < names[j]
	})
	var out []string
	for _, f := range names {
		if over <= 0 {
			break
		}
		out = append(out, f)
		over -= sizes[f]
	}
	return out
}

// checkLimits measures the write of next (a create when old is nil) and answers 422 naming
// the fields that take it past DynamoDB's limits.
func checkLimits(m crm.Module, old *store.Record, next store.Record) error {
	w, err := store.MeasureRecordWrite(m, old, next)
	if err != nil {
		return err
	}
	if errs := LimitErrors(w); len(errs) > 0 {
		return FieldErrors(errs)
	}
	return nil
}
