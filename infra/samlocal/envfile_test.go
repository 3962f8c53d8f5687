package samlocal_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/samlocal"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/config"
)

const root = "../.."

// mayDiffer are the variables whose value under `sam local` differs from the local gateway's
// on purpose: endpoints seen from a container, the log level, and what the origin guard and
// the links use.
var mayDiffer = map[string]bool{
	"AWS_ENDPOINT_URL_DYNAMODB": true, "AWS_ENDPOINT_URL_S3": true, "AWS_ENDPOINT_URL_SES": true, "AWS_ENDPOINT_URL_SQS": true,
	"AWS_ENDPOINT_URL_KMS": true, "LOG_LEVEL": true, "PORTAL_BASE_URL": true, samlocal.OriginSecretVar: true,
}

// devEndpoints are the endpoints of `make dev`'s emulators as a container sees them.
var devEndpoints = map[string]string{
	"AWS_ENDPOINT_URL_DYNAMODB": fmt.Sprintf("http://host.docker.internal:%d", stack.DevDynamoDBPort),
	"AWS_ENDPOINT_URL_S3":       fmt.Sprintf("http://host.docker.internal:%d", stack.DevS3Port),
	"AWS_ENDPOINT_URL_SES":      fmt.Sprintf("http://host.docker.internal:%d", stack.DevSESPort),
	"AWS_ENDPOINT_URL_SQS":      fmt.Sprintf("http://host.docker.internal:%d", stack.DevSQSPort),
	"AWS_ENDPOINT_URL_KMS":      fmt.Sprintf("http://host.docker.internal:%d", stack.DevSQSPort), // moto serves KMS too
}

