// Package version tells which build of the code is running.
//
// Deployed functions are built without the VCS stamp (-buildvcs=false), so that a function
// whose code did not change keeps its code hash from one deploy to the next; the deploy gives
// the health function alone the version in its environment (Env). Builds from a checkout
// (make dev, go run) keep the stamp, and String reads it.
package version

import (
	"runtime/debug"
	"strings"
)

// Env is the environment variable that names the deployed version (the template's Version
// parameter, which make deploy sets from git describe).
const Env = "VERSION"

// Resolve returns fromEnv, the value of Env, when it is set, else String: the version the
// deploy named wins over what the binary knows of itself.
func Resolve(fromEnv string) string {
	if v := strings.TrimSpace(fromEnv); v != "" {
		return v
	}
	return String()
}

// String returns the build's version: the module version when built from a tagged module,
// else the VCS revision (12 characters, "+dirty" when the tree had changes), else "dev". The
// pseudo-version Go derives from VCS for an untagged checkout gives way to the revision.
func String() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v != "" && v != "(devel)" && !strings.HasPrefix(v, "v0.0.0-") {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		if v != "" && v != "(devel)" {
			return v
		}
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}
