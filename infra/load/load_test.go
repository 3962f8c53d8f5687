package load

import (
	"context"
	"strings"
	"testing"
	"time"

	"crmportal/infra/stack/stacktest"
)

// TestRun is the bounded load run of `make test`: 5 portal users for 5 s against an in-memory
// local stack, with no error allowed.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	env, err := Start(ctx, Options{Users: 5, Invoices: 30})
	if err != nil {
		stacktest.SkipUnavailable(t, err)
	}
	defer env.Close()
	r := Run(ctx, env.Client, env.Base, env.Users, env.Filterable, 5*time.Second)
	if d := env.IAM.Denials(); len(d) > 0 {
		t.Errorf("the IAM guard denied %d call(s); first: %s", len(d), d[0])
	}
	if r.Errors > 0 {
		t.Fatalf("%d errors in %d requests; first: %s", r.Errors, r.Requests(), strings.Join(r.Samples, "\n"))
	}
	if !r.Filtered {
		t.Errorf("the tab's filterable fields %v leave out %s", env.Filterable, FilterField)
	}
	for _, k := range Kinds {
		if len(r.Latencies[k]) == 0 {
			t.Errorf("no %s request", k)
		}
	}
	if r.Duration < 5*time.Second || r.Duration > 15*time.Second {
		t.Errorf("the run took %s, want 5 s and the requests in flight", r.Duration)
	}
	md := r.Markdown(30, &Baseline{Median: 6 * time.Millisecond, Ratio: 1.25})
	for _, want := range []string{"| **All** |", "5 portal users at once", "0 errors", "80 % of it is storage"} {
		if !strings.Contains(md, want) {
			t.Errorf("the section lacks %q:\n%s", want, md)
		}
	}
	t.Logf("%d requests, %.0f/s\n%s", r.Requests(), r.RPS(), md)
}

func TestSplice(t *testing.T) {
	first := Splice("# Benchmarks\n\nText.\n", "## Load\n\nOld.\n")
	if want := "# Benchmarks\n\nText.\n\n" + BeginMarker + "\n## Load\n\nOld.\n" + EndMarker + "\n"; first != want {
		t.Fatalf("first splice:\n%q\nwant\n%q", first, want)
	}
	doc := first + "\n## After\n"
	got := Splice(doc, "## Load\n\nNew.")
	if want := "# Benchmarks\n\nText.\n\n" + BeginMarker + "\n## Load\n\nNew.\n" + EndMarker + "\n\n## After\n"; got != want {
		t.Fatalf("second splice:\n%q\nwant\n%q", got, want)
	}
	if again := Splice(got, "## Load\n\nNew."); again != got {
		t.Errorf("splicing the same section again changed the report:\n%q", again)
	}
}

func TestParseBaseline(t *testing.T) {
	doc := "## Record list: route against bare calls\n\n| Route: x | 300 | 1.00 ms | 2 ms |\n\n" +
		"## Portal list: route against bare calls\n\n| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n" +
		"| Route: `GET /api/records/Invoices?limit=25` as a portal user, through the local gateway | 300 | 6.36 ms | 15.83 ms |\n" +
		"| Bare: GetItem, Query | 300 | 5.02 ms | 15.43 ms |\n| **Ratio route / bare** | | **1.27×** | 1.03× |\n\n## Next\n"
	b, ok := ParseBaseline(doc)
	if !ok || b.Median != 6360*time.Microsecond || b.Ratio != 1.27 {
		t.Fatalf("ParseBaseline = %+v, %v; want 6.36 ms, 1.27", b, ok)
	}
	if _, ok := ParseBaseline("## Portal list by size\n"); ok {
		t.Error("ParseBaseline found a baseline in a report without the section")
	}
}
