package lambdarun

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestParseInitReport(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		want   time.Duration
		wantOK bool
	}{
		{"rapid's line", "07 Dec 2026 01:19:51,983 [INFO] (rapid) INIT REPORT(durationMs: 5.417000)", 5417 * time.Microsecond, true},
		{"prefixed by the runner", "[HealthFunction] 07 Dec 2026 01:19:51,983 [INFO] (rapid) INIT REPORT(durationMs: 12.000000)", 12 * time.Millisecond, true},
		{"whole seconds", "(rapid) INIT REPORT(durationMs: 1500.250000)", 1500250 * time.Microsecond, true},
		{"zero", "(rapid) INIT REPORT(durationMs: 0.000000)", 0, true},
		{"the REPORT line's init", "REPORT RequestId: x\tInit Duration: 0.09 ms\tDuration: 7.01 ms", 0, false},
		{"init start", "(rapid) INIT START(type: on-demand, phase: init)", 0, false},
		{"not rapid's", "INIT REPORT(durationMs: 5.0)", 0, false},
		{"no number", "(rapid) INIT REPORT(durationMs: soon)", 0, false},
		{"negative", "(rapid) INIT REPORT(durationMs: -1.000000)", 0, false},
		{"not a number", "(rapid) INIT REPORT(durationMs: NaN)", 0, false},
		{"cut off", "(rapid) INIT REPORT(durationMs: 5.4", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseInitReport(tt.line)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseInitReport = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseInitDone(t *testing.T) {
	tests := []struct {
		name, line, want string
		wantOK           bool
	}{
		{"success", "07 Dec 2026 01:19:51,983 [INFO] (rapid) INIT RTDONE(status: success)", "success", true},
		{"error", "(rapid) INIT RTDONE(status: error)", "error", true},
		{"with more fields", "(rapid) INIT RTDONE(status: failure, errorType: Runtime.ExitError)", "failure", true},
		{"invoke's", "(rapid) INVOKE RTDONE(status: success, produced bytes: 0, duration: 1.258000ms)", "", false},
		{"empty status", "(rapid) INIT RTDONE(status: )", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseInitDone(tt.line)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseInitDone = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestInitWatchReadsLinesSplitAcrossWrites feeds rapid's lines in pieces, as a pipe may.
func TestInitWatchReadsLinesSplitAcrossWrites(t *testing.T) {
	w := newInitWatch()
	out := "x [INFO] (rapid) INIT START(type: on-demand, phase: init)\nx [INFO] (rapid) INIT RTDO" +
		"NE(status: success)\nx [INFO] (rapid) INIT REPORT(durati" + "onMs: 3.250000)\nx [INFO] (rapid) INIT REPORT(durationMs: 9.000000)\n"
	for _, piece := range []string{out[:20], out[20:70], out[70:130], out[130:]} {
		if _, err := w.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-w.reported:
	default:
		t.Fatal("no init report seen")
	}
	if status, init := w.result(); status != "success" || init != 3250*time.Microsecond {
		t.Errorf("result = %q, %v; want success, 3.25ms (the first report)", status, init)
	}
}

// TestInvokeColdStartsAFreshEnvironmentEachTime runs a real function under the emulator:
// every cold invocation answers, reports an init, and leaves no process behind; a function
// whose init fails (health without TABLE_NAME) is an error naming why.
func TestInvokeColdStartsAFreshEnvironmentEachTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds functions and runs the emulator")
	}
	r, err := New(Options{Root: root}, []Function{
		{Name: "Faulty", Package: "./infra/lambdarun/testdata/faulty", TimeoutSeconds: 10, MemorySize: 128,
			Env: map[string]string{"FAULTY_GREETING": "hello"}},
		{Name: "HealthFunction", Package: "./functions/health", TimeoutSeconds: 10, MemorySize: 256,
			Env: map[string]string{"ATTACHMENTS_BUCKET": "b", "IMPORTS_BUCKET": "i", "SENDER_EMAIL": "a@b.example", "LOG_LEVEL": "info"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	if err := r.Build(ctx); err != nil {
		t.Fatal(err)
	}
	payload := []byte(`{"version":"2.0","rawPath":"/ok","requestContext":{"http":{"method":"GET","path":"/ok"}}}`)
	var bodies []string
	for i := 0; i < 2; i++ {
		c, err := r.InvokeCold(ctx, "Faulty", "", payload)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != 200 || !strings.Contains(string(c.Body), "hello") {
			t.Fatalf("cold call %d answered %d %s", i, c.Status, c.Body)
		}
		if c.Init <= 0 {
			t.Errorf("cold call %d: init %v, want a positive duration", i, c.Init)
		}
		bodies = append(bodies, string(c.Body))
		if n := r.Processes("Faulty"); n != 0 {
			t.Errorf("%d processes in the pool after a cold call, want 0", n)
		}
	}
	// The faulty function answers with its process id: two cold calls, two processes.
	if bodies[0] == bodies[1] {
		t.Errorf("two cold calls answered %s alike: the second reused the first's process", bodies[0])
	}

	_, err = r.InvokeCold(ctx, "HealthFunction", "", payload)
	if err == nil || !strings.Contains(err.Error(), "TABLE_NAME is not set") {
		t.Errorf("cold call of a function whose init fails: %v, want an error naming TABLE_NAME", err)
	}
}
