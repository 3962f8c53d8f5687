package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/bench"
	"crmportal/infra/gateway"
	"crmportal/infra/lambdarun"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/httpapi"
)

// coldOriginSecret is the origin guard's secret the cold-started functions get (template.yaml
// gives every HTTP function one); each event carries it, as CloudFront's requests do.
const coldOriginSecret = "bench-cold-start-origin-verify-secret"

// coldRoute is the request each cold-started function answers: its route, and the status it
// must answer without a session.
type coldRoute struct {
	method, route, path string
	params              map[string]string
	status              int
}

// coldRoutes are the routes of bench.ColdCompared and bench.FirstVisit, by folder. Only
// health answers 200 without a session; the others answer their own refusal, which shows the
// handler ran without making the init do more.
var coldRoutes = map[string]coldRoute{
	"functions/health": {http.MethodGet, "/api/health", "/api/health", nil, http.StatusOK},
	"functions/records-portal-list": {http.MethodGet, "/api/records/{module}", "/api/records/Invoices",
		map[string]string{"module": "Invoices"}, http.StatusUnauthorized},
	"functions/invitation-send": {http.MethodPost, "/api/admin/records/{module}/{id}/invitation", "/api/admin/records/Contacts/c1/invitation",
		map[string]string{"module": "Contacts", "id": "c1"}, http.StatusUnauthorized},
	"functions/portal-login": {http.MethodPost, "/api/p/{slug}/login", "/api/p/acme/login",
		map[string]string{"slug": "acme"}, http.StatusForbidden},
	"functions/me-get":  {http.MethodGet, "/api/me", "/api/me", nil, http.StatusUnauthorized},
	"functions/me-tabs": {http.MethodGet, "/api/me/tabs", "/api/me/tabs", nil, http.StatusUnauthorized},
	"functions/record-portal-get": {http.MethodGet, "/api/records/{module}/{id}", "/api/records/Invoices/r1",
		map[string]string{"module": "Invoices", "id": "r1"}, http.StatusUnauthorized},
}

// coldRun is the cold start's figures and the runner that built and started the functions,
// left open so that the package init measurement runs the same binaries; Close it when done.
type coldRun struct {
	series []bench.ColdSeries
	hello  bench.Summary
	runner *lambdarun.Runner
	ids    []string // the runner's names of series' functions, in series' order
}

