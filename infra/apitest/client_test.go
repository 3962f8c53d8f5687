// Package apitest drives the staff routes through the local gateway against the local stack,
// as a browser or a script would: cookies, CSRF header, If-Match, presigned uploads.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"crmportal/infra/ddbstrict"
	"crmportal/infra/gateway"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/shared/auth"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

var st *stack.Stack

func TestMain(m *testing.M) {
	f, err := ddbstrict.ParseFaults(os.Getenv("DDB_FAULTS"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "DDB_FAULTS:", err)
		os.Exit(2)
	}
	injected = f
	stacktest.Main(m, &st, grantsUsed, faultsInjected)
}

// injected are the DynamoDB faults every gateway of this package injects (DDB_FAULTS; none by
// default). With faults on, a client retries an answer of 503 with Retry-After, as a browser
// or SDK following the API's contract does.
var injected ddbstrict.Faults

// layers are the strict DynamoDB layers of the gateways made, to count what they injected.
var layers struct {
	sync.Mutex
	all []*ddbstrict.Layer
}

func track(gw *gateway.Gateway) {
	layers.Lock()
	defer layers.Unlock()
	layers.all = append(layers.all, gw.Strict())
}

// faultsInjected fails a run with DDB_FAULTS whose gateways injected nothing of a kind it
// asked for: such a run would prove nothing.
func faultsInjected(*stack.Stack) []string {
	if !injected.On() {
		return nil
	}
	layers.Lock()
	defer layers.Unlock()
	var sum ddbstrict.Counts
	for _, l := range layers.all {
		c := l.Counts()
		sum.Conflicts += c.Conflicts
		sum.Throttles += c.Throttles
		sum.Unprocessed += c.Unprocessed
		sum.StaleItems += c.StaleItems
		sum.StaleCandidates += c.StaleCandidates
		sum.Refused += c.Refused
	}
	fmt.Fprintf(os.Stderr, "DynamoDB faults injected: %d conflicts, %d throttles, %d partial batches, %d stale items of %d reads within the window (%d refusals)\n",
		sum.Conflicts, sum.Throttles, sum.Unprocessed, sum.StaleItems, sum.StaleCandidates, sum.Refused)
	kinds := []struct {
		rate float64
		n    int
		name string
	}{{injected.Conflict, sum.Conflicts, "conflicts"}, {injected.Throttle, sum.Throttles, "throttles"},
		{injected.Unprocessed, sum.Unprocessed, "partial batches"}, {injected.Stale, sum.StaleItems, "stale reads"}}
	if file := os.Getenv("DDB_FAULTS_SHARD_COUNTS"); file != "" {
		// One shard of a suite run as several processes (make test-go-injected): the check is
		// of their sum, made by the caller from the lines appended here ("name<TAB>rate<TAB>n").
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return []string{err.Error()}
		}
		defer f.Close()
		for _, k := range kinds {
			if _, err := fmt.Fprintf(f, "%s\t%g\t%d\n", k.name, k.rate, k.n); err != nil {
				return []string{err.Error()}
			}
		}
		return nil
	}
	var out []string
	for _, k := range kinds {
		if k.rate > 0 && k.n == 0 {
			out = append(out, "DDB_FAULTS asked for "+k.name+" but none were injected")
		}
	}
	return out
}

// demoPassword is the demo staff's password in every test that seeds the demo organization:
// the seed runs once per stack, so the tests must agree on it.
const demoPassword = "the demo passphrase of the api tests"

// origin is the portal origin the gateway is configured with.
const origin = "http://localhost:3000"

// env is a gateway over the shared test stack.
type env struct {
	srv   *httptest.Server
	gw    *gateway.Gateway
	deps  platform.Deps
	store *store.Store
}

// MustEnv serves a gateway over the test stack for one test.
func MustEnv(tb testing.TB) *env {
	tb.Helper()
	gw, deps, err := gateway.Local(context.Background(), st, "../..", origin, tb.TempDir(), io.Discard, gateway.WithDynamoDBFaults(injected))
	if err != nil {
		tb.Fatal(err)
	}
	track(gw)
	srv := httptest.NewServer(gw)
	tb.Cleanup(func() {
		srv.Close()
		gw.Wait()
	})
	return &env{srv: srv, gw: gw, deps: deps, store: store.New(deps.DynamoDB, deps.Config.TableName, nil)}
}

// org is a test organization with an admin and a user.
type org struct {
	ID                string
	AdminEmail        string
	UserEmail         string
	Password          string
	AdminID, MemberID string
}

