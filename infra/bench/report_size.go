package bench

import (
	"fmt"
	"slices"
	"strings"
)

// Targets of the function binaries' sizes (uncompressed, for the deployed architecture).
const (
	SizeMedianTarget int64 = 9 << 20
	SizeMaxTarget    int64 = 12 << 20
)

// SizeMedian is the median of sizes' bytes (the lower middle one of an even count, so it is
// one function's size), and 0 without sizes.
func SizeMedian(sizes []BinarySize) int64 {
	if len(sizes) == 0 {
		return 0
	}
	b := make([]int64, len(sizes))
	for i, s := range sizes {
		b[i] = s.Bytes
	}
	slices.Sort(b)
	return b[(len(b)-1)/2]
}

// SizeMax is the largest of sizes (the first by name of equal ones), and false without sizes.
func SizeMax(sizes []BinarySize) (BinarySize, bool) {
	if len(sizes) == 0 {
		return BinarySize{}, false
	}
	m := sizes[0]
	for _, s := range sizes[1:] {
		if s.Bytes > m.Bytes {
			m = s
		}
	}
	return m, true
}

// sizeVerdict is the verdict of a size against its target, judged on the figure as shown (two
// decimals of a MiB), so a row never reads 9.00 MiB and "not met".
func sizeVerdict(bytes, target int64) string {
	if MiB(bytes) == MiB(target) || bytes <= target {
		return "met"
	}
	return "not met"
}

// sizeTables writes the binary size section: the median and the largest against their
// targets, then every function's size against hello world's.
func (r Report) sizeTables(b *strings.Builder) {
	fmt.Fprintf(b, "## Binary size (%s/%s)\n\n", r.SizeGOOS, r.SizeGOARCH)
	b.WriteString("| Figure | Size | Ratio to hello world | Target | |\n| --- | ---: | ---: | ---: | --- |\n")
	med := SizeMedian(r.Sizes)
	fmt.Fprintf(b, "| Median of the %d functions | **%s** | %s | ≤ %s | %s |\n", len(r.Sizes), MiB(med),
		Times(Ratio(float64(med), float64(r.HelloSize))), MiB(SizeMedianTarget), sizeVerdict(med, SizeMedianTarget))
	if m, ok := SizeMax(r.Sizes); ok {
		fmt.Fprintf(b, "| Largest: `%s` | **%s** | %s | ≤ %s | %s |\n", m.Name, MiB(m.Bytes),
			Times(Ratio(float64(m.Bytes), float64(r.HelloSize))), MiB(SizeMaxTarget), sizeVerdict(m.Bytes, SizeMaxTarget))
	}
	b.WriteString("\n| Binary | Size | Ratio to hello world |\n| --- | ---: | ---: |\n")
	for _, s := range r.Sizes {
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", s.Name, MiB(s.Bytes), Times(Ratio(float64(s.Bytes), float64(r.HelloSize))))
	}
	fmt.Fprintf(b, "| hello world (aws-lambda-go) | %s | %s |\n", MiB(r.HelloSize), Times(Ratio(float64(r.HelloSize), float64(r.HelloSize))))
	b.WriteString("\nA function links the SDK clients its routes make (DynamoDB nearly always; S3 and SES only where\n")
	b.WriteString("a route calls them). No function links Go's text/template or html/template: their executor\n")
	b.WriteString("looks methods up by a name known only at run time, which makes the linker keep every exported\n")
	b.WriteString("method of the program, every operation of its SDK clients included; the emails run on\n")
	b.WriteString("shared/mail's own executor, and shared/mail's TestFunctionsLinkNoGoTemplates keeps it so.\n")
}