// TestEnvFileFitsTheTemplate: events/env.local.json, given to `sam local invoke --env-vars`,
// sets only variables template.yaml declares (SAM drops the others), sets every variable SAM
// cannot resolve from the template alone, and gives each function a configuration it starts
// with, pointed at the local stack's emulators and names as `make dev` runs them.
func TestEnvFileFitsTheTemplate(t *testing.T) {
	env, err := samlocal.ReadEnv(filepath.Join(root, samlocal.EnvFile))
	if err != nil {
		t.Fatal(err)
	}
	declared, err := samlocal.ReadDeclared(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	local, err := template.LoadFunctionSettings(filepath.Join(root, "template.yaml"), gateway.LocalPlacement("http://localhost:3000"))
	if err != nil {
		t.Fatal(err)
	}
	for key := range env {
		if _, ok := declared[key]; key != "Parameters" && !ok {
			t.Errorf("%s: %q is neither \"Parameters\" nor a function's logical id", samlocal.EnvFile, key)
		}
	}
	for name := range env["Parameters"] {
		used := false
		for _, d := range declared {
			_, ok1 := d.Values[name]
			_, ok2 := d.Unresolved[name]
			used = used || ok1 || ok2
		}
		if !used {
			t.Errorf("%s sets %s, which no function declares: sam local drops it", samlocal.EnvFile, name)
		}
	}
	ids := make([]string, 0, len(declared))
	for id := range declared {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		d := declared[id]
		t.Run(id, func(t *testing.T) {
			file := env.For(id)
			for name := range env[id] {
				if _, ok := d.Values[name]; !ok {
					if _, ok := d.Unresolved[name]; !ok {
						t.Errorf("sets %s, which the function does not declare: sam local drops it", name)
					}
				}
			}
			for name, why := range d.Unresolved {
				if _, ok := file[name]; !ok {
					t.Errorf("%s is %s in template.yaml, which sam local cannot resolve: set it in %s", name, why, samlocal.EnvFile)
				}
			}
			got := d.Environment(file)
			if _, err := config.FromEnv(func(k string) string { return got[k] }); err != nil {
				t.Errorf("the function would not start: %v", err)
			}
			for name, want := range devEndpoints {
				if got[name] != want {
					t.Errorf("%s = %q, want %q (make dev's emulator seen from a container)", name, got[name], want)
				}
			}
			// The same as the local gateway's for `make dev` (a queue's URL: make dev's queue,
			// on this machine where the container sees host.docker.internal).
			for name, v := range file {
				if want, ok := local[id].Environment[name]; ok && !mayDiffer[name] && fromContainer(v) != want {
					t.Errorf("%s = %q, but the local stack's is %q", name, v, want)
				}
			}
		})
	}
}

// TestEndpointsSeenFromTheHost: what the RIE test below and a reader without Docker do with the
// file: its host.docker.internal endpoints map to the stack's ports on this machine.
func TestEndpointsSeenFromTheHost(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"dynamodb", devEndpoints["AWS_ENDPOINT_URL_DYNAMODB"], "http://127.0.0.1:1111"},
		{"s3", devEndpoints["AWS_ENDPOINT_URL_S3"], "http://127.0.0.1:2222"},
		{"sqs", devEndpoints["AWS_ENDPOINT_URL_SQS"], "http://127.0.0.1:4444"},
		// A queue's URL keeps its path: the test stack's queue of that name.
		{"a queue", devEndpoints["AWS_ENDPOINT_URL_SQS"] + "/000000000000/portal-local-DigestQueue", stack.QueueURLAt("http://127.0.0.1:4444", "DigestQueue")},
		{"not an endpoint", "no-reply@portal.localhost", "no-reply@portal.localhost"},
	}
	st := &stack.Stack{DynamoDBURL: "http://127.0.0.1:1111", S3URL: "http://127.0.0.1:2222", SESURL: "http://127.0.0.1:3333", SQSURL: "http://127.0.0.1:4444"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := onHost(tt.in, st); got != tt.want {
				t.Errorf("onHost(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// onHost rewrites a make dev endpoint (or a URL under one, such as a queue's) as a container
// sees it to the test stack's.
func onHost(v string, st *stack.Stack) string {
	u, err := url.Parse(v)
	if err != nil || u.Hostname() != "host.docker.internal" {
		return v
	}
	switch u.Port() {
	case fmt.Sprint(stack.DevDynamoDBPort):
		return st.DynamoDBURL + u.EscapedPath()
	case fmt.Sprint(stack.DevS3Port):
		return st.S3URL + u.EscapedPath()
	case fmt.Sprint(stack.DevSESPort):
		return st.SESURL + u.EscapedPath()
	case fmt.Sprint(stack.DevSQSPort):
		return st.SQSURL + u.EscapedPath()
	}
	return fromContainer(v)
}

// fromContainer is a make dev URL as a container sees it (host.docker.internal) as this
// machine sees it; any other value as it is.
func fromContainer(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Hostname() != "host.docker.internal" {
		return v
	}
	return strings.Replace(v, "host.docker.internal", "127.0.0.1", 1)
}

// TestSAMCLIGivesThisEnvironment asks the pinned SAM CLI itself (its code that runs before
// Docker: testdata/sam_env.py) which variables `sam local invoke --env-vars
// events/env.local.json` gives each function, and compares them with what the tests here
// assume (Declared.Environment). Skipped without the project's .venv (`make .venv`).
func TestSAMCLIGivesThisEnvironment(t *testing.T) {
	python, err := filepath.Abs(filepath.Join(root, ".venv", "bin", "python"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(python); err != nil {
		t.Skip("no .venv with the SAM CLI (make .venv)")
	}
	cmd := exec.Command(python, "infra/samlocal/testdata/sam_env.py", "template.yaml", samlocal.EnvFile)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "SAM_CLI_TELEMETRY=0", "AWS_DEFAULT_REGION="+stack.Region)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sam_env.py: %v\n%s", err, stderr.String())
	}
	var sam map[string]map[string]string
	if err := json.Unmarshal(out, &sam); err != nil {
		t.Fatal(err)
	}
	env, err := samlocal.ReadEnv(filepath.Join(root, samlocal.EnvFile))
	if err != nil {
		t.Fatal(err)
	}
	declared, err := samlocal.ReadDeclared(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sam) != len(declared) {
		t.Errorf("SAM lists %d functions, the template %d", len(sam), len(declared))
	}
	for id, d := range declared {
		want := d.Environment(env.For(id))
		got, ok := sam[id]
		if !ok {
			t.Errorf("SAM has no function %s", id)
			continue
		}
		if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
			t.Errorf("%s: sam local gives %s\nwant %s", id, g, w)
		}
	}
}
