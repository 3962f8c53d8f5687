package gateway_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/infra/template"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

var st *stack.Stack

func TestMain(m *testing.M) { stacktest.Main(m, &st) }

const templateFile = "../../template.yaml"

// MustDeps builds the functions' dependencies against the test stack.
func MustDeps(tb testing.TB) platform.Deps {
	tb.Helper()
	d, err := st.Deps(context.Background(), "http://localhost:3000", io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// MustServer serves a gateway over the test stack, with webDir as the web app.
func MustServer(tb testing.TB, webDir string) *httptest.Server {
	tb.Helper()
	gw, _, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", webDir, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	tb.Cleanup(srv.Close)
	return srv
}

func TestEveryTemplateFunctionHasAHandlerAndBack(t *testing.T) {
	tmpl, err := template.Load(templateFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := gateway.CheckFunctions(tmpl, gateway.Functions, gateway.EventFunctions, gateway.SNSFunctions); err != nil {
		t.Fatalf("CheckFunctions: %v", err)
	}
	missing := map[string]func(platform.Deps) httpapi.LambdaFunc{}
	for k, v := range gateway.Functions {
		if k != "functions/health" {
			missing[k] = v
		}
	}
	missing["functions/orphan"] = gateway.Functions["functions/health"]
	err = gateway.CheckFunctions(tmpl, missing, gateway.EventFunctions, gateway.SNSFunctions)
	if err == nil {
		t.Fatal("CheckFunctions accepted a template function without handler and a handler without function")
	}
	for _, want := range []string{"HealthFunction (functions/health) has no handler", "handler functions/orphan has no function"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

type problem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field string `json:"field"`
	} `json:"errors"`
}

func TestAPIThroughTheGateway(t *testing.T) {
	srv := MustServer(t, t.TempDir())
	tests := []struct {
		name, method, path, body, contentType string
		status                                int
		wantType                              string // problem type for errors, "" for success
		wantField                             string
		wantHeader                            [2]string
	}{
		{name: "health", method: "GET", path: "/api/health", status: 200},
		{name: "deep health", method: "GET", path: "/api/health?deep=1", status: 200},
		{name: "bad deep", method: "GET", path: "/api/health?deep=yes", status: 400, wantType: "/problems/invalid-request", wantField: "deep"},
		{name: "unknown route", method: "GET", path: "/api/nothing/here", status: 404, wantType: "/problems/not-found"},
		{name: "wrong method", method: "DELETE", path: "/api/health", status: 405, wantType: "/problems/method-not-allowed", wantHeader: [2]string{"Allow", "GET"}},
		{name: "post to known path", method: "POST", path: "/api/health", body: `{"a":1}`, contentType: "application/json", status: 405, wantType: "/problems/method-not-allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if got := resp.StatusCode; got != tt.status {
				t.Fatalf("status = %d, want %d; body %s", got, tt.status, b)
			}
			for k, v := range httpapi.SecurityHeaders {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if tt.wantHeader[0] != "" {
				if got := resp.Header.Get(tt.wantHeader[0]); got != tt.wantHeader[1] {
					t.Errorf("header %s = %q, want %q", tt.wantHeader[0], got, tt.wantHeader[1])
				}
			}
			if tt.wantType == "" {
				if got := resp.Header.Get("Content-Type"); got != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", got)
				}
				return
			}
			if got := resp.Header.Get("Content-Type"); got != "application/problem+json" {
				t.Errorf("Content-Type = %q, want application/problem+json", got)
			}
			var p problem
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatalf("problem body %s: %v", b, err)
			}
			if p.Type != tt.wantType || p.Status != tt.status {
				t.Errorf("problem = %+v, want type %s status %d", p, tt.wantType, tt.status)
			}
			if tt.wantField != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tt.wantField) {
				t.Errorf("problem errors = %+v, want field %s", p.Errors, tt.wantField)
			}
		})
	}
}

func TestDeepHealthReportsTableAndBucket(t *testing.T) {
	srv := MustServer(t, t.TempDir())
	resp, err := http.Get(srv.URL + "/api/health?deep=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Status string
		Checks map[string]struct{ Status string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "ok" || got.Checks["table"].Status != "up" || got.Checks["bucket"].Status != "up" {
		t.Errorf("deep health = %+v, want ok with table and bucket up", got)
	}
}

func TestPayloadOverTheAPILimitIsRefusedBeforeAnyFunction(t *testing.T) {
	srv := MustServer(t, t.TempDir())
	body := strings.NewReader(strings.Repeat("x", gateway.MaxPayloadBytes+1))
	resp, err := http.Post(srv.URL+"/api/health", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusRequestEntityTooLarge; got != want {
		t.Errorf("status = %d, want %d", got, want)
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff on the gateway's own answers too", got)
	}
}

func TestWebAppAndSPAFallback(t *testing.T) {
	web := t.TempDir()
	if err := os.MkdirAll(filepath.Join(web, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"index.html": "<html>app</html>", "assets/app.js": "console.log(1)"} {
		if err := os.WriteFile(filepath.Join(web, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := MustServer(t, web)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "<html>app</html>"},
		{"/admin", 200, "<html>app</html>"},
		{"/p/acme/records/Invoices", 200, "<html>app</html>"},
		{"/assets/app.js", 200, "console.log(1)"},
		{"/assets/missing.js", 404, ""},
		{"/../../etc/passwd.txt", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.body != "" && string(b) != tt.body {
				t.Errorf("body = %q, want %q", b, tt.body)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
		})
	}
}
