package bench

import (
	"fmt"
	"strings"
	"time"
)

// Machine is where and when the figures were taken.
type Machine struct {
	Date      string // YYYY-MM-DD, UTC
	CPUs      int
	GoVersion string
	GOOS      string
	GOARCH    string
}

// BinarySize is one built binary's size.
type BinarySize struct {
	Name  string // the function folder, "functions/health"
	Bytes int64
}

// Report is one run's figures and the parameters they were taken with.
type Report struct {
	Machine Machine

	// Route against bare calls: the two series, the warm-up runs of each and the block
	// length of the interleaving.
	Route, Bare   Summary
	Warmup, Block int

	// Cold start of the health function and of the hello-world function, with the
	// platform the binaries were built for (the host's, "linux/amd64").
	ColdHealth, ColdHello Summary
	ColdPlatform          string

	// Sizes of the function binaries (sorted by name) and of the hello-world binary, built
	// for SizeGOOS/SizeGOARCH.
	Sizes                []BinarySize
	HelloSize            int64
	SizeGOOS, SizeGOARCH string
}

// Markdown is the whole of docs/benchmarks.md: the machine, how to re-run, the three tables
// (Tables) and how the figures are measured. Its structure does not depend on the figures.
func (r Report) Markdown() string {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "Taken on %s on %s/%s with %d CPUs (nproc), %s.\n", m.Date, m.GOOS, m.GOARCH, m.CPUs, m.GoVersion)
	fmt.Fprintf(&b, "Re-run with `make bench`, which rewrites this file (`go run ./infra/cmd/bench -out docs/benchmarks.md`,\n")
	fmt.Fprintf(&b, "`-n` sets the requests per series). Absolute times depend on the machine and vary from run to run;\n")
	fmt.Fprintf(&b, "the ratios compare series taken in the same run, so they depend less on the machine.\n\n")
	b.WriteString(r.Tables())
	b.WriteString("\n## How it is measured\n\n")
	fmt.Fprintf(&b, "- **Route against bare calls.** One process starts the local stack in memory (the DynamoDB and S3\n")
	fmt.Fprintf(&b, "  emulators on loopback, the table and bucket created from template.yaml), builds the functions'\n")
	fmt.Fprintf(&b, "  dependencies against it (`platform.New`, the same SDK clients and retry settings as a deployed\n")
	fmt.Fprintf(&b, "  function, logs discarded) and serves the local gateway on a loopback HTTP server. A route request\n")
	fmt.Fprintf(&b, "  is `GET /api/health?deep=1` from a keep-alive HTTP client: the gateway builds the payload 2.0 event,\n")
	fmt.Fprintf(&b, "  the health handler calls DescribeTable and HeadBucket concurrently and the JSON answer comes back.\n")
	fmt.Fprintf(&b, "  A bare round makes the same two calls with the same clients, concurrently, each under the\n")
	fmt.Fprintf(&b, "  handler's timeout. After %d warm-up runs of each, the two series run %d times each, interleaved\n", r.Warmup, r.Route.N)
	fmt.Fprintf(&b, "  in blocks of %d with the order swapped every block, so drift affects both alike. The difference\n", r.Block)
	fmt.Fprintf(&b, "  of the medians is what the HTTP hop, the gateway and the handler add; it does not include API\n")
	fmt.Fprintf(&b, "  Gateway's or Lambda's own overhead in AWS.\n")
	fmt.Fprintf(&b, "- **Cold start.** `functions/health` and a hello-world aws-lambda-go function (`infra/bench/hello`)\n")
	fmt.Fprintf(&b, "  are built for this machine with `%s`.\n", buildCommand(r.ColdPlatform))
	fmt.Fprintf(&b, "  Each run starts a local Lambda Runtime API on loopback and the binary as a new process with\n")
	fmt.Fprintf(&b, "  only a function's environment (template.yaml's variables pointed at the local stack, static\n")
	fmt.Fprintf(&b, "  credentials, `AWS_LAMBDA_RUNTIME_API`). Init is the time from just before exec to the process's\n")
	fmt.Fprintf(&b, "  first `GET /2018-06-01/runtime/invocation/next`: exec, the Go runtime, package initialisation\n")
	fmt.Fprintf(&b, "  and main up to `lambda.Start` (for health: reading the configuration, loading the AWS\n")
	fmt.Fprintf(&b, "  configuration and making the SDK clients). Each process then answers one event (a shallow\n")
	fmt.Fprintf(&b, "  `GET /api/health`; a name for hello), which is checked, and is killed. %d runs of each follow\n", r.ColdHealth.N)
	fmt.Fprintf(&b, "  one warm-up run of each, alternating which goes first. Lambda's own sandbox start and code\n")
	fmt.Fprintf(&b, "  download are not included, and the deployed functions run on %s/%s, not on this machine's\n", r.SizeGOOS, r.SizeGOARCH)
	fmt.Fprintf(&b, "  architecture.\n")
	fmt.Fprintf(&b, "- **Binary size.** Every folder under `functions/` and the hello-world function are built for\n")
	fmt.Fprintf(&b, "  the deployed architecture with `%s`; the size is the uncompressed\n", buildCommand(r.SizeGOOS+"/"+r.SizeGOARCH))
	fmt.Fprintf(&b, "  executable (the deployment zip is smaller).\n")
	fmt.Fprintf(&b, "- Medians are the middle value (the mean of the two middle values for an even count); p95 is\n")
	fmt.Fprintf(&b, "  the nearest-rank 95th percentile.\n")
	return b.String()
}

