package routes

import (
	"context"
	"strings"

	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

// Fallback answers requests that matched no route (API Gateway's $default route): 405 with
// Allow when the path is known under other methods, else 404. Both are problem+json.
func Fallback(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	method := r.RequestContext.HTTP.Method
	path := r.RequestContext.HTTP.Path
	if path == "" {
		path = r.RawPath
	}
	if _, _, ok, allow := Match(Table, method, path); !ok && len(allow) > 0 {
		return nil, &httpapi.Error{Kind: httpapi.MethodNotAllowed, Allow: allow,
			Detail: method + " is not allowed on " + path + "; allowed: " + strings.Join(allow, ", ")}
	}
	return nil, httpapi.Errorf(httpapi.NotFound, "no route for %s %s", method, path)
}

// Function builds the fallback's Lambda handler; main and the local gateway both call it.
func Function(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(Fallback) }
