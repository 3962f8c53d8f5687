package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"tagged module", debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"vcs revision", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}}, "0123456789ab"},
		{"dirty tree", debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}}, "abc+dirty"},
		{"pseudo-version gives way to the revision", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261128124017-f09c55eadda9+dirty"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "f09c55eadda98635"}, {Key: "vcs.modified", Value: "true"}}}, "f09c55eadda9+dirty"},
		{"pseudo-version alone", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261128124017-f09c55eadda9"}}, "v0.0.0-20261128124017-f09c55eadda9"},
		{"nothing known", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fromBuildInfo(&tt.bi); got != tt.want {
				t.Errorf("fromBuildInfo = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	fromBinary := String()
	tests := []struct {
		name, env, want string
	}{
		{"deploy names the version", "v1.4.0-3-gabc1234", "v1.4.0-3-gabc1234"},
		{"surrounding blanks dropped", " abc1234-dirty\n", "abc1234-dirty"},
		{"unset falls back to the build info", "", fromBinary},
		{"blank falls back to the build info", "  ", fromBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Resolve(tt.env); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.env, got, tt.want)
			}
		})
	}
}
