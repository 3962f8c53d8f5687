package crm

import (
	"math"
	"sort"
	"testing"
)

func TestOrderKeyOrders(t *testing.T) {
	col := Collator("pt-BR")
	tests := []struct {
		name   string
		field  Field
		values []any // in the order the keys must give
	}{
		{"numbers, negative ones included", Field{Type: TypeNumber}, []any{math.Inf(-1), -1e300, -1000.5, -2.0, -1.5, -0.001, 0.0, 1e-9, 0.5, 2.0, 10.0, 1e300}},
		{"currency strings compare as numbers", Field{Type: TypeCurrency}, []any{"-5.00", "9.99", "10.00", "100.00", "1000.00"}},
		{"percents", Field{Type: TypePercent}, []any{0.0, 12.5, 99.0, 100.0}},
		{"dates", Field{Type: TypeDate}, []any{"1999-12-31", "2026-01-02", "2026-11-28"}},
		{"datetimes chronologically, whatever their fraction", Field{Type: TypeDatetime}, []any{"2026-11-28T12:00:00Z", "2026-11-28T12:00:00.5Z", "2026-11-28T12:00:00.51Z", "2026-11-28T11:00:01-02:00"}},
		{"booleans", Field{Type: TypeBoolean}, []any{false, true}},
		{"text ignores case and accents", Field{Type: TypeText}, []any{"abacaxi", "Álvaro", "Banana", "banana split", "Éden", "zebra"}},
		{"lookups by name", Field{Type: TypeLookup}, []any{map[string]any{"id": "2", "name": "Ana"}, map[string]any{"id": "1", "name": "bruno"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := make([]string, len(tt.values))
			for i, v := range tt.values {
				k, ok := OrderKey(tt.field, v, col)
				if !ok {
					t.Fatalf("OrderKey(%v) has no order", v)
				}
				keys[i] = k
			}
			for i := 1; i < len(keys); i++ {
				if keys[i-1] > keys[i] {
					t.Errorf("key of %v sorts after key of %v: got %q > %q", tt.values[i-1], tt.values[i], keys[i-1], keys[i])
				}
			}
		})
	}
}

func TestOrderKeyEqualText(t *testing.T) {
	col := Collator("en")
	for _, pair := range [][2]string{{"Sao Paulo", "São Paulo"}, {"ACME", "acme"}} {
		t.Run(pair[0], func(t *testing.T) {
			a, _ := OrderKey(Field{Type: TypeText}, pair[0], col)
			b, _ := OrderKey(Field{Type: TypeText}, pair[1], col)
			if a != b {
				t.Errorf("got %q and %q, want equal keys", a, b)
			}
		})
	}
}

func TestOrderKeyNoOrder(t *testing.T) {
	tests := []struct {
		name  string
		field Field
		value any
	}{
		{"absent", Field{Type: TypeText}, nil},
		{"blank text", Field{Type: TypeText}, "  "},
		{"not a number", Field{Type: TypeCurrency}, "lots"},
		{"NaN", Field{Type: TypeNumber}, math.NaN()},
		{"bad date", Field{Type: TypeDate}, "28/11/2026"},
		{"bad datetime", Field{Type: TypeDatetime}, "yesterday"},
		{"boolean as text", Field{Type: TypeBoolean}, "true"},
		{"lookup without a name", Field{Type: TypeLookup}, map[string]any{"id": "1"}},
		{"multipicklist", Field{Type: TypeMultipicklist}, []any{"a"}},
		{"line items", Field{Type: TypeLineItems}, []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := OrderKey(tt.field, tt.value, Collator("en")); ok {
				t.Errorf("OrderKey = %q, true; want no order", got)
			}
		})
	}
}

func TestOrderedFloatIsLexicographic(t *testing.T) {
	nums := []float64{3, -3, 0, math.Copysign(0, -1), 1e-300, -1e-300, 42.42, -42.42, math.MaxFloat64, -math.MaxFloat64}
	byKey := append([]float64(nil), nums...)
	sort.Slice(byKey, func(i, j int) bool { return OrderedFloat(byKey[i]) < OrderedFloat(byKey[j]) })
	byValue := append([]float64(nil), nums...)
	sort.Float64s(byValue)
	for i := range byKey {
		if byKey[i] != byValue[i] {
			t.Fatalf("got %v by key, want %v", byKey, byValue)
		}
	}
	if got, want := OrderedFloat(math.Copysign(0, -1)), OrderedFloat(0); got != want {
		t.Errorf("OrderedFloat(-0) = %s, want %s", got, want)
	}
}

func TestSortError(t *testing.T) {
	tests := []struct {
		name, field string
		sortable    []string
		want        string
	}{
		{"a field", "Secret", []string{"Modified_Time", "Subject"}, "Secret cannot be sorted: sortable fields are Modified_Time, Subject (prefix - for descending)"},
		{"nothing", "", []string{"Modified_Time"}, `"" cannot be sorted: sortable fields are Modified_Time (prefix - for descending)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SortError(tt.field, tt.sortable)
			if got.Field != "sort" || got.Message != tt.want {
				t.Errorf("got %+v, want sort: %q", got, tt.want)
			}
		})
	}
}
