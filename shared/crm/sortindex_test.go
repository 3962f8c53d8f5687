package crm

import (
	"slices"
	"sort"
	"testing"
)

func TestSortIndexKeyOrders(t *testing.T) {
	tests := []struct {
		name   string
		field  Field
		values []any // in their order
	}{
		{"currency", Field{Type: TypeCurrency}, []any{"-20.00", "9.99", "100.00", "250.50", "1000.00"}},
		{"number", Field{Type: TypeNumber}, []any{-3.5, 0.0, 2.0, 10.0}},
		{"date", Field{Type: TypeDate}, []any{"2025-12-31", "2026-01-02", "2026-10-01"}},
		{"text folded", Field{Type: TypeText}, []any{"Ábaco", "Água", "banana", "Caju", "Caqui", "zinco"}},
		{"text prefix first", Field{Type: TypeText}, []any{"a", "a b", "ab"}},
		{"boolean", Field{Type: TypeBoolean}, []any{false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keys []string
			for i, v := range tt.values {
				// Ids against the values' order, so only the value can order them.
				keys = append(keys, SortIndexKey(tt.field, v, string(rune('z'-i))))
			}
			got := slices.Clone(keys)
			sort.Strings(got)
			if !slices.Equal(got, keys) {
				t.Errorf("got order %v, want %v", got, keys)
			}
		})
	}
}

func TestSortIndexKeyEmptyAndLong(t *testing.T) {
	f := Field{Type: TypeText}
	for _, v := range []any{nil, "", "  "} {
		if got, want := SortIndexKey(f, v, "r1"), SortEmptyPrefix+"r1"; got != want {
			t.Errorf("SortIndexKey(%q) = %q, want %q", v, got, want)
		}
	}
	long := string(slices.Repeat([]rune("ç"), 400))
	if got := SortIndexKey(f, long, "r1"); len(got) > 2+4*OrderTextRunes+3 {
		t.Errorf("a 400-character text keys in %d bytes, want at most %d", len(got), 2+4*OrderTextRunes+3)
	}
}

func TestValidateSortable(t *testing.T) {
	m, _ := StandardModule("Invoices")
	tests := []struct {
		name   string
		fields []string
		want   []FieldError
	}{
		{"three", []string{"Grand_Total", "Status", "Due_Date"}, nil},
		{"none", nil, nil},
		{"four", []string{"Grand_Total", "Status", "Due_Date", "Invoice_Date"},
			[]FieldError{{"sortable", "must list at most 3 fields"}}},
		{"name field", []string{"Subject"}, []FieldError{{"sortable[0]", "is always sortable; mark only other fields"}}},
		{"modified time", []string{ModifiedTime}, []FieldError{{"sortable[0]", "is always sortable; mark only other fields"}}},
		{"unknown", []string{"Nope"}, []FieldError{{"sortable[0]", "is not a field of Invoices"}}},
		{"no order", []string{"Description"}, []FieldError{{"sortable[0]", "is a textarea field, which has no order"}}},
		{"twice", []string{"Status", "Status"}, []FieldError{{"sortable[1]", "is listed twice"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidateSortable(m, tt.fields); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextSortIndexes(t *testing.T) {
	cur := []SortIndex{{Field: "A", State: SortReady}, {Field: "B", State: SortIndexing, Cursor: "c"}}
	next, removed := NextSortIndexes(cur, []string{"B", "C"})
	want := []SortIndex{{Field: "B", State: SortIndexing, Cursor: "c"}, {Field: "C", State: SortIndexing}}
	if !slices.Equal(next, want) {
		t.Errorf("next: got %v, want %v", next, want)
	}
	if !slices.Equal(removed, []string{"A"}) {
		t.Errorf("removed: got %v, want [A]", removed)
	}
}

func TestMergeHidesFillCursor(t *testing.T) {
	base, _ := StandardModule("Invoices")
	m, err := Merge(base, Customization{Sortable: []SortIndex{{Field: "Grand_Total", State: SortIndexing, Cursor: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Sortable, []SortIndex{{Field: "Grand_Total", State: SortIndexing}}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
