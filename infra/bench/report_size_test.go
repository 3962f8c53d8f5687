package bench

import (
	"strings"
	"testing"
)

func TestSizeMedianAndMax(t *testing.T) {
	tests := []struct {
		name    string
		sizes   []BinarySize
		median  int64
		maxName string
	}{
		{"none", nil, 0, ""},
		{"odd", []BinarySize{{"a", 3}, {"b", 9}, {"c", 1}}, 3, "b"},
		{"even takes the lower middle", []BinarySize{{"a", 4}, {"b", 1}, {"c", 8}, {"d", 2}}, 2, "c"},
		{"ties keep the first", []BinarySize{{"a", 5}, {"b", 5}}, 5, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SizeMedian(tt.sizes); got != tt.median {
				t.Errorf("SizeMedian = %d, want %d", got, tt.median)
			}
			m, ok := SizeMax(tt.sizes)
			if got := m.Name; ok != (tt.maxName != "") || got != tt.maxName {
				t.Errorf("SizeMax = %q (%v), want %q", got, ok, tt.maxName)
			}
		})
	}
}

func TestSizeVerdict(t *testing.T) {
	tests := []struct {
		name          string
		bytes, target int64
		want          string
	}{
		{"under", 8 << 20, 9 << 20, "met"},
		{"equal", 9 << 20, 9 << 20, "met"},
		{"over but shown equal", 9<<20 + 1000, 9 << 20, "met"},
		{"over", 9<<20 + 20000, 9 << 20, "not met"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sizeVerdict(tt.bytes, tt.target); got != tt.want {
				t.Errorf("sizeVerdict(%d, %d) = %q, want %q", tt.bytes, tt.target, got, tt.want)
			}
		})
	}
}

func TestSizeTablesStateTheTargets(t *testing.T) {
	r := Report{SizeGOOS: "linux", SizeGOARCH: "arm64", HelloSize: 4 << 20,
		Sizes: []BinarySize{{"functions/a", 8 << 20}, {"functions/b", 10 << 20}, {"functions/c", 13 << 20}}}
	var b strings.Builder
	r.sizeTables(&b)
	for _, want := range []string{
		"| Median of the 3 functions | **10.00 MiB** | 2.50× | ≤ 9.00 MiB | not met |",
		"| Largest: `functions/c` | **13.00 MiB** | 3.25× | ≤ 12.00 MiB | not met |",
		"| `functions/a` | 8.00 MiB | 2.00× |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("size section lacks %q:\n%s", want, b.String())
		}
	}
}
