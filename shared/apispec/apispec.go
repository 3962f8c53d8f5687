// Package apispec answers GET /api/openapi.yaml: the API's OpenAPI document, public, so that
// scripts and the console's API page read the reference of the deployment they talk to.
package apispec

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"crmportal/docs"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

const (
	// ContentType is YAML's registered media type (RFC 9512); it has no charset parameter
	// because YAML over HTTP is UTF-8.
	ContentType = "application/yaml"
	// CacheControl lets browsers and proxies keep the document for five minutes and then
	// revalidate it with If-None-Match: a deploy shows within minutes, and a revalidation of
	// an unchanged document costs a 304 without a body.
	CacheControl = "public, max-age=300"
)

// Handler serves one document. Its ETag is derived from the content, so it changes exactly
// when the document does, across deploys and across every instance of the function.
type Handler struct {
	spec []byte
	etag string
}

// New returns a Handler serving spec, which must not change afterwards.
func New(spec []byte) *Handler {
	sum := sha256.Sum256(spec)
	return &Handler{spec: spec, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
}

// ETag is the quoted entity tag the handler answers with.
func (h *Handler) ETag() string { return h.etag }

// Handle answers 200 with the document, or 304 without a body when If-None-Match names its
// ETag (weakly compared, as RFC 9110 says for If-None-Match) or is "*".
func (h *Handler) Handle(_ context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	headers := map[string]string{"ETag": h.etag, "Cache-Control": CacheControl}
	if noneMatch(httpapi.Header(r, "If-None-Match"), h.etag) {
		return &httpapi.Reply{Status: http.StatusNotModified, Headers: headers}, nil
	}
	headers["Content-Type"] = ContentType
	return &httpapi.Reply{Status: http.StatusOK, Raw: h.spec, Headers: headers}, nil
}

// noneMatch reports whether the If-None-Match header value names etag: a list of entity tags,
// each possibly weak (W/), or "*".
func noneMatch(header, etag string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// Function builds the route's Lambda handler over the repository's docs/openapi.yaml; main
// and the local gateway both call it.
func Function(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(docs.OpenAPI).Handle) }
