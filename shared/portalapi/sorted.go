package portalapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

// SortScopeMax is the most records a portal list sorts in memory (a sort by a field no index
// serves): the records of the user's scope that the list's filters keep. At 2,000 records of
// about 2 KB the read is 4 MB (about 500 read units, four or five Queries of 1 MB), keyed and
// sorted in tens of milliseconds (BenchmarkSortAtTheBound), and the whole scope would still
// fit the 6 MB answer of one request; a scope past it answers 400 and asks for filters.
const SortScopeMax = 2000

// sortableFields are the fields a portal user of ut may sort t's list by: Modified_Time, then
// the fields of m the type lets them see ([access.Visible]) of a type that has an order
// ([crm.Sortable]), in the module's order. A hidden field is not one of them, so a sort by it
// gets the answer a field that does not exist gets.
func sortableFields(ut access.UserType, m crm.Module) []string {
	out := []string{crm.ModifiedTime}
	for _, f := range access.Visible(ut, m) {
		if crm.Sortable(f.Type) {
			out = append(out, f.APIName)
		}
	}
	return out
}

// indexedSort reports whether src's list reads q's order from an index (one Query a page):
// by modified time (the module's GSI1, or the link items, whose sort key starts with it), by
// the name field on the module itself (GSI2), or the base tab's single record.
func indexedSort(src access.ListSource, m crm.Module, q crm.ListQuery) bool {
	return q.Sort == crm.ModifiedTime || src.Kind == access.SourceSelf ||
		(src.Kind == access.SourceModule && q.Sort == m.NameField)
}

// sortCursor is where a sorted list resumes: after the record with this order key (Has
// false: a record without a value, listed last) and id, in the order Sort names ("-" and the
// field for descending). It is opaque to clients (base64url JSON).
type sortCursor struct {
	Sort string `json:"s"`
	Key  string `json:"k,omitempty"`
	Has  bool   `json:"h,omitempty"`
	ID   string `json:"id"`
}

func (c sortCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeSortCursor reads a cursor of the list sorted by sortParam; any other (of another
// sort, of an indexed list, forged) is httpapi.ErrBadCursor.
func decodeSortCursor(s, sortParam string) (sortCursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c sortCursor
	if err != nil || json.Unmarshal(b, &c) != nil || c.Sort != sortParam || c.ID == "" || (!c.Has && c.Key != "") {
		return sortCursor{}, httpapi.ErrBadCursor
	}
	return c, nil
}

// sortedRecord is a record of a sorted list with its order key.
type sortedRecord struct {
	json RecordJSON
	key  string
	has  bool
}

// compareSorted orders a and b by key (reversed when desc), then by id (reversed likewise),
// records without a value last in both directions.
func compareSorted(aKey string, aHas bool, aID string, bKey string, bHas bool, bID string, desc bool) int {
	if aHas != bHas {
		if aHas {
			return -1
		}
		return 1
	}
	c := strings.Compare(aKey, bKey)
	if c == 0 {
		c = strings.Compare(aID, bID)
	}
	if desc {
		return -c
	}
	return c
}

// listSorted answers a page of a list in an order no index serves: it reads the user's whole
// scope for the tab (the records src names that the filters keep, at most s.sortMax()), keeps
// those InScope with an allowed layout, projects them as the user sees them (labels in lang),
// sorts them by the projected value of lq.Sort ([crm.OrderKey]: numbers numerically, dates in
// time, text by lang's collation without case or accents; records without a value last;
// ties by id) and answers lq.Limit of them after the cursor's position. A scope past the
// bound is a 400 naming sort.
func (s *Service) listSorted(ctx context.Context, p portalguard.Principal, t access.Tab, self access.Self, m crm.Module,
	src access.ListSource, lq crm.ListQuery, lang string) (recordList, error) {
	sortParam := lq.Sort
	if lq.Desc {
		sortParam = "-" + lq.Sort
	}
	var after *sortCursor
	if lq.Cursor != "" {
		c, err := decodeSortCursor(lq.Cursor, sortParam)
		if err != nil {
			return recordList{}, err
		}
		after = &c
	}
	max := s.sortMax()
	var recs []store.Record
	var err error
	switch src.Kind {
	case access.SourceLinked:
		recs, err = s.Store.ListAllLinked(ctx, m, p.OrgID, src.Target, src.LinkField, lq, max)
	case access.SourceModule:
		recs, err = s.Store.ListAllRecords(ctx, m, p.OrgID, lq, max)
	}
	if errors.Is(err, store.ErrTooMany) {
		return recordList{}, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the list is too long to sort by this field",
			Fields: []httpapi.FieldError{{Field: "sort", Message: fmt.Sprintf(
				"sorts by %s only up to %d records: add filters to narrow the list, or sort by %s",
				lq.Sort, max, strings.Join(indexedSorts(src, m), " or "))}}}
	}
	if err != nil {
		return recordList{}, err
	}
	field, _ := m.Field(lq.Sort)
	col := crm.Collator(lang)
	items := make([]sortedRecord, 0, len(recs))
	for _, rec := range recs {
		if !access.InScope(t, self, rec.ID, rec.Fields) || !t.AllowsLayout(rec.LayoutID) {
			continue
		}
		j := s.toJSON(p, t, m, rec, lang)
		key, has := crm.OrderKey(field, j.Fields[lq.Sort], col)
		items = append(items, sortedRecord{json: j, key: key, has: has})
	}
	slices.SortFunc(items, func(a, b sortedRecord) int {
		return compareSorted(a.key, a.has, a.json.ID, b.key, b.has, b.json.ID, lq.Desc)
	})
	start := 0
	if after != nil {
		start = sort.Search(len(items), func(i int) bool {
			return compareSorted(items[i].key, items[i].has, items[i].json.ID, after.Key, after.Has, after.ID, lq.Desc) > 0
		})
	}
	end := min(start+lq.Limit, len(items))
	window := items[start:end]
	cursorAfter := func(i int) string {
		r := window[i]
		return sortCursor{Sort: sortParam, Key: r.key, Has: r.has, ID: r.json.ID}.encode()
	}
	next := ""
	if end < len(items) && len(window) > 0 {
		next = cursorAfter(len(window) - 1)
	}
	out := recordList{}
	out.Items, out.NextCursor, err = httpapi.FillPage(0, window, next, cursorAfter,
		func(r sortedRecord) (RecordJSON, bool) { return r.json, true })
	return out, err
}

// indexedSorts are the sorts src's list reads from an index.
func indexedSorts(src access.ListSource, m crm.Module) []string {
	if src.Kind == access.SourceModule && m.NameField != "" {
		return []string{crm.ModifiedTime, m.NameField}
	}
	return []string{crm.ModifiedTime}
}

// sortMax is the bound of listSorted: s.SortScopeMax, or SortScopeMax when it is not set.
func (s *Service) sortMax() int {
	if s.SortScopeMax > 0 {
		return s.SortScopeMax
	}
	return SortScopeMax
}
