package bench

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PackageInit is one line of the Go runtime's GODEBUG=inittrace=1 output: the
// initialization of one package, printed before main runs as
// "init <package> @<start> ms, <clock> ms clock, <bytes> bytes, <allocs> allocs".
type PackageInit struct {
	Package string
	Start   time.Duration // since the program started
	Clock   time.Duration // wall-clock time of the package's initialization
	Bytes   int64         // heap bytes it allocated
	Allocs  int64         // heap allocations it made
}

// ParseInitTrace reads the package inits out of a program's standard error. Lines that do not
// start with "init " are the program's own output and are skipped; lines that do but do not
// have the runtime's format are returned in malformed, so that a change of the format shows
// instead of silently dropping packages from the sums.
func ParseInitTrace(out []byte) (inits []PackageInit, malformed []string) {
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if !strings.HasPrefix(line, "init ") {
			continue
		}
		p, ok := parseInitLine(line)
		if !ok {
			malformed = append(malformed, line)
			continue
		}
		inits = append(inits, p)
	}
	return inits, malformed
}

// parseInitLine parses one "init ..." line; ok is false unless it has exactly the runtime's
// fields.
func parseInitLine(line string) (p PackageInit, ok bool) {
	rest, _ := strings.CutPrefix(line, "init ")
	pkg, rest, ok := strings.Cut(rest, " @")
	if !ok || pkg == "" || strings.ContainsAny(pkg, " \t") {
		return PackageInit{}, false
	}
	fields := strings.Split(rest, ", ")
	if len(fields) != 4 {
		return PackageInit{}, false
	}
	start, ok1 := parseMs(fields[0], " ms")
	clock, ok2 := parseMs(fields[1], " ms clock")
	heap, ok3 := parseCount(fields[2], " bytes")
	allocs, ok4 := parseCount(fields[3], " allocs")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return PackageInit{}, false
	}
	return PackageInit{Package: pkg, Start: start, Clock: clock, Bytes: heap, Allocs: allocs}, true
}

func parseMs(s, suffix string) (time.Duration, bool) {
	num, ok := strings.CutSuffix(s, suffix)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return time.Duration(f * float64(time.Millisecond)), true
}

func parseCount(s, suffix string) (int64, bool) {
	num, ok := strings.CutSuffix(s, suffix)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	return n, err == nil && n >= 0
}

// InitGroup is whose code a package is.
type InitGroup int

// The groups of InitGroupOf, in the report's column order.
const (
	InitGo      InitGroup = iota // the standard library and runtime
	InitAWS                      // github.com/aws/: the SDK, smithy-go, aws-lambda-go
	InitProject                  // this module (crmportal/...) and the function's main package
	InitOther                    // every other module
	NumInitGroups
)

// ProjectModule is this repository's Go module path.
const ProjectModule = "crmportal"

// InitGroupOf is the group of the package with import path pkg: this module's packages and
// main are the project's; github.com/aws/... is AWS's; a path whose first element has no dot
// (runtime, net/http, vendor/golang.org/x/net/...) is the standard library's; anything else
// is another module's.
func InitGroupOf(pkg string) InitGroup {
	first, _, _ := strings.Cut(pkg, "/")
	switch {
	case pkg == "main" || first == ProjectModule:
		return InitProject
	case strings.HasPrefix(pkg, "github.com/aws/"):
		return InitAWS
	case !strings.Contains(first, "."):
		return InitGo
	default:
		return InitOther
	}
}

// PackageClock is one package's median initialization time.
type PackageClock struct {
	Package string
	Clock   time.Duration
}

// InitTrace is one binary's package initialization over several runs.
type InitTrace struct {
	// Name is the function's folder ("functions/health"), or "hello" for hello world.
	Name string
	// Runs is the number of runs summarized.
	Runs int
	// Group is, by InitGroup, the median over the runs of the sum of the group's clock times.
	Group [NumInitGroups]time.Duration
	// Total is the median over the runs of the sum of every package's clock time (not the sum
	// of the groups' medians).
	Total time.Duration
	// Top are the TopInits packages with the largest median clock time, largest first.
	Top []PackageClock
}