// coldStarts measures the cold start of bench.ColdCompared and bench.FirstVisit against the
// hello-world function under the Runtime Interface Emulator (see bench.ColdStarts): one
// warm-up round and k recorded ones. Each function gets template.yaml's variables resolved
// for the local stack st, the stack's credentials and endpoints, and its Timeout and
// MemorySize; hello world the same, with health's Timeout and MemorySize. The runner is
// closed when it fails; otherwise the caller closes it.
func coldStarts(ctx context.Context, st *stack.Stack, root, origin string, k int, verbose bool) (c coldRun, err error) {
	settings, err := template.LoadFunctionSettings(filepath.Join(root, "template.yaml"),
		gateway.LocalPlacement(coldOriginSecret))
	if err != nil {
		return c, err
	}
	byDir := map[string]template.FunctionSettings{}
	for _, s := range settings {
		byDir[strings.TrimSuffix(s.CodeURI, "/")] = s
	}
	dirs := slices.Clone(bench.ColdCompared)
	for _, d := range bench.FirstVisit {
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	var fns []lambdarun.Function
	var cold []bench.ColdFunction
	for _, dir := range dirs {
		s, ok := byDir[dir]
		if !ok {
			return c, fmt.Errorf("cold start: template.yaml has no function in %s", dir)
		}
		s.Environment["PORTAL_BASE_URL"] = origin
		fns = append(fns, lambdarun.Function{Name: s.LogicalID, Package: "./" + dir, Env: s.Environment,
			TimeoutSeconds: s.TimeoutSeconds, MemorySize: s.MemorySize})
		cf, err := coldFunction(s.LogicalID, dir)
		if err != nil {
			return c, err
		}
		cold = append(cold, cf)
		c.ids = append(c.ids, s.LogicalID)
	}
	health := byDir["functions/health"]
	fns = append(fns, lambdarun.Function{Name: "hello", Package: helloPkg,
		TimeoutSeconds: health.TimeoutSeconds, MemorySize: health.MemorySize})
	cold = append(cold, bench.ColdFunction{Name: "hello", Event: []byte(`{"name":"bench"}`),
		Check: func(status int, body []byte) error {
			if got, want := string(body), `"hello, bench"`; status != http.StatusOK || got != want {
				return fmt.Errorf("hello answered %d %s, want 200 %s", status, got, want)
			}
			return nil
		}})

	var out io.Writer
	if verbose {
		out = os.Stderr
	}
	runner, err := lambdarun.New(lambdarun.Options{Root: root, Output: out, Env: []string{
		"AWS_REGION=" + stack.Region,
		"AWS_ACCESS_KEY_ID=" + stack.AccessKey, "AWS_SECRET_ACCESS_KEY=" + stack.SecretKey,
		"AWS_ENDPOINT_URL_DYNAMODB=" + st.DynamoDBURL, "AWS_ENDPOINT_URL_S3=" + st.S3URL, "AWS_ENDPOINT_URL_SES=" + st.SESURL,
	}}, fns)
	if err != nil {
		return c, err
	}
	defer func() {
		if err != nil {
			runner.Close()
		}
	}()
	if err := runner.Build(ctx); err != nil {
		return c, err
	}
	inits, err := bench.ColdStarts(ctx, runner, cold, 1, k)
	if err != nil {
		return c, err
	}
	c.series = make([]bench.ColdSeries, len(dirs))
	for i, dir := range dirs {
		c.series[i] = bench.ColdSeries{Name: dir, Init: bench.Summarize(inits[i])}
	}
	c.hello, c.runner = bench.Summarize(inits[len(dirs)]), runner
	return c, nil
}

// packageInits measures the package initialization of c's binaries and hello world's with
// GODEBUG=inittrace=1 (bench.TraceInit): one warm-up round and k recorded ones, interleaved
// as the cold starts are.
func packageInits(ctx context.Context, c coldRun, k int) ([]bench.InitTrace, bench.InitTrace, error) {
	var bins []string
	for _, id := range append(slices.Clip(c.ids), "hello") {
		bin, err := c.runner.Binary(id)
		if err != nil {
			return nil, bench.InitTrace{}, err
		}
		bins = append(bins, bin)
	}
	runs, err := bench.InitTraces(ctx, bench.TraceInit, bins, 1, k)
	if err != nil {
		return nil, bench.InitTrace{}, err
	}
	traces := make([]bench.InitTrace, len(c.series))
	for i, s := range c.series {
		traces[i] = bench.SummarizeInitTrace(s.Name, runs[i])
	}
	return traces, bench.SummarizeInitTrace("hello", runs[len(c.series)]), nil
}

// coldFunction is the function id's cold start: its route's request without a session, and
// a check that it answered its route's status as a payload 2.0 response.
func coldFunction(id, dir string) (bench.ColdFunction, error) {
	rt, ok := coldRoutes[dir]
	if !ok {
		return bench.ColdFunction{}, fmt.Errorf("cold start: no request for %s", dir)
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: rt.method + " " + rt.route, RawPath: rt.path, PathParameters: rt.params,
		Headers: map[string]string{"accept": "application/json", "host": "localhost", httpapi.OriginVerifyHeader: coldOriginSecret},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RequestID: "bench", RouteKey: rt.method + " " + rt.route, Stage: "$default",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: rt.method, Path: rt.path, Protocol: "HTTP/1.1", SourceIP: "127.0.0.1"},
		},
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		return bench.ColdFunction{}, fmt.Errorf("cold start event of %s: %w", dir, err)
	}
	return bench.ColdFunction{Name: id, Event: payload, Check: func(status int, body []byte) error {
		var resp events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(body, &resp); err != nil || status != http.StatusOK || resp.StatusCode != rt.status {
			return fmt.Errorf("%s answered %d %.300s, want a response with status %d", dir, status, body, rt.status)
		}
		return nil
	}}, nil
}
