package bench

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"crmportal/infra/lambdarun"
)

// Provisioned concurrency in us-east-1 for arm64 (USD), as of PricesDate: the price of
// keeping an environment initialized, per GB-second it is configured, and the hours of the
// month it is priced for.
const (
	PriceProvisionedGBSecond = 0.0000033334
	HoursPerMonth            = 730
)

// ColdSeries is one function's cold start inits.
type ColdSeries struct {
	Name string // its folder, "functions/health"
	Init Summary
}

// ProvisionedPerMonth is the monthly price of keeping n environments of LambdaMemoryMB
// initialized with provisioned concurrency, before any request or duration.
func ProvisionedPerMonth(n int) float64 {
	return float64(n) * LambdaMemoryMB / 1024 * HoursPerMonth * 3600 * PriceProvisionedGBSecond
}

// FirstVisitInit is the sum of the median inits of the FirstVisit functions in cold; ok is
// false when one of them was not measured.
func FirstVisitInit(cold []ColdSeries) (sum time.Duration, ok bool) {
	for _, name := range FirstVisit {
		i := slices.IndexFunc(cold, func(s ColdSeries) bool { return s.Name == name })
		if i < 0 {
			return 0, false
		}
		sum += cold[i].Init.Median
	}
	return sum, true
}

// coldTables writes the cold start section: each function's init against hello world's and
// against ColdTarget, then the first visit's.
func (r Report) coldTables(b *strings.Builder) {
	b.WriteString("## Cold start under aws-lambda-rie: against hello world\n\n")
	fmt.Fprintf(b, "| Function | Runs | Median init | p95 init | Median / hello world | p95 / hello world | Target (≤ %s) |\n", Times(ColdTarget))
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
	met := 0
	for _, s := range r.Cold {
		rm := ratio(s.Init.Median, r.ColdHello.Median)
		verdict := "not met"
		// Judged on the ratio as shown (two decimals), so a row never reads 1.30× and "not met".
		if math.Round(rm*100)/100 <= ColdTarget {
			verdict, met = "met", met+1
		}
		fmt.Fprintf(b, "| `%s` | %d | %s | %s | **%s** | %s | %s |\n", s.Name, s.Init.N, Ms(s.Init.Median), Ms(s.Init.P95),
			Times(rm), Times(ratio(s.Init.P95, r.ColdHello.P95)), verdict)
	}
	fmt.Fprintf(b, "| hello world (aws-lambda-go) | %d | %s | %s | 1.00× | 1.00× | |\n\n", r.ColdHello.N, Ms(r.ColdHello.Median), Ms(r.ColdHello.P95))
	fmt.Fprintf(b, "%d of %d functions meet the target. Init is the emulator's own report of the init phase, measured for\n", met, len(r.Cold))
	fmt.Fprintf(b, "this machine's architecture (%s); the deployed functions run on %s.\n\n", r.ColdPlatform, r.SizeGOARCH)
	r.initTable(b)

	b.WriteString("### First visit\n\n")
	sum, ok := FirstVisitInit(r.Cold)
	if !ok {
		b.WriteString("Not measured in this run.\n\n")
		return
	}
	names := make([]string, len(FirstVisit))
	for i, n := range FirstVisit {
		names[i] = "`" + n + "`"
	}
	fmt.Fprintf(b, "A customer's first visit (signing in, then the portal's profile and tabs, a record list and a\n")
	fmt.Fprintf(b, "record) calls\n%s.\n", strings.Join(names, ", "))
	fmt.Fprintf(b, "Started cold, their median inits add up to **%s** (%d hello-world inits: %s). A visit waits\n",
		Ms(sum), len(FirstVisit), Ms(time.Duration(len(FirstVisit))*r.ColdHello.Median))
	fmt.Fprintf(b, "for all of them only when every one starts cold (the first visit after a deploy or a quiet spell),\n")
	fmt.Fprintf(b, "and for less where the app's requests overlap. Provisioned concurrency keeps environments of these\n")
	fmt.Fprintf(b, "functions initialized, so that no visit waits for their init; it is an option, not a default\n")
	fmt.Fprintf(b, "([deploy.md](deploy.md), \"Cold starts and provisioned concurrency\"): one environment of each of the\n")
	fmt.Fprintf(b, "%d functions at %d MB costs USD %.2f a month (arm64, us-east-1), before requests and duration,\n",
		len(FirstVisit), LambdaMemoryMB, ProvisionedPerMonth(len(FirstVisit)))
	fmt.Fprintf(b, "whatever the traffic.\n\n")
}

