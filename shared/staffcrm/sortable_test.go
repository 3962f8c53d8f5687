package staffcrm

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// fakeSort is the sort-index store as functions; a call to one left nil fails with
// errNotFaked.
type fakeSort struct {
	fill  func(ctx context.Context, m crm.Module, org, field, cursor string, more func() bool) (string, error)
	clear func(ctx context.Context, org, module, field string) error
}

var _ sortStore = (*fakeSort)(nil)

func (f *fakeSort) ListSortedPage(ctx context.Context, m crm.Module, org, field string, desc bool, limit int, cursor string) (store.Page[store.Record], error) {
	return store.Page[store.Record]{}, errNotFaked
}

func (f *fakeSort) FillSortIndex(ctx context.Context, m crm.Module, org, field, cursor string, more func() bool) (string, error) {
	if f.fill == nil {
		return "", errNotFaked
	}
	return f.fill(ctx, m, org, field, cursor, more)
}

func (f *fakeSort) ClearSortIndex(ctx context.Context, org, module, field string) error {
	if f.clear == nil {
		return errNotFaked
	}
	return f.clear(ctx, org, module, field)
}

// A fill the request's time cuts short stores its cursor and stays indexing; the next
// request resumes from that cursor and, once the records end, stores the field ready.
func TestIndexSortableResumesWhereTheFillStopped(t *testing.T) {
	base, _ := crm.StandardModule("Invoices")
	var (
		fillCursors []string
		stored      []crm.Customization
	)
	pages := map[string]string{"": "page-2", "page-2": "page-3", "page-3": ""} // cursor → next
	sort := &fakeSort{fill: func(ctx context.Context, m crm.Module, org, field, cursor string, more func() bool) (string, error) {
		fillCursors = append(fillCursors, cursor)
		for {
			next := pages[cursor]
			if next == "" || !more() {
				return next, nil
			}
			cursor = next
		}
	}}
	st := &fakeStore{putCustomization: func(ctx context.Context, org, module string, c crm.Customization, version int) (int, error) {
		stored = append(stored, c)
		return version + 1, nil
	}}
	s := &Service{Store: st, Sort: sort}

	// A request whose deadline leaves less than fillMargin after a page: one page, then stop.
	short, cancel := context.WithTimeout(context.Background(), fillMargin/2)
	defer cancel()
	c := crm.Customization{Sortable: []crm.SortIndex{{Field: "Grand_Total", State: crm.SortIndexing}}}
	_, v, err := s.indexSortable(short, "o1", base, c, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v, 2; got != want {
		t.Errorf("version after the first request = %d, want %d", got, want)
	}
	first := stored[len(stored)-1].Sortable[0]
	if got, want := first, (crm.SortIndex{Field: "Grand_Total", State: crm.SortIndexing, Cursor: "page-2"}); got != want {
		t.Fatalf("stored after a short request = %+v, want %+v", got, want)
	}

	// The same list sent again, with time to spare: the fill goes on from page-2 to the end.
	long, cancel2 := context.WithTimeout(context.Background(), time.Hour)
	defer cancel2()
	m, _, err := s.indexSortable(long, "o1", base, stored[len(stored)-1], nil, v)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fillCursors, []string{"", "page-2"}; !slices.Equal(got, want) {
		t.Errorf("fills started at %q, want %q", got, want)
	}
	if got, want := stored[len(stored)-1].Sortable[0], (crm.SortIndex{Field: "Grand_Total", State: crm.SortReady}); got != want {
		t.Errorf("stored after the resumed fill = %+v, want %+v", got, want)
	}
	if ix, ok := m.SortField("Grand_Total"); !ok || ix.State != crm.SortReady {
		t.Errorf("module after the resumed fill: Grand_Total %+v (%v), want ready", ix, ok)
	}
}

// A fill whose progress another change of the module overtook (ErrVersion on the store) is
// not an error: the request answers the module as it stored it, and the next resumes.
func TestIndexSortableOvertakenIsNotAnError(t *testing.T) {
	base, _ := crm.StandardModule("Invoices")
	sort := &fakeSort{fill: func(ctx context.Context, m crm.Module, org, field, cursor string, more func() bool) (string, error) {
		return "", nil
	}}
	st := &fakeStore{putCustomization: func(ctx context.Context, org, module string, c crm.Customization, version int) (int, error) {
		return 0, store.ErrVersion
	}}
	s := &Service{Store: st, Sort: sort}
	c := crm.Customization{Sortable: []crm.SortIndex{{Field: "Grand_Total", State: crm.SortIndexing}}}
	_, v, err := s.indexSortable(context.Background(), "o1", base, c, nil, 7)
	if err != nil {
		t.Fatalf("err = %v, want none", err)
	}
	if v != 7 {
		t.Errorf("version = %d, want 7 (as this request stored it)", v)
	}

	// A store failure is the request's error.
	boom := errors.New("boom")
	st.putCustomization = func(ctx context.Context, org, module string, c crm.Customization, version int) (int, error) {
		return 0, boom
	}
	c = crm.Customization{Sortable: []crm.SortIndex{{Field: "Grand_Total", State: crm.SortIndexing}}}
	if _, _, err := s.indexSortable(context.Background(), "o1", base, c, nil, 7); !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
}
