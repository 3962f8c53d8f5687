package apitest

import (
	"bytes"
	"net/http"
	"os"
	"testing"
)

// TestOpenAPIDocumentIsPublished: GET /api/openapi.yaml answers anyone with the repository's
// docs/openapi.yaml byte for byte, as YAML, with an ETag that a revalidation turns into a 304
// without a body; an ETag of another document gets the document again.
func TestOpenAPIDocumentIsPublished(t *testing.T) {
	want, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := MustEnv(t).Client(t) // no credentials: the reference is public

	r := c.Do("GET", "/api/openapi.yaml", nil)
	MustStatus(t, r, http.StatusOK)
	if !bytes.Equal(r.Body, want) {
		t.Errorf("body is %d bytes and differs from docs/openapi.yaml (%d bytes)", len(r.Body), len(want))
	}
	etag := r.Header.Get("ETag")
	checks := []struct{ name, got, want string }{
		{"Content-Type", r.Header.Get("Content-Type"), "application/yaml"},
		{"Cache-Control", r.Header.Get("Cache-Control"), "public, max-age=300"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %q, want %q", ck.name, ck.got, ck.want)
		}
	}
	if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		t.Fatalf("ETag = %q, want a quoted entity tag", etag)
	}

	t.Run("revalidation of the current copy", func(t *testing.T) {
		r := c.Do("GET", "/api/openapi.yaml", nil, "If-None-Match", etag)
		MustStatus(t, r, http.StatusNotModified)
		if len(r.Body) != 0 || r.Header.Get("ETag") != etag {
			t.Errorf("304 with a %d-byte body and ETag %q, want none and %q", len(r.Body), r.Header.Get("ETag"), etag)
		}
	})
	t.Run("revalidation of an older copy", func(t *testing.T) {
		r := c.Do("GET", "/api/openapi.yaml", nil, "If-None-Match", `"an-older-document"`)
		MustStatus(t, r, http.StatusOK)
		if !bytes.Equal(r.Body, want) {
			t.Errorf("body differs from docs/openapi.yaml")
		}
	})
}
