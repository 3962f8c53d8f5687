package httpapi

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestClientIP(t *testing.T) {
	const edge = "192.0.2.100"
	tests := []struct {
		name   string
		header string // the cloudfront-viewer-address value; "" leaves it out
		want   string
	}{
		{"no header: the source ip", "", edge},
		{"ipv4 with port", "203.0.113.9:51234", "203.0.113.9"},
		{"ipv4 with spaces", " 203.0.113.9:443 ", "203.0.113.9"},
		{"ipv6 bare before the port", "2001:db8::1:443", "2001:db8::1"},
		{"ipv6 full bare before the port", "2001:db8:0:0:0:0:0:7:80", "2001:db8::7"},
		{"ipv6 in brackets", "[2001:db8::1]:443", "2001:db8::1"},
		{"ipv6 loopback in brackets", "[::1]:8080", "::1"},
		{"ipv6 loopback bare", "::1:8080", "::1"},
		{"ipv4-mapped ipv6 is the ipv4", "[::ffff:203.0.113.9]:443", "203.0.113.9"},
		{"no port: not CloudFront's format", "203.0.113.9", edge},
		{"empty port", "203.0.113.9:", edge},
		{"port out of range", "203.0.113.9:65536", edge},
		{"port not a number", "203.0.113.9:http", edge},
		{"not an address", "example.com:443", edge},
		{"a list is not one address", "203.0.113.9:1, 198.51.100.1:2", edge},
		{"zone refused", "[fe80::1%eth0]:443", edge},
		{"bracket without port", "[2001:db8::1]", edge},
		{"ipv4 octet out of range", "203.0.113.300:443", edge},
		{"just a colon", ":", edge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := events.APIGatewayV2HTTPRequest{Headers: map[string]string{}}
			r.RequestContext.HTTP.SourceIP = edge
			if tc.header != "" {
				r.Headers["cloudfront-viewer-address"] = tc.header
			}
			if got := ClientIP(r); got != tc.want {
				t.Errorf("ClientIP(%q) = %q, want %q", tc.header, got, tc.want)
			}
		})
	}
	t.Run("header name in any case", func(t *testing.T) {
		r := events.APIGatewayV2HTTPRequest{Headers: map[string]string{"CloudFront-Viewer-Address": "203.0.113.9:1"}}
		r.RequestContext.HTTP.SourceIP = edge
		if got, want := ClientIP(r), "203.0.113.9"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}
