package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RuntimeAPIVersion is the path prefix of the Lambda Runtime API.
const RuntimeAPIVersion = "2018-06-01"

// InvocationDeadline is the deadline each handed-out invocation carries, the functions'
// timeout in template.yaml's Globals.
const InvocationDeadline = 10 * time.Second

// Result is what a function process posted for one invocation, or for its failed init.
type Result struct {
	// RequestID is the invocation's id; empty for an init error.
	RequestID string
	// Body is the posted payload: the handler's response, or the error document.
	Body []byte
	// Error is true when the process posted to /error or /init/error.
	Error bool
	// ErrorType is the Lambda-Runtime-Function-Error-Type header, when the process sent it.
	ErrorType string
}

// RuntimeAPI is a local stand-in for the Lambda Runtime API, serving one function process
// on a loopback port. It implements the endpoints a custom runtime calls:
//
//	GET  /2018-06-01/runtime/invocation/next
//	POST /2018-06-01/runtime/invocation/{id}/response
//	POST /2018-06-01/runtime/invocation/{id}/error
//	POST /2018-06-01/runtime/init/error
//
// It records when the process first asks for an invocation, hands out the events passed to
// Invoke one at a time (a GET next waits until there is one), and returns each posted
// response or error to the Invoke waiting for it.
type RuntimeAPI struct {
	ln  net.Listener
	srv *http.Server

	firstOnce   sync.Once
	firstNext   chan struct{}
	firstNextAt time.Time

	pending chan invocation
	initErr chan Result

	mu      sync.Mutex
	waiting map[string]chan Result
}

type invocation struct {
	id    string
	event []byte
}

// NewRuntimeAPI listens on a free loopback port and serves until Close.
func NewRuntimeAPI() (*RuntimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runtime API: listen: %w", err)
	}
	a := &RuntimeAPI{
		ln:        ln,
		firstNext: make(chan struct{}),
		pending:   make(chan invocation),
		initErr:   make(chan Result, 1),
		waiting:   map[string]chan Result{},
	}
	mux := http.NewServeMux()
	base := "/" + RuntimeAPIVersion + "/runtime"
	mux.HandleFunc("GET "+base+"/invocation/next", a.next)
	mux.HandleFunc("POST "+base+"/invocation/{id}/response", a.result(false))
	mux.HandleFunc("POST "+base+"/invocation/{id}/error", a.result(true))
	mux.HandleFunc("POST "+base+"/init/error", a.initError)
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = a.srv.Serve(ln) }()
	return a, nil
}

// Addr is the host:port a function process finds in AWS_LAMBDA_RUNTIME_API.
func (a *RuntimeAPI) Addr() string { return a.ln.Addr().String() }

// FirstNext is closed when the first GET next arrives; FirstNextAt is then its arrival time.
func (a *RuntimeAPI) FirstNext() <-chan struct{} { return a.firstNext }

// FirstNextAt is when the first GET next arrived, read as the handler's first step; the zero
// time before FirstNext is closed.
func (a *RuntimeAPI) FirstNextAt() time.Time {
	select {
	case <-a.firstNext:
		return a.firstNextAt
	default:
		return time.Time{}
	}
}

// InitError receives the process's POST to /init/error, if it makes one.
func (a *RuntimeAPI) InitError() <-chan Result { return a.initErr }

// Invoke hands event to the process's next GET next and waits for the process to post the
// invocation's response or error. It fails when ctx ends first.
func (a *RuntimeAPI) Invoke(ctx context.Context, event []byte) (Result, error) {
	inv := invocation{id: newRequestID(), event: event}
	done := make(chan Result, 1)
	a.mu.Lock()
	a.waiting[inv.id] = done
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.waiting, inv.id)
		a.mu.Unlock()
	}()
	select {
	case a.pending <- inv:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("runtime API: no process asked for invocation %s: %w", inv.id, ctx.Err())
	}
	select {
	case r := <-done:
		return r, nil
	case <-ctx.Done():
		return Result{}, fmt.Errorf("runtime API: no result for invocation %s: %w", inv.id, ctx.Err())
	}
}

// Close stops serving and drops open connections, which ends any GET next still waiting.
func (a *RuntimeAPI) Close() error {
	if err := a.srv.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("runtime API: close: %w", err)
	}
	return nil
}

func (a *RuntimeAPI) next(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	a.firstOnce.Do(func() {
		a.firstNextAt = now
		close(a.firstNext)
	})
	var inv invocation
	select {
	case inv = <-a.pending:
	case <-r.Context().Done():
		return // the process went away, or Close
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(InvocationDeadline).UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:bench")
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.event)
}

func (a *RuntimeAPI) result(isError bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		a.mu.Lock()
		done, ok := a.waiting[id]
		a.mu.Unlock()
		if !ok {
			writeStatus(w, http.StatusBadRequest, `{"errorMessage":"unknown request id","errorType":"InvalidRequestID"}`)
			return
		}
		errType := r.Header.Get("Lambda-Runtime-Function-Error-Type")
		if errType == "" {
			errType = r.Trailer.Get("Lambda-Runtime-Function-Error-Type")
		}
		select {
		case done <- Result{RequestID: id, Body: body, Error: isError, ErrorType: errType}:
		default: // a second post for the same invocation; the first one counts
		}
		writeStatus(w, http.StatusAccepted, `{"status":"OK"}`)
	}
}

func (a *RuntimeAPI) initError(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	select {
	case a.initErr <- Result{Body: body, Error: true, ErrorType: r.Header.Get("Lambda-Runtime-Function-Error-Type")}:
	default:
	}
	writeStatus(w, http.StatusAccepted, `{"status":"OK"}`)
}

func writeStatus(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
