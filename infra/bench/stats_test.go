package bench

import (
	"testing"
	"time"
)

func ms(vs ...int) []time.Duration {
	ds := make([]time.Duration, len(vs))
	for i, v := range vs {
		ds[i] = time.Duration(v) * time.Millisecond
	}
	return ds
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []time.Duration
		want time.Duration
	}{
		{"empty", nil, 0},
		{"one", ms(7), 7 * time.Millisecond},
		{"odd count, unsorted", ms(9, 1, 5), 5 * time.Millisecond},
		{"even count is the mean of the middle two", ms(4, 1, 3, 2), 2500 * time.Microsecond},
		{"repeated values", ms(2, 2, 2, 9), 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Median(tt.xs); got != tt.want {
				t.Errorf("Median(%v) = %v, want %v", tt.xs, got, tt.want)
			}
		})
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	twenty := ms(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
	tests := []struct {
		name string
		xs   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 95, 0},
		{"one value", ms(3), 95, 3 * time.Millisecond},
		{"p95 of 20 is the 19th", twenty, 95, 19 * time.Millisecond},
		{"p50 of 20 is the 10th", twenty, 50, 10 * time.Millisecond},
		{"p100 is the maximum", twenty, 100, 20 * time.Millisecond},
		{"p0 is the minimum", twenty, 0, 1 * time.Millisecond},
		{"p above 100 is clamped", twenty, 150, 20 * time.Millisecond},
		{"p95 of 10 is the 10th", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 95, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.xs, tt.p); got != tt.want {
				t.Errorf("Percentile(p%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestMedianAndPercentileLeaveTheInputAlone(t *testing.T) {
	xs := ms(3, 1, 2)
	Median(xs)
	Percentile(xs, 95)
	if got, want := xs, ms(3, 1, 2); got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("input after Median and Percentile = %v, want %v", got, want)
	}
}

func TestSummarize(t *testing.T) {
	got := Summarize(ms(5, 1, 4, 2, 3))
	want := Summary{N: 5, Median: 3 * time.Millisecond, P95: 5 * time.Millisecond}
	if got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"ratio", Times(Ratio(3, 2)), "1.50×"},
		{"ratio without a baseline", Times(Ratio(3, 0)), "0.00×"},
		{"milliseconds", Ms(1250 * time.Microsecond), "1.25 ms"},
		{"mebibytes", MiB(3 << 19), "1.50 MiB"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