// coldMethod writes how the cold starts are measured.
func (r Report) coldMethod(b *strings.Builder) {
	names := make([]string, len(r.Cold))
	for i, s := range r.Cold {
		names[i] = "`" + s.Name + "`"
	}
	fmt.Fprintf(b, "- **Cold start.** %s and a hello-world aws-lambda-go function\n", strings.Join(names, ", "))
	fmt.Fprintf(b, "  (`infra/bench/hello`) are built for this machine as `make build` builds them for Lambda\n")
	fmt.Fprintf(b, "  (`%s`) and run under AWS's Lambda Runtime Interface\n", buildCommandWith(r.ColdPlatform, lambdarun.BuildFlags))
	fmt.Fprintf(b, "  Emulator (`bin/aws-lambda-rie`, pinned in `infra/tools/go.mod`) by `infra/lambdarun`, the runner of\n")
	fmt.Fprintf(b, "  `LAMBDA_RUNTIME=rie make dev`: each function with only its environment (template.yaml's variables\n")
	fmt.Fprintf(b, "  resolved for the local stack, the stack's static credentials, the emulators' endpoints (not IAM\n")
	fmt.Fprintf(b, "  proxies: an init makes no AWS call) and the variables Lambda sets; hello world gets the same,\n")
	fmt.Fprintf(b, "  without template variables) and its Timeout and MemorySize (%d MB). A cold start is one\n", LambdaMemoryMB)
	fmt.Fprintf(b, "  emulator started for one invocation and stopped after it. The emulator, like Lambda, runs the\n")
	fmt.Fprintf(b, "  init when the first invocation arrives; its core (rapid, Lambda's own) then logs the init\n")
	fmt.Fprintf(b, "  phase's duration as `INIT REPORT(durationMs: …)`, from just before it executes the binary to the\n")
	fmt.Fprintf(b, "  binary's first `GET /2018-06-01/runtime/invocation/next`: exec, the Go runtime, package\n")
	fmt.Fprintf(b, "  initialisation and main up to `lambda.Start` (reading the configuration, loading the AWS\n")
	fmt.Fprintf(b, "  configuration and making the SDK clients the function uses), and rapid's own bookkeeping, the\n")
	fmt.Fprintf(b, "  same for hello world. That line, with `INIT RTDONE(status: success)` before it, is the init\n")
	fmt.Fprintf(b, "  figure. (The emulator's `REPORT` line also prints an \"Init Duration\", but it times only\n")
	fmt.Fprintf(b, "  handing the init to rapid, which runs it asynchronously; it is not used.) Each started function\n")
	fmt.Fprintf(b, "  answers one request of its route (the shallow `GET /api/health` 200, the others their own 4xx\n")
	fmt.Fprintf(b, "  answer to a request without a session; a name for hello world), which is checked, and its\n")
	fmt.Fprintf(b, "  emulator is stopped. One warm-up round, then %d rounds, each starting every function once,\n", r.ColdHello.N)
	fmt.Fprintf(b, "  in the listed order in even rounds and the reverse in odd ones. Lambda's own sandbox start and\n")
	fmt.Fprintf(b, "  code download are not included, and the deployed functions run on %s/%s, not on this machine's\n", r.SizeGOOS, r.SizeGOARCH)
	fmt.Fprintf(b, "  architecture. The first visit's figure is the sum of its functions' median inits; provisioned\n")
	fmt.Fprintf(b, "  concurrency is priced at USD %.10f per GB-second (arm64, us-east-1, as of %s) for %d hours a month.\n",
		PriceProvisionedGBSecond, PricesDate, HoursPerMonth)
	r.initMethod(b)
}
