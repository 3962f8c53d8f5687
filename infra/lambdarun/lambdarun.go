// Package lambdarun runs the template's functions as Lambda runs them: each function's
// binary built as `make build` builds it (GOOS=linux, CGO_ENABLED=0, -trimpath,
// -tags=lambda.norpc, -ldflags="-s -w") for this machine's architecture, started under AWS's
// Lambda Runtime Interface Emulator (bin/aws-lambda-rie) with only the environment Lambda
// would give it, and invoked through the emulator's invoke endpoint. Processes start on a
// function's first invocation, more start when calls overlap (as Lambda adds execution
// environments), one that exited is replaced on the next call, and Close stops them all.
package lambdarun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"crmportal/infra/childproc"
)

// Function is one function to run.
type Function struct {
	// Name is the function's logical id in template.yaml (AWS_LAMBDA_FUNCTION_NAME).
	Name string
	// Package is its main package, relative to the runner's root ("./functions/health").
	Package string
	// Env holds the variables the template declares for it (see template.LoadFunctionSettings).
	Env map[string]string
	// TimeoutSeconds and MemorySize are its Timeout and MemorySize.
	TimeoutSeconds int
	MemorySize     int
}

// Options configure a Runner.
type Options struct {
	// Root is the repository root: the Go module the functions are built from, and bin/.
	Root string
	// RIE is the emulator's binary; empty means Root/bin/aws-lambda-rie, built from the tools
	// module (infra/tools) when missing.
	RIE string
	// Env are variables every function gets besides its own and Lambda's: the stack's
	// credentials, region and endpoints (AWS_ENDPOINT_URL_DYNAMODB, ...), as NAME=value.
	Env []string
	// Output receives the functions' and the emulator's output, each line prefixed with the
	// function's name; nil discards it.
	Output io.Writer
	// MaxConcurrency bounds the execution environments of one function (default 8); more
	// overlapping calls wait for one to be free.
	MaxConcurrency int
	// IntegrationTimeout is how long InvokeHTTP waits (API Gateway's 30 s by default).
	IntegrationTimeout time.Duration
	// Endpoints, when set, gives each function endpoints of its own (the local stack's IAM
	// proxies): its variables override Env's for that function. The runner asks for them when
	// it starts a process and closes them when it closes.
	Endpoints Endpoints
}

// Endpoints are per-function AWS endpoints.
type Endpoints interface {
	// Env returns the variables (AWS_ENDPOINT_URL_S3=..., as NAME=value) that point the
	// function name at its own endpoints, starting them on its first call.
	Env(name string) ([]string, error)
	// Close stops them all.
	Close() error
}

// Runner builds, starts and invokes functions under the emulator.
type Runner struct {
	o      Options
	binDir string
	fns    map[string]*function

	buildMu sync.Mutex
	built   map[string]bool // by buildMu
	pendMu  sync.Mutex
	pending map[string]bool // names waiting for the next build

	mu     sync.Mutex
	closed bool
}

// function is one function's pool of running emulators.
type function struct {
	Function
	slots chan struct{} // one token per allowed execution environment
	mu    sync.Mutex
	idle  []*proc
	all   map[*proc]bool
	gen   int // configuration generation: Update makes older environments go
}

// New prepares a runner for fns; nothing is built or started until needed.
func New(o Options, fns []Function) (*Runner, error) {
	if o.Output == nil {
		o.Output = io.Discard
	}
	if o.MaxConcurrency <= 0 {
		o.MaxConcurrency = 8
	}
	// Absolute: the processes run in the binaries' folder.
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return nil, fmt.Errorf("lambdarun: %w", err)
	}
	o.Root = root
	if o.RIE == "" {
		o.RIE = filepath.Join(o.Root, "bin", "aws-lambda-rie")
	}
	if o.RIE, err = filepath.Abs(o.RIE); err != nil {
		return nil, fmt.Errorf("lambdarun: %w", err)
	}
	dir, err := os.MkdirTemp("", "lambdarun-")
	if err != nil {
		return nil, fmt.Errorf("lambdarun: %w", err)
	}
	r := &Runner{o: o, binDir: dir, fns: map[string]*function{}, built: map[string]bool{}, pending: map[string]bool{}}
	for _, f := range fns {
		if f.TimeoutSeconds <= 0 {
			f.TimeoutSeconds = 3
		}
		if f.MemorySize <= 0 {
			f.MemorySize = 128
		}
		r.fns[f.Name] = &function{Function: f, slots: make(chan struct{}, o.MaxConcurrency), all: map[*proc]bool{}}
	}
	return r, nil
}

