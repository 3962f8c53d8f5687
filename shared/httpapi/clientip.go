package httpapi

import (
	"net/netip"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// ViewerAddressHeader is the header in which CloudFront tells the origin the viewer's
// address and source port ("198.51.100.7:52944", "2001:db8::1:443"), as the API cache
// behaviour's origin request policy forwards it.
const ViewerAddressHeader = "cloudfront-viewer-address"

// ClientIP returns the address of the client that made r: the IP of the CloudFront-Viewer-Address
// header when it holds a valid address, else the request context's sourceIp. Behind
// CloudFront, sourceIp is the edge server's address, shared by every viewer that edge
// serves, so per-client logic (the login throttle, the audit log) must use this instead.
//
// The header is trusted because only CloudFront reaches the API: CloudFront overwrites
// whatever a viewer sends under that name, and the origin guard (Guard) refuses a request
// to the API's own endpoint, whose caller could choose the header, before any handler runs.
func ClientIP(r events.APIGatewayV2HTTPRequest) string {
	if ip, ok := viewerIP(Header(&r, ViewerAddressHeader)); ok {
		return ip
	}
	return r.RequestContext.HTTP.SourceIP
}

// viewerIP parses CloudFront's "ip:port" value. An IPv6 address comes either bare before the
// port ("2001:db8::1:443": the last colon separates the port) or in brackets
// ("[2001:db8::1]:443").
func viewerIP(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", false
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		if ap.Addr().Zone() != "" {
			return "", false
		}
		return ap.Addr().Unmap().String(), true
	}
	i := strings.LastIndexByte(v, ':')
	if i <= 0 || !validPort(v[i+1:]) {
		return "", false
	}
	host := v[:i]
	if strings.HasPrefix(host, "[") || strings.ContainsAny(host, "%") {
		return "", false
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !a.Is6() {
		return "", false
	}
	return a.Unmap().String(), true
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 65535
}
