// Package gateway serves template.yaml's HTTP API on a local port the way API Gateway does:
// it builds the HTTP API payload v2 event for each request, calls the route's Go handler in
// process and writes its response back (status, headers, cookies, base64 bodies). Paths
// outside /api serve the built web app, with index.html for the app's own paths.
package gateway

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"crmportal/infra/ddbstrict"
	"crmportal/infra/iamguard"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/routes"
)

// MaxPayloadBytes is API Gateway's request payload limit.
const MaxPayloadBytes = 10 << 20

// FunctionTimeout is the functions' timeout in template.yaml's Globals: each in-process call
// gets this deadline, as a Lambda invocation would.
const FunctionTimeout = 10 * time.Second

// Gateway is an http.Handler for the API and the web app.
type Gateway struct {
	routes   []routes.Route
	handlers map[string]httpapi.LambdaFunc // by function logical id
	s3       []s3Target
	streams  []streamTarget // the table stream's subscriptions (streams.go)
	sqs      []sqsTarget    // the queues' subscriptions (sqs.go)
	// esmGuard holds the event source mappings' own calls (polling a queue, sending to an
	// on-failure destination) to the functions' policies and SAM's for their event sources.
	esmGuard *iamguard.Guard
	// stack is the local stack the gateway runs over (Local), whose queues it polls and
	// sends on-failure records to; nil for a gateway built with New alone.
	stack       *stack.Stack
	buckets     map[string]string // local bucket name -> logical id
	inflight    sync.WaitGroup
	defaultFunc string
	webDir      string
	connectSrc  []string // extra origins the web app may fetch from and show images of (the local S3 endpoint)
	log         *slog.Logger
	guard       *iamguard.Guard // nil only WithoutIAM
	strict      *ddbstrict.Layer
	deps        platform.Deps // the functions' dependencies before the guard
	// originSecret is the origin guard's secret of this gateway's functions (httpapi.Guard):
	// the gateway adds it to every /api request, as CloudFront's origin custom header does.
	originSecret string
}

// s3Target is a function that an S3 event starts.
type s3Target struct {
	id  string
	sub template.S3Subscription
	fn  func(context.Context, events.S3Event) error
	// onFailure is the logical id of the function's asynchronous on-failure queue, if any.
	onFailure string
}

// EventTimeout is the deadline of a function that an S3 event starts (Lambda's maximum).
const EventTimeout = 15 * time.Minute

// AsyncRetries is how many times an S3 event is delivered again after its function returned
// an error: the MaximumRetryAttempts of the event functions' EventInvokeConfig in
// template.yaml (a test keeps the two equal). AsyncRetryDelay is the first wait between
// deliveries (Lambda waits about a minute, then two).
const (
	AsyncRetries    = 2
	AsyncRetryDelay = 500 * time.Millisecond
)

