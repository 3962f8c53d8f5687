// Package routes knows the API's routes (generated from template.yaml) and matches a request
// to one the way API Gateway HTTP APIs do. The fallback function uses it to tell an unknown
// path (404) from a known path with the wrong method (405 with Allow).
package routes

//go:generate go run ../../infra/cmd/genroutes -template ../../template.yaml -out table_gen.go

import (
	"sort"
	"strings"
)

// Route is one HTTP API route of template.yaml.
type Route struct {
	Method   string // GET, POST, ... or ANY
	Path     string // /api/records/{module}/{id}
	Function string // logical id of the function in template.yaml
}

// Key is the route key API Gateway puts in the event ("GET /api/health").
func (r Route) Key() string { return r.Method + " " + r.Path }

// Match finds the route for method and path among table. It returns the route and its path
// parameters, or, when the path matches but no route has the method, ok false and the
// methods the path allows (sorted); both empty means the path is unknown.
//
// Precedence follows API Gateway: a route with more literal segments wins over one with
// parameters, and a greedy {name+} parameter loses to any other match.
func Match(table []Route, method, path string) (route Route, params map[string]string, ok bool, allow []string) {
	segs := split(path)
	best := -1
	var bestScore int
	methods := map[string]bool{}
	for i, r := range table {
		p, score, matched := matchPath(split(r.Path), segs)
		if !matched {
			continue
		}
		if r.Method != method && r.Method != "ANY" {
			methods[r.Method] = true
			continue
		}
		if best == -1 || score > bestScore {
			best, bestScore, params = i, score, p
		}
	}
	if best >= 0 {
		return table[best], params, true, nil
	}
	for m := range methods {
		allow = append(allow, m)
	}
	sort.Strings(allow)
	return Route{}, nil, false, allow
}

func split(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// matchPath matches segments against a route template's segments. score counts literal
// segments (x4) and single parameters (x1) and is lowered by a greedy parameter.
func matchPath(tmpl, segs []string) (map[string]string, int, bool) {
	params := map[string]string{}
	score := 0
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "+}") {
			if i != len(tmpl)-1 || i >= len(segs) {
				return nil, 0, false
			}
			params[strings.TrimSuffix(strings.TrimPrefix(t, "{"), "+}")] = strings.Join(segs[i:], "/")
			return params, score - 1, true
		}
		if i >= len(segs) {
			return nil, 0, false
		}
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[t[1:len(t)-1]] = segs[i]
			score++
			continue
		}
		if t != segs[i] {
			return nil, 0, false
		}
		score += 4
	}
	if len(tmpl) != len(segs) {
		return nil, 0, false
	}
	return params, score, true
}