// Tables are the report's three tables with their headings, as Markdown; the command
// prints them on stdout too.
func (r Report) Tables() string {
	var b strings.Builder
	b.WriteString("## Deep health: route against bare calls\n\n")
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| Route: `GET /api/health?deep=1` through the local gateway | %d | %s | %s |\n", r.Route.N, Ms(r.Route.Median), Ms(r.Route.P95))
	fmt.Fprintf(&b, "| Bare: DescribeTable and HeadBucket, concurrently | %d | %s | %s |\n", r.Bare.N, Ms(r.Bare.Median), Ms(r.Bare.P95))
	fmt.Fprintf(&b, "| **Ratio route / bare** | | **%s** | %s |\n\n", Times(ratio(r.Route.Median, r.Bare.Median)), Times(ratio(r.Route.P95, r.Bare.P95)))
	fmt.Fprintf(&b, "The route adds %s at the median.\n\n", Ms(r.Route.Median-r.Bare.Median))

	b.WriteString("## Cold start: health against hello world\n\n")
	b.WriteString("| Function | Runs | Median init | p95 init |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| `functions/health` | %d | %s | %s |\n", r.ColdHealth.N, Ms(r.ColdHealth.Median), Ms(r.ColdHealth.P95))
	fmt.Fprintf(&b, "| hello world (aws-lambda-go) | %d | %s | %s |\n", r.ColdHello.N, Ms(r.ColdHello.Median), Ms(r.ColdHello.P95))
	fmt.Fprintf(&b, "| **Ratio health / hello** | | **%s** | %s |\n\n", Times(ratio(r.ColdHealth.Median, r.ColdHello.Median)), Times(ratio(r.ColdHealth.P95, r.ColdHello.P95)))
	fmt.Fprintf(&b, "Init times are measured for this machine's architecture (%s); the deployed functions run on %s.\n\n", r.ColdPlatform, r.SizeGOARCH)

	fmt.Fprintf(&b, "## Binary size (%s/%s)\n\n", r.SizeGOOS, r.SizeGOARCH)
	b.WriteString("| Binary | Size | Ratio to hello world |\n| --- | ---: | ---: |\n")
	for _, s := range r.Sizes {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", s.Name, MiB(s.Bytes), Times(Ratio(float64(s.Bytes), float64(r.HelloSize))))
	}
	fmt.Fprintf(&b, "| hello world (aws-lambda-go) | %s | %s |\n", MiB(r.HelloSize), Times(Ratio(float64(r.HelloSize), float64(r.HelloSize))))
	return b.String()
}

func ratio(a, b time.Duration) float64 { return Ratio(float64(a), float64(b)) }

// buildCommand is the go build command line of the binaries for platform ("linux/arm64").
func buildCommand(platform string) string {
	goos, goarch, _ := strings.Cut(platform, "/")
	parts := []string{"CGO_ENABLED=0", "GOOS=" + goos, "GOARCH=" + goarch, "go", "build"}
	for _, f := range BuildFlags {
		if strings.ContainsAny(f, " ") {
			f = `"` + f + `"`
		}
		parts = append(parts, f)
	}
	return strings.Join(parts, " ")
}
