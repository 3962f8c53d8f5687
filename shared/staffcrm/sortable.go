package staffcrm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/store"
)

// sortStore is what the sortable fields of the staff list read and write.
type sortStore interface {
	ListSortedPage(ctx context.Context, m crm.Module, org, field string, desc bool, limit int, cursor string) (store.Page[store.Record], error)
	FillSortIndex(ctx context.Context, m crm.Module, org, field, cursor string, more func() bool) (string, error)
	ClearSortIndex(ctx context.Context, org, module, field string) error
}

// fillMargin is the time a settings request keeps for itself after the last fill page (the
// customization's last write and the answer); fillPagesNoDeadline bounds the pages of a fill
// run without a deadline.
const (
	fillMargin          = 4 * time.Second
	fillPagesNoDeadline = 50
)

// markSortable sets c's sortable marks to fields (nil: as they are), after checking them
// against m, the module with c applied: 400 naming "sortable" past the bound or for a field
// that cannot be sorted. It returns the fields unmarked, whose index items must go.
func markSortable(m crm.Module, c *crm.Customization, fields *[]string) ([]string, error) {
	want := make([]string, 0, len(c.Sortable))
	for _, s := range c.Sortable {
		want = append(want, s.Field)
	}
	if fields != nil {
		want = *fields
	}
	if errs := crm.ValidateSortable(m, want); len(errs) > 0 {
		e := modules.FieldErrors(errs).(*httpapi.Error)
		e.Kind, e.Detail = httpapi.Invalid, fmt.Sprintf("a module has at most %d sortable fields, each of a type with an order", crm.MaxSortIndexes)
		return nil, e
	}
	var removed []string
	c.Sortable, removed = crm.NextSortIndexes(c.Sortable, want)
	return removed, nil
}

// indexSortable does the work marking leaves after c, the customization of base, is stored
// at version: deletes the index items of the fields unmarked, then writes the keys of the
// existing records for each field still indexing, as far as the request's time allows, and
// stores where each fill got to (ready when it ended). It returns the module and version as
// they are after it. A fill stopped short resumes when the same sortable list is sent again;
// so does one whose progress another change of the module overtook (ErrVersion: the module
// is answered as this request stored it).
func (s *Service) indexSortable(ctx context.Context, org string, base crm.Module, c crm.Customization, removed []string, version int) (crm.Module, int, error) {
	m, err := crm.Merge(base, c)
	if err != nil {
		return crm.Module{}, 0, err
	}
	for _, f := range removed {
		if err := s.Sort.ClearSortIndex(ctx, org, base.APIName, f); err != nil {
			return crm.Module{}, 0, err
		}
	}
	pages := 0
	more := func() bool {
		pages++
		if dl, ok := ctx.Deadline(); ok {
			return time.Until(dl) > fillMargin
		}
		return pages < fillPagesNoDeadline
	}
	changed := false
	for i, ix := range c.Sortable {
		if ix.State != crm.SortIndexing {
			continue
		}
		next, err := s.Sort.FillSortIndex(ctx, m, org, ix.Field, ix.Cursor, more)
		if err != nil {
			return crm.Module{}, 0, err
		}
		c.Sortable[i].Cursor = next
		if next == "" {
			c.Sortable[i].State = crm.SortReady
		}
		changed = true
		if next != "" {
			break
		}
	}
	if !changed {
		return m, version, nil
	}
	nv, err := s.Store.PutCustomization(ctx, org, base.APIName, c, version)
	if errors.Is(err, store.ErrVersion) {
		return m, version, nil
	}
	if err != nil {
		return crm.Module{}, 0, err
	}
	done, err := crm.Merge(base, c)
	return done, nv, err
}

// sortedList answers the staff list sorted by a field an admin marked sortable (q.Sort, one
// of m.Sortable): 409 while its index is being built, 400 with filters (the index holds
// only the order, so a filtered page would not be one Query), else one page of the index.
func (s *Service) sortedList(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (*httpapi.Reply, error) {
	ix, _ := m.SortField(q.Sort)
	if ix.State != crm.SortReady {
		return nil, &httpapi.Error{Kind: httpapi.Conflict,
			Detail: fmt.Sprintf("%s is still being indexed for sorting; sort by it once the module shows it ready", q.Sort),
			Fields: []httpapi.FieldError{{Field: "sort", Message: q.Sort + " is being indexed"}}}
	}
	if len(q.Filters) > 0 {
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the list query is not valid",
			Fields: []httpapi.FieldError{{Field: "sort", Message: q.Sort + " cannot be combined with filters: sort by Modified_Time or " + m.NameField + " to filter"}}}
	}
	page, err := s.Sort.ListSortedPage(ctx, m, org, q.Sort, q.Desc, q.Limit, q.Cursor)
	if err != nil {
		return nil, storeErr(err, m.APIName)
	}
	var out recordList
	out.Items, out.NextCursor, err = httpapi.FillPage(0, page.Items, page.Next, page.CursorAfter,
		func(rec store.Record) (RecordJSON, bool) { return ToJSON(rec), true })
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// staffSorts are the sorts of m's staff list: the indexed ones every module has, then the
// fields an admin marked sortable.
func staffSorts(m crm.Module) []string {
	out := slices.Clone(m.IndexedSorts())
	for _, s := range m.Sortable {
		out = append(out, s.Field)
	}
	return out
}
