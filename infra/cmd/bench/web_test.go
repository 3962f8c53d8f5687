package main

import (
	"slices"
	"testing"
)

func TestFirstLoadFiles(t *testing.T) {
	manifest := map[string]manifestChunk{
		"index.html":                         {File: "assets/index.js", IsEntry: true, Imports: []string{"_core.js"}, CSS: []string{"assets/index.css"}},
		"_core.js":                           {File: "assets/core.js"},
		"src/portal/layouts/PortalShell.tsx": {File: "assets/PortalShell.js", Imports: []string{"_core.js", "index.html", "_api.js"}},
		"_api.js":                            {File: "assets/api.js"},
		"virtual:texts/en/shared":            {File: "assets/shared.js"},
	}
	cases := []struct {
		name    string
		roots   []string
		want    []string
		wantErr bool
	}{
		{"entry", []string{"index.html"}, []string{"assets/index.js", "assets/index.css", "assets/core.js"}, false},
		{"side frame and texts, each file once", []string{"index.html", "src/portal/layouts/PortalShell.tsx", "virtual:texts/en/shared"},
			[]string{"assets/index.js", "assets/index.css", "assets/core.js", "assets/PortalShell.js", "assets/api.js", "assets/shared.js"}, false},
		{"unknown root", []string{"src/console/ConsoleRoutes.tsx"}, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := firstLoadFiles(manifest, c.roots)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}
