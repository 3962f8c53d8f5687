// Package stacktest starts the local stack for integration tests: in memory, on free ports,
// so two test runs never collide.
package stacktest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"crmportal/infra/stack"
)

// Start starts an in-memory stack for the test binary's TestMain and returns it with a stop
// function. Emulator output goes to stderr when STACK_LOG=1.
func Start(portalOrigin string) (*stack.Stack, func(), error) {
	root, err := stack.FindRoot()
	if err != nil {
		return nil, nil, err
	}
	o := stack.Options{Root: root, PortalOrigin: portalOrigin}
	if os.Getenv("STACK_LOG") == "1" {
		o.Log = os.Stderr
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := stack.Start(ctx, o)
	if err != nil {
		return nil, nil, fmt.Errorf("start local stack: %w", err)
	}
	return s, s.Close, nil
}

// Main runs a package's tests against one stack started for them, stopping it afterwards.
// Use it as TestMain: func TestMain(m *testing.M) { stacktest.Main(m, &st) }. After the tests,
// each check runs against the stack (still up); a check that returns problems fails the run.
// The run also fails when the IAM guard denied any call (see stack.Stack.IAM).
//
// Where the stack is unavailable on this machine (its emulators are not installed: see
// stack.UnavailableError) the package's tests are skipped with a line saying why, unless
// REQUIRE_STACK=1 (as `make test` and CI set it): then, as any failure to start, it fails the run.
func Main(m *testing.M, dst **stack.Stack, checks ...func(*stack.Stack) []string) {
	s, stop, err := Start("http://localhost:3000")
	if err != nil {
		if !Skip(err, os.Getenv(RequireVar)) {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, SkipMessage(err))
		// Run none of the tests, so that go test reports the package as "[no tests to run]"
		// rather than as passed.
		flag.Parse()
		if err := flag.Set("test.run", "^$"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(m.Run())
	}
	*dst = s
	code := m.Run()
	for _, check := range checks {
		if problems := check(s); len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(os.Stderr, "FAIL: "+p)
			}
			code = 1
		}
	}
	stop()
	if d := s.IAM.Denials(); len(d) > 0 {
		// A denial means a function calls what its policy in template.yaml does not allow:
		// on AWS that call fails. The run fails whatever the tests said of the answers.
		fmt.Fprintf(os.Stderr, "FAIL: the IAM guard denied %d call(s) (fix the function's Policies in template.yaml or its stack in stacks/, or the code):\n", len(d))
		counts := map[string]int{}
		var order []string
		for _, x := range d {
			if counts[x.String()] == 0 {
				order = append(order, x.String())
			}
			counts[x.String()]++
		}
		for _, line := range order {
			fmt.Fprintf(os.Stderr, "  %s x%d\n", line, counts[line])
		}
		code = 1
	}
	os.Exit(code)
}

// RequireVar names the environment variable that makes an unavailable local stack fail the
// run instead of skipping its tests: `make test` (and so CI) sets it to 1.
const RequireVar = "REQUIRE_STACK"

// Skip reports whether integration tests skip rather than fail after err from starting the
// local stack, with require the value of RequireVar: only when the stack is unavailable on
// this machine (stack.UnavailableError) and require is not "1". A stack that started and
// failed is a failure whatever require says.
func Skip(err error, require string) bool {
	var u *stack.UnavailableError
	return errors.As(err, &u) && require != "1"
}

// SkipMessage is the line a skipped run prints for err, an unavailable stack.
func SkipMessage(err error) string {
	reason := err.Error()
	var u *stack.UnavailableError
	if errors.As(err, &u) {
		reason = u.Reason
	}
	return "skipping: local stack unavailable: " + reason + " (or set " + RequireVar + "=1 to fail)"
}

// SkipUnavailable skips t when err, from starting a stack of its own, says the stack is
// unavailable on this machine and RequireVar is not 1; any other error fails t.
func SkipUnavailable(t testing.TB, err error) {
	t.Helper()
	if Skip(err, os.Getenv(RequireVar)) {
		t.Skip(SkipMessage(err))
	}
	t.Fatal(err)
}

// LogBuffer is a log that the gateway's functions write to from many goroutines and a test
// reads.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is what was written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TemplateWith writes a copy of the repository's template.yaml (and of the nested stacks' templates
// it includes, CopyTemplates) with resources (YAML indented as the template's own resources, two
// spaces) added at the top of the root's Resources, and returns the root's path (in t's
// temporary folder): for tests of the local stack and gateway with a queue or a function that
// only they use.
func TemplateWith(t testing.TB, resources string) string {
	t.Helper()
	p := filepath.Join(CopyTemplates(t), "template.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const at = "\nResources:\n"
	i := bytes.Index(b, []byte(at))
	if i < 0 {
		t.Fatal("template.yaml has no Resources section")
	}
	i += len(at)
	out := append(append(append([]byte{}, b[:i]...), strings.TrimRight(resources, "\n")+"\n"...), b[i:]...)
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// StackTemplates are the nested stacks' templates (relative to the repository's root):
// template.yaml includes each as an AWS::Serverless::Application with a local Location.
const StackTemplates = "stacks/*.yaml"

// CopyTemplates copies the repository's template.yaml and the nested stacks' templates into a
// folder of t's, in the same places relative to each other, and returns the folder.
func CopyTemplates(t testing.TB) string {
	t.Helper()
	root, err := stack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	children, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(StackTemplates)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, src := range append([]string{filepath.Join(root, "template.yaml")}, children...) {
		rel, err := filepath.Rel(root, src)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
