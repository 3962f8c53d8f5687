package stack_test

import (
	"context"
	"net/http"
	"testing"

	"crmportal/infra/stack"
)

// TestBucketPreflightsFollowTheTemplateOrigins sends the CORS preflight a browser sends before
// a presigned upload to the local S3 (Versity S3 Gateway evaluates the bucket's rules, wildcard
// origins included): the attachments bucket allows any origin of the scheme (a custom domain's
// too), the imports bucket only the portal's own.
func TestBucketPreflightsFollowTheTemplateOrigins(t *testing.T) {
	tests := []struct {
		name, bucket, method, origin string
		allowed                      bool
	}{
		{"attachments from a custom domain", stack.BucketName, http.MethodPost, "http://portal.acme.test:8443", true},
		{"attachments from the portal", stack.BucketName, http.MethodPost, "http://localhost:3000", true},
		{"attachments with a method the rule lacks", stack.BucketName, http.MethodDelete, "http://portal.acme.test:8443", false},
		{"attachments from another scheme", stack.BucketName, http.MethodPost, "https://portal.acme.test", false},
		{"imports from a custom domain", stack.ImportsBucketName, http.MethodPut, "http://portal.acme.test:8443", false},
		{"imports from the portal", stack.ImportsBucketName, http.MethodPut, "http://localhost:3000", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(context.Background(), http.MethodOptions,
				st.S3URL+"/"+tt.bucket+"/uploads/o1/a.txt", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", tt.method)
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := resp.Header.Get("Access-Control-Allow-Origin")
			if tt.allowed {
				if resp.StatusCode/100 != 2 || got != tt.origin {
					t.Errorf("status %d, Access-Control-Allow-Origin %q; want 2xx and %q", resp.StatusCode, got, tt.origin)
				}
				return
			}
			if resp.StatusCode/100 == 2 || got != "" {
				t.Errorf("status %d, Access-Control-Allow-Origin %q; want refused, no allowed origin", resp.StatusCode, got)
			}
		})
	}
}
