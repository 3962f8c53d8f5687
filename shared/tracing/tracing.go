// Package tracing records each AWS SDK call a function makes as an X-Ray subsegment of the
// invocation's segment, the one Lambda records for a function with Tracing: Active, so a trace
// shows which DynamoDB, S3 and SES calls a request made, how long each took, its request id
// and whether it failed or was throttled.
//
// It is a middleware on the one aws.Config every client is made from, and it sends segment
// documents over UDP to the X-Ray daemon Lambda runs beside the function
// (AWS_XRAY_DAEMON_ADDRESS), as the X-Ray SDKs do. It is small on purpose: the X-Ray SDK for
// Go (in maintenance mode since February 2026) and OpenTelemetry's otelaws with an exporter
// each add 10 MB or more to every function, and OpenTelemetry in Lambda also needs a collector
// layer. Outside Lambda (no daemon address) nothing is installed, sent or logged.
package tracing

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"crmportal/shared/httpapi"
)

// MiddlewareID names the middleware in the SDK's stack (Initialize step, after the SDK's own
// steps, so it spans the call's retries).
const MiddlewareID = "PortalXRaySubsegment"

// daemonHeader precedes every segment document sent to the daemon.
const daemonHeader = `{"format": "json", "version": 1}` + "\n"

// LambdaTraceKey is the context key under which aws-lambda-go hands the invocation's trace
// header (Root=...;Parent=...;Sampled=...) to the handler.
const LambdaTraceKey = "x-amzn-trace-id"

// Option installs the middleware on an aws.Config, before any client is made from it, when
// daemonAddr (Lambda's AWS_XRAY_DAEMON_ADDRESS: "host:port", or "udp:host:port
// tcp:host:port") is set, and does nothing when it is empty. An unusable address is an
// error, so a misconfigured function fails at start.
func Option(daemonAddr string) func(*aws.Config) error {
	return func(o *aws.Config) error {
		if daemonAddr == "" {
			return nil
		}
		e, err := newEmitter(daemonAddr)
		if err != nil {
			return err
		}
		o.APIOptions = append(o.APIOptions, e.add)
		return nil
	}
}

// emitter sends subsegments to one daemon.
type emitter struct {
	conn net.Conn
	// warned is set after the first failed send: tracing never fails a call, and a daemon
	// that is gone would otherwise log on every call.
	warned atomic.Bool
}

func newEmitter(daemonAddr string) (*emitter, error) {
	addr := udpAddress(daemonAddr)
	conn, err := net.Dial("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("X-Ray daemon address %q: %w", daemonAddr, err)
	}
	return &emitter{conn: conn}, nil
}

// udpAddress picks the UDP address out of the daemon variable's two forms.
func udpAddress(v string) string {
	for _, f := range strings.Fields(v) {
		if a, ok := strings.CutPrefix(f, "udp:"); ok {
			return a
		}
	}
	return strings.TrimSpace(v)
}

func (e *emitter) add(s *middleware.Stack) error {
	return s.Initialize.Add(middleware.InitializeMiddlewareFunc(MiddlewareID, e.handle), middleware.After)
}

// handle runs the call and, when the invocation is sampled, sends its subsegment.
func (e *emitter) handle(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	parent, ok := ParseTraceHeader(traceHeader(ctx))
	if !ok || !parent.Sampled {
		return next.HandleInitialize(ctx, in)
	}
	start := time.Now()
	out, md, err := next.HandleInitialize(ctx, in)
	doc := subsegment(ctx, parent, start, time.Now(), md, err)
	if sendErr := e.send(doc); sendErr != nil && e.warned.CompareAndSwap(false, true) {
		httpapi.Logger(ctx).Warn("X-Ray subsegment not sent; further failures are not logged", "err", sendErr.Error())
	}
	return out, md, err
}

func traceHeader(ctx context.Context) string {
	h, _ := ctx.Value(LambdaTraceKey).(string)
	return h
}

func (e *emitter) send(doc Subsegment) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = e.conn.Write(append([]byte(daemonHeader), b...))
	return err
}

// Parent is the invocation's place in a trace, read from its trace header.
type Parent struct {
	TraceID   string // 1-5759e988-bd862e3fe1be46a994272793
	SegmentID string // the function's segment, parent of the subsegments
	Sampled   bool
}

// ParseTraceHeader reads an X-Amzn-Trace-Id header; ok is false unless it names both a root
// and a parent.
func ParseTraceHeader(h string) (p Parent, ok bool) {
	for _, part := range strings.Split(h, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Root":
			p.TraceID = v
		case "Parent":
			p.SegmentID = v
		case "Sampled":
			p.Sampled = v == "1"
		}
	}
	return p, p.TraceID != "" && p.SegmentID != ""
}

// Subsegment is the X-Ray segment document of one AWS call, sent on its own (type
// "subsegment" with its parent and trace).
type Subsegment struct {
	Type      string    `json:"type"`
	ID        string    `json:"id"`
	TraceID   string    `json:"trace_id"`
	ParentID  string    `json:"parent_id"`
	Name      string    `json:"name"`
	Namespace string    `json:"namespace"`
	StartTime float64   `json:"start_time"`
	EndTime   float64   `json:"end_time"`
	AWS       AWSFields `json:"aws"`
	HTTP      *HTTP     `json:"http,omitempty"`
	Error     bool      `json:"error,omitempty"`    // a 4xx answer
	Throttle  bool      `json:"throttle,omitempty"` // a 429 or a throttling error
	Fault     bool      `json:"fault,omitempty"`    // a 5xx answer or no answer
}

// AWSFields are the subsegment's "aws" object.
type AWSFields struct {
	Operation string `json:"operation"`
	Region    string `json:"region,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	Retries   int    `json:"retries,omitempty"`
}

// HTTP is the subsegment's "http" object: the last answer's status.
type HTTP struct {
	Response struct {
		Status int `json:"status"`
	} `json:"response"`
}

func subsegment(ctx context.Context, p Parent, start, end time.Time, md middleware.Metadata, err error) Subsegment {
	s := Subsegment{
		Type:      "subsegment",
		ID:        newID(),
		TraceID:   p.TraceID,
		ParentID:  p.SegmentID,
		Name:      awsmiddleware.GetServiceID(ctx),
		Namespace: "aws",
		StartTime: seconds(start),
		EndTime:   seconds(end),
		AWS:       AWSFields{Operation: awsmiddleware.GetOperationName(ctx), Region: awsmiddleware.GetRegion(ctx)},
	}
	s.AWS.RequestID, _ = awsmiddleware.GetRequestIDMetadata(md)
	if attempts, ok := retry.GetAttemptResults(md); ok && len(attempts.Results) > 1 {
		s.AWS.Retries = len(attempts.Results) - 1
	}
	status := 0
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && raw != nil {
		status = raw.StatusCode
	}
	var re *smithyhttp.ResponseError
	if status == 0 && errors.As(err, &re) && re.Response != nil {
		status = re.Response.StatusCode
	}
	if status != 0 {
		s.HTTP = &HTTP{}
		s.HTTP.Response.Status = status
	}
	switch {
	case err == nil && status < 400:
	case status == 429 || retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary:
		s.Error, s.Throttle = true, true
	case status >= 400 && status < 500:
		s.Error = true
	default:
		s.Fault = true
	}
	return s
}

func seconds(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }

// newID is a subsegment id: 64 random bits in hex.
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it panics on an unusable source)
	return hex.EncodeToString(b[:])
}
