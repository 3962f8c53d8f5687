package lambdarun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// IntegrationTimeout is API Gateway HTTP API's longest wait for a Lambda integration: past
// it the client gets 503 whatever the function's own Timeout (Options.IntegrationTimeout).
const IntegrationTimeout = 30 * time.Second

// Failure is a call API Gateway answers itself because the function gave no usable
// response. Status and Body are that answer; Reason is Lambda's (the emulator's) reason.
type Failure struct {
	Function, RequestID string
	StatusCode          int
	Reason              string
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%s request %s: %s", f.Function, f.RequestID, f.Reason)
}

// Status is the HTTP status API Gateway answers with.
func (f *Failure) Status() int { return f.StatusCode }

// Body is API Gateway's own JSON body for that status.
func (f *Failure) Body() string {
	if f.StatusCode == http.StatusServiceUnavailable {
		return `{"message":"Service Unavailable"}`
	}
	return `{"message":"Internal Server Error"}`
}

// InvokeHTTP invokes the function name with an HTTP API payload 2.0 event and returns its
// response as API Gateway reads it. When the function fails it returns a *Failure with the
// answer API Gateway HTTP API gives:
//
//   - a function error (a returned error, a panic, an exit), an init failure (Lambda's
//     Runtime.ExitError: a missing variable stops the process before its handler), a run past
//     the function's Timeout (Sandbox.Timedout: "Task timed out after N seconds") and a
//     response that is not JSON: 500 {"message":"Internal Server Error"};
//   - no answer within the HTTP API's 30-second integration timeout: 503
//     {"message":"Service Unavailable"}.
//
// The caller's cancellation does not stop the invocation (API Gateway's does not either);
// the integration timeout does.
func (r *Runner) InvokeHTTP(ctx context.Context, name string, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	payload, err := json.Marshal(ev)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	reqID := ev.RequestContext.RequestID
	limit := r.o.IntegrationTimeout
	if limit <= 0 {
		limit = IntegrationTimeout
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limit)
	defer cancel()
	status, body, err := r.Invoke(ctx, name, reqID, payload)
	fail := func(code int, reason string) (events.APIGatewayV2HTTPResponse, error) {
		return events.APIGatewayV2HTTPResponse{}, &Failure{Function: name, RequestID: reqID, StatusCode: code, Reason: reason}
	}
	var empty *emptyFailure
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fail(http.StatusServiceUnavailable, fmt.Sprintf("no response within the integration timeout (%s)", limit))
	case errors.As(err, &empty):
		return fail(http.StatusInternalServerError, fmt.Sprintf("Runtime.ExitError: the function failed before answering (emulator status %d): %s", status, empty.last))
	case err != nil:
		return fail(http.StatusInternalServerError, err.Error())
	}
	resp, reason := decode(status, body)
	if reason != "" {
		return fail(http.StatusInternalServerError, reason)
	}
	return resp, nil
}

// decode reads what the emulator answered for an invocation: a payload 2.0 response, or the
// reason it is a failure.
func decode(status int, body []byte) (events.APIGatewayV2HTTPResponse, string) {
	trimmed := bytes.TrimSpace(body)
	if strings.HasPrefix(string(trimmed), "Task timed out after") {
		return events.APIGatewayV2HTTPResponse{}, "Sandbox.Timedout: " + string(trimmed)
	}
	var head map[string]json.RawMessage
	isObject := json.Unmarshal(trimmed, &head) == nil
	if _, hasStatus := head["statusCode"]; isObject && !hasStatus {
		if _, ok := head["errorType"]; ok {
			var fe struct{ ErrorType, ErrorMessage string }
			_ = json.Unmarshal(trimmed, &fe)
			return events.APIGatewayV2HTTPResponse{}, fmt.Sprintf("function error %s: %s", fe.ErrorType, fe.ErrorMessage)
		}
	}
	if status != http.StatusOK {
		return events.APIGatewayV2HTTPResponse{}, fmt.Sprintf("emulator status %d: %.300s", status, trimmed)
	}
	if !json.Valid(trimmed) {
		return events.APIGatewayV2HTTPResponse{}, fmt.Sprintf("malformed Lambda proxy response: %.300s", trimmed)
	}
	if isObject {
		if _, hasStatus := head["statusCode"]; hasStatus {
			var resp events.APIGatewayV2HTTPResponse
			if err := json.Unmarshal(trimmed, &resp); err != nil {
				return events.APIGatewayV2HTTPResponse{}, fmt.Sprintf("malformed Lambda proxy response: %v", err)
			}
			return resp, ""
		}
	}
	// Valid JSON without statusCode: API Gateway assumes 200, application/json, and the whole
	// answer as the body.
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK,
		Headers: map[string]string{"Content-Type": "application/json"}, Body: string(trimmed)}, ""
}
