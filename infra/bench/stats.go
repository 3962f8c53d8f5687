// Package bench measures the portal on one machine: the latency of a route through the local
// gateway against the bare AWS calls its handler makes, the cold start of a function process
// against a hello-world aws-lambda-go function, the size of each function's binary, and the
// record list route against the DynamoDB calls its handler makes (recorded by CallLog and
// replayed) and in modules of different sizes (loaded with LoadRecords).
// infra/cmd/bench runs the measurements and writes docs/benchmarks.md.
package bench

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Median is the middle value of xs, or the mean of the two middle values when len(xs) is
// even; 0 when xs is empty. xs is not modified.
func Median(xs []time.Duration) time.Duration {
	n := len(xs)
	if n == 0 {
		return 0
	}
	s := sorted(xs)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Percentile is the p-th percentile of xs by nearest rank: the smallest value such that at
// least p percent of xs are less than or equal to it. p is clamped to [0, 100]; p = 0 gives
// the minimum. It is 0 when xs is empty. xs is not modified.
func Percentile(xs []time.Duration, p float64) time.Duration {
	n := len(xs)
	if n == 0 {
		return 0
	}
	p = math.Max(0, math.Min(100, p))
	rank := int(math.Ceil(p * float64(n) / 100))
	if rank < 1 {
		rank = 1
	}
	return sorted(xs)[rank-1]
}

func sorted(xs []time.Duration) []time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}

// Summary is a series of timings reduced to what the report shows.
type Summary struct {
	N      int
	Median time.Duration
	P95    time.Duration
}

// Summarize reduces xs to its count, median and 95th percentile.
func Summarize(xs []time.Duration) Summary {
	return Summary{N: len(xs), Median: Median(xs), P95: Percentile(xs, 95)}
}

// Ratio is a/b; 0 when b is 0, so a missing baseline shows as 0 rather than infinity.
func Ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Ms formats d in milliseconds with two decimals ("1.25 ms").
func Ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// MiB formats a byte count in mebibytes with two decimals ("9.50 MiB").
func MiB(bytes int64) string {
	return fmt.Sprintf("%.2f MiB", float64(bytes)/(1<<20))
}

// Times formats a ratio with two decimals and a multiplication sign ("1.17×").
func Times(r float64) string {
	return fmt.Sprintf("%.2f×", r)
}
