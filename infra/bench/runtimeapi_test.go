package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// roundTrip sends one request to the runtime API and returns the status, headers and body.
func roundTrip(t *testing.T, ctx context.Context, method, url string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func TestRuntimeAPIServesAHandWrittenRuntime(t *testing.T) {
	tests := []struct {
		name      string
		endpoint  string
		posted    string
		wantError bool
	}{
		{"response", "response", `{"ok":true}`, false},
		{"error", "error", `{"errorMessage":"boom","errorType":"Boom"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, err := NewRuntimeAPI()
			if err != nil {
				t.Fatal(err)
			}
			defer api.Close()
			if got := api.FirstNextAt(); !got.IsZero() {
				t.Errorf("FirstNextAt before any GET next = %v, want the zero time", got)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			type outcome struct {
				res Result
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				res, err := api.Invoke(ctx, []byte(`{"event":1}`))
				done <- outcome{res, err}
			}()

			base := "http://" + api.Addr() + "/2018-06-01/runtime/invocation/"
			status, h, body := roundTrip(t, ctx, http.MethodGet, base+"next", nil)
			if got, want := status, http.StatusOK; got != want {
				t.Fatalf("GET next status = %d, want %d", got, want)
			}
			if got, want := string(body), `{"event":1}`; got != want {
				t.Errorf("GET next body = %s, want %s", got, want)
			}
			id := h.Get("Lambda-Runtime-Aws-Request-Id")
			for _, name := range []string{"Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms", "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Trace-Id"} {
				if h.Get(name) == "" {
					t.Errorf("GET next lacks header %s", name)
				}
			}
			select {
			case <-api.FirstNext():
			default:
				t.Error("FirstNext not closed after GET next")
			}
			if api.FirstNextAt().IsZero() {
				t.Error("FirstNextAt after GET next is the zero time")
			}

			status, _, _ = roundTrip(t, ctx, http.MethodPost, base+id+"/"+tt.endpoint, []byte(tt.posted))
			if got, want := status, http.StatusAccepted; got != want {
				t.Errorf("POST %s status = %d, want %d", tt.endpoint, got, want)
			}
			o := <-done
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got, want := o.res, (Result{RequestID: id, Body: []byte(tt.posted), Error: tt.wantError}); got.RequestID != want.RequestID || string(got.Body) != string(want.Body) || got.Error != want.Error {
				t.Errorf("Invoke = %+v, want %+v", got, want)
			}
		})
	}
}

func TestRuntimeAPIRefusesAnUnknownRequestID(t *testing.T) {
	api, err := NewRuntimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	for _, endpoint := range []string{"response", "error"} {
		status, _, _ := roundTrip(t, context.Background(), http.MethodPost, "http://"+api.Addr()+"/2018-06-01/runtime/invocation/unknown/"+endpoint, []byte(`{}`))
		if got, want := status, http.StatusBadRequest; got != want {
			t.Errorf("POST %s for an unknown id: status = %d, want %d", endpoint, got, want)
		}
	}
}

func TestRuntimeAPIReceivesAnInitError(t *testing.T) {
	api, err := NewRuntimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	status, _, _ := roundTrip(t, context.Background(), http.MethodPost, "http://"+api.Addr()+"/2018-06-01/runtime/init/error", []byte(`{"errorMessage":"no config"}`))
	if got, want := status, http.StatusAccepted; got != want {
		t.Fatalf("POST init/error status = %d, want %d", got, want)
	}
	select {
	case r := <-api.InitError():
		if got, want := string(r.Body), `{"errorMessage":"no config"}`; got != want || !r.Error {
			t.Errorf("init error = %+v, want body %s and Error", r, want)
		}
	default:
		t.Error("InitError received nothing")
	}
}

func TestInvokeEndsWithItsContext(t *testing.T) {
	api, err := NewRuntimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := api.Invoke(ctx, []byte(`{}`)); err == nil {
		t.Error("Invoke without any process and with an ended context succeeded, want an error")
	}
}

// mustBuild builds the main package pkg (relative to the repository root) for the host.
func mustBuild(t *testing.T, pkg string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a function binary")
	}
	out := filepath.Join(t.TempDir(), "bootstrap")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := Build(ctx, filepath.Join("..", ".."), pkg, runtime.GOOS, runtime.GOARCH, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestColdStartRunsTheHelloFunction(t *testing.T) {
	bin := mustBuild(t, "./infra/bench/hello")
	tests := []struct {
		name  string
		event []byte
		want  string
	}{
		{"first next only", nil, ""},
		{"named", []byte(`{"name":"bench"}`), `"hello, bench"`},
		{"no name", []byte(`{}`), `"hello, world"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, res, err := ColdStart(context.Background(), bin, nil, tt.event)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(res.Body); got != tt.want || res.Error {
				t.Errorf("result = %s (error %v), want %s", got, res.Error, tt.want)
			}
		})
	}
}

func TestColdStartReportsAProcessThatExitsBeforeAskingForAnInvocation(t *testing.T) {
	bin := mustBuild(t, "./functions/health")
	// Without its configuration the health function logs why and exits at start.
	_, _, err := ColdStart(context.Background(), bin, []string{"AWS_REGION=us-east-1"}, []byte(`{}`))
	if err == nil {
		t.Fatal("ColdStart of a function without its configuration succeeded, want an error")
	}
	for _, want := range []string{"exited before asking for an invocation", "TABLE_NAME is not set"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
