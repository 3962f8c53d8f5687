package gateway_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/gateway"
	"crmportal/shared/httpapi"
)

// TestGatewayPlaysCloudFrontForTheOriginGuard: through the gateway (the distribution) every
// /api request carries the functions' own secret in X-Origin-Verify and the requested host in
// X-Viewer-Host, whatever the client sent under those names; through ExecuteAPI (the API's own
// endpoint) the client's headers arrive as sent and the gateway adds neither.
func TestGatewayPlaysCloudFrontForTheOriginGuard(t *testing.T) {
	gw, deps, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	secret := deps.Config.OriginVerifySecret
	if len(secret) < 32 {
		t.Fatalf("the gateway's functions have the secret %q, want a generated one", secret)
	}
	var mu sync.Mutex
	var seen map[string]string
	gw.ReplaceHandlers(func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		mu.Lock()
		defer mu.Unlock()
		seen = ev.Headers
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusNoContent}, nil
	})
	viaCloudFront := httptest.NewServer(gw)
	t.Cleanup(viaCloudFront.Close)
	direct := httptest.NewServer(gw.ExecuteAPI())
	t.Cleanup(direct.Close)
	host := func(s *httptest.Server) string {
		u, _ := url.Parse(s.URL)
		return u.Host
	}
	tests := []struct {
		name       string
		srv        *httptest.Server
		sent       map[string]string
		wantSecret string
		wantHost   string
	}{
		{"through the distribution", viaCloudFront, nil, secret, host(viaCloudFront)},
		{"client's own values are overwritten", viaCloudFront, map[string]string{"X-Origin-Verify": "guessed", "X-Viewer-Host": "evil.example"}, secret, host(viaCloudFront)},
		{"direct call without them", direct, nil, "", ""},
		{"direct call with its own", direct, map[string]string{"X-Origin-Verify": "guessed", "X-Viewer-Host": "evil.example"}, "guessed", "evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", tt.srv.URL+"/api/health", nil)
			for k, v := range tt.sent {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			if got := seen[httpapi.OriginVerifyHeader]; got != tt.wantSecret {
				t.Errorf("%s = %q, want %q", httpapi.OriginVerifyHeader, got, tt.wantSecret)
			}
			if got := seen[httpapi.ViewerHostHeader]; got != tt.wantHost {
				t.Errorf("%s = %q, want %q", httpapi.ViewerHostHeader, got, tt.wantHost)
			}
		})
	}
}
