package bench

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func us(n int) time.Duration { return time.Duration(n) * time.Microsecond }

func TestParseInitTrace(t *testing.T) {
	tests := []struct {
		name          string
		out           string
		want          []PackageInit
		wantMalformed []string
	}{
		{
			name: "runtime lines as Go prints them",
			out: "init internal/bytealg @0 ms, 0 ms clock, 0 bytes, 0 allocs\n" +
				"init runtime @0.020 ms, 0.044 ms clock, 0 bytes, 0 allocs\n" +
				"init github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas @1.3 ms, 0.63 ms clock, 586696 bytes, 3151 allocs\n",
			want: []PackageInit{
				{Package: "internal/bytealg"},
				{Package: "runtime", Start: us(20), Clock: us(44)},
				{Package: "github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas", Start: us(1300), Clock: us(630), Bytes: 586696, Allocs: 3151},
			},
		},
		{
			name: "the program's own output is skipped",
			out: "init crmportal/shared/crm @2.3 ms, 0.27 ms clock, 162192 bytes, 2149 allocs\n" +
				`{"level":"ERROR","msg":"cannot start","err":"configuration: TABLE_NAME is not set"}` + "\n" +
				"2026/12/07 04:25:17 expected AWS Lambda environment variables [AWS_LAMBDA_RUNTIME_API] are not defined\n",
			want: []PackageInit{{Package: "crmportal/shared/crm", Start: us(2300), Clock: us(270), Bytes: 162192, Allocs: 2149}},
		},
		{
			name: "carriage returns and no final newline",
			out:  "init os @0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs\r\ninit log @0.88 ms, 0 ms clock, 64 bytes, 2 allocs",
			want: []PackageInit{
				{Package: "os", Start: us(830), Clock: us(15), Bytes: 416, Allocs: 9},
				{Package: "log", Start: us(880), Bytes: 64, Allocs: 2},
			},
		},
		{
			name: "malformed init lines are reported",
			out: "init os @0.83 ms, 0.015 ms clock, 416 bytes\n" +
				"init os @0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs, 1 extra\n" +
				"init os @x ms, 0.015 ms clock, 416 bytes, 9 allocs\n" +
				"init os @0.83 ms, -1 ms clock, 416 bytes, 9 allocs\n" +
				"init os @0.83 ms, 0.015 ms, 416 bytes, 9 allocs\n" +
				"init  @0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs\n" +
				"init os 0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs\n" +
				"init os @0.83 ms, 0.015 ms clock, 4.5 bytes, 9 allocs\n" +
				"init sync @0.59 ms, 0 ms clock, 0 bytes, 0 allocs\n",
			want: []PackageInit{{Package: "sync", Start: us(590)}},
			wantMalformed: []string{
				"init os @0.83 ms, 0.015 ms clock, 416 bytes",
				"init os @0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs, 1 extra",
				"init os @x ms, 0.015 ms clock, 416 bytes, 9 allocs",
				"init os @0.83 ms, -1 ms clock, 416 bytes, 9 allocs",
				"init os @0.83 ms, 0.015 ms, 416 bytes, 9 allocs",
				"init  @0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs",
				"init os 0.83 ms, 0.015 ms clock, 416 bytes, 9 allocs",
				"init os @0.83 ms, 0.015 ms clock, 4.5 bytes, 9 allocs",
			},
		},
		{name: "nothing", out: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, malformed := ParseInitTrace([]byte(tt.out))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("inits = %+v, want %+v", got, tt.want)
			}
			if !slices.Equal(malformed, tt.wantMalformed) {
				t.Errorf("malformed = %q, want %q", malformed, tt.wantMalformed)
			}
		})
	}
}

func TestInitGroupOf(t *testing.T) {
	tests := []struct {
		pkg  string
		want InitGroup
	}{
		{"runtime", InitGo},
		{"internal/bytealg", InitGo},
		{"net/http", InitGo},
		{"vendor/golang.org/x/net/http2/hpack", InitGo},
		{"github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas", InitAWS},
		{"github.com/aws/smithy-go/prelude", InitAWS},
		{"github.com/aws/aws-lambda-go/lambdacontext", InitAWS},
		{"crmportal/shared/crm", InitProject},
		{"crmportal", InitProject},
		{"main", InitProject},
		{"golang.org/x/net/html", InitOther},
		{"golang.org/x/sys/cpu", InitOther},
		{"github.com/awsome/thing", InitOther},
		{"crmportalx/thing", InitGo},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			if got := InitGroupOf(tt.pkg); got != tt.want {
				t.Errorf("InitGroupOf(%q) = %d, want %d", tt.pkg, got, tt.want)
			}
		})
	}
}

