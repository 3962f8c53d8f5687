// Package customdomain holds the rules of an organization's custom domain: the host name its
// portal is also served at (docs/custom-domains.md). It has no AWS dependency.
package customdomain

import (
	"net/netip"
	"strings"
)

// MaxLength is the longest host name DNS allows, in characters (RFC 1035 §2.3.4, without the
// trailing dot).
const MaxLength = 253

// Normalize is what the rules check and what is stored: v without surrounding spaces, in
// lowercase (DNS names are case-insensitive, and the claim item's key must be one spelling).
func Normalize(v string) string {
	return strings.ToLower(strings.TrimSpace(v))
}

// Check returns why host (normalized) cannot be a portal's custom domain, or "" when it can:
// a host name of RFC 1123 letters, digits and hyphens, at least two labels of 1 to 63
// characters neither starting nor ending with a hyphen, at most MaxLength characters, a last
// label that is not all digits; no scheme, port, path, trailing dot or IP address; and
// neither deploymentHost (the deployment's own host, "" when unknown) nor a name under it,
// whose certificate and routing belong to the deployment. An empty host is not checked here:
// it clears the setting.
func Check(host, deploymentHost string) string {
	if host == "" {
		return ""
	}
	if len(host) > MaxLength {
		return "must be at most 253 characters"
	}
	if strings.Contains(host, "://") || strings.ContainsAny(host, "/:?#@ ") {
		return "must be a host name only (no scheme, port or path), such as portal.example.com"
	}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return "must be a host name, not an IP address"
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return "must have at least two labels, such as portal.example.com"
	}
	for _, l := range labels {
		if !validLabel(l) {
			return "must be a host name of letters, digits and hyphens (labels of 1 to 63 characters, not starting or ending with a hyphen)"
		}
	}
	if allDigits(labels[len(labels)-1]) {
		return "must be a host name, not an IP address"
	}
	if d := Normalize(deploymentHost); d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
		return "must not be the deployment's own domain or a name under it"
	}
	return ""
}

func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, c := range l {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

func allDigits(l string) bool {
	for _, c := range l {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// HostOf returns the host of an origin or URL ("https://portal.example.com" →
// "portal.example.com"), without any port, in lowercase; "" when there is none.
func HostOf(origin string) string {
	h := origin
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndex(h, ":"); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return Normalize(h)
}

// LinkOrigin is the origin of the links an organization's emails carry: its custom domain's
// when it has one (domain, as stored), else fallback (the request's portal origin). An email
// read later, on any device, then leads to the address the organization gave its customers.
func LinkOrigin(domain, fallback string) string {
	if domain != "" {
		return "https://" + domain
	}
	return fallback
}
