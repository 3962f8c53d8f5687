package routes

import (
	"reflect"
	"testing"
)

var table = []Route{
	{"GET", "/api/health", "Health"},
	{"GET", "/api/records/{module}", "List"},
	{"POST", "/api/records/{module}", "Create"},
	{"GET", "/api/records/{module}/{id}", "Get"},
	{"PATCH", "/api/records/{module}/{id}", "Update"},
	{"GET", "/api/records/Invoices/summary", "Summary"},
	{"GET", "/api/files/{key+}", "Files"},
	{"ANY", "/api/any", "Any"},
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name, method, path string
		wantFn             string
		wantParams         map[string]string
		wantAllow          []string
	}{
		{"literal", "GET", "/api/health", "Health", map[string]string{}, nil},
		{"one parameter", "GET", "/api/records/Invoices", "List", map[string]string{"module": "Invoices"}, nil},
		{"method picks the route", "POST", "/api/records/Cases", "Create", map[string]string{"module": "Cases"}, nil},
		{"two parameters", "PATCH", "/api/records/Cases/7", "Update", map[string]string{"module": "Cases", "id": "7"}, nil},
		{"literal beats parameter", "GET", "/api/records/Invoices/summary", "Summary", map[string]string{}, nil},
		{"greedy", "GET", "/api/files/a/b/c.pdf", "Files", map[string]string{"key": "a/b/c.pdf"}, nil},
		{"any method", "DELETE", "/api/any", "Any", map[string]string{}, nil},
		{"trailing slash", "GET", "/api/health/", "Health", map[string]string{}, nil},
		{"wrong method", "DELETE", "/api/records/Cases/7", "", nil, []string{"GET", "PATCH"}},
		{"wrong method on literal", "POST", "/api/health", "", nil, []string{"GET"}},
		{"unknown", "GET", "/api/nothing", "", nil, nil},
		{"too deep", "GET", "/api/records/a/b/c", "", nil, nil},
		{"greedy needs a segment", "GET", "/api/files", "", nil, nil},
		{"empty segment is no parameter", "GET", "/api/records//7", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, params, ok, allow := Match(table, tt.method, tt.path)
			if got := r.Function; got != tt.wantFn {
				t.Fatalf("function = %q, want %q", got, tt.wantFn)
			}
			if ok != (tt.wantFn != "") {
				t.Errorf("ok = %v", ok)
			}
			if ok && !reflect.DeepEqual(params, tt.wantParams) {
				t.Errorf("params = %v, want %v", params, tt.wantParams)
			}
			if !reflect.DeepEqual(allow, tt.wantAllow) {
				t.Errorf("allow = %v, want %v", allow, tt.wantAllow)
			}
		})
	}
}