func TestSummarizeInitTrace(t *testing.T) {
	run := func(rt, sdk, crm, html int) []PackageInit {
		return []PackageInit{
			{Package: "runtime", Clock: us(rt)},
			{Package: "sync", Clock: us(1)},
			{Package: "github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas", Clock: us(sdk)},
			{Package: "crmportal/shared/crm", Clock: us(crm)},
			{Package: "golang.org/x/net/html", Clock: us(html)},
		}
	}
	runs := [][]PackageInit{run(40, 700, 300, 10), run(60, 900, 200, 30), run(50, 600, 900, 20)}
	got := SummarizeInitTrace("functions/health", runs)
	want := InitTrace{
		Name: "functions/health", Runs: 3,
		Group: [NumInitGroups]time.Duration{InitGo: us(51), InitAWS: us(700), InitProject: us(300), InitOther: us(20)},
		// The runs' totals are 1051, 1191 and 1571 µs.
		Total: us(1191),
		Top: []PackageClock{
			{"github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas", us(700)},
			{"crmportal/shared/crm", us(300)},
			{"runtime", us(50)},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SummarizeInitTrace = %+v,\nwant %+v", got, want)
	}

	t.Run("a package missing from a run counts as 0 there", func(t *testing.T) {
		runs := [][]PackageInit{
			{{Package: "a", Clock: us(5)}, {Package: "b", Clock: us(4)}},
			{{Package: "b", Clock: us(4)}},
			{{Package: "b", Clock: us(4)}},
		}
		got := SummarizeInitTrace("x", runs).Top
		want := []PackageClock{{"b", us(4)}, {"a", 0}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Top = %v, want %v", got, want)
		}
	})
	t.Run("no runs", func(t *testing.T) {
		got := SummarizeInitTrace("x", nil)
		if want := (InitTrace{Name: "x", Top: []PackageClock{}}); !reflect.DeepEqual(got, want) {
			t.Errorf("SummarizeInitTrace(nil) = %+v, want %+v", got, want)
		}
	})
}

func TestInitTracesInterleavesAndLeavesOutTheWarmUp(t *testing.T) {
	var calls []string
	n := map[string]int{}
	trace := func(_ context.Context, bin string) ([]PackageInit, error) {
		calls = append(calls, bin)
		n[bin]++
		return []PackageInit{{Package: bin, Clock: time.Duration(n[bin])}}, nil
	}
	got, err := InitTraces(context.Background(), trace, []string{"A", "B"}, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A", "B", "B", "A", "A", "B"}; !slices.Equal(calls, want) {
		t.Errorf("calls = %v, want %v", calls, want)
	}
	for i, bin := range []string{"A", "B"} {
		// Run 1 was the warm-up.
		want := [][]PackageInit{{{Package: bin, Clock: 2}}, {{Package: bin, Clock: 3}}}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("runs of %s = %v, want %v", bin, got[i], want)
		}
	}

	t.Run("a failed run names the binary", func(t *testing.T) {
		fail := func(_ context.Context, bin string) ([]PackageInit, error) {
			if bin == "B" {
				return nil, errors.New("no inittrace line")
			}
			return []PackageInit{{Package: "a"}}, nil
		}
		_, err := InitTraces(context.Background(), fail, []string{"A", "B"}, 0, 2)
		if err == nil || !strings.Contains(err.Error(), "package init of B, round 0: no inittrace line") {
			t.Errorf("err = %v, want one naming B and round 0", err)
		}
	})
}

// TestTraceInitRunsABinary builds a program that fails in main, as the functions do without
// their configuration, and reads its package inits; the program checks that it got no
// variable but GODEBUG (TABLE_NAME is set in this process).
func TestTraceInitRunsABinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	dir := t.TempDir()
	src := `package main

import (
	"fmt"
	"os"
	"regexp"
)

var pattern = regexp.MustCompile("^[a-z]+$")

func main() {
	// An environment other than GODEBUG alone shows as an init line TraceInit cannot read.
	if env := os.Environ(); len(env) != 1 || env[0] != "GODEBUG=inittrace=1" {
		fmt.Fprintln(os.Stderr, "init with environment", env)
	}
	fmt.Fprintln(os.Stderr, "configuration: TABLE_NAME is not set", pattern.String())
	os.Exit(1)
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module crmportal/probe\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "probe")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	t.Setenv("TABLE_NAME", "from-the-parent")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	inits, err := TraceInit(context.Background(), bin)
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, p := range inits {
		pkgs = append(pkgs, p.Package)
	}
	for _, want := range []string{"runtime", "regexp", "main"} {
		if !slices.Contains(pkgs, want) {
			t.Errorf("packages = %v, want %s among them", pkgs, want)
		}
	}

	t.Run("a binary that prints no init line fails", func(t *testing.T) {
		if _, err := TraceInit(context.Background(), "/bin/true"); err == nil || !strings.Contains(err.Error(), "no inittrace line") {
			t.Errorf("err = %v, want no inittrace line", err)
		}
	})
}
