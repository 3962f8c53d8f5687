package lambdarun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cold is one invocation in a fresh execution environment: the emulator's answer and the
// function's init phase as the emulator measured it.
type Cold struct {
	// Status and Body are the emulator's answer to the invocation.
	Status int
	Body   []byte
	// Init is the duration of the init phase from rapid's INIT REPORT line (rapid is the
	// emulator's core, Lambda's own): from the start of the runtime's init, just before the
	// binary is executed, to the runtime's first GET /2018-06-01/runtime/invocation/next. The
	// "Init Duration" of the emulator's REPORT line is not it: the emulator times only handing
	// the init to rapid, which runs it asynchronously (a fraction of a millisecond).
	Init time.Duration
}

// InvokeCold invokes the function name once in an execution environment started for this
// call and stopped before InvokeCold returns, as Lambda's first call of a new environment
// (an on-demand init): never one of the environments Invoke reuses, and its emulator logs at
// level info so that rapid reports the init. It fails when the init did not succeed (rapid's
// INIT RTDONE status is not success), when the emulator answered with an empty failure, or
// when rapid reported no init; the error carries the function's last output line.
func (r *Runner) InvokeCold(ctx context.Context, name, requestID string, payload []byte) (Cold, error) {
	f, ok := r.fns[name]
	if !ok {
		return Cold{}, fmt.Errorf("lambdarun: no function %s", name)
	}
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed {
		return Cold{}, errors.New("lambdarun: runner closed")
	}
	w := newInitWatch()
	p, err := r.startWith(ctx, f, "info", w)
	if err != nil {
		return Cold{}, err
	}
	defer p.stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(payload))
	if err != nil {
		return Cold{}, fmt.Errorf("lambdarun: cold %s: %w", name, err)
	}
	if requestID != "" {
		req.Header.Set("X-Amzn-RequestId", requestID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Cold{}, fmt.Errorf("lambdarun: cold %s: %w (%s)", name, err, p.tail.last())
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return Cold{}, fmt.Errorf("lambdarun: cold %s: %w", name, err)
	}
	// rapid logs the init before the invocation starts, but its line reaches us through the
	// emulator's output pipe, which may lag its answer.
	select {
	case <-w.reported:
	case <-p.done:
		select {
		case <-w.reported:
		default:
			return Cold{}, fmt.Errorf("lambdarun: cold %s: the emulator exited without reporting the init: %s", name, p.tail.last())
		}
	case <-ctx.Done():
		return Cold{}, fmt.Errorf("lambdarun: cold %s: no init report: %w", name, ctx.Err())
	case <-time.After(5 * time.Second):
		return Cold{}, fmt.Errorf("lambdarun: cold %s: no init report 5 s after the answer (%s)", name, p.tail.last())
	}
	status, init := w.result()
	if status != "success" {
		return Cold{}, fmt.Errorf("lambdarun: cold %s: init %s: %s", name, status, p.tail.last())
	}
	if resp.StatusCode != http.StatusOK && len(bytes.TrimSpace(body)) == 0 {
		return Cold{}, fmt.Errorf("lambdarun: cold %s: emulator status %d: %s", name, resp.StatusCode, p.tail.last())
	}
	return Cold{Status: resp.StatusCode, Body: body, Init: init}, nil
}

// initWatch reads an emulator's output for rapid's INIT RTDONE and INIT REPORT lines.
type initWatch struct {
	mu       sync.Mutex
	part     string
	status   string        // INIT RTDONE's status; empty before it
	init     time.Duration // INIT REPORT's duration
	reported chan struct{} // closed at the first INIT REPORT
}

func newInitWatch() *initWatch { return &initWatch{reported: make(chan struct{})} }

func (w *initWatch) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	lines := strings.Split(w.part+string(b), "\n")
	w.part = lines[len(lines)-1]
	for _, l := range lines[:len(lines)-1] {
		if s, ok := ParseInitDone(l); ok && w.status == "" {
			w.status = s
		}
		if d, ok := ParseInitReport(l); ok {
			select {
			case <-w.reported:
			default:
				w.init = d
				if w.status == "" {
					// rapid logs RTDONE first; without it the init cannot count as a success.
					w.status = "unreported"
				}
				close(w.reported)
			}
		}
	}
	return len(b), nil
}

func (w *initWatch) result() (status string, init time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status, w.init
}

// ParseInitReport reads the duration of rapid's INIT REPORT line,
//
//	07 Dec 2026 01:19:51,983 [INFO] (rapid) INIT REPORT(durationMs: 5.417000)
//
// which rapid logs when the init phase ends (at level info). ok is false for any other line
// and for a duration that is not a non-negative number.
func ParseInitReport(line string) (d time.Duration, ok bool) {
	const marker = "(rapid) INIT REPORT(durationMs: "
	i := strings.Index(line, marker)
	if i < 0 {
		return 0, false
	}
	rest := line[i+len(marker):]
	j := strings.IndexByte(rest, ')')
	if j < 0 {
		return 0, false
	}
	ms, err := strconv.ParseFloat(strings.TrimSpace(rest[:j]), 64)
	if err != nil || ms < 0 || math.IsNaN(ms) || math.IsInf(ms, 0) {
		return 0, false
	}
	// rapid reports whole microseconds.
	return (time.Duration(ms * float64(time.Millisecond))).Round(time.Microsecond), true
}

// ParseInitDone reads the status of rapid's INIT RTDONE line ("success", "error",
// "failure", "timeout"), logged when the runtime finished its init or failed it:
//
//	07 Dec 2026 01:19:51,983 [INFO] (rapid) INIT RTDONE(status: success)
func ParseInitDone(line string) (status string, ok bool) {
	const marker = "(rapid) INIT RTDONE(status: "
	i := strings.Index(line, marker)
	if i < 0 {
		return "", false
	}
	rest := line[i+len(marker):]
	j := strings.IndexAny(rest, ",)")
	if j <= 0 {
		return "", false
	}
	return strings.TrimSpace(rest[:j]), true
}
