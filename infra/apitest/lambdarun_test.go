package apitest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/lambdarun"
	"crmportal/infra/seed"
	"crmportal/infra/template"
	"crmportal/shared/store"
)

// lambdaRoutes are the routes the Lambda runtime suite calls; their functions are built in
// one `go build` before it starts.
var lambdaRoutes = []string{
	"GET /api/health", "POST /api/admin/login", "GET /api/admin/user-types", "DELETE /api/admin/portal-users/{id}",
	"POST /api/admin/records/{module}/{id}/invitation", "POST /api/invitations/{token}/accept", "POST /api/p/{slug}/login",
	"GET /api/me", "GET /api/records/{module}", "POST /api/records/{module}", "GET /api/records/{module}/{id}",
	"PATCH /api/records/{module}/{id}", "POST /api/records/{module}/{id}/attachments",
	"POST /api/records/{module}/{id}/attachments/{aid}/complete", "GET /api/records/{module}/{id}/attachments",
	"POST /api/logout",
}

// MustLambdaEnv serves a gateway over the test stack whose functions run as Lambda runs
// them (gateway.LocalLambda), with the functions of routes built first. Logs (the gateway's
// and the functions') go to the returned buffer.
func MustLambdaEnv(tb testing.TB, routes ...string) (*env, *lambdarun.Runner, *syncBuffer) {
	tb.Helper()
	return mustLambdaEnvWith(tb, nil, routes...)
}

