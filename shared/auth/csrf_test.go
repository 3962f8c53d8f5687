package auth

import (
	"net/http"
	"testing"
)

func TestCheckStateChange(t *testing.T) {
	allowed := []string{"https://portal.example.com", "https://crm.example.com"}
	const portal = "https://portal.example.com"
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		allowed []string
		want    string
	}{
		{"GET needs nothing", "GET", nil, allowed, ""},
		{"HEAD needs nothing", "HEAD", nil, allowed, ""},
		{"OPTIONS needs nothing", "OPTIONS", nil, allowed, ""},
		{"GET from a foreign origin passes", "GET", map[string]string{"origin": "https://evil.example"}, allowed, ""},

		{"POST with header, no origin", "POST", map[string]string{"x-requested-with": "portal"}, allowed, ""},
		{"POST with header and allowed origin", "POST", map[string]string{"x-requested-with": "portal", "origin": portal}, allowed, ""},
		{"PATCH with second allowed origin", "PATCH", map[string]string{"x-requested-with": "portal", "origin": "https://crm.example.com"}, allowed, ""},
		{"PUT with header", "PUT", map[string]string{"x-requested-with": "portal"}, allowed, ""},
		{"DELETE with header", "DELETE", map[string]string{"x-requested-with": "portal"}, allowed, ""},

		{"POST without header", "POST", nil, allowed, reasonRequestedWith},
		{"POST with allowed origin but no header", "POST", map[string]string{"origin": portal}, allowed, reasonRequestedWith},
		{"POST with wrong header value", "POST", map[string]string{"x-requested-with": "XMLHttpRequest"}, allowed, reasonRequestedWith},
		{"POST with header value in other case", "POST", map[string]string{"x-requested-with": "Portal"}, allowed, reasonRequestedWith},
		{"DELETE without header", "DELETE", nil, allowed, reasonRequestedWith},
		{"lower-case get is not a safe method", "get", nil, allowed, reasonRequestedWith},
		{"unknown method", "PROPFIND", nil, allowed, reasonRequestedWith},

		{"foreign origin", "POST", map[string]string{"x-requested-with": "portal", "origin": "https://evil.example"}, allowed, reasonOrigin},
		{"null origin", "POST", map[string]string{"x-requested-with": "portal", "origin": "null"}, allowed, reasonOrigin},
		{"null origin when listed", "POST", map[string]string{"x-requested-with": "portal", "origin": "null"}, []string{"null"}, ""},
		{"http instead of https", "POST", map[string]string{"x-requested-with": "portal", "origin": "http://portal.example.com"}, allowed, reasonOrigin},
		{"other port", "POST", map[string]string{"x-requested-with": "portal", "origin": "https://portal.example.com:8443"}, allowed, reasonOrigin},
		{"trailing slash", "POST", map[string]string{"x-requested-with": "portal", "origin": portal + "/"}, allowed, reasonOrigin},
		{"other case", "POST", map[string]string{"x-requested-with": "portal", "origin": "https://PORTAL.example.com"}, allowed, reasonOrigin},
		{"suffix domain", "POST", map[string]string{"x-requested-with": "portal", "origin": portal + ".evil.example"}, allowed, reasonOrigin},
		{"no allowed origins", "POST", map[string]string{"x-requested-with": "portal", "origin": portal}, nil, reasonOrigin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := func(name string) string { return tt.headers[name] }
			if got := CheckStateChange(tt.method, header, tt.allowed); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("works with http.Header.Get", func(t *testing.T) {
		h := http.Header{}
		h.Set(RequestedWithHeader, RequestedWithValue)
		h.Set("Origin", portal)
		if got := CheckStateChange("POST", h.Get, allowed); got != "" {
			t.Errorf("got %q, want %q", got, "")
		}
	})
}