// New builds the gateway for tmpl with the handlers of Functions and EventFunctions made from
// deps. It fails when a template function has no handler or a handler no template function.
// webDir is the built web app (web/dist); it may not exist yet. buckets maps local bucket
// names to their logical ids, for S3 events.
//
// Each function gets its own AWS clients, held by an IAM guard to the policies template.yaml
// gives it (see infra/iamguard): a call its policies do not allow fails as AWS fails it. Only
// WithoutIAM turns that off. Their DynamoDB calls go through the strict layer
// (infra/ddbstrict), which refuses what DynamoDB refuses and, WithDynamoDBFaults, injects what
// it does under load.
func New(tmpl *template.Template, deps platform.Deps, webDir string, buckets map[string]string, opts ...Option) (*Gateway, error) {
	if err := CheckFunctions(tmpl, Functions, EventFunctions, SNSFunctions); err != nil {
		return nil, err
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if deps.Config.OriginVerifySecret == "" {
		// A secret per gateway, as each stack generates its own: every request a test or a
		// browser sends goes through the functions' origin guard.
		deps.Config.OriginVerifySecret = hex.EncodeToString(randomBytes(32))
	}
	g := &Gateway{originSecret: deps.Config.OriginVerifySecret, routes: tmpl.Routes(), handlers: map[string]httpapi.LambdaFunc{}, defaultFunc: tmpl.DefaultFunction(),
		webDir: webDir, log: deps.Logger, buckets: buckets, deps: deps}
	var err error
	if !o.noIAM {
		if g.guard, err = guard(tmpl, o, deps); err != nil {
			return nil, err
		}
	}
	if g.strict, err = strictLayer(tmpl, o, deps); err != nil {
		return nil, err
	}
	if g.streams, err = streamTargets(tmpl, func(id string) platform.Deps { return asFunction(deps, g.guard, g.strict, id) }); err != nil {
		return nil, err
	}
	if g.sqs, err = sqsTargets(tmpl, func(id string) platform.Deps { return asFunction(deps, g.guard, g.strict, id) }); err != nil {
		return nil, err
	}
	if g.esmGuard, err = eventSourceGuard(g.guard, tmpl); err != nil {
		return nil, err
	}
	for _, f := range tmpl.Functions {
		fdeps := asFunction(deps, g.guard, g.strict, f.LogicalID)
		if len(f.Routes) > 0 {
			g.handlers[f.LogicalID] = Functions[f.CodeURI](fdeps)
		}
		if len(f.S3) > 0 {
			fn := EventFunctions[f.CodeURI](fdeps)
			for _, sub := range f.S3 {
				g.s3 = append(g.s3, s3Target{id: f.LogicalID, sub: sub, fn: fn, onFailure: f.AsyncOnFailure})
			}
		}
	}
	return g, nil
}

// HandleS3Event hands each record of a bucket notification to the functions subscribed to
// it, asynchronously, as S3 invokes Lambda. Wait waits for those still running.
func (g *Gateway) HandleS3Event(ev events.S3Event) {
	for _, rec := range ev.Records {
		logical := g.buckets[rec.S3.Bucket.Name]
		key, err := url.QueryUnescape(rec.S3.Object.Key)
		if err != nil {
			continue
		}
		for _, t := range g.s3 {
			if t.sub.Bucket != logical || !t.sub.Matches(rec.EventName, key) {
				continue
			}
			one := events.S3Event{Records: []events.S3EventRecord{rec}}
			g.inflight.Add(1)
			go func() {
				defer g.inflight.Done()
				// As Lambda does for an asynchronous invocation: the event is delivered again
				// after an error, AsyncRetries times (template.yaml's EventInvokeConfig), here
				// after AsyncRetryDelay doubled instead of Lambda's minutes.
				delay := AsyncRetryDelay
				for attempt := 0; ; attempt++ {
					ctx, cancel := context.WithTimeout(context.Background(), EventTimeout)
					err := invokeEvent(ctx, t.fn, one)
					cancel()
					if err == nil {
						return
					}
					if attempt == AsyncRetries {
						g.asyncFailed(t.id, t.onFailure, one, attempt+1, err)
						return
					}
					g.log.Warn("function failed; delivering the event again", "function", t.id, "key", key, "attempt", attempt+1, "err", err.Error())
					time.Sleep(delay)
					delay *= 2
				}
			}()
		}
	}
}

func invokeEvent(ctx context.Context, fn func(context.Context, events.S3Event) error, ev events.S3Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(ctx, ev)
}

// Wait blocks until the functions started by S3 events have returned.
func (g *Gateway) Wait() { g.inflight.Wait() }

// CheckFunctions reports every template function without a constructor of its kind (HTTP
// routes in fns, S3 events in eventFns, SNS notifications in snsFns) and every constructor
// without a template function.
func CheckFunctions(tmpl *template.Template, fns map[string]func(platform.Deps) httpapi.LambdaFunc,
	eventFns map[string]func(platform.Deps) func(context.Context, events.S3Event) error,
	snsFns map[string]func(platform.Deps) func(context.Context, events.SNSEvent) error) error {
	var problems []string
	seen := map[string]bool{}
	for _, f := range tmpl.Functions {
		seen[f.CodeURI] = true
		if _, ok := fns[f.CodeURI]; len(f.Routes) > 0 && !ok {
			problems = append(problems, fmt.Sprintf("template function %s (%s) has no handler in infra/gateway.Functions", f.LogicalID, f.CodeURI))
		}
		if _, ok := eventFns[f.CodeURI]; len(f.S3) > 0 && !ok {
			problems = append(problems, fmt.Sprintf("template function %s (%s) has no handler in infra/gateway.EventFunctions", f.LogicalID, f.CodeURI))
		}
		if _, ok := snsFns[f.CodeURI]; len(f.SNS) > 0 && !ok {
			problems = append(problems, fmt.Sprintf("template function %s (%s) has no handler in infra/gateway.SNSFunctions", f.LogicalID, f.CodeURI))
		}
	}
	for dir := range fns {
		if !seen[dir] {
			problems = append(problems, fmt.Sprintf("handler %s has no function in template.yaml", dir))
		}
	}
	for dir := range eventFns {
		if !seen[dir] {
			problems = append(problems, fmt.Sprintf("handler %s has no function in template.yaml", dir))
		}
	}
	for dir := range snsFns {
		if !seen[dir] {
			problems = append(problems, fmt.Sprintf("handler %s has no function in template.yaml", dir))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// ServeHTTP routes /api to the functions and everything else to the web app, as the
// CloudFront distribution does: each /api request carries the origin guard's secret and the
// viewer's host (the API origin's custom header and the viewer-request function).
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
		g.serveAPI(w, r, true)
		return
	}
	g.serveWeb(w, r)
}

// ExecuteAPI serves the API as its own execute-api endpoint does when called directly,
// without CloudFront: the request's headers reach the functions as the caller sent them (an
// X-Origin-Verify or X-Viewer-Host of its own choosing included), so the origin guard has
// to refuse it.
func (g *Gateway) ExecuteAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { g.serveAPI(w, r, false) })
}