// TopInits is how many packages InitTrace.Top lists.
const TopInits = 3

// SummarizeInitTrace reduces the runs of one binary (each run's package inits) to the
// medians per group, of the total, and per package.
func SummarizeInitTrace(name string, runs [][]PackageInit) InitTrace {
	tr := InitTrace{Name: name, Runs: len(runs)}
	var groups [NumInitGroups][]time.Duration
	totals := make([]time.Duration, len(runs))
	perPkg := map[string][]time.Duration{}
	for i, run := range runs {
		var sums [NumInitGroups]time.Duration
		for _, p := range run {
			sums[InitGroupOf(p.Package)] += p.Clock
			totals[i] += p.Clock
			perPkg[p.Package] = append(perPkg[p.Package], p.Clock)
		}
		for g := range sums {
			groups[g] = append(groups[g], sums[g])
		}
	}
	for g := range groups {
		tr.Group[g] = Median(groups[g])
	}
	tr.Total = Median(totals)
	pkgs := make([]PackageClock, 0, len(perPkg))
	for name, clocks := range perPkg {
		// A package missing from some runs counts as 0 in them.
		for len(clocks) < len(runs) {
			clocks = append(clocks, 0)
		}
		pkgs = append(pkgs, PackageClock{Package: name, Clock: Median(clocks)})
	}
	slices.SortFunc(pkgs, func(a, b PackageClock) int {
		if c := cmp.Compare(b.Clock, a.Clock); c != 0 {
			return c
		}
		return strings.Compare(a.Package, b.Package)
	})
	tr.Top = pkgs[:min(TopInits, len(pkgs))]
	return tr
}

// InitTracer runs one binary once and returns its package inits.
type InitTracer func(ctx context.Context, binary string) ([]PackageInit, error)

// InitTraces runs every binary of bins once a round with trace, in ColdOrder: warmup rounds
// that are not recorded, then rounds recorded ones. It returns each binary's runs, indexed as
// bins. The first failed run ends it with an error naming the binary.
func InitTraces(ctx context.Context, trace InitTracer, bins []string, warmup, rounds int) ([][][]PackageInit, error) {
	runs := make([][][]PackageInit, len(bins))
	for round := 0; round < warmup+rounds; round++ {
		for _, i := range ColdOrder(round, len(bins)) {
			inits, err := trace(ctx, bins[i])
			if err != nil {
				return nil, fmt.Errorf("package init of %s, round %d: %w", bins[i], round, err)
			}
			if round >= warmup {
				runs[i] = append(runs[i], inits)
			}
		}
	}
	return runs, nil
}

// InitTraceTimeout bounds one run of TraceInit.
const InitTraceTimeout = 10 * time.Second

// TraceInit runs binary with GODEBUG=inittrace=1 and nothing else in its environment: no
// AWS_LAMBDA_RUNTIME_API and none of the functions' configuration, so main gives up right
// after the package inits (its exit status is not looked at) and makes no AWS call. The run
// fails when it outlasts InitTraceTimeout, prints no package init, or prints one this parser
// cannot read.
func TraceInit(ctx context.Context, binary string) ([]PackageInit, error) {
	ctx, cancel := context.WithTimeout(ctx, InitTraceTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = []string{"GODEBUG=inittrace=1"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("run %s: %w", binary, ctx.Err())
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("run %s: %w", binary, err)
	}
	inits, malformed := ParseInitTrace(stderr.Bytes())
	if len(malformed) > 0 {
		return nil, fmt.Errorf("run %s: unreadable inittrace line %q", binary, malformed[0])
	}
	if len(inits) == 0 {
		return nil, fmt.Errorf("run %s: no inittrace line in %.300q", binary, stderr.String())
	}
	return inits, nil
}
