package load

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"crmportal/infra/bench"
)

// The markers around the load section in docs/benchmarks.md.
const (
	BeginMarker = "<!-- load: begin -->"
	EndMarker   = "<!-- load: end -->"
)

// kindPaths are the request kinds as the report names them.
var kindPaths = map[string]string{
	KindList:     "List: `GET /api/records/Invoices?limit=25`",
	KindView:     "Open: `GET /api/records/Invoices/{id}` of a random item of the page",
	KindFiltered: "Filtered list: `GET /api/records/Invoices?filter.Status=…&limit=25`",
}

// Baseline is the portal list route measured one request at a time, read from the report's
// "Portal list: route against bare calls" section.
type Baseline struct {
	Median time.Duration
	Ratio  float64 // route / bare at the median
}

var (
	routeRow = regexp.MustCompile("(?m)^\\| Route: `GET /api/records/Invoices\\?limit=25` as a portal user[^|]*\\| *[0-9]+ *\\| *([0-9.]+) ms *\\|")
	ratioRow = regexp.MustCompile(`(?m)^\| \*\*Ratio route / bare\*\* \| *\| *\*\*([0-9.]+)×\*\*`)
)

// ParseBaseline finds the portal list route's median and route/bare ratio in doc (the
// report), in its section "Portal list: route against bare calls".
func ParseBaseline(doc string) (Baseline, bool) {
	const heading = "## Portal list: route against bare calls\n"
	i := strings.Index(doc, heading)
	if i < 0 {
		return Baseline{}, false
	}
	sec := doc[i+len(heading):]
	if j := strings.Index(sec, "\n## "); j >= 0 {
		sec = sec[:j]
	}
	m, r := routeRow.FindStringSubmatch(sec), ratioRow.FindStringSubmatch(sec)
	if m == nil || r == nil {
		return Baseline{}, false
	}
	ms, err1 := strconv.ParseFloat(m[1], 64)
	ratio, err2 := strconv.ParseFloat(r[1], 64)
	if err1 != nil || err2 != nil || ms <= 0 || ratio <= 0 {
		return Baseline{}, false
	}
	return Baseline{Median: time.Duration(ms * float64(time.Millisecond)), Ratio: ratio}, true
}

// Markdown is the load section of the report (without the markers); base, when not nil, adds
// the sentence that relates the list's median under load to the one-at-a-time measurement.
func (r Result) Markdown(invoices int, base *Baseline) string {
	var b strings.Builder
	b.WriteString("## Load: portal users listing and opening records\n\n")
	fmt.Fprintf(&b, "%s, %d CPUs, %s %s/%s.\n\n", time.Now().UTC().Format(time.DateOnly), runtime.NumCPU(),
		runtime.Version(), runtime.GOOS, runtime.GOARCH)
	b.WriteString("| Requests | Count | p50 | p95 | p99 |\n| --- | ---: | ---: | ---: | ---: |\n")
	row := func(name string, ds []time.Duration) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", name, bench.Count(len(ds)),
			bench.Ms(bench.Percentile(ds, 50)), bench.Ms(bench.Percentile(ds, 95)), bench.Ms(bench.Percentile(ds, 99)))
	}
	for _, k := range Kinds {
		if ds := r.Latencies[k]; len(ds) > 0 {
			row(kindPaths[k], ds)
		}
	}
	row("**All**", r.All())
	fmt.Fprintf(&b, "\n%d portal users at once, one goroutine each, for %s: %s requests, %.0f requests/s, %s.",
		r.Users, bench.Seconds(r.Duration), bench.Count(r.Requests()), r.RPS(), plural(r.Errors, "error"))
	if base != nil {
		list := bench.Percentile(r.Latencies[KindList], 50)
		fmt.Fprintf(&b, " One request at a time, the same list route's median is %s, %s its bare DynamoDB calls"+
			" (*Portal list: route against bare calls*), so about %.0f %% of it is storage; with %d users at once its p50 is %s,"+
			" %s that median, as the local stack's one DynamoDB emulator and this machine's %d CPUs serve every user and the gateway.",
			bench.Ms(base.Median), times(base.Ratio), 100/base.Ratio, r.Users, bench.Ms(list),
			times(bench.Ratio(float64(list), float64(base.Median))), runtime.NumCPU())
	}
	fmt.Fprintf(&b, "\n\nEach user is a Contact with %d invoices of its own, invited as a free user type whose one tab is"+
		" Invoices (own scope through `Contact_Name`, Status filterable), logged in once; its virtual user sends the"+
		" portal session as a raw Cookie header. A loop lists the first page, opens a random invoice of it and, one loop"+
		" in %d, lists the invoices of a random Status. Latency is from sending the request to the end of the body;"+
		" an error is a transport error or any status other than 200. `make load` runs `go run ./infra/cmd/load"+
		" -users 20 -duration 60s -doc docs/benchmarks.md`, which replaces this section.\n", invoices, filterEvery)
	return b.String()
}

func times(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) + "×" }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return bench.Count(n) + " " + word + "s"
}

// Splice puts section between the load markers of doc, replacing what was there, or appends
// the markers and the section at the end of doc when it has none.
func Splice(doc, section string) string {
	block := BeginMarker + "\n" + strings.TrimRight(section, "\n") + "\n" + EndMarker + "\n"
	i := strings.Index(doc, BeginMarker)
	j := strings.Index(doc, EndMarker)
	if i >= 0 && j > i {
		rest := strings.TrimPrefix(doc[j+len(EndMarker):], "\n")
		return doc[:i] + block + rest
	}
	if doc != "" && !strings.HasSuffix(doc, "\n") {
		doc += "\n"
	}
	if doc != "" {
		doc += "\n"
	}
	return doc + block
}