func (g *Gateway) serveAPI(w http.ResponseWriter, r *http.Request, viaCloudFront bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxPayloadBytes+1))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if len(body) > MaxPayloadBytes {
		// API Gateway refuses such a request itself, before any function.
		writeJSON(w, http.StatusRequestEntityTooLarge, `{"message":"Request Entity Too Large"}`)
		return
	}
	route, params, ok, _ := routes.Match(g.routes, r.Method, r.URL.Path)
	fn, key := route.Function, route.Key()
	if !ok {
		fn, key, params = g.defaultFunc, template.DefaultRoute, nil
	}
	h, found := g.handlers[fn]
	if !found {
		writeJSON(w, http.StatusNotFound, `{"message":"Not Found"}`)
		return
	}
	ev := Event(r, body, key, params)
	if viaCloudFront {
		ev.Headers[httpapi.OriginVerifyHeader] = g.originSecret
		ev.Headers[httpapi.ViewerHostHeader] = r.Host
	} else {
		for _, name := range []string{httpapi.OriginVerifyHeader, httpapi.ViewerHostHeader} {
			if v := r.Header.Values(name); len(v) > 0 {
				ev.Headers[name] = strings.Join(v, ",")
			}
		}
	}
	if n := payloadSize(ev); n > LambdaRequestLimit {
		// Lambda refuses to be invoked with it; API Gateway answers 413 and no function runs.
		g.log.Error("event over Lambda's invocation request limit", "function", fn, "requestId", ev.RequestContext.RequestID, "bytes", n)
		writeJSON(w, http.StatusRequestEntityTooLarge, `{"message":"Request Entity Too Large"}`)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), FunctionTimeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: ev.RequestContext.RequestID,
		InvokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:" + fn})
	resp, err := invoke(ctx, h, ev)
	if err != nil {
		// A function error is API Gateway's bare 500.
		g.log.Error("function failed", "function", fn, "requestId", ev.RequestContext.RequestID, "err", err.Error())
		if a := answer(nil); errors.As(err, &a) {
			// A failure that says what API Gateway answers for it (runner.go).
			writeJSON(w, a.Status(), a.Body())
			return
		}
		writeJSON(w, http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
		return
	}
	if n := payloadSize(resp); n > LambdaResponseLimit {
		// Lambda fails the invocation (the function's answer is lost): API Gateway's bare 500.
		g.log.Error("response over Lambda's payload limit", "function", fn, "requestId", ev.RequestContext.RequestID, "bytes", n)
		writeJSON(w, http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
		return
	}
	WriteResponse(w, resp)
}

// LambdaRequestLimit and LambdaResponseLimit are Lambda's synchronous invocation payload
// limits ("6 MB"), in bytes of JSON: the event API Gateway sends (a base64 body grows by
// 4/3) and the response the function returns, as Lambda measures them (its errors say
// "Request must be smaller than 6291456 bytes" and "Exceeded maximum allowed payload size
// (6291556 bytes)"). API Gateway's own 10 MB (MaxPayloadBytes) is checked first.
const (
	LambdaRequestLimit  = 6 << 20
	LambdaResponseLimit = 6<<20 + 100
)

// payloadSize is the length of v as JSON, as the Lambda runtime carries it.
func payloadSize(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}

func invoke(ctx context.Context, h httpapi.LambdaFunc, ev events.APIGatewayV2HTTPRequest) (resp events.APIGatewayV2HTTPResponse, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, ev)
}

