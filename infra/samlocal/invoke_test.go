package samlocal_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/lambdarun"
	"crmportal/infra/samlocal"
	"crmportal/infra/seed"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/shared/auth"
	"crmportal/shared/store"
)

var st *stack.Stack

func TestMain(m *testing.M) { stacktest.Main(m, &st) }

// TestSamLocalInvokeReachesTheAuthenticatedPath does what README's "sam local" recipe does,
// with AWS's Runtime Interface Emulator (the one `sam local invoke` runs in its container) in
// place of Docker: the demo seeded in a local stack, credentials minted there and written into
// the sample events, functions built as `make build` builds them and run with only what sam
// local gives them (template.yaml's variables overridden by events/env.local.json, its
// host.docker.internal endpoints pointed at this stack). The minted events get 200 from the
// staff and portal routes' authenticated paths; the committed, anonymous ones 401 (403 from
// the origin guard without its header).
func TestSamLocalInvokeReachesTheAuthenticatedPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("functions are built for Linux, as Lambda runs them (docs/local-stack.md, \"Platforms\")")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	deps, err := st.Deps(ctx, "http://localhost:3000", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, store.New(deps.DynamoDB, deps.Config.TableName, nil), "local demo password 2026", nil); err != nil {
		t.Fatal(err)
	}
	creds, err := samlocal.Mint(ctx, deps, samlocal.MintOptions{OrgID: seed.DemoOrgID, StaffEmail: seed.DemoAdminEmail},
		auth.SessionIdle, auth.SessionAbsolute)
	if err != nil {
		t.Fatal(err)
	}
	env, err := samlocal.ReadEnv(filepath.Join(root, samlocal.EnvFile))
	if err != nil {
		t.Fatal(err)
	}
	minted := t.TempDir()
	written, err := samlocal.WriteEvents(filepath.Join(root, "events"), minted, creds, env["Parameters"][samlocal.OriginSecretVar])
	if err != nil {
		t.Fatal(err)
	}
	if len(written[samlocal.Staff]) == 0 || len(written[samlocal.Portal]) == 0 {
		t.Fatalf("events written: %v; want staff and portal ones", written)
	}

	declared, err := samlocal.ReadDeclared(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		id, event, wantInBody string
	}{
		{"StaffMeFunction", "staff-me", seed.DemoAdminEmail},
		{"MeGetFunction", "me-get", creds.PortalUserEmail},
	}
	var fns []lambdarun.Function
	for _, c := range cases {
		vars := declared[c.id].Environment(env.For(c.id))
		for k, v := range vars {
			vars[k] = onHost(v, st)
		}
		fns = append(fns, lambdarun.Function{Name: c.id, Package: "./functions/" + c.event, Env: vars, TimeoutSeconds: 10, MemorySize: 256})
	}
	// The credentials sam local passes from the caller's shell (README: the local stack's).
	r, err := lambdarun.New(lambdarun.Options{Root: abs, Env: []string{"AWS_REGION=" + stack.Region,
		"AWS_ACCESS_KEY_ID=" + stack.AccessKey, "AWS_SECRET_ACCESS_KEY=" + stack.SecretKey}}, fns)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Build(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.event, func(t *testing.T) {
			resp := invoke(ctx, t, r, c.id, filepath.Join(minted, c.event+".json"))
			if resp.StatusCode != 200 || !strings.Contains(resp.Body, c.wantInBody) {
				t.Errorf("minted event: %d %s; want 200 naming %s", resp.StatusCode, resp.Body, c.wantInBody)
			}
			committed, err := os.ReadFile(filepath.Join(root, "events", c.event+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if secret := env["Parameters"][samlocal.OriginSecretVar]; secret != "" {
				// Without the origin guard's header, the guard refuses it before anything.
				if resp := invokeEvent(ctx, t, r, c.id, committed); resp.StatusCode != 403 {
					t.Errorf("committed event without the origin header: %d %s; want 403", resp.StatusCode, resp.Body)
				}
				committed = withHeader(t, committed, samlocal.OriginHeader, secret)
			}
			if resp := invokeEvent(ctx, t, r, c.id, committed); resp.StatusCode != 401 {
				t.Errorf("committed (anonymous) event: %d %s; want 401", resp.StatusCode, resp.Body)
			}
		})
	}
}

func invoke(ctx context.Context, t *testing.T, r *lambdarun.Runner, id, file string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return invokeEvent(ctx, t, r, id, b)
}

// withHeader is the event b with one more header.
func withHeader(t *testing.T, b []byte, name, value string) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	h, _ := ev["headers"].(map[string]any)
	if h == nil {
		h = map[string]any{}
	}
	h[name] = value
	ev["headers"] = h
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func invokeEvent(ctx context.Context, t *testing.T, r *lambdarun.Runner, id string, b []byte) events.APIGatewayV2HTTPResponse {
	t.Helper()
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	resp, err := r.InvokeHTTP(ctx, id, ev)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
