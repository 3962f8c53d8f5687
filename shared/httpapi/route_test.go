package httpapi

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestByRoute(t *testing.T) {
	answer := func(status int, body string) LambdaFunc {
		return func(context.Context, Request) (Response, error) {
			return Response{StatusCode: status, Body: body}, nil
		}
	}
	routes := map[string]LambdaFunc{
		"GET /api/admin/user-types":         answer(200, "list"),
		"POST /api/admin/user-types":        answer(201, "create"),
		"GET /api/admin/user-types/{id}":    answer(200, "get"),
		"DELETE /api/admin/user-types/{id}": nil, // an entry without a function is no route
	}
	tests := []struct {
		name     string
		routeKey string
		status   int
		bodyHas  string
		logHas   string
	}{
		{name: "list", routeKey: "GET /api/admin/user-types", status: 200, bodyHas: "list"},
		{name: "create on the same path", routeKey: "POST /api/admin/user-types", status: 201, bodyHas: "create"},
		{name: "path parameters as in the template", routeKey: "GET /api/admin/user-types/{id}", status: 200, bodyHas: "get"},
		{name: "unknown method", routeKey: "PATCH /api/admin/user-types", status: 404, bodyHas: `"detail":"no such route"`, logHas: "PATCH /api/admin/user-types"},
		{name: "concrete path is not a route key", routeKey: "GET /api/admin/user-types/ut1", status: 404, bodyHas: `"status":404`},
		{name: "nil entry", routeKey: "DELETE /api/admin/user-types/{id}", status: 404, bodyHas: "no such route"},
		{name: "empty route key", routeKey: "", status: 404, bodyHas: "no such route"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			f := ByRoute(slog.New(slog.NewJSONHandler(&logs, nil)), routes)
			req := Request{RouteKey: tt.routeKey}
			req.RequestContext.RequestID = "req-1"
			resp, err := f(context.Background(), req)
			if err != nil {
				t.Fatalf("error to the runtime: %v", err)
			}
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Errorf("status = %d, want %d; body %s", got, want, resp.Body)
			}
			if !strings.Contains(resp.Body, tt.bodyHas) {
				t.Errorf("body = %s, want it to contain %s", resp.Body, tt.bodyHas)
			}
			if tt.status == 404 {
				if got, want := resp.Headers["Content-Type"], "application/problem+json"; got != want {
					t.Errorf("Content-Type = %q, want %q", got, want)
				}
			}
			if !strings.Contains(logs.String(), tt.logHas) {
				t.Errorf("log = %s, want it to contain %q", logs.String(), tt.logHas)
			}
		})
	}
}

func TestByRouteCopiesItsTable(t *testing.T) {
	routes := map[string]LambdaFunc{}
	f := ByRoute(slog.New(slog.DiscardHandler), routes)
	routes["GET /api/x"] = func(context.Context, Request) (Response, error) { return Response{StatusCode: 200}, nil }
	resp, err := f(context.Background(), Request{RouteKey: "GET /api/x"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := resp.StatusCode, 404; got != want {
		t.Errorf("status = %d, want %d: a route added to the map after ByRoute must not be served", got, want)
	}
}
