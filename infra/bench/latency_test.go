package bench

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestInterleaveAlternatesBlocks(t *testing.T) {
	tests := []struct {
		name      string
		n, block  int
		wantOrder string
	}{
		{"blocks of two", 4, 2, "aabbbbaa"},
		{"blocks of one", 3, 1, "abbaab"},
		{"short last block", 5, 2, "aabbbbaaab"},
		{"one block", 3, 5, "aaabbb"},
		{"block below one counts as one", 2, 0, "abba"},
		{"nothing to run", 0, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var order strings.Builder
			var na, nb int
			a := func() (time.Duration, error) { na++; order.WriteByte('a'); return time.Duration(na), nil }
			b := func() (time.Duration, error) { nb++; order.WriteByte('b'); return time.Duration(-nb), nil }
			as, bs, err := Interleave(tt.n, tt.block, a, b)
			if err != nil {
				t.Fatal(err)
			}
			if got := order.String(); got != tt.wantOrder {
				t.Errorf("order = %q, want %q", got, tt.wantOrder)
			}
			var wantA, wantB []time.Duration
			for i := 1; i <= tt.n; i++ {
				wantA, wantB = append(wantA, time.Duration(i)), append(wantB, time.Duration(-i))
			}
			if !slices.Equal(as, wantA) || !slices.Equal(bs, wantB) {
				t.Errorf("series = %v, %v, want %v, %v", as, bs, wantA, wantB)
			}
		})
	}
}

func TestInterleaveStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	a := func() (time.Duration, error) { calls++; return 1, nil }
	b := func() (time.Duration, error) { calls++; return 0, boom }
	as, bs, err := Interleave(10, 3, a, b)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if got, want := calls, 4; got != want {
		t.Errorf("calls = %d, want %d (a block of a, then the failing b)", got, want)
	}
	if got, want := len(as), 3; got != want {
		t.Errorf("len(as) = %d, want %d", got, want)
	}
	if got, want := len(bs), 0; got != want {
		t.Errorf("len(bs) = %d, want %d", got, want)
	}
}