// mustLambdaEnvWith is MustLambdaEnv with options for the gateway (another template, another
// IAM recorder).
func mustLambdaEnvWith(tb testing.TB, opts []gateway.Option, routes ...string) (*env, *lambdarun.Runner, *syncBuffer) {
	tb.Helper()
	ctx := context.Background()
	logs := &syncBuffer{}
	gw, runner, err := gateway.LocalLambda(ctx, st, "../..", origin, tb.TempDir(), logs, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	tb.Cleanup(func() {
		srv.Close()
		gw.Wait()
		runner.Close()
		if tb.Failed() {
			tb.Logf("logs:\n%s", logs.String())
		}
	})
	tmpl, err := template.Load(filepath.Join("../..", "template.yaml"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	byKey := map[string]string{}
	for _, r := range tmpl.Routes() {
		byKey[r.Key()] = r.Function
	}
	var names []string
	for _, k := range routes {
		id, ok := byKey[k]
		if !ok {
			tb.Fatalf("no route %s in template.yaml", k)
		}
		names = append(names, id)
	}
	if err := runner.Build(ctx, names...); err != nil {
		tb.Fatal(err)
	}
	deps, err := st.Deps(ctx, origin, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	return &env{srv: srv, gw: gw, deps: deps, store: store.New(deps.DynamoDB, deps.Config.TableName, nil)}, runner, logs
}

// TestRoutesUnderTheLambdaRuntime drives staff and portal routes through the gateway with
// every function a process under the Runtime Interface Emulator, with only the variables
// template.yaml gives it, against the local stack: health, staff login, an invitation (the
// email lands in the SES emulator) and its acceptance, portal login, a list, a create and an
// edit with If-Match, an attachment uploaded to S3 with a presigned POST and completed, and
// logout.
func TestRoutesUnderTheLambdaRuntime(t *testing.T) {
	e, runner, _ := MustLambdaEnv(t, lambdaRoutes...)
	anon := e.Client(t)

	r := anon.Do("GET", "/api/health", nil)
	MustStatus(t, r, http.StatusOK)
	r = anon.Do("GET", "/api/health?deep=1", nil)
	MustStatus(t, r, http.StatusOK)
	var health struct {
		Version string
		Checks  struct{ Table, Bucket struct{ Status string } }
	}
	r.JSON(t, &health)
	if health.Checks.Table.Status != "up" || health.Checks.Bucket.Status != "up" || health.Version == "" {
		t.Errorf("deep health from the function's own variables and endpoints: %s", r.Body)
	}

	// Staff login (the client sends X-Requested-With), the invitation (sent through SES) and
	// its acceptance, all in functions.
	d := e.mustDemo(t)
	contact := e.demoContacts(t)[8]
	a := e.customer(t, d, contact)
	MustStatus(t, a.Do("GET", "/api/me", nil), http.StatusOK)

	// Portal login with the password set on acceptance.
	email, _ := contact.Fields["Email"].(string)
	c := e.Client(t)
	MustStatus(t, c.Do("POST", "/api/p/"+seed.DemoPortalSlug+"/login", map[string]string{"email": email, "password": "a customer passphrase " + contact.ID}), http.StatusOK)

	var list struct{ Items []map[string]any }
	r = c.Do("GET", "/api/records/Cases", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &list)
	before := len(list.Items)

	r = c.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Pelo runtime do Lambda", "Priority": "High"}})
	MustStatus(t, r, http.StatusCreated)
	var created struct {
		ID      string
		Version int
	}
	r.JSON(t, &created)
	path := "/api/records/Cases/" + created.ID
	MustStatus(t, c.Do("PATCH", path, map[string]any{"fields": map[string]any{"Priority": "Low"}}, "If-Match", `"`+strconv.Itoa(created.Version+5)+`"`), http.StatusPreconditionFailed)
	r = c.Do("PATCH", path, map[string]any{"fields": map[string]any{"Priority": "Low"}}, "If-Match", `"`+strconv.Itoa(created.Version)+`"`)
	MustStatus(t, r, http.StatusOK)
	if etag := r.Header.Get("ETag"); etag != `"`+strconv.Itoa(created.Version+1)+`"` {
		t.Errorf("ETag after the edit = %q", etag)
	}
	settle() // the list is an eventually consistent Query: it must see the new case
	r = c.Do("GET", "/api/records/Cases", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &list)
	if len(list.Items) != before+1 {
		t.Errorf("the list has %d cases, want %d", len(list.Items), before+1)
	}

	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("1"), 1000)...)
	id := upload(t, c, path+"/attachments", "recibo.pdf", "application/pdf", int64(len(pdf)), pdf)
	r = c.Do("POST", path+"/attachments/"+id+"/complete", nil)
	MustStatus(t, r, http.StatusOK)
	var done attachmentJSON
	r.JSON(t, &done)
	if done.Status != "ready" || done.Size != int64(len(pdf)) {
		t.Errorf("completed attachment = %+v", done)
	}

	MustStatus(t, c.Do("POST", "/api/logout", nil), http.StatusNoContent)
	MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusUnauthorized)

	if n := runner.Processes("HealthFunction"); n < 1 {
		t.Errorf("HealthFunction has %d processes", n)
	}
}

// TestLambdaRuntimeInitFailure removes a variable MustLoad requires from the health function,
// as a wrong deployment would: the process exits at init (Runtime.ExitError) and the client
// gets API Gateway's 500, whole, and the log says why. Restored, the next call starts a
// fresh process that answers.
func TestLambdaRuntimeInitFailure(t *testing.T) {
	e, runner, logs := MustLambdaEnv(t, "GET /api/health")
	if err := runner.Update("HealthFunction", func(f *lambdarun.Function) { delete(f.Env, "TABLE_NAME") }); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(e.srv.URL + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError || string(body) != `{"message":"Internal Server Error"}` ||
		resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Fatalf("answer %d %v %s", resp.StatusCode, resp.Header, body)
	}
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "function failed") {
			line = l
		}
	}
	for _, want := range []string{"HealthFunction", "requestId", "Runtime.ExitError", "TABLE_NAME is not set"} {
		if !strings.Contains(line, want) {
			t.Errorf("the failure's log line %q lacks %q", line, want)
		}
	}
	if err := runner.Update("HealthFunction", func(f *lambdarun.Function) { f.Env["TABLE_NAME"] = "portal" }); err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(e.srv.URL + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("after restoring TABLE_NAME: status %d", resp.StatusCode)
	}
}
