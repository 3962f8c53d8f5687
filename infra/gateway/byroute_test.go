package gateway_test

import (
	"context"
	"encoding/json"
	"io"
	"regexp"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/template"
	"crmportal/shared/httpapi"
)

// TestEveryRouteOfAFunctionReachesOneOfItsHandlers sends each HttpApi event of every function
// that serves several routes (httpapi.ByRoute or a switch on the route key) to that function,
// as API Gateway would, without credentials: no route may get the function's own "no such
// route" answer, which is what a route key missing from its table would get. A route key the
// template does not give the function is refused: by ByRoute with that answer (so the check can
// fail), or by the guard of a function that switches on the route key behind it.
func TestEveryRouteOfAFunctionReachesOneOfItsHandlers(t *testing.T) {
	tmpl, err := template.Load(templateFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	gw, _, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}/]+\}`)
	call := func(t *testing.T, f httpapi.LambdaFunc, method, path string) (int, string) {
		t.Helper()
		req := httpapi.Request{Version: "2.0", RouteKey: method + " " + path,
			RawPath: param.ReplaceAllString(path, "x1"), Headers: map[string]string{}}
		req.RequestContext.RequestID = "req-byroute"
		req.RequestContext.HTTP.Method = method
		req.RequestContext.HTTP.Path = req.RawPath
		req.RequestContext.HTTP.SourceIP = "203.0.113.9"
		resp, err := f(context.Background(), req)
		if err != nil {
			t.Fatalf("%s %s: error to the runtime: %v", method, path, err)
		}
		var p struct{ Detail string }
		_ = json.Unmarshal([]byte(resp.Body), &p) // not every answer is a problem
		return resp.StatusCode, p.Detail
	}
	multi, byRoute := 0, 0
	for _, fn := range tmpl.Functions {
		if len(fn.Routes) < 2 {
			continue
		}
		multi++
		t.Run(fn.LogicalID, func(t *testing.T) {
			f := gateway.Functions[fn.CodeURI](gw.FunctionDeps(fn.LogicalID))
			for _, r := range fn.Routes {
				if status, detail := call(t, f, r.Method, r.Path); status == 404 && detail == "no such route" {
					t.Errorf("%s %s: answered %d %q: the function has no handler for its event", r.Method, r.Path, status, detail)
				}
			}
			status, detail := call(t, f, "PATCH", "/api/not-this-function")
			switch {
			case status == 404 && detail == "no such route":
				byRoute++
			case status < 400:
				t.Errorf("a route key not among its events: %d, want it refused", status)
			}
		})
	}
	if multi < 7 || byRoute < 7 {
		t.Errorf("%d functions serve several routes, %d of them through ByRoute; want at least the 7 admin groups", multi, byRoute)
	}
}