// BuildFlags are `make build`'s Go flags (infra/make/python.mk's LAMBDA_GOFLAGS): without
// the VCS stamp, as deployed, so the health function reports the VERSION its environment
// gives, else "dev".
var BuildFlags = []string{"-trimpath", "-tags=lambda.norpc", "-ldflags=-s -w", "-buildvcs=false"}

// Build compiles the named functions (all when none are named) that this runner has not
// built yet, in one `go build` for linux and this machine's architecture, as `make build`
// compiles them for Lambda. Binaries go to a folder of the runner's own, removed on Close.
func (r *Runner) Build(ctx context.Context, names ...string) error {
	if len(names) == 0 {
		for n := range r.fns {
			names = append(names, n)
		}
	}
	for _, n := range names {
		if _, ok := r.fns[n]; !ok {
			return fmt.Errorf("lambdarun: no function %s", n)
		}
	}
	// Calls that overlap (a page's first requests) share one go build: each adds its names,
	// and whoever builds next builds them all.
	r.pendMu.Lock()
	for _, n := range names {
		r.pending[n] = true
	}
	r.pendMu.Unlock()
	r.buildMu.Lock()
	defer r.buildMu.Unlock()
	r.pendMu.Lock()
	for n := range r.pending {
		names = append(names, n)
	}
	r.pending = map[string]bool{}
	r.pendMu.Unlock()
	var pkgs []string
	seen := map[string]bool{}
	for _, n := range names {
		f := r.fns[n]
		if r.built[n] || seen[f.Package] {
			continue
		}
		seen[f.Package] = true
		pkgs = append(pkgs, f.Package)
	}
	if len(pkgs) == 0 {
		return nil
	}
	sort.Strings(pkgs)
	args := append([]string{"build"}, BuildFlags...)
	args = append(args, "-o", r.binDir+string(filepath.Separator))
	args = append(args, pkgs...)
	cmd := exec.CommandContext(ctx, goCommand(), args...)
	cmd.Dir = r.o.Root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("lambdarun: go build %s: %w\n%s", strings.Join(pkgs, " "), err, out)
	}
	for _, n := range names {
		r.built[n] = true
	}
	return nil
}

// goCommand is the go command: GOROOT's when the go command set it (go test, go run), else
// the one on PATH.
func goCommand() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if g := filepath.Join(root, "bin", "go"); fileExists(g) {
			return g
		}
	}
	return "go"
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// rieBinary returns the emulator, building it from the tools module when missing.
func (r *Runner) rieBinary(ctx context.Context) (string, error) {
	r.buildMu.Lock()
	defer r.buildMu.Unlock()
	if fileExists(r.o.RIE) {
		return r.o.RIE, nil
	}
	cmd := exec.CommandContext(ctx, goCommand(), "build", "-trimpath", "-o", r.o.RIE,
		"github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie")
	cmd.Dir = filepath.Join(r.o.Root, "infra", "tools")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("lambdarun: build the Runtime Interface Emulator (make bin/aws-lambda-rie): %w\n%s", err, out)
	}
	return r.o.RIE, nil
}

// binary is the built executable of f (go build names it after the package's folder).
func (r *Runner) binary(f *function) string {
	return filepath.Join(r.binDir, filepath.Base(f.Package))
}

