package customdomain

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	long := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)
	tests := []struct {
		name, host, deployment string
		ok                     bool
	}{
		{"empty clears", "", "portal.example.net", true},
		{"two labels", "acme.com", "", true},
		{"subdomain", "portal.acme.com", "d111.cloudfront.net", true},
		{"digits and hyphens", "my-portal2.acme-corp.com.br", "", true},
		{"253 characters", long, "", true},
		{"254 characters", long + "e", "", false},
		{"one label", "localhost", "", false},
		{"scheme", "https://portal.acme.com", "", false},
		{"port", "portal.acme.com:443", "", false},
		{"path", "portal.acme.com/p/acme", "", false},
		{"trailing dot", "portal.acme.com.", "", false},
		{"empty label", "portal..acme.com", "", false},
		{"leading hyphen", "-portal.acme.com", "", false},
		{"trailing hyphen", "portal-.acme.com", "", false},
		{"underscore", "my_portal.acme.com", "", false},
		{"uppercase not normalized", "Portal.acme.com", "", false},
		{"label of 64", strings.Repeat("a", 64) + ".com", "", false},
		{"IPv4", "192.0.2.10", "", false},
		{"IPv6", "[2001:db8::1]", "", false},
		{"numeric last label", "portal.123", "", false},
		{"unicode", "portál.acme.com", "", false},
		{"space", "portal acme.com", "", false},
		{"the deployment's domain", "portal.example.net", "portal.example.net", false},
		{"under the deployment's domain", "acme.portal.example.net", "portal.example.net", false},
		{"deployment spelled in capitals", "acme.portal.example.net", "Portal.Example.NET", false},
		{"suffix that is not a subdomain", "myportal.example.net", "portal.example.net", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := Check(tt.host, tt.deployment)
			if got := msg == ""; got != tt.ok {
				t.Errorf("Check(%q, %q) = %q, want ok=%v", tt.host, tt.deployment, msg, tt.ok)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	if got, want := Normalize("  Portal.ACME.com "), "portal.acme.com"; got != want {
		t.Errorf("Normalize = %q, want %q", got, want)
	}
}

func TestHostOf(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"origin", "https://portal.acme.com", "portal.acme.com"},
		{"with port", "http://127.0.0.1:8080", "127.0.0.1"},
		{"with path", "https://Portal.Acme.com/p/acme", "portal.acme.com"},
		{"bare host", "portal.acme.com", "portal.acme.com"},
		{"IPv6", "http://[::1]:8080", "[::1]"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HostOf(tt.in); got != tt.want {
				t.Errorf("HostOf(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLinkOrigin(t *testing.T) {
	tests := []struct{ name, domain, fallback, want string }{
		{"custom domain", "portal.acme.com", "https://d111.cloudfront.net", "https://portal.acme.com"},
		{"none", "", "https://d111.cloudfront.net", "https://d111.cloudfront.net"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LinkOrigin(tt.domain, tt.fallback); got != tt.want {
				t.Errorf("LinkOrigin(%q, %q) = %q, want %q", tt.domain, tt.fallback, got, tt.want)
			}
		})
	}
}