// writeJSON writes an answer API Gateway gives itself; the security headers are those
// CloudFront's response headers policy adds to it.
func writeJSON(w http.ResponseWriter, status int, body string) {
	for k, v := range httpapi.SecurityHeaders {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// EdgeAddress is the address of the CloudFront edge server the local gateway stands behind:
// every event's sourceIp, as on AWS, where the API sees the edge and not the viewer. It is a
// documentation address (RFC 5737), never a viewer's; the viewer's address (the gateway's
// TCP peer) comes in the cloudfront-viewer-address header.
const EdgeAddress = "192.0.2.100"

// edgeHost names the edge server in Via, as CloudFront does ("<id>.cloudfront.net").
const edgeHost = "0123456789abcdef0123456789abcdef.cloudfront.net"

// Event builds the HTTP API payload format 2.0 event API Gateway sends for r when r comes
// through CloudFront, as on AWS: the viewer is r's TCP peer (r.RemoteAddr), sourceIp is the
// edge's EdgeAddress, and the headers CloudFront adds under the API behaviour's origin
// request policy (AllViewerExceptHostHeader) and API Gateway adds are set:
// cloudfront-viewer-address ("ip:port", IPv6 in brackets), cloudfront-forwarded-proto,
// cloudfront-viewer-http-version, via, x-amz-cf-id, x-forwarded-for (what the viewer sent,
// then the viewer, then the edge), x-forwarded-proto, x-forwarded-port and x-amzn-trace-id.
// CloudFront-* headers a client sends are dropped, as CloudFront overwrites them, so a client
// cannot choose its own viewer address; so are X-Origin-Verify and X-Viewer-Host, which the
// distribution sets (ServeHTTP adds them).
func Event(r *http.Request, body []byte, routeKey string, params map[string]string) events.APIGatewayV2HTTPRequest {
	now := time.Now()
	headers := map[string]string{}
	var cookies []string
	for name, vs := range r.Header {
		lname := strings.ToLower(name)
		if strings.HasPrefix(lname, "cloudfront-") || lname == httpapi.OriginVerifyHeader || lname == httpapi.ViewerHostHeader {
			continue
		}
		if lname == "cookie" {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[lname] = strings.Join(vs, ",")
	}
	if r.Host != "" {
		headers["host"] = r.Host
	}
	if r.ContentLength > 0 || len(body) > 0 {
		headers["content-length"] = strconv.Itoa(len(body))
	}
	var query map[string]string
	if q := r.URL.Query(); len(q) > 0 {
		query = map[string]string{}
		for k, vs := range q {
			query[k] = strings.Join(vs, ",")
		}
	}
	viewerIP, viewerPort, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		viewerIP, viewerPort = r.RemoteAddr, "0"
	}
	viewerProto := "http"
	if r.TLS != nil {
		viewerProto = "https"
	}
	httpVersion := fmt.Sprintf("%d.%d", r.ProtoMajor, r.ProtoMinor)
	headers["cloudfront-viewer-address"] = net.JoinHostPort(viewerIP, viewerPort)
	headers["cloudfront-forwarded-proto"] = viewerProto
	headers["cloudfront-viewer-http-version"] = httpVersion
	headers["via"] = httpVersion + " " + edgeHost + " (CloudFront)"
	headers["x-amz-cf-id"] = randomBase64(40)
	forwarded := viewerIP + ", " + EdgeAddress
	if xff := strings.TrimSpace(headers["x-forwarded-for"]); xff != "" {
		forwarded = xff + ", " + forwarded
	}
	headers["x-forwarded-for"] = forwarded
	headers["x-forwarded-proto"] = "https"
	headers["x-forwarded-port"] = "443"
	headers["x-amzn-trace-id"] = traceID(now)
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	reqID := requestID()
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              routeKey,
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     routeKey,
			AccountID:    "000000000000",
			Stage:        "$default",
			RequestID:    reqID,
			APIID:        "local",
			DomainName:   host,
			DomainPrefix: strings.SplitN(host, ".", 2)[0],
			Time:         now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:    now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    r.Method,
				Path:      r.URL.Path,
				Protocol:  r.Proto,
				SourceIP:  EdgeAddress,
				UserAgent: r.UserAgent(),
			},
		},
	}
	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type")) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	return ev
}

