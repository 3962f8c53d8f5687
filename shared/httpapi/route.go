package httpapi

import (
	"context"
	"log/slog"
	"maps"
)

// ByRoute is the one Lambda function of several routes: it hands each event to the function
// its route key names ("GET /api/admin/user-types/{id}", as API Gateway sets it from the
// template's event), so a group of related routes costs one function and one role instead of
// one of each per route (docs/deploy.md, "The resource budget"). Each route keeps its own
// constructor, guard and handler. A route key that is not in routes (a template event added
// without its entry here) is answered with a 404 problem through Adapt and logged with its key,
// never a panic; API Gateway itself sends a function only the routes of its events.
func ByRoute(log *slog.Logger, routes map[string]LambdaFunc) LambdaFunc {
	table := maps.Clone(routes) // later changes to the caller's map do not reach the function
	unknown := Adapt(log, func(ctx context.Context, r *Request) (*Reply, error) {
		Logger(ctx).Error("no handler for the route key in this function", "routeKey", r.RouteKey)
		return nil, Errorf(NotFound, "no such route")
	})
	return func(ctx context.Context, r Request) (Response, error) {
		if f := table[r.RouteKey]; f != nil {
			return f(ctx, r)
		}
		return unknown(ctx, r)
	}
}
