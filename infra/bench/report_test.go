package bench

import (
	"strings"
	"testing"
	"time"
)

func sampleReport() Report {
	return Report{
		Machine: Machine{Date: "2026-01-02", CPUs: 2, GoVersion: "go1.26.0", GOOS: "linux", GOARCH: "amd64"},
		Route:   Summary{N: 300, Median: 3 * time.Millisecond, P95: 6 * time.Millisecond},
		Bare:    Summary{N: 300, Median: 2 * time.Millisecond, P95: 4 * time.Millisecond},
		Warmup:  50, Block: 25,
		ColdHealth:   Summary{N: 30, Median: 12 * time.Millisecond, P95: 15 * time.Millisecond},
		ColdHello:    Summary{N: 30, Median: 4 * time.Millisecond, P95: 5 * time.Millisecond},
		ColdPlatform: "linux/amd64",
		Sizes:        []BinarySize{{"functions/fallback", 8 << 20}, {"functions/health", 10 << 20}},
		HelloSize:    4 << 20,
		SizeGOOS:     "linux", SizeGOARCH: "arm64",
	}
}

func TestMarkdownHasEverySectionInOrder(t *testing.T) {
	md := sampleReport().Markdown()
	sections := []string{
		"# Benchmarks\n",
		"Taken on 2026-01-02 on linux/amd64 with 2 CPUs (nproc), go1.26.0.",
		"`make bench`",
		"## Deep health: route against bare calls\n",
		"## Cold start: health against hello world\n",
		"## Binary size (linux/arm64)\n",
		"## How it is measured\n",
	}
	at := 0
	for _, s := range sections {
		i := strings.Index(md[at:], s)
		if i < 0 {
			t.Fatalf("report lacks %q after offset %d:\n%s", s, at, md)
		}
		at += i + len(s)
	}
}

func TestTablesShowRatios(t *testing.T) {
	tables := sampleReport().Tables()
	rows := []string{
		"| Route: `GET /api/health?deep=1` through the local gateway | 300 | 3.00 ms | 6.00 ms |",
		"| **Ratio route / bare** | | **1.50×** | 1.50× |",
		"The route adds 1.00 ms at the median.",
		"| **Ratio health / hello** | | **3.00×** | 3.00× |",
		"measured for this machine's architecture (linux/amd64); the deployed functions run on arm64.",
		"| `functions/fallback` | 8.00 MiB | 2.00× |",
		"| `functions/health` | 10.00 MiB | 2.50× |",
		"| hello world (aws-lambda-go) | 4.00 MiB | 1.00× |",
	}
	for _, row := range rows {
		if !strings.Contains(tables, row) {
			t.Errorf("tables lack %q:\n%s", row, tables)
		}
	}
}

func TestMarkdownStructureDoesNotDependOnTheFigures(t *testing.T) {
	a, b := sampleReport(), sampleReport()
	b.Route.Median, b.ColdHello.P95, b.HelloSize, b.Machine.Date = 17*time.Millisecond, 0, 123, "2030-12-31"
	shape := func(md string) []string {
		var out []string
		for _, line := range strings.Split(md, "\n") {
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "| ---") {
				out = append(out, line)
			}
		}
		return out
	}
	got, want := shape(b.Markdown()), shape(a.Markdown())
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings and table rules = %q, want %q", got, want)
	}
}