// Binary is the executable Build made of the function name, for this machine; it is removed
// on Close.
func (r *Runner) Binary(name string) (string, error) {
	f, ok := r.fns[name]
	if !ok {
		return "", fmt.Errorf("lambdarun: no function %s", name)
	}
	r.buildMu.Lock()
	built := r.built[name]
	r.buildMu.Unlock()
	if !built {
		return "", fmt.Errorf("lambdarun: %s is not built", name)
	}
	return r.binary(f), nil
}

// Environment is the whole environment f's process gets: the template's variables, the
// runner's (credentials, region, endpoints) and those Lambda sets itself, which win.
func (r *Runner) Environment(f Function) []string { return r.environment(f, nil) }

// environment is f's environment with own, the function's own endpoints, over the runner's.
func (r *Runner) environment(f Function, own []string) []string {
	env := map[string]string{}
	for k, v := range f.Env {
		env[k] = v
	}
	for _, kv := range append(slices.Clip(r.o.Env), own...) {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	region := env["AWS_REGION"]
	if region == "" {
		region = "us-east-1"
	}
	for k, v := range map[string]string{
		"AWS_REGION":                      region,
		"AWS_DEFAULT_REGION":              region,
		"AWS_LAMBDA_FUNCTION_NAME":        f.Name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(f.MemorySize),
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     strconv.Itoa(f.TimeoutSeconds),
		"AWS_LAMBDA_FUNCTION_VERSION":     "$LATEST",
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + f.Name,
		"AWS_LAMBDA_LOG_STREAM_NAME":      "local",
		"_HANDLER":                        "bootstrap",
		"LAMBDA_TASK_ROOT":                r.binDir,
		"LANG":                            "en_US.UTF-8",
		"TZ":                              ":UTC",
		"PATH":                            "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
	} {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// proc is one emulator running one function: one execution environment.
type proc struct {
	fn   string
	gen  int
	cmd  *exec.Cmd
	url  string
	done chan struct{}
	tail *tail
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the emulator and the function under it (their process group).
func (p *proc) stop() {
	if p.exited() {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(3 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

// start starts an emulator for f on two free loopback ports of its own (the invoke
// endpoint and the runtime API) and waits until it listens.
func (r *Runner) start(ctx context.Context, f *function) (*proc, error) {
	return r.startWith(ctx, f, "error", nil)
}

// startWith is start with the emulator's log level (its --log-level: "error" keeps only
// failures, "info" adds rapid's lifecycle lines such as INIT REPORT) and watch, when not
// nil, receiving the process's output besides Options.Output.
func (r *Runner) startWith(ctx context.Context, f *function, logLevel string, watch io.Writer) (*proc, error) {
	// A build is not cut short by the call that asked for it: the next call uses it.
	if err := r.Build(context.WithoutCancel(ctx), f.Name); err != nil {
		return nil, err
	}
	rie, err := r.rieBinary(ctx)
	if err != nil {
		return nil, err
	}
	var own []string
	if r.o.Endpoints != nil {
		if own, err = r.o.Endpoints.Env(f.Name); err != nil {
			return nil, fmt.Errorf("lambdarun: %s's endpoints: %w", f.Name, err)
		}
	}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return nil, err
		}
		addr := "127.0.0.1:" + strconv.Itoa(ports[0])
		cmd := exec.Command(rie, "--log-level", logLevel,
			"--runtime-interface-emulator-address", addr,
			"--runtime-api-address", "127.0.0.1:"+strconv.Itoa(ports[1]),
			r.binary(f))
		cmd.Dir = r.binDir
		f.mu.Lock()
		cfg, gen := f.Function, f.gen
		f.mu.Unlock()
		cmd.Env = r.environment(cfg, own)
		t := &tail{}
		ws := []io.Writer{prefixWriter{name: f.Name, w: r.o.Output}, t}
		if watch != nil {
			ws = append(ws, watch)
		}
		w := io.MultiWriter(ws...)
		cmd.Stdout, cmd.Stderr = w, w
		cmd.SysProcAttr = childproc.Group()
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("lambdarun: start %s: %w", f.Name, err)
		}
		p := &proc{fn: f.Name, gen: gen, cmd: cmd, url: "http://" + addr + "/2015-03-31/functions/function/invocations", done: make(chan struct{}), tail: t}
		go func() { _ = cmd.Wait(); close(p.done) }()
		if last = waitListening(ctx, addr, p); last == nil {
			return p, nil
		}
		p.stop()
	}
	return nil, fmt.Errorf("lambdarun: %s: %w", f.Name, last)
}

func freePorts(n int) ([]int, error) {
	var out []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("lambdarun: free port: %w", err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

func waitListening(ctx context.Context, addr string, p *proc) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the emulator did not listen on %s: %w", addr, err)
		}
		select {
		case <-p.done:
			return fmt.Errorf("the emulator exited before listening on %s: %s", addr, p.tail.last())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// acquire takes an execution environment of f: an idle one still running, or a new one.
func (r *Runner) acquire(ctx context.Context, f *function) (*proc, error) {
	select {
	case f.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	f.mu.Lock()
	for len(f.idle) > 0 {
		p := f.idle[len(f.idle)-1]
		f.idle = f.idle[:len(f.idle)-1]
		if !p.exited() {
			f.mu.Unlock()
			return p, nil
		}
		// It exited (a crash): Lambda would start a fresh execution environment.
		delete(f.all, p)
	}
	f.mu.Unlock()
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed {
		<-f.slots
		return nil, errors.New("lambdarun: runner closed")
	}
	p, err := r.start(ctx, f)
	if err != nil {
		<-f.slots
		return nil, err
	}
	f.mu.Lock()
	f.all[p] = true
	f.mu.Unlock()
	return p, nil
}

// release returns p to f's idle environments, or drops it when it is gone or must go.
func (r *Runner) release(f *function, p *proc, discard bool) {
	f.mu.Lock()
	discard = discard || p.gen != f.gen
	f.mu.Unlock()
	if discard {
		p.stop()
	}
	f.mu.Lock()
	if p.exited() {
		delete(f.all, p)
	} else {
		f.idle = append(f.idle, p)
	}
	f.mu.Unlock()
	<-f.slots
}

// Invoke posts payload to the function name as Lambda's Invoke would (RequestResponse) and
// returns the emulator's status and body. requestID becomes the invocation's request id.
func (r *Runner) Invoke(ctx context.Context, name, requestID string, payload []byte) (int, []byte, error) {
	f, ok := r.fns[name]
	if !ok {
		return 0, nil, fmt.Errorf("lambdarun: no function %s", name)
	}
	p, err := r.acquire(ctx, f)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(payload))
	if err != nil {
		r.release(f, p, false)
		return 0, nil, err
	}
	if requestID != "" {
		req.Header.Set("X-Amzn-RequestId", requestID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		// Cut off (the caller's deadline) or the emulator died: this environment is done.
		r.release(f, p, true)
		if ctx.Err() != nil {
			return 0, nil, ctx.Err()
		}
		return 0, nil, fmt.Errorf("lambdarun: %s: %w (%s)", name, err, p.tail.last())
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	r.release(f, p, err != nil)
	if err != nil {
		return 0, nil, fmt.Errorf("lambdarun: %s: %w", name, err)
	}
	if resp.StatusCode != http.StatusOK && len(bytes.TrimSpace(body)) == 0 {
		// The emulator says why only in its output (Init failed, Runtime exited), which may
		// reach us just after its answer.
		why := p.tail.last()
		for i := 0; i < 5 && !p.tail.hasFunctionLine(); i++ {
			time.Sleep(20 * time.Millisecond)
			why = p.tail.last()
		}
		return resp.StatusCode, nil, &emptyFailure{last: why}
	}
	return resp.StatusCode, body, nil
}

// emptyFailure is a failed invocation whose answer is empty; last is the function's last
// output line, which says why.
type emptyFailure struct{ last string }

func (e *emptyFailure) Error() string { return e.last }

// Update changes the function name's configuration (its variables, timeout, memory) as a
// configuration update does in Lambda: the running execution environments are stopped and
// the next call starts a fresh one with the new configuration.
func (r *Runner) Update(name string, edit func(*Function)) error {
	f, ok := r.fns[name]
	if !ok {
		return fmt.Errorf("lambdarun: no function %s", name)
	}
	f.mu.Lock()
	cfg := f.Function
	cfg.Env = map[string]string{}
	for k, v := range f.Env {
		cfg.Env[k] = v
	}
	edit(&cfg)
	cfg.Name, cfg.Package = f.Name, f.Package
	f.Function = cfg
	f.gen++
	old := f.idle
	f.idle = nil
	f.mu.Unlock()
	for _, p := range old {
		p.stop()
	}
	return nil
}

// Processes counts the running execution environments of name.
func (r *Runner) Processes(name string) int {
	f, ok := r.fns[name]
	if !ok {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for p := range f.all {
		if !p.exited() {
			n++
		}
	}
	return n
}

// Close stops every emulator and removes the built binaries.
func (r *Runner) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	var wg sync.WaitGroup
	for _, f := range r.fns {
		f.mu.Lock()
		ps := make([]*proc, 0, len(f.all))
		for p := range f.all {
			ps = append(ps, p)
		}
		f.all, f.idle = map[*proc]bool{}, nil
		f.mu.Unlock()
		for _, p := range ps {
			wg.Add(1)
			go func() { defer wg.Done(); p.stop() }()
		}
	}
	wg.Wait()
	if r.o.Endpoints != nil {
		_ = r.o.Endpoints.Close()
	}
	_ = os.RemoveAll(r.binDir)
}

// tail keeps the last lines a process wrote.
type tail struct {
	mu    sync.Mutex
	lines []string
	part  string
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.part + string(b)
	parts := strings.Split(s, "\n")
	t.part = parts[len(parts)-1]
	for _, l := range parts[:len(parts)-1] {
		if l = strings.TrimSpace(l); l != "" {
			t.lines = append(t.lines, l)
		}
	}
	if len(t.lines) > 20 {
		t.lines = t.lines[len(t.lines)-20:]
	}
	return len(b), nil
}

// hasFunctionLine tells whether the function (not only the emulator) wrote a line.
func (t *tail) hasFunctionLine() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, l := range t.lines {
		if !strings.Contains(l, "(rapid)") && !strings.HasPrefix(l, "START RequestId") &&
			!strings.HasPrefix(l, "END RequestId") && !strings.HasPrefix(l, "REPORT RequestId") {
			return true
		}
	}
	return false
}

// last is the last line the function wrote that is not the emulator's own report
// (START, END, REPORT, rapid's lines): why it failed, when it said so.
func (t *tail) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var rapid string
	for i := len(t.lines) - 1; i >= 0; i-- {
		l := t.lines[i]
		switch {
		case strings.HasPrefix(l, "START RequestId"), strings.HasPrefix(l, "END RequestId"), strings.HasPrefix(l, "REPORT RequestId"):
			continue
		case strings.Contains(l, "(rapid)"):
			if rapid == "" {
				rapid = l
			}
			continue
		}
		if rapid != "" {
			return l + " (" + rapid[strings.Index(rapid, "(rapid)"):] + ")"
		}
		return l
	}
	if rapid != "" {
		return rapid
	}
	return "no output"
}

type prefixWriter struct {
	name string
	w    io.Writer
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if p.w == io.Discard {
		return len(b), nil
	}
	var buf bytes.Buffer
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		fmt.Fprintf(&buf, "[%s] %s\n", p.name, line)
	}
	_, _ = p.w.Write(buf.Bytes())
	return len(b), nil
}
