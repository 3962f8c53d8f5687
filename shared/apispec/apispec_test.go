package apispec

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"crmportal/docs"
	"crmportal/shared/httpapi"
)

func TestHandleAnswersTheDocumentOrNotModified(t *testing.T) {
	h := New([]byte("openapi: 3.1.0\n"))
	other := New([]byte("openapi: 3.1.1\n")).ETag()
	tests := []struct {
		name        string
		ifNoneMatch string
		wantStatus  int
	}{
		{"no validator", "", http.StatusOK},
		{"its etag", h.ETag(), http.StatusNotModified},
		{"its etag, weak", "W/" + h.ETag(), http.StatusNotModified},
		{"its etag in a list", other + ", " + h.ETag(), http.StatusNotModified},
		{"any", "*", http.StatusNotModified},
		{"another document's etag", other, http.StatusOK},
		{"unquoted", h.ETag()[1 : len(h.ETag())-1], http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &httpapi.Request{Headers: map[string]string{}}
			if tt.ifNoneMatch != "" {
				r.Headers["if-none-match"] = tt.ifNoneMatch
			}
			got, err := h.Handle(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", got.Status, tt.wantStatus)
			}
			if got.Headers["ETag"] != h.ETag() || got.Headers["Cache-Control"] != CacheControl {
				t.Errorf("headers = %v, want ETag %s and Cache-Control %q", got.Headers, h.ETag(), CacheControl)
			}
			wantBody := []byte(nil)
			if tt.wantStatus == http.StatusOK {
				wantBody = []byte("openapi: 3.1.0\n")
				if ct := got.Headers["Content-Type"]; ct != ContentType {
					t.Errorf("Content-Type = %q, want %q", ct, ContentType)
				}
			}
			if !bytes.Equal(got.Raw, wantBody) {
				t.Errorf("body = %q, want %q", got.Raw, wantBody)
			}
		})
	}
}

func TestETagFollowsTheContent(t *testing.T) {
	a, b := New([]byte("a")).ETag(), New([]byte("b")).ETag()
	if a == b {
		t.Errorf("two documents share the ETag %s", a)
	}
	if again := New([]byte("a")).ETag(); again != a {
		t.Errorf("the same document got ETags %s and %s", a, again)
	}
}

// Lambda answers at most 6 MB; the document is served in one response.
func TestTheDocumentFitsInALambdaResponse(t *testing.T) {
	const limit = 6_000_000
	if n := len(docs.OpenAPI); n == 0 || n > limit/2 {
		t.Errorf("docs/openapi.yaml is %d bytes; it must be non-empty and well under Lambda's %d", n, limit)
	}
}
