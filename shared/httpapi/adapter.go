package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Request is the API Gateway HTTP API (payload format 2.0) event.
type Request = events.APIGatewayV2HTTPRequest

// Response is the API Gateway HTTP API (payload format 2.0) result.
type Response = events.APIGatewayV2HTTPResponse

// Reply is what a handler answers on success. Body is encoded as JSON unless it is nil; Raw,
// when set instead, is sent as it is, with the Content-Type the handler sets in Headers.
type Reply struct {
	Status  int
	Body    any
	Raw     []byte
	Headers map[string]string
	Cookies []string
}

// JSON is a Reply with status and a JSON body.
func JSON(status int, body any) *Reply { return &Reply{Status: status, Body: body} }

// HandlerFunc is the shape of every route's business code.
type HandlerFunc func(ctx context.Context, r *Request) (*Reply, error)

// LambdaFunc is what lambda.Start and the local gateway call.
type LambdaFunc func(ctx context.Context, r Request) (Response, error)

type loggerKey struct{}

// WithLogger returns ctx carrying l, for code that runs outside Adapt (event handlers).
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// Logger returns the request's logger (with its request id and route), or slog.Default.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// Adapt wraps h so that its reply or error becomes exactly one response: errors through the
// kinds table as problem+json, internal errors and panics logged with the request id and
// shown as "internal error", security headers on every response. It never returns an error
// to the Lambda runtime, which would turn into API Gateway's own bare 500.
func Adapt(log *slog.Logger, h HandlerFunc) LambdaFunc {
	return func(ctx context.Context, r Request) (resp Response, _ error) {
		reqID := r.RequestContext.RequestID
		l := log.With("requestId", reqID, "route", r.RouteKey)
		ctx = context.WithValue(ctx, loggerKey{}, l)
		defer func() {
			if p := recover(); p != nil {
				l.Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				resp = errorResponse(l, fmt.Errorf("panic: %v", p), reqID)
			}
		}()
		reply, err := h(ctx, &r)
		if err != nil {
			return errorResponse(l, err, reqID), nil
		}
		out, err := encode(reply)
		if err != nil {
			return errorResponse(l, fmt.Errorf("encode response: %w", err), reqID), nil
		}
		return out, nil
	}
}

func encode(reply *Reply) (Response, error) {
	if reply == nil {
		reply = &Reply{Status: http.StatusNoContent}
	}
	status := reply.Status
	if status == 0 {
		status = http.StatusOK
	}
	resp := Response{StatusCode: status, Headers: map[string]string{}, Cookies: reply.Cookies}
	for k, v := range reply.Headers {
		resp.Headers[k] = v
	}
	if reply.Raw != nil {
		resp.Body = string(reply.Raw)
	} else if reply.Body != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(reply.Body); err != nil {
			return Response{}, err
		}
		resp.Body = strings.TrimSuffix(buf.String(), "\n")
		if _, ok := resp.Headers["Content-Type"]; !ok {
			resp.Headers["Content-Type"] = "application/json"
		}
	}
	if _, ok := resp.Headers["Cache-Control"]; !ok {
		resp.Headers["Cache-Control"] = "no-store"
	}
	setSecurityHeaders(resp.Headers)
	return resp, nil
}

func errorResponse(l *slog.Logger, err error, reqID string) Response {
	if KindOf(err) == Internal && transient(err) {
		err = &Error{Kind: Unavailable, Detail: "a service the portal depends on is busy; try again in a moment", RetryAfter: 1, Err: err}
	}
	p, e := problemFor(err, reqID)
	switch {
	case e == nil:
		l.Error("internal error", "err", err.Error())
	case p.Status >= 500:
		l.Warn("request failed", "status", p.Status, "err", err.Error())
	default:
		l.Info("request refused", "status", p.Status, "detail", p.Detail)
	}
	body, _ := json.Marshal(p) // a Problem always encodes
	headers := map[string]string{
		"Content-Type":  "application/problem+json",
		"Cache-Control": "no-store",
	}
	if e != nil && len(e.Allow) > 0 {
		headers["Allow"] = strings.Join(e.Allow, ", ")
	}
	if e != nil && e.RetryAfter > 0 {
		headers["Retry-After"] = strconv.Itoa(e.RetryAfter)
	}
	setSecurityHeaders(headers)
	return Response{StatusCode: p.Status, Headers: headers, Body: string(body)}
}

// SecurityHeaders are set on every API response (docs/security.md, "Checks in every make
// test"). The API serves only JSON, so its content security policy allows nothing.
var SecurityHeaders = map[string]string{
	"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
	"Content-Security-Policy":   "default-src 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options":    "nosniff",
	"Referrer-Policy":           "no-referrer", // token routes carry their secret in the path
	"X-Frame-Options":           "DENY",
}

func setSecurityHeaders(h map[string]string) {
	for k, v := range SecurityHeaders {
		h[k] = v
	}
}