// isText tells which bodies API Gateway passes as text; others arrive base64-encoded.
func isText(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		mt == "application/xml" || strings.HasSuffix(mt, "+xml") || mt == "application/x-www-form-urlencoded" ||
		mt == "application/javascript"
}

// randomBase64 is n random bytes in URL-safe base64, the shape of CloudFront's request ids.
func randomBase64(n int) string {
	return base64.URLEncoding.EncodeToString(randomBytes(n))
}

// randomBytes is n bytes from crypto/rand (which never fails on the platforms Go supports).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// traceID is an X-Ray trace header as API Gateway adds it: Root=1-<time>-<96 random bits>.
func traceID(now time.Time) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("Root=1-%08x-%s", now.Unix(), hex.EncodeToString(b[:]))
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// WriteResponse writes a payload v2 response as API Gateway does: headers (single and
// multi-value), one Set-Cookie per cookie, the body decoded from base64 when flagged.
func WriteResponse(w http.ResponseWriter, resp events.APIGatewayV2HTTPResponse) {
	h := w.Header()
	for k, v := range resp.Headers {
		h.Set(k, v)
	}
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	for _, c := range resp.Cookies {
		h.Add("Set-Cookie", c)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(resp.Body)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
			return
		}
		body = b
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// WebSecurityHeaders mirror the CloudFront response headers policy of template.yaml. The
// app's paths /p/{slug}/invite/{token}, /p/{slug}/reset/{token} and /admin/reset/{token}
// carry a secret, and every path is served the same index.html: no-referrer for all.
var WebSecurityHeaders = map[string]string{
	"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
	"Content-Security-Policy":   WebCSP(),
	"X-Content-Type-Options":    "nosniff",
	"Referrer-Policy":           "no-referrer",
	"X-Frame-Options":           "DENY",
}

// WebCSP is the web app's Content-Security-Policy as template.yaml's response headers policy
// builds it, with storage the origins of the buckets the app reaches through presigned URLs
// (deployed: the attachments and imports buckets' own https origins; locally: the S3
// endpoints). No other host may be fetched from or shown; the app's forms post nowhere
// (script sends them), hence form-action 'self'.
func WebCSP(storage ...string) string {
	src := func(self ...string) string { return strings.Join(append(self, storage...), " ") }
	return "default-src 'self'; img-src " + src("'self'", "data:") + "; style-src 'self' 'unsafe-inline'; connect-src " + src("'self'") +
		"; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
}

// serveWeb serves files of the built web app; a path without a file extension is one of the
// app's own routes and gets index.html (as the CloudFront function does).
func (g *Gateway) serveWeb(w http.ResponseWriter, r *http.Request) {
	for k, v := range WebSecurityHeaders {
		w.Header().Set(k, v)
	}
	// Locally the presigned upload and logo URLs are plain http on the S3 endpoints.
	w.Header().Set("Content-Security-Policy", WebCSP(g.connectSrc...))
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	clean := path.Clean("/" + r.URL.Path)
	if !strings.Contains(path.Base(clean), ".") {
		clean = "/index.html"
	}
	file := filepath.Join(g.webDir, filepath.FromSlash(clean))
	f, err := os.Open(file)
	if err != nil {
		if clean == "/index.html" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "The web app is not built yet: run `make web`.\n")
			return
		}
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	if clean == "/index.html" {
		w.Header().Set("Cache-Control", "no-cache")
	} else if strings.HasPrefix(clean, "/assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeContent(w, r, st.Name(), st.ModTime(), f)
}
