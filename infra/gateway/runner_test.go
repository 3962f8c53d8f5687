package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/lambdarun"
	"crmportal/shared/httpapi"
)

// TestFailuresCarryAPIGatewaysAnswer checks that serveAPI writes the status and body a
// failure carries (the Lambda runtime mode's), whole, and API Gateway's bare 500 for any
// other error.
func TestFailuresCarryAPIGatewaysAnswer(t *testing.T) {
	for _, tt := range []struct {
		name   string
		err    error
		status int
		body   string
	}{
		{"integration timeout", &lambdarun.Failure{Function: "F", RequestID: "r", StatusCode: 503, Reason: "no response"}, 503, `{"message":"Service Unavailable"}`},
		{"init failure, wrapped", fmt.Errorf("call: %w", &lambdarun.Failure{Function: "F", StatusCode: 500, Reason: "Runtime.ExitError"}), 500, `{"message":"Internal Server Error"}`},
		{"any other error", errors.New("boom"), 500, `{"message":"Internal Server Error"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := &Gateway{defaultFunc: "F", log: slog.New(slog.NewTextHandler(io.Discard, nil)),
				handlers: map[string]httpapi.LambdaFunc{"F": func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
					return events.APIGatewayV2HTTPResponse{}, tt.err
				}}}
			w := httptest.NewRecorder()
			g.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/anything", nil))
			if w.Code != tt.status || w.Body.String() != tt.body || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("answer %d %q %q, want %d %s as JSON", w.Code, w.Header().Get("Content-Type"), w.Body.String(), tt.status, tt.body)
			}
		})
	}
}
