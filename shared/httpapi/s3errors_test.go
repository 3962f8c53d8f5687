package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// s3Error is err as the S3 client returns it: an operation error around a response error of
// status around err.
func s3Error(op string, status int, err error) error {
	resp := &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: err}
	return fmt.Errorf("head document pdf/x: %w", &smithy.OperationError{ServiceID: "S3", OperationName: op, Err: resp})
}

// TestS3Transient: S3's throttling, 5xx and timeouts are transient (503 with Retry-After);
// missing objects, refusals and bad requests are not (the caller or a 500 answers them).
// Either way the adapter logs the error.
func TestS3Transient(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"SlowDown on PutObject", s3Error("PutObject", 503, &smithy.GenericAPIError{Code: "SlowDown"}), true},
		{"ServiceUnavailable on HeadObject (no body)", s3Error("HeadObject", 503, &smithy.GenericAPIError{Code: "ServiceUnavailable"}), true},
		{"InternalError on GetObject", s3Error("GetObject", 500, &smithy.GenericAPIError{Code: "InternalError"}), true},
		{"a 5xx of any code", s3Error("GetObject", 502, &smithy.GenericAPIError{Code: "BadGateway"}), true},
		{"RequestTimeout (400)", s3Error("PutObject", 400, &smithy.GenericAPIError{Code: "RequestTimeout"}), true},
		{"OperationAborted (409)", s3Error("PutObject", 409, &smithy.GenericAPIError{Code: "OperationAborted"}), true},
		{"NotFound on HeadObject", s3Error("HeadObject", 404, &s3types.NotFound{}), false},
		{"NoSuchKey on GetObject", s3Error("GetObject", 404, &s3types.NoSuchKey{}), false},
		{"AccessDenied", s3Error("GetObject", 403, &smithy.GenericAPIError{Code: "AccessDenied"}), false},
		{"a plain error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Transient(tt.err); got != tt.want {
				t.Errorf("Transient = %v, want %v", got, tt.want)
			}
			got, logs := adaptAndCall(t, func(context.Context, *Request) (*Reply, error) { return nil, tt.err })
			wantStatus := http.StatusInternalServerError
			if tt.want {
				wantStatus = http.StatusServiceUnavailable
			}
			if got.StatusCode != wantStatus {
				t.Errorf("status = %d, want %d", got.StatusCode, wantStatus)
			}
			if ra := got.Headers["Retry-After"]; (ra != "") != tt.want {
				t.Errorf("Retry-After = %q with status %d", ra, got.StatusCode)
			}
			if !strings.Contains(logs, tt.err.Error()) {
				t.Errorf("the log lacks the error %q:\n%s", tt.err, logs)
			}
		})
	}
}
