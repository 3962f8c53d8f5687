package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

const testSecret = "0123456789abcdef0123456789abcdef0123456789abcdef"

func TestGuard(t *testing.T) {
	tests := []struct {
		name       string
		secret     string
		headers    map[string]string
		wantStatus int
		// wantOrigin is what the handler sees as RequestOrigin; "-" when it must not run.
		wantOrigin string
	}{
		{"missing header", testSecret, map[string]string{ViewerHostHeader: "d1.cloudfront.net"}, http.StatusForbidden, "-"},
		{"wrong secret", testSecret, map[string]string{OriginVerifyHeader: "nope", ViewerHostHeader: "d1.cloudfront.net"}, http.StatusForbidden, "-"},
		{"secret with one more character", testSecret, map[string]string{OriginVerifyHeader: testSecret + "x"}, http.StatusForbidden, "-"},
		{"right secret", testSecret, map[string]string{OriginVerifyHeader: testSecret, ViewerHostHeader: "d1.cloudfront.net"}, http.StatusOK, "https://d1.cloudfront.net"},
		{"right secret, header name in another case", testSecret, map[string]string{"X-Origin-Verify": testSecret, "X-Viewer-Host": "Portal.Example.com"}, http.StatusOK, "https://portal.example.com"},
		{"right secret without viewer host", testSecret, map[string]string{OriginVerifyHeader: testSecret}, http.StatusOK, ""},
		{"right secret, viewer host that is a URL", testSecret, map[string]string{OriginVerifyHeader: testSecret, ViewerHostHeader: "evil.example/x"}, http.StatusOK, ""},
		{"right secret, viewer host with userinfo", testSecret, map[string]string{OriginVerifyHeader: testSecret, ViewerHostHeader: "a@evil.example"}, http.StatusOK, ""},
		{"empty secret checks nothing", "", map[string]string{}, http.StatusOK, ""},
		{"empty secret trusts no viewer host", "", map[string]string{OriginVerifyHeader: "x", ViewerHostHeader: "d1.cloudfront.net"}, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotOrigin := "-"
			var seen map[string]string
			h := Guard(tt.secret, func(ctx context.Context, r *Request) (*Reply, error) {
				gotOrigin = RequestOrigin(ctx)
				seen = r.Headers
				return JSON(http.StatusOK, struct{}{}), nil
			})
			resp, err := Adapt(slog.New(slog.NewTextHandler(io.Discard, nil)), h)(context.Background(), Request{Headers: tt.headers})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if gotOrigin != tt.wantOrigin {
				t.Errorf("handler's origin = %q, want %q", gotOrigin, tt.wantOrigin)
			}
			for k := range seen {
				if strings.EqualFold(k, OriginVerifyHeader) {
					t.Errorf("the handler saw the %s header", k)
				}
			}
			if tt.wantStatus != http.StatusForbidden {
				return
			}
			if ct := resp.Headers["Content-Type"]; ct != "application/problem+json" {
				t.Errorf("Content-Type = %q, want application/problem+json", ct)
			}
			var p Problem
			if err := json.Unmarshal([]byte(resp.Body), &p); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Detail, "X-Origin-Verify") {
				t.Errorf("detail %q does not name the rule's header", p.Detail)
			}
			if strings.Contains(resp.Body, testSecret) {
				t.Error("the answer shows the secret")
			}
		})
	}
}

func TestPortalOrigin(t *testing.T) {
	viewer := WithRequestOrigin(context.Background(), "https://d1.cloudfront.net")
	tests := []struct {
		name       string
		ctx        context.Context
		configured string
		want       string
	}{
		{"configured wins over the viewer's", viewer, "https://portal.example.com", "https://portal.example.com"},
		{"the viewer's when none is configured", viewer, "", "https://d1.cloudfront.net"},
		{"configured without a viewer", context.Background(), "http://localhost:3000", "http://localhost:3000"},
		{"none known", context.Background(), "", ""},
		{"an empty origin leaves none", WithRequestOrigin(context.Background(), ""), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PortalOrigin(tt.ctx, tt.configured); got != tt.want {
				t.Errorf("PortalOrigin = %q, want %q", got, tt.want)
			}
		})
	}
}
