package gateway_test

import (
	"encoding/base64"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/gateway"
	"crmportal/shared/httpapi"
)

func TestEventHasTheShapeAPIGatewaySends(t *testing.T) {
	r := httptest.NewRequest("POST", "http://portal.localhost:3000/api/records/Invoices/42?tag=a&tag=b&limit=5", nil)
	r.RemoteAddr = "203.0.113.9:51234"
	r.Header.Add("Cookie", "__Host-session=abc; theme=dark")
	r.Header.Add("X-Multi", "one")
	r.Header.Add("X-Multi", "two")
	r.Header.Set("Content-Type", "application/json")
	ev := gateway.Event(r, []byte(`{"a":1}`), "POST /api/records/{module}/{id}", map[string]string{"module": "Invoices", "id": "42"})

	checks := []struct {
		name      string
		got, want string
	}{
		{"version", ev.Version, "2.0"},
		{"route key", ev.RouteKey, "POST /api/records/{module}/{id}"},
		{"context route key", ev.RequestContext.RouteKey, "POST /api/records/{module}/{id}"},
		{"raw path", ev.RawPath, "/api/records/Invoices/42"},
		{"raw query", ev.RawQueryString, "tag=a&tag=b&limit=5"},
		{"multi query", ev.QueryStringParameters["tag"], "a,b"},
		{"query", ev.QueryStringParameters["limit"], "5"},
		{"multi header", ev.Headers["x-multi"], "one,two"},
		{"host header", ev.Headers["host"], "portal.localhost:3000"},
		{"path param", ev.PathParameters["id"], "42"},
		{"method", ev.RequestContext.HTTP.Method, "POST"},
		{"path", ev.RequestContext.HTTP.Path, "/api/records/Invoices/42"},
		{"source ip is the edge", ev.RequestContext.HTTP.SourceIP, gateway.EdgeAddress},
		{"viewer address", ev.Headers["cloudfront-viewer-address"], "203.0.113.9:51234"},
		{"domain", ev.RequestContext.DomainName, "portal.localhost"},
		{"domain prefix", ev.RequestContext.DomainPrefix, "portal"},
		{"stage", ev.RequestContext.Stage, "$default"},
		{"body", ev.Body, `{"a":1}`},
		{"cookies", strings.Join(ev.Cookies, "|"), "__Host-session=abc|theme=dark"},
		{"cookie header removed", ev.Headers["cookie"], ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if ev.IsBase64Encoded {
		t.Error("a JSON body is passed as text, not base64")
	}
	if ev.RequestContext.RequestID == "" || ev.RequestContext.TimeEpoch == 0 {
		t.Errorf("request context lacks request id or time: %+v", ev.RequestContext)
	}
}

func TestEventCarriesCloudFrontHeaders(t *testing.T) {
	tests := []struct {
		name       string
		remoteAddr string
		sent       map[string]string // headers the client sends
		want       map[string]string // headers the function gets
	}{
		{
			name:       "ipv4 viewer",
			remoteAddr: "203.0.113.9:51234",
			want: map[string]string{
				"cloudfront-viewer-address":      "203.0.113.9:51234",
				"cloudfront-forwarded-proto":     "http",
				"cloudfront-viewer-http-version": "1.1",
				"x-forwarded-for":                "203.0.113.9, " + gateway.EdgeAddress,
				"x-forwarded-proto":              "https",
				"x-forwarded-port":               "443",
			},
		},
		{
			name:       "ipv6 viewer in brackets",
			remoteAddr: "[2001:db8::7]:443",
			want: map[string]string{
				"cloudfront-viewer-address": "[2001:db8::7]:443",
				"x-forwarded-for":           "2001:db8::7, " + gateway.EdgeAddress,
			},
		},
		{
			name:       "spoofed viewer address is overwritten",
			remoteAddr: "203.0.113.9:51234",
			sent: map[string]string{
				"CloudFront-Viewer-Address":  "198.51.100.1:1",
				"CloudFront-Viewer-Country":  "ZZ",
				"CloudFront-Forwarded-Proto": "gopher",
			},
			want: map[string]string{
				"cloudfront-viewer-address":  "203.0.113.9:51234",
				"cloudfront-viewer-country":  "",
				"cloudfront-forwarded-proto": "http",
			},
		},
		{
			name:       "x-forwarded-for sent by the client is kept, viewer and edge appended",
			remoteAddr: "203.0.113.9:51234",
			sent:       map[string]string{"X-Forwarded-For": "10.0.0.1"},
			want:       map[string]string{"x-forwarded-for": "10.0.0.1, 203.0.113.9, " + gateway.EdgeAddress},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://localhost:3000/api/health", nil)
			r.RemoteAddr = tc.remoteAddr
			for k, v := range tc.sent {
				r.Header.Set(k, v)
			}
			ev := gateway.Event(r, nil, "GET /api/health", nil)
			for k, want := range tc.want {
				if got := ev.Headers[k]; got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			if got := ev.RequestContext.HTTP.SourceIP; got != gateway.EdgeAddress {
				t.Errorf("sourceIp = %q, want the edge %q", got, gateway.EdgeAddress)
			}
			if got := httpapi.ClientIP(ev); got == gateway.EdgeAddress || got == "" {
				t.Errorf("ClientIP = %q, want the viewer's", got)
			}
			if v := ev.Headers["via"]; !strings.HasSuffix(v, ".cloudfront.net (CloudFront)") || !strings.HasPrefix(v, "1.1 ") {
				t.Errorf("via = %q", v)
			}
			if id := ev.Headers["x-amz-cf-id"]; len(id) < 40 {
				t.Errorf("x-amz-cf-id = %q", id)
			}
			if tr := ev.Headers["x-amzn-trace-id"]; !strings.HasPrefix(tr, "Root=1-") {
				t.Errorf("x-amzn-trace-id = %q", tr)
			}
		})
	}
}

func TestBinaryBodiesArriveBase64Encoded(t *testing.T) {
	r := httptest.NewRequest("POST", "/api/x", nil)
	r.Header.Set("Content-Type", "application/pdf")
	body := []byte{0x25, 0x50, 0x44, 0x46, 0x00, 0xff}
	ev := gateway.Event(r, body, "POST /api/x", nil)
	if !ev.IsBase64Encoded {
		t.Fatal("IsBase64Encoded = false for application/pdf")
	}
	got, err := base64.StdEncoding.DecodeString(ev.Body)
	if err != nil || string(got) != string(body) {
		t.Errorf("body decodes to %v, %v; want %v", got, err, body)
	}
}

func TestResponseIsWrittenFaithfully(t *testing.T) {
	w := httptest.NewRecorder()
	gateway.WriteResponse(w, events.APIGatewayV2HTTPResponse{
		StatusCode:        201,
		Headers:           map[string]string{"Content-Type": "application/octet-stream", "ETag": `"3"`},
		MultiValueHeaders: map[string][]string{"Vary": {"Origin", "Cookie"}},
		Cookies:           []string{"a=1; Path=/; HttpOnly", "b=2; Path=/"},
		Body:              base64.StdEncoding.EncodeToString([]byte{0, 1, 2}),
		IsBase64Encoded:   true,
	})
	res := w.Result()
	if res.StatusCode != 201 {
		t.Errorf("status = %d, want 201", res.StatusCode)
	}
	if got := res.Header.Values("Set-Cookie"); len(got) != 2 || got[0] != "a=1; Path=/; HttpOnly" || got[1] != "b=2; Path=/" {
		t.Errorf("Set-Cookie = %q, want two cookies in order", got)
	}
	if got := res.Header.Values("Vary"); len(got) != 2 {
		t.Errorf("Vary = %q, want two values", got)
	}
	if got := res.Header.Get("ETag"); got != `"3"` {
		t.Errorf("ETag = %q", got)
	}
	if got := w.Body.Bytes(); len(got) != 3 || got[2] != 2 {
		t.Errorf("body = %v, want [0 1 2]", got)
	}
}
