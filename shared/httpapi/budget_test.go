package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestWireSize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"ascii", "abc 123", 7},
		{"quote and backslash", `"\`, 4},
		{"html characters", "<>&", 18},
		{"short escapes", "\b\f\n\r\t", 10},
		{"other control characters", "\x00\x01\x1f", 18},
		{"multi-byte", "ção😀", 2 + 2 + 1 + 4},
		{"line separators", "\u2028\u2029", 12},
		{"invalid utf-8", "a\xffb", 8},
		{"json of a record", `{"Description":"<b>\"x\"</b>"}`, 58},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WireSize([]byte(tt.in))
			if got != tt.want {
				t.Errorf("WireSize(%q) = %d, want %d", tt.in, got, tt.want)
			}
			// What the Lambda runtime does: the body as a JSON string, HTML-escaped.
			b, _ := json.Marshal(tt.in)
			if want := len(b) - 2; got != want {
				t.Errorf("WireSize(%q) = %d, but json.Marshal takes %d bytes", tt.in, got, want)
			}
		})
	}
}

func TestBudgetTake(t *testing.T) {
	tests := []struct {
		name     string
		max      int
		costs    []int
		want     []bool
		wantUsed int
	}{
		{"within", 10, []int{3, 3, 4}, []bool{true, true, true}, 10},
		{"over", 10, []int{6, 5, 4}, []bool{true, false, true}, 10},
		{"first item always", 10, []int{50, 1}, []bool{true, false}, 50},
		{"nothing", 10, nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Budget{Max: tt.max}
			var got []bool
			for _, c := range tt.costs {
				got = append(got, b.Take(c))
			}
			if strings.Join(boolStrings(got), ",") != strings.Join(boolStrings(tt.want), ",") || b.Used != tt.wantUsed {
				t.Errorf("Take = %v (used %d), want %v (used %d)", got, b.Used, tt.want, tt.wantUsed)
			}
		})
	}
}

func boolStrings(bs []bool) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = strconv.FormatBool(b)
	}
	return out
}

func TestFillPage(t *testing.T) {
	// item(n, c) is a string that costs n bytes made of c: n-5 of them, its quotes (escaped,
	// 2 bytes each) and a comma; "<" costs 6.
	item := func(n int, c string) string { return strings.Repeat(c, n-5) }
	after := func(i int) string { return "after-" + strconv.Itoa(i) }
	keepAll := func(s string) (string, bool) { return s, true }
	skipX := func(s string) (string, bool) { return s, !strings.HasPrefix(s, "x") }
	tests := []struct {
		name       string
		budget     int
		src        []string
		next       string
		conv       func(string) (string, bool)
		wantItems  int
		wantCursor string
	}{
		{"whole page keeps its cursor", 100, []string{item(10, "a"), item(10, "b")}, "next", keepAll, 2, "next"},
		{"whole last page", 100, []string{item(10, "a")}, "", keepAll, 1, ""},
		{"empty page", 100, nil, "next", keepAll, 0, "next"},
		{"exactly the budget", 30, []string{item(10, "a"), item(10, "b"), item(10, "c")}, "", keepAll, 3, ""},
		{"cut after the second item", 25, []string{item(10, "a"), item(10, "b"), item(10, "c")}, "", keepAll, 2, "after-1"},
		{"cut counts escapes", 25, []string{item(10, "a"), item(10, "<"), item(10, "c")}, "next", keepAll, 1, "after-0"},
		{"one item over the budget still answers", 5, []string{item(10, "a"), item(10, "b")}, "next", keepAll, 1, "after-0"},
		{"left-out items cost nothing", 20, []string{item(10, "a"), item(50, "x"), item(10, "b"), item(10, "c")}, "next", skipX, 2, "after-2"},
		{"cut after a left-out item resumes after it", 20, []string{item(10, "a"), item(10, "b"), item(10, "x"), item(10, "c")}, "next", skipX, 2, "after-2"},
		{"zero budget is ResponseBudget", 0, []string{item(10, "a"), item(10, "b")}, "next", keepAll, 2, "next"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cursor, err := FillPage(tt.budget, tt.src, tt.next, after, tt.conv)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantItems || cursor != tt.wantCursor {
				t.Errorf("FillPage = %d items, cursor %q; want %d items, cursor %q", len(got), cursor, tt.wantItems, tt.wantCursor)
			}
		})
	}
}

func TestItemCost(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want int
	}{
		{"string", "ab", 2 + 4 + 1},
		{"html is escaped once, by the runtime", "<", 6 + 4 + 1},
		{"object", map[string]string{"k": `"`}, len(`{\"k\":\"\\\"\"}`) + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ItemCost(tt.v)
			if err != nil || got != tt.want {
				t.Errorf("ItemCost(%v) = %d, %v; want %d", tt.v, got, err, tt.want)
			}
		})
	}
}
