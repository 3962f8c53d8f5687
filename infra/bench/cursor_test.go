package bench

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
)

// fakeList is a list of n records whose cursors are the positions, "" at the start.
type fakeList struct {
	n      int
	limits []int
}

func (l *fakeList) page(_ context.Context, cursor string, limit int) (int, string, error) {
	l.limits = append(l.limits, limit)
	at := 0
	if cursor != "" {
		var err error
		if at, err = strconv.Atoi(cursor); err != nil {
			return 0, "", err
		}
	}
	end := min(at+limit, l.n)
	next := ""
	if end < l.n {
		next = strconv.Itoa(end)
	}
	return end - at, next, nil
}

func TestCursorAfter(t *testing.T) {
	tests := []struct {
		name               string
		n, depth, pageSize int
		want               string
		wantLimits         []int
		wantErr            bool
	}{
		{"the first page has no cursor", 1000, 0, 100, "", nil, false},
		{"whole pages", 1000, 900, 100, "900", []int{100, 100, 100, 100, 100, 100, 100, 100, 100}, false},
		{"a short last step", 1000, 250, 100, "250", []int{100, 100, 50}, false},
		{"page size below one counts as one", 10, 3, 0, "3", []int{1, 1, 1}, false},
		{"the list ends first", 150, 200, 100, "", []int{100, 100}, true},
		{"the list ends exactly at the depth", 100, 100, 100, "", []int{100}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &fakeList{n: tt.n}
			got, err := CursorAfter(t.Context(), tt.depth, tt.pageSize, l.page)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CursorAfter error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("cursor = %q, want %q", got, tt.want)
			}
			if !slices.Equal(l.limits, tt.wantLimits) {
				t.Errorf("page limits = %v, want %v", l.limits, tt.wantLimits)
			}
		})
	}
}

func TestCursorAfterPassesErrorsOn(t *testing.T) {
	boom := errors.New("boom")
	_, err := CursorAfter(t.Context(), 10, 5, func(context.Context, string, int) (int, string, error) { return 0, "", boom })
	if !errors.Is(err, boom) {
		t.Errorf("CursorAfter = %v, want %v", err, boom)
	}
}

func TestDeepOffset(t *testing.T) {
	tests := []struct{ total, page, want int }{
		{1000, 25, 900},
		{100000, 25, 90000},
		{20000, 25, 18000},
		{1010, 25, 900}, // 909 rounded down to whole pages
		{10, 25, 0},
		{10, 0, 9},
	}
	for _, tt := range tests {
		if got := DeepOffset(tt.total, tt.page); got != tt.want {
			t.Errorf("DeepOffset(%d, %d) = %d, want %d", tt.total, tt.page, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {20000, "20,000"}, {100000, "100,000"},
		{1234567, "1,234,567"}, {-1500, "-1,500"},
	}
	for _, tt := range tests {
		if got := Count(tt.n); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
