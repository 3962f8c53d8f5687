package deploy

import (
	"bytes"
	"debug/buildinfo"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"crmportal/infra/lambdarun"
)

// lambdaGoflags reads LAMBDA_GOFLAGS, the flags make build gives every function, from
// infra/make/python.mk: the test builds with the flags the deploy uses.
func lambdaGoflags(t *testing.T, root string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "infra", "make", "python.mk"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^LAMBDA_GOFLAGS :?= (.+)$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("infra/make/python.mk has no LAMBDA_GOFLAGS := line")
	}
	return strings.TrimSpace(string(m[1]))
}

// Two builds of a function from the same tree are byte-identical, and carry no VCS stamp:
// a deploy from a new commit gives a function whose code did not change the same package,
// so CloudFormation leaves it alone (only the health function, given the Version
// parameter, changes with every deploy).
func TestLambdaBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a function twice")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	goflags := lambdaGoflags(t, root)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOOS=") && !strings.HasPrefix(kv, "GOARCH=") {
			env = append(env, kv)
		}
	}
	// As aws-lambda-builders' go_modules workflow runs it: GOOS=linux, GOARCH from
	// Architectures, the flags through GOFLAGS.
	env = append(env, "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64", "GOFLAGS="+goflags)
	build := func(dir string) []byte {
		t.Helper()
		out := filepath.Join(dir, "bootstrap")
		cmd := exec.Command("go", "build", "-o", out, "./functions/health")
		cmd.Dir, cmd.Env = root, env
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build (GOFLAGS=%s): %v\n%s", goflags, err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	first, second := build(t.TempDir()), build(t.TempDir())
	if !bytes.Equal(first, second) {
		t.Errorf("two builds of functions/health differ (%d and %d bytes)", len(first), len(second))
	}
	bi, err := buildinfo.Read(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range bi.Settings {
		if strings.HasPrefix(s.Key, "vcs") {
			t.Errorf("the build is stamped with %s=%s: every commit would change every function's code", s.Key, s.Value)
		}
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if settings["-trimpath"] != "true" {
		t.Errorf("built without -trimpath (settings %v): the build folder's path would be in the binary", settings)
	}
}

// The local Lambda runtime mode (infra/lambdarun) builds the functions as make build does.
func TestLambdaRunBuildsAsMakeBuild(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	goflags := lambdaGoflags(t, filepath.Join(filepath.Dir(file), "..", ".."))
	// GOFLAGS's quoting: blanks separate flags, except inside double quotes.
	var got []string
	var cur strings.Builder
	quoted := false
	for _, r := range goflags + " " {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				got = append(got, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if !reflect.DeepEqual(got, lambdarun.BuildFlags) {
		t.Errorf("LAMBDA_GOFLAGS = %q, lambdarun.BuildFlags = %q: the local runtime mode must build as make build does", got, lambdarun.BuildFlags)
	}
}
