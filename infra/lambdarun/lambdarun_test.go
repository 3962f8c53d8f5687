package lambdarun

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// root is the repository root, from this package's folder.
var root, _ = filepath.Abs("../..")

func event(path string) events.APIGatewayV2HTTPRequest {
	ev := events.APIGatewayV2HTTPRequest{Version: "2.0", RouteKey: "$default", RawPath: path}
	ev.RequestContext.RequestID = "req-" + strings.Trim(path, "/")
	ev.RequestContext.HTTP.Method = http.MethodGet
	ev.RequestContext.HTTP.Path = path
	return ev
}

// mustFail checks that the call failed with API Gateway's answer status and a reason
// holding want.
func mustFail(t *testing.T, err error, status int, want string) {
	t.Helper()
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("err = %v, want a *Failure", err)
	}
	if f.Status() != status || !strings.Contains(f.Reason, want) {
		t.Fatalf("failure %d %q, want %d and a reason with %q", f.Status(), f.Reason, status, want)
	}
	wantBody := map[int]string{500: `{"message":"Internal Server Error"}`, 503: `{"message":"Service Unavailable"}`}[status]
	if f.Body() != wantBody {
		t.Fatalf("body %s, want %s", f.Body(), wantBody)
	}
}

// TestFailuresAsAPIGatewayAnswersThem runs a test-only function (testdata/faulty) and a real
// one under the emulator and checks each failure's answer: a returned error, a panic, an
// exit and a run past the function's 1 s Timeout are 500 Internal Server Error; an init
// failure (health without TABLE_NAME: MustLoad exits) is 500 too; no answer within the
// integration timeout is 503. A crashed process is replaced on the next call.
func TestFailuresAsAPIGatewayAnswersThem(t *testing.T) {
	if testing.Short() {
		t.Skip("builds functions and runs the emulator")
	}
	r, err := New(Options{Root: root, IntegrationTimeout: 5 * time.Second}, []Function{
		{Name: "Faulty", Package: "./infra/lambdarun/testdata/faulty", TimeoutSeconds: 1, MemorySize: 128,
			Env: map[string]string{"FAULTY_GREETING": "hello"}},
		{Name: "Patient", Package: "./infra/lambdarun/testdata/faulty", TimeoutSeconds: 60, MemorySize: 128},
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

	ok := func(name string) string {
		t.Helper()
		resp, err := r.InvokeHTTP(ctx, name, event("/ok"))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s /ok: %+v %v", name, resp, err)
		}
		return resp.Body
	}
	first := ok("Faulty")
	if !strings.HasSuffix(first, " hello") {
		t.Fatalf("body %q: the template's variable did not reach the function", first)
	}
	if ok("Faulty") != first {
		t.Fatal("a second call did not reuse the warm execution environment")
	}

	_, err = r.InvokeHTTP(ctx, "Faulty", event("/error"))
	mustFail(t, err, 500, "function error errorString: faulty: asked to fail")

	_, err = r.InvokeHTTP(ctx, "Faulty", event("/panic"))
	mustFail(t, err, 500, "faulty: asked to panic")
	if again := ok("Faulty"); again == first {
		t.Fatal("after a panic the function ran in the same process; Lambda starts a fresh one")
	}

	_, err = r.InvokeHTTP(ctx, "Faulty", event("/exit"))
	mustFail(t, err, 500, "Runtime.ExitError")
	ok("Faulty")

	_, err = r.InvokeHTTP(ctx, "Faulty", event("/sleep"))
	mustFail(t, err, 500, "Sandbox.Timedout: Task timed out after 1.00 seconds")
	ok("Faulty")

	// Its own Timeout is 60 s: API Gateway gives up first (here after 5 s instead of 30).
	_, err = r.InvokeHTTP(ctx, "Patient", event("/sleep"))
	mustFail(t, err, 503, "integration timeout")
	ok("Patient")

	_, err = r.InvokeHTTP(ctx, "HealthFunction", event("/api/health"))
	mustFail(t, err, 500, "TABLE_NAME is not set")

	// The whole emulator going away (a crash of the environment) is replaced on the next call.
	f := r.fns["Faulty"]
	f.mu.Lock()
	for p := range f.all {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	f.mu.Unlock()
	ok("Faulty")
	if n := r.Processes("Faulty"); n != 1 {
		t.Fatalf("%d Faulty processes after a crash and a call, want 1", n)
	}

	r.Close()
	if n := r.Processes("Faulty"); n != 0 {
		t.Fatalf("%d processes after Close", n)
	}
}

func TestEnvironmentIsOnlyLambdasAndTheTemplates(t *testing.T) {
	r, err := New(Options{Root: root, Env: []string{"AWS_REGION=sa-east-1", "AWS_ENDPOINT_URL_S3=http://127.0.0.1:1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	t.Setenv("SOMETHING_OF_THE_HOST", "x")
	env := r.Environment(Function{Name: "F", Env: map[string]string{"TABLE_NAME": "portal", "AWS_LAMBDA_FUNCTION_NAME": "spoofed"}, TimeoutSeconds: 10, MemorySize: 256})
	got := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = v
	}
	for k, v := range map[string]string{"TABLE_NAME": "portal", "AWS_REGION": "sa-east-1", "AWS_DEFAULT_REGION": "sa-east-1",
		"AWS_LAMBDA_FUNCTION_NAME": "F", "AWS_LAMBDA_FUNCTION_TIMEOUT": "10", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
		"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:1"} {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["SOMETHING_OF_THE_HOST"]; ok {
		t.Error("the host's environment leaked into the function's")
	}
	// The function's own endpoints (Options.Endpoints) win over the runner's.
	for _, kv := range r.environment(Function{Name: "F"}, []string{"AWS_ENDPOINT_URL_S3=http://127.0.0.1:2"}) {
		if k, v, _ := strings.Cut(kv, "="); k == "AWS_ENDPOINT_URL_S3" && v != "http://127.0.0.1:2" {
			t.Errorf("with its own endpoint, AWS_ENDPOINT_URL_S3 = %q", v)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		wantReason string
		wantStatus int
		wantBody   string
	}{
		{"response", `{"statusCode":201,"body":"x"}`, 200, "", 201, "x"},
		{"JSON without statusCode is a 200 JSON body", `{"a":1}`, 200, "", 200, `{"a":1}`},
		{"function error", `{"errorMessage":"boom","errorType":"errorString"}`, 200, "function error errorString: boom", 0, ""},
		{"timeout", `Task timed out after 10.00 seconds`, 200, "Sandbox.Timedout", 0, ""},
		{"not JSON", `<html>`, 200, "malformed Lambda proxy response", 0, ""},
		{"bad statusCode", `{"statusCode":"x"}`, 200, "malformed Lambda proxy response", 0, ""},
		{"emulator failure", `oops`, 502, "emulator status 502", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, reason := decode(tt.status, []byte(tt.body))
			if !strings.Contains(reason, tt.wantReason) || (tt.wantReason == "" && reason != "") {
				t.Fatalf("reason %q, want %q", reason, tt.wantReason)
			}
			if tt.wantReason == "" && (resp.StatusCode != tt.wantStatus || resp.Body != tt.wantBody) {
				t.Fatalf("resp %+v", resp)
			}
		})
	}
}

// TestOverlappingCallsGetTheirOwnProcesses holds two calls in the function at once: each runs
// in an execution environment of its own, as Lambda scales, and both answer once released.
func TestOverlappingCallsGetTheirOwnProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds functions and runs the emulator")
	}
	release := filepath.Join(t.TempDir(), "release")
	r, err := New(Options{Root: root}, []Function{{Name: "Faulty", Package: "./infra/lambdarun/testdata/faulty", TimeoutSeconds: 60,
		Env: map[string]string{"FAULTY_RELEASE": release}}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Built first: under load the build alone can take longer than any fixed wait.
	if err := r.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() {
			resp, err := r.InvokeHTTP(context.Background(), "Faulty", event("/hold"))
			if err == nil && resp.StatusCode != 200 {
				err = errors.New(resp.Body)
			}
			errs <- err
		}()
	}
	// No deadline of its own (a loaded machine starts processes slowly; the test binary's
	// timeout catches a hang): both held calls must be running at once before either returns.
	for r.Processes("Faulty") < 2 {
		select {
		case err := <-errs:
			t.Fatalf("a held call returned while %d processes ran: %v", r.Processes("Faulty"), err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestBinaryIsTheBuiltExecutable: Binary names the executable Build made, and refuses a
// function that is not built or not the runner's.
func TestBinaryIsTheBuiltExecutable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a function")
	}
	r, err := New(Options{Root: root}, []Function{{Name: "Faulty", Package: "./infra/lambdarun/testdata/faulty"}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Binary("Faulty"); err == nil || !strings.Contains(err.Error(), "not built") {
		t.Errorf("Binary before Build: err = %v, want not built", err)
	}
	if err := r.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	bin, err := r.Binary("Faulty")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(bin); err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("Binary = %s: %v, want an executable file", bin, err)
	}
	if _, err := r.Binary("Other"); err == nil || !strings.Contains(err.Error(), "no function Other") {
		t.Errorf("Binary of an unknown function: err = %v, want no function", err)
	}
}
