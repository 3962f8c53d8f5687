package gateway_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/gateway"
	"crmportal/infra/stack/stacktest"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer = stacktest.LogBuffer

// limitServer serves a gateway whose every route answers with a body of answerBytes and
// counts its calls.
func limitServer(t *testing.T, answerBytes int) (*httptest.Server, *atomic.Int32, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	gw, _, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", t.TempDir(), logs)
	if err != nil {
		t.Fatal(err)
	}
	calls := &atomic.Int32{}
	answer := strings.Repeat("a", answerBytes)
	gw.ReplaceHandlers(func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		calls.Add(1)
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain"}, Body: answer}, nil
	})
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	return srv, calls, logs
}

func send(t *testing.T, url, contentType string, n int) (int, string) {
	t.Helper()
	resp, err := http.Post(url, contentType, bytes.NewReader(bytes.Repeat([]byte{0xff}, n)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRequestsOverLambdasLimitNeverReachAFunction(t *testing.T) {
	srv, calls, logs := limitServer(t, 10)
	tests := []struct {
		name        string
		contentType string
		bytes       int
		want        int
		called      bool
	}{
		{"11 MB: over API Gateway's own limit", "application/octet-stream", 11 << 20, http.StatusRequestEntityTooLarge, false},
		{"5 MB binary: 6.7 MB of base64 in the event", "application/octet-stream", 5 << 20, http.StatusRequestEntityTooLarge, false},
		{"7 MB of text: over Lambda's limit", "text/plain", 7 << 20, http.StatusRequestEntityTooLarge, false},
		{"4 MB binary: 5.3 MB of base64, under it", "application/octet-stream", 4 << 20, http.StatusOK, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := calls.Load()
			status, body := send(t, srv.URL+"/api/health", tc.contentType, tc.bytes)
			if status != tc.want {
				t.Errorf("status = %d, want %d; body %.200s", status, tc.want, body)
			}
			if tc.want == http.StatusRequestEntityTooLarge && body != `{"message":"Request Entity Too Large"}` {
				t.Errorf("body = %.200s, want API Gateway's own", body)
			}
			if called := calls.Load() > before; called != tc.called {
				t.Errorf("function called = %v, want %v", called, tc.called)
			}
		})
	}
	if !strings.Contains(logs.String(), "Lambda's invocation request limit") {
		t.Errorf("no log line names the refused event: %s", logs.String())
	}
}

func TestAnswersOverLambdasLimitAreAPIGateways500(t *testing.T) {
	t.Run("7 MB answer", func(t *testing.T) {
		srv, calls, logs := limitServer(t, 7<<20)
		resp, err := http.Get(srv.URL + "/api/health")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusInternalServerError || string(b) != `{"message":"Internal Server Error"}` {
			t.Errorf("answer = %d %.200s, want API Gateway's bare 500", resp.StatusCode, b)
		}
		if calls.Load() != 1 {
			t.Errorf("calls = %d, want 1", calls.Load())
		}
		if l := logs.String(); !strings.Contains(l, "response over Lambda's payload limit") || !strings.Contains(l, "HealthFunction") || !strings.Contains(l, `"bytes":`) {
			t.Errorf("log does not name the function and the size: %s", l)
		}
	})
	t.Run("5 MB answer passes", func(t *testing.T) {
		srv, _, _ := limitServer(t, 5<<20)
		resp, err := http.Get(srv.URL + "/api/health")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || len(b) != 5<<20 {
			t.Errorf("answer = %d with %d bytes, want 200 with %d", resp.StatusCode, len(b), 5<<20)
		}
	})
}