// MustOrg creates an organization with a staff admin and a staff user.
func (e *env) MustOrg(tb testing.TB, name string) org {
	tb.Helper()
	ctx := context.Background()
	id, _ := auth.NewID()
	o := org{ID: id, AdminEmail: "admin-" + id + "@staff.example", UserEmail: "user-" + id + "@staff.example", Password: "a long enough passphrase " + id}
	if err := e.store.CreateOrg(ctx, store.Org{ID: id, Name: name, Language: "pt-BR", TimeFormat: "24h", TimeZone: "America/Sao_Paulo", Country: "BR", Limits: store.DefaultLimits}); err != nil {
		tb.Fatal(err)
	}
	hash, err := auth.HashPassword(o.Password)
	if err != nil {
		tb.Fatal(err)
	}
	o.AdminID, _ = auth.NewID()
	o.MemberID, _ = auth.NewID()
	for _, u := range []store.Staff{
		{OrgID: id, ID: o.AdminID, Email: o.AdminEmail, Name: "Admin " + name, Role: store.RoleAdmin, PasswordHash: hash},
		{OrgID: id, ID: o.MemberID, Email: o.UserEmail, Name: "User " + name, Role: store.RoleUser, PasswordHash: hash},
	} {
		if err := e.store.CreateStaff(ctx, u); err != nil {
			tb.Fatal(err)
		}
	}
	return o
}

// client is a browser: a cookie jar and the CSRF header on state changes.
// Cookies are kept by hand: the portal's cookies are Secure (__Host-), which Go's cookie jar
// never sends over the tests' plain HTTP, while browsers do for localhost.
type client struct {
	tb      testing.TB
	base    string
	http    *http.Client
	bearer  string
	cookies map[string]string
	// setCookies are the Set-Cookie lines of the last answer.
	setCookies []string
	// answer503 hands a 503 with Retry-After to the test as it is, without following it: for
	// a test that checks that answer itself.
	answer503 bool
}

func (e *env) Client(tb testing.TB) *client {
	return &client{tb: tb, base: e.srv.URL, http: &http.Client{Timeout: 60 * time.Second}, cookies: map[string]string{}}
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) JSON(tb testing.TB, dst any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, dst); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem is a problem+json answer.
type problem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Field   string            `json:"field"`
		Message string            `json:"message"`
		Code    string            `json:"code"`
		Params  map[string]string `json:"params"`
	} `json:"errors"`
}

func (r response) Problem(tb testing.TB) problem {
	tb.Helper()
	var p problem
	r.JSON(tb, &p)
	return p
}

// fields lists the fields a problem names.
func (p problem) fields() []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// Do sends a request; body is JSON-encoded unless it is a string or nil. hdr adds headers
// (pairs); the CSRF header is set on state changes unless hdr sets X-Requested-With.
func (c *client) Do(method, path string, body any, hdr ...string) response {
	c.tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("X-Requested-With", "portal")
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	for name, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: v})
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	// With DynamoDB faults injected, a 503 with Retry-After is what the API promises instead
	// of a failure: follow it, a few times, as a well-behaved client does. (Every write is one
	// transaction, so a 503 left nothing half-written to repeat.)
	for try := 0; injected.On() && !c.answer503 && resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" && try < 5; try++ {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(time.Duration(50*(try+1)) * time.Millisecond)
		if req.GetBody != nil {
			req.Body, _ = req.GetBody()
		}
		if resp, err = c.http.Do(req); err != nil {
			c.tb.Fatal(err)
		}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	checkOpenAPI(c.tb, req, resp.StatusCode, resp.Header, b)
	c.setCookies = resp.Header.Values("Set-Cookie")
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// MustStatus fails unless r has status want.
func MustStatus(tb testing.TB, r response, want int) {
	tb.Helper()
	if r.Status != want {
		tb.Fatalf("status = %d, want %d; body %s", r.Status, want, r.Body)
	}
}

// Login logs c in and fails the test unless it works.
func (c *client) Login(email, password string) {
	c.tb.Helper()
	MustStatus(c.tb, c.Do("POST", "/api/admin/login", map[string]string{"email": email, "password": password}), http.StatusOK)
}

// LoggedIn is a client logged in as email.
func (e *env) LoggedIn(tb testing.TB, email, password string) *client {
	tb.Helper()
	c := e.Client(tb)
	c.Login(email, password)
	return c
}
