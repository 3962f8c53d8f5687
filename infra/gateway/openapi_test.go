package gateway_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"crmportal/infra/template"
)

const openAPIFile = "../../docs/openapi.yaml"

// MustOpenAPI loads and validates docs/openapi.yaml and returns it with a router over it.
func MustOpenAPI(tb testing.TB) (*openapi3.T, routers.Router) {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(openAPIFile)
	if err != nil {
		tb.Fatalf("load %s: %v", openAPIFile, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		tb.Fatalf("%s is not a valid OpenAPI document: %v", openAPIFile, err)
	}
	doc.Servers = nil // match any host: the tests' servers listen on free ports
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return doc, r
}

func TestEveryTemplateRouteIsInTheOpenAPIDocument(t *testing.T) {
	doc, _ := MustOpenAPI(t)
	tmpl, err := template.Load(templateFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	routes := map[string]bool{}
	for _, r := range tmpl.Routes() {
		routes[r.Key()] = true
		if !documented[r.Key()] {
			t.Errorf("route %s is in template.yaml but not in docs/openapi.yaml", r.Key())
		}
	}
	for key := range documented {
		if !routes[key] {
			t.Errorf("docs/openapi.yaml documents %s, which template.yaml has no route for", key)
		}
	}
}

func TestResponsesValidateAgainstTheOpenAPIDocument(t *testing.T) {
	_, router := MustOpenAPI(t)
	srv := MustServer(t, t.TempDir())
	requests := []struct{ method, path string }{
		{"GET", "/api/health"},
		{"GET", "/api/health?deep=1"},
		{"GET", "/api/health?deep=0"},
		{"GET", "/api/health?deep=2"},
	}
	for _, rq := range requests {
		t.Run(rq.method+" "+rq.path, func(t *testing.T) {
			req, _ := http.NewRequest(rq.method, srv.URL+rq.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("no documented operation for %s %s: %v", rq.method, rq.path, err)
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			// A request the document forbids must be one the API refuses.
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && resp.StatusCode < 400 {
				t.Errorf("the document refuses the request (%v) but the API answered %d", err, resp.StatusCode)
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
				Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
				Options: &openapi3filter.Options{IncludeResponseStatus: true}}
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				t.Errorf("response %d %s does not match docs/openapi.yaml: %v", resp.StatusCode, strings.TrimSpace(string(body)), err)
			}
		})
	}
}
