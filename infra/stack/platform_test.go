package stack

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// npmNames are npm's names (process.platform, process.arch) of Go's GOOS and GOARCH.
var npmOS = map[string]string{"linux": "linux", "darwin": "darwin"}
var npmCPU = map[string]string{"amd64": "x64", "arm64": "arm64"}

// The developer laptops the local stack runs on: each gets a Dynoxide build.
var laptops = []struct{ goos, goarch string }{
	{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "amd64"}, {"darwin", "arm64"},
}

func TestEveryLaptopHasADynoxideBuild(t *testing.T) {
	for _, p := range laptops {
		t.Run(p.goos+"/"+p.goarch, func(t *testing.T) {
			got, err := DynoxideBinary("/repo", p.goos, p.goarch)
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join("/repo/infra/node_modules/@dynoxide", npmOS[p.goos]+"-"+npmCPU[p.goarch], "dynoxide")
			if got != want {
				t.Errorf("binary = %s, want %s", got, want)
			}
		})
	}
}

func TestAPlatformWithoutABuildNamesTheFallback(t *testing.T) {
	for _, p := range []struct{ goos, goarch string }{{"windows", "amd64"}, {"linux", "386"}, {"freebsd", "amd64"}} {
		t.Run(p.goos+"/"+p.goarch, func(t *testing.T) {
			_, err := DynoxideBinary("/repo", p.goos, p.goarch)
			if err == nil {
				t.Fatal("no error for a platform without a build")
			}
			if !strings.Contains(err.Error(), ExternalDynamoDBVar) {
				t.Errorf("error %q does not name %s", err, ExternalDynamoDBVar)
			}
		})
	}
}

// lockEntry is a package of infra/package-lock.json.
type lockEntry struct {
	Version   string   `json:"version"`
	Integrity string   `json:"integrity"`
	Optional  bool     `json:"optional"`
	OS        []string `json:"os"`
	CPU       []string `json:"cpu"`
}

// TestEveryDynoxideBuildIsPinnedForItsPlatform: npm installs a build only where its os and
// cpu match, and only if package.json and the lockfile list it (optional, so that the other
// platforms' builds are skipped rather than failing `npm ci`).
func TestEveryDynoxideBuildIsPinnedForItsPlatform(t *testing.T) {
	var pkg struct {
		Dependencies         map[string]string `json:"dependencies"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
	}
	readJSON(t, "../package.json", &pkg)
	var lock struct {
		Packages map[string]lockEntry `json:"packages"`
	}
	readJSON(t, "../package-lock.json", &lock)
	version := ""
	for platform, name := range DynoxidePackages {
		t.Run(platform, func(t *testing.T) {
			goos, goarch, _ := strings.Cut(platform, "/")
			v, ok := pkg.OptionalDependencies[name]
			if !ok {
				t.Fatalf("infra/package.json: %s is not in optionalDependencies", name)
			}
			if _, ok := pkg.Dependencies[name]; ok {
				t.Errorf("infra/package.json: %s is a dependency: npm ci fails on every other platform", name)
			}
			if version == "" {
				version = v
			}
			if v != version {
				t.Errorf("%s is pinned at %s, another build at %s: every platform runs the same Dynoxide", name, v, version)
			}
			e, ok := lock.Packages["node_modules/"+name]
			if !ok {
				t.Fatalf("infra/package-lock.json has no entry for %s", name)
			}
			if e.Version != v || !e.Optional {
				t.Errorf("lock entry of %s: version %s optional %v, want %s optional", name, e.Version, e.Optional, v)
			}
			if got, want := strings.Join(e.OS, ","), npmOS[goos]; got != want {
				t.Errorf("lock entry of %s: os %q, want %q", name, got, want)
			}
			if got, want := strings.Join(e.CPU, ","), npmCPU[goarch]; got != want {
				t.Errorf("lock entry of %s: cpu %q, want %q", name, got, want)
			}
		})
	}
	for _, p := range laptops {
		if _, ok := DynoxidePackages[p.goos+"/"+p.goarch]; !ok {
			t.Errorf("%s/%s has no Dynoxide package", p.goos, p.goarch)
		}
	}
}

// TestNpmChoosesTheBuildOfEachPlatform asks npm itself (a dry run of `npm ci` as it would run
// on each laptop: npm's --os and --cpu) which Dynoxide package it installs.
func TestNpmChoosesTheBuildOfEachPlatform(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed")
	}
	for _, p := range laptops {
		t.Run(p.goos+"/"+p.goarch, func(t *testing.T) {
			// A copy of the two files: npm ci --dry-run leaves node_modules alone, but a
			// folder of its own keeps this test apart from a running stack's.
			dir := t.TempDir()
			for _, f := range []string{"package.json", "package-lock.json"} {
				b, err := os.ReadFile(filepath.Join("..", f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(npm, "ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund",
				"--os="+npmOS[p.goos], "--cpu="+npmCPU[p.goarch])
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("npm ci --dry-run: %v\n%s", err, out)
			}
			var added []string
			for _, line := range strings.Split(string(out), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "add" && strings.HasPrefix(f[1], "@dynoxide/") {
					added = append(added, f[1])
				}
			}
			if want := DynoxidePackages[p.goos+"/"+p.goarch]; len(added) != 1 || added[0] != want {
				t.Errorf("npm would install %v, want only %s\n%s", added, want, out)
			}
		})
	}
}

// TestTheLocalStackBuildsOnEveryLaptop type-checks, for each laptop but this machine's, the
// packages `make dev`, portalctl and the tests run there, with their tests (go vet compiles
// both): system calls that exist on Linux alone (a parent-death signal) stay behind build
// constraints (infra/childproc).
func TestTheLocalStackBuildsOnEveryLaptop(t *testing.T) {
	gocmd := "go" // the go command sets GOROOT for the tests it runs: take its own
	if root := os.Getenv("GOROOT"); root != "" {
		gocmd = filepath.Join(root, "bin", "go")
	}
	for _, p := range laptops {
		if p.goos == runtime.GOOS && p.goarch == runtime.GOARCH {
			continue
		}
		t.Run(p.goos+"/"+p.goarch, func(t *testing.T) {
			cmd := exec.Command(gocmd, "vet", "./infra/stack/...", "./infra/lambdarun", "./infra/bench", "./infra/childproc",
				"./infra/gateway", "./infra/samlocal", "./infra/cmd/dev", "./infra/cmd/portalctl")
			cmd.Dir = "../.."
			cmd.Env = append(os.Environ(), "GOOS="+p.goos, "GOARCH="+p.goarch, "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("go vet for %s/%s: %v\n%s", p.goos, p.goarch, err, out)
			}
		})
	}
}

func TestExternalDynamoDBMustBeAURL(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"unset starts Dynoxide", "", "", true},
		{"DynamoDB Local", "http://localhost:8000/", "http://localhost:8000", true},
		{"no scheme", "localhost:8000", "", false},
		{"no host", "http://", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := externalDynamoDB(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("externalDynamoDB(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
