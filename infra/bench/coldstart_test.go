package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"crmportal/infra/lambdarun"
)

func TestColdOrder(t *testing.T) {
	tests := []struct {
		name     string
		round, n int
		want     []int
	}{
		{"first round in order", 0, 3, []int{0, 1, 2}},
		{"second round reversed", 1, 3, []int{2, 1, 0}},
		{"third round in order", 2, 3, []int{0, 1, 2}},
		{"two functions swap", 3, 2, []int{1, 0}},
		{"one function", 1, 1, []int{0}},
		{"none", 0, 0, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ColdOrder(tt.round, tt.n); !slices.Equal(got, tt.want) {
				t.Errorf("ColdOrder(%d, %d) = %v, want %v", tt.round, tt.n, got, tt.want)
			}
		})
	}
}

// fakeCold answers every cold invocation with the next of its inits and logs the calls.
type fakeCold struct {
	calls []string
	inits map[string][]time.Duration
	fail  string // a function whose start fails
}

func (f *fakeCold) InvokeCold(_ context.Context, name, _ string, payload []byte) (lambdarun.Cold, error) {
	f.calls = append(f.calls, name)
	if name == f.fail {
		return lambdarun.Cold{}, errors.New("init error: TABLE_NAME is not set")
	}
	d := f.inits[name][0]
	f.inits[name] = f.inits[name][1:]
	return lambdarun.Cold{Status: 200, Body: payload, Init: d}, nil
}

func TestColdStartsInterleavesAndLeavesOutTheWarmUp(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	inv := &fakeCold{inits: map[string][]time.Duration{"A": ms(90, 1, 2, 3), "B": ms(80, 4, 5, 6)}}
	fns := []ColdFunction{{Name: "A", Event: []byte("a")}, {Name: "B", Event: []byte("b")}}
	got, err := ColdStarts(context.Background(), inv, fns, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A", "B", "B", "A", "A", "B", "B", "A"}; !slices.Equal(inv.calls, want) {
		t.Errorf("calls = %v, want %v", inv.calls, want)
	}
	// The warm-up round's 90 and 80 ms are not recorded.
	for i, want := range [][]time.Duration{ms(1, 2, 3), ms(4, 5, 6)} {
		if !slices.Equal(got[i], want) {
			t.Errorf("inits of %s = %v, want %v", fns[i].Name, got[i], want)
		}
	}
}

func TestColdStartsStopsAtAFailure(t *testing.T) {
	tests := []struct {
		name, fail string
		check      func(int, []byte) error
		want       string
	}{
		{"a start fails", "B", nil, "cold start of B, round 0: init error: TABLE_NAME is not set"},
		{"a check fails", "", func(_ int, body []byte) error {
			if string(body) == "b" {
				return fmt.Errorf("answered %s", body)
			}
			return nil
		}, "cold start of B, round 0: answered b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &fakeCold{fail: tt.fail, inits: map[string][]time.Duration{"A": {1}, "B": {2}}}
			fns := []ColdFunction{{Name: "A", Event: []byte("a"), Check: tt.check}, {Name: "B", Event: []byte("b"), Check: tt.check}}
			_, err := ColdStarts(context.Background(), inv, fns, 0, 1)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// newHelloRunner is a runner of the hello-world function and of functions/health without
// its configuration, under the emulator.
func newHelloRunner(t *testing.T) *lambdarun.Runner {
	t.Helper()
	if testing.Short() {
		t.Skip("builds functions and runs the emulator")
	}
	r, err := lambdarun.New(lambdarun.Options{Root: filepath.Join("..", "..")}, []lambdarun.Function{
		{Name: "hello", Package: "./infra/bench/hello", TimeoutSeconds: 10, MemorySize: 256},
		{Name: "HealthFunction", Package: "./functions/health", TimeoutSeconds: 10, MemorySize: 256},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	if err := r.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestColdStartRunsTheHelloFunction(t *testing.T) {
	r := newHelloRunner(t)
	tests := []struct {
		name  string
		event []byte
		want  string
	}{
		{"named", []byte(`{"name":"bench"}`), `"hello, bench"`},
		{"no name", []byte(`{}`), `"hello, world"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(status int, body []byte) error {
				if got := string(body); status != 200 || got != tt.want {
					return fmt.Errorf("answered %d %s, want 200 %s", status, got, tt.want)
				}
				return nil
			}
			inits, err := ColdStarts(context.Background(), r, []ColdFunction{{Name: "hello", Event: tt.event, Check: check}}, 1, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(inits[0]) != 2 {
				t.Fatalf("%d inits recorded, want 2", len(inits[0]))
			}
			for _, d := range inits[0] {
				if d <= 0 {
					t.Errorf("init %v, want a positive duration", d)
				}
			}
		})
	}
}

func TestColdStartReportsAFunctionWhoseInitFails(t *testing.T) {
	r := newHelloRunner(t)
	// Without its configuration the health function logs why and exits at start.
	_, err := ColdStarts(context.Background(), r, []ColdFunction{{Name: "HealthFunction", Event: []byte(`{}`)}}, 0, 1)
	if err == nil {
		t.Fatal("cold start of a function without its configuration succeeded, want an error")
	}
	for _, want := range []string{"cold start of HealthFunction", "init error", "TABLE_NAME is not set"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestFirstVisitInit(t *testing.T) {
	all := make([]ColdSeries, 0, len(FirstVisit)+1)
	all = append(all, ColdSeries{Name: "functions/health", Init: Summary{Median: time.Second}})
	for i, name := range FirstVisit {
		all = append(all, ColdSeries{Name: name, Init: Summary{Median: time.Duration(i+1) * time.Millisecond}})
	}
	tests := []struct {
		name   string
		cold   []ColdSeries
		want   time.Duration
		wantOK bool
	}{
		{"every function of the visit, others left out", all, 15 * time.Millisecond, true},
		{"one missing", all[:len(all)-1], 0, false},
		{"none", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FirstVisitInit(tt.cold)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("FirstVisitInit = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestProvisionedPerMonth(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want float64 // 256 MB = 0.25 GB, 730 h of 3,600 s, USD 0.0000033334 a GB-second
	}{
		{"none", 0, 0},
		{"one environment", 1, 0.25 * 730 * 3600 * 0.0000033334},
		{"the first visit's five", 5, 5 * 0.25 * 730 * 3600 * 0.0000033334},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ProvisionedPerMonth(tt.n); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("ProvisionedPerMonth(%d) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
}
