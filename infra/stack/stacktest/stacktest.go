// Package stacktest starts the local stack for integration tests: in memory, on free ports,
// so two test runs never collide.
package stacktest

import (
	"bytes"
	"context"
	"fmt"
	"os"
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
func Main(m *testing.M, dst **stack.Stack, checks ...func(*stack.Stack) []string) {
	s, stop, err := Start("http://localhost:3000")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
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
		fmt.Fprintf(os.Stderr, "FAIL: the IAM guard denied %d call(s) (fix the function's Policies in template.yaml or the code):\n", len(d))
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
