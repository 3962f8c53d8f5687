package iamguard

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"
)

// Proxies hold functions that run as processes of their own (each function's binary under the
// Lambda Runtime Interface Emulator) to their policies the way AWS does: at the service's
// endpoint, by who is calling. Each function gets its own endpoint per service, a loopback
// listener in front of the emulator, so the port a request arrives on names the function as
// its execution role's credentials would on AWS. Each request is read as the service reads it
// (ReadCall), authorized with the guard (Guard.Authorize: the same requests, records and log
// line as the in-process middleware), and then either forwarded to the emulator unchanged
// (method, path, query, headers including Host, body: the S3 gateway verifies SigV4
// signatures, which cover the Host header and the path) or answered with AWS's denial.
//
// Presigned URLs a function signs carry its endpoint, so a browser's upload or download comes
// through the signing function's proxy and is authorized as that function's call.
type Proxies struct {
	Guard *Guard
	// Targets are the emulators' base URLs, by service.
	Targets map[Service]string

	mu      sync.Mutex
	closed  bool
	servers map[string]map[Service]*proxyServer // function -> service
}

type proxyServer struct {
	url string
	srv *http.Server
}

// Endpoints returns function's endpoints (base URLs, by service), starting its listeners on
// the first call.
func (p *Proxies) Endpoints(function string) (map[Service]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("iamguard: proxies closed")
	}
	if p.servers == nil {
		p.servers = map[string]map[Service]*proxyServer{}
	}
	if p.servers[function] == nil {
		started := map[Service]*proxyServer{}
		for svc, target := range p.Targets {
			s, err := p.start(function, svc, target)
			if err != nil {
				for _, s := range started {
					_ = s.srv.Close()
				}
				return nil, err
			}
			started[svc] = s
		}
		p.servers[function] = started
	}
	out := map[Service]string{}
	for svc, s := range p.servers[function] {
		out[svc] = s.url
	}
	return out, nil
}

// Close stops every listener.
func (p *Proxies) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	var errs []error
	for _, byService := range p.servers {
		for _, s := range byService {
			errs = append(errs, s.srv.Close())
		}
	}
	p.servers = nil
	return errors.Join(errs...)
}

func (p *Proxies) start(function string, svc Service, target string) (*proxyServer, error) {
	u, err := url.Parse(target)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("iamguard: the %s endpoint %q is not a URL", svc, target)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("iamguard: listen for %s's %s endpoint: %w", function, svc, err)
	}
	forward := &httputil.ReverseProxy{
		// Only where to dial changes: the request goes on as it came (its Host is kept, no
		// X-Forwarded-* is added and those the caller sent stay), so its signature still
		// verifies.
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = u.Scheme, u.Host
			pr.Out.Host = pr.In.Host
			for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"} {
				if v, ok := pr.In.Header[h]; ok {
					pr.Out.Header[h] = v
				}
			}
		},
		// DisableCompression: no Accept-Encoding the caller did not send.
		Transport: &http.Transport{Proxy: nil, DisableCompression: true, MaxIdleConnsPerHost: 32,
			IdleConnTimeout: 90 * time.Second, ResponseHeaderTimeout: 5 * time.Minute},
		FlushInterval: -1,
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, authorize, err := ReadCall(svc, r)
		if authorize {
			var ref *Refusal
			if err != nil {
				p.Guard.refuse(function, err)
				ref = &Refusal{Service: svc, Function: function, Message: err.Error(), Err: err}
			} else {
				ref = p.Guard.Authorize(function, c)
			}
			if ref != nil {
				writeRefusal(w, r, ref)
				return
			}
		}
		forward.ServeHTTP(w, r)
	})
	s := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = s.Serve(l) }()
	return &proxyServer{url: "http://" + l.Addr().String(), srv: s}, nil
}

// writeRefusal answers a refused request as the service answers a denial: DynamoDB 400 with
// the JSON error (AccessDeniedException), S3 403 with the XML Error (AccessDenied), SES 403
// with the query protocol's ErrorResponse (AccessDenied), SQS 400 with the JSON error and the
// query-compatible code in x-amzn-query-error.
func writeRefusal(w http.ResponseWriter, r *http.Request, ref *Refusal) {
	id := ref.RequestID()
	switch ref.Service {
	case SQS:
		body, _ := json.Marshal(map[string]string{"__type": "com.amazon.coral.service#AccessDeniedException", "message": ref.Message})
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-RequestId", id)
		w.Header().Set("x-amzn-query-error", ref.Code()+";Sender")
		w.WriteHeader(ref.Status())
		_, _ = w.Write(body)
	case DynamoDB, KMS:
		body, _ := json.Marshal(map[string]string{"__type": "com.amazon.coral.service#" + ref.Code(), "Message": ref.Message})
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-RequestId", id)
		w.WriteHeader(ref.Status())
		_, _ = w.Write(body)
	case SES:
		type sesError struct {
			Type, Code, Message string
		}
		body, _ := xml.Marshal(struct {
			XMLName   xml.Name `xml:"http://ses.amazonaws.com/doc/2010-12-01/ ErrorResponse"`
			Error     sesError
			RequestID string `xml:"RequestId"`
		}{Error: sesError{Type: "Sender", Code: ref.Code(), Message: ref.Message}, RequestID: id})
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("X-Amzn-RequestId", id)
		w.WriteHeader(ref.Status())
		_, _ = w.Write(append([]byte(xml.Header), body...))
	default:
		body, _ := xml.Marshal(struct {
			XMLName   xml.Name `xml:"Error"`
			Code      string
			Message   string
			RequestID string `xml:"RequestId"`
			HostID    string `xml:"HostId"`
		}{Code: ref.Code(), Message: ref.Message, RequestID: id, HostID: id})
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Amz-Request-Id", id)
		w.WriteHeader(ref.Status())
		if r.Method != http.MethodHead {
			_, _ = w.Write(append([]byte(xml.Header), body...))
		}
	}
}
