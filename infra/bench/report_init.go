package bench

import (
	"fmt"
	"strings"
	"time"
)

// initGroupNames are the package init table's column headings, by InitGroup.
var initGroupNames = [NumInitGroups]string{
	InitGo: "Go", InitAWS: "AWS (`github.com/aws/`)", InitProject: "Project (`crmportal/`)", InitOther: "Other modules",
}

// InitBudget is how much longer than hello world's median init a function's may be under
// ColdTarget: (ColdTarget − 1) × hello world's median init.
func InitBudget(hello Summary) time.Duration {
	return time.Duration((ColdTarget - 1) * float64(hello.Median))
}

// initTable writes the package initialization table (r.Inits against r.InitHello) and what
// the AWS packages' share says about the cold start target.
func (r Report) initTable(b *strings.Builder) {
	b.WriteString("### Package initialization (GODEBUG=inittrace=1)\n\n")
	if len(r.Inits) == 0 {
		b.WriteString("Not measured in this run.\n\n")
		return
	}
	b.WriteString("Median per run of the package inits' clock time, by whose packages they are, and the packages\n")
	b.WriteString("that take longest:\n\n| Function |")
	for _, name := range initGroupNames {
		fmt.Fprintf(b, " %s |", name)
	}
	b.WriteString(" Total | Over hello world | Longest (median) |\n| --- |")
	b.WriteString(strings.Repeat(" ---: |", int(NumInitGroups)+2))
	b.WriteString(" --- |\n")
	row := func(name string, tr InitTrace, over string) {
		fmt.Fprintf(b, "| %s |", name)
		for _, d := range tr.Group {
			fmt.Fprintf(b, " %s |", Ms(d))
		}
		top := make([]string, len(tr.Top))
		for i, p := range tr.Top {
			top[i] = fmt.Sprintf("`%s` %s", p.Package, Ms(p.Clock))
		}
		fmt.Fprintf(b, " %s | %s | %s |\n", Ms(tr.Total), over, strings.Join(top, ", "))
	}
	for _, tr := range r.Inits {
		row("`"+tr.Name+"`", tr, signedMs(tr.Total-r.InitHello.Total))
	}
	row("hello world (aws-lambda-go)", r.InitHello, "")
	b.WriteString("\n")
	b.WriteString(r.initVerdict())
	b.WriteString("\n\n")
}

// initVerdict says, from the figures, how the AWS packages' initialization over hello world's
// compares with what ColdTarget allows a function's init over hello world's.
func (r Report) initVerdict() string {
	budget := InitBudget(r.ColdHello)
	lo, hi := r.Inits[0], r.Inits[0]
	over := 0
	aws := func(tr InitTrace) time.Duration { return tr.Group[InitAWS] - r.InitHello.Group[InitAWS] }
	for _, tr := range r.Inits {
		if aws(tr) < aws(lo) {
			lo = tr
		}
		if aws(tr) > aws(hi) {
			hi = tr
		}
		if aws(tr) > budget {
			over++
		}
	}
	span := fmt.Sprintf("%s (`%s`) to %s (`%s`)", Ms(aws(lo)), lo.Name, Ms(aws(hi)), hi.Name)
	if lo.Name == hi.Name {
		span = fmt.Sprintf("%s (`%s`)", Ms(aws(lo)), lo.Name)
	}
	allowed := fmt.Sprintf("the %s the target allows a function's init over hello world's (%.2f × its median\n"+
		"init under the emulator, %s)", Ms(budget), ColdTarget-1, Ms(r.ColdHello.Median))
	var verdict string
	switch over {
	case len(r.Inits):
		verdict = fmt.Sprintf("more than %s in every function measured: the target\n"+
			"is out of reach while these packages are linked, whatever the project's own code does", allowed)
	case 0:
		verdict = fmt.Sprintf("within %s in every function measured; the rest of\n"+
			"that budget is what the other packages, the runtime and main may add", allowed)
	default:
		verdict = fmt.Sprintf("more than %s in %d of the %d functions measured", allowed, over, len(r.Inits))
	}
	var proj []string
	for _, tr := range r.Inits {
		proj = append(proj, Ms(tr.Group[InitProject]))
	}
	return fmt.Sprintf("Over hello world's, the AWS packages' initialization alone adds %s:\n%s.\n"+
		"The project's own packages take %s (in the table's order).",
		span, verdict, strings.Join(proj, ", "))
}

// signedMs formats d in milliseconds with its sign ("+1.25 ms", "−0.10 ms").
func signedMs(d time.Duration) string {
	if d < 0 {
		return "−" + Ms(-d)
	}
	return "+" + Ms(d)
}

// initMethod writes how the package initialization is measured.
func (r Report) initMethod(b *strings.Builder) {
	runs := r.InitHello.Runs
	fmt.Fprintf(b, "- **Package initialization.** The same host binaries as the cold start's, each run directly (no\n")
	fmt.Fprintf(b, "  emulator) with `GODEBUG=inittrace=1` as its only environment variable: the Go runtime prints a\n")
	fmt.Fprintf(b, "  line for each package it initializes (`init <package> @<start> ms, <clock> ms clock, <bytes>\n")
	fmt.Fprintf(b, "  bytes, <allocs> allocs`) before main runs; main then stops for want of its configuration (or,\n")
	fmt.Fprintf(b, "  for hello world, of `AWS_LAMBDA_RUNTIME_API`), so a run makes no AWS call, and a run that lasts\n")
	fmt.Fprintf(b, "  over %s, prints no such line or one the parser cannot read fails the bench. A run's figure\n", Seconds(InitTraceTimeout))
	fmt.Fprintf(b, "  per group is the sum of its packages' clock times: Go (import paths whose first element has no\n")
	fmt.Fprintf(b, "  dot: the standard library, its vendored packages and the runtime), AWS (`github.com/aws/`: the\n")
	fmt.Fprintf(b, "  SDK, smithy-go and aws-lambda-go, which hello world links too), the project (`crmportal/` and\n")
	fmt.Fprintf(b, "  the main package) and other modules. One warm-up round, then %d rounds, each running every\n", runs)
	fmt.Fprintf(b, "  binary once, in the cold start's order; the table shows the median of each group's sums, the\n")
	fmt.Fprintf(b, "  median of the runs' totals (not the sum of the medians) and the packages with the largest\n")
	fmt.Fprintf(b, "  median clock time. The trace itself adds a little to each package's time, alike in every\n")
	fmt.Fprintf(b, "  binary; what main does before `lambda.Start` (configuration, SDK clients) is not in it.\n")
}
