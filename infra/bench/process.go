package bench

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"crmportal/infra/childproc"
)

// StartTimeout bounds one cold start run: the process's init plus its one invocation.
const StartTimeout = 15 * time.Second

// ColdStart runs the function binary bin once, the way Lambda starts it: a fresh RuntimeAPI,
// then the process in bin's folder with exactly env plus AWS_LAMBDA_RUNTIME_API (nothing is
// inherited from this process's environment). It returns the time from just before exec to
// the process's first GET next, which is the function's init. When event is not nil it then
// hands the process that one event and returns what the process posted for it. The process
// is killed before ColdStart returns. A process that exits or posts an init error before
// asking for an invocation is an error that carries its output.
func ColdStart(ctx context.Context, bin string, env []string, event []byte) (time.Duration, Result, error) {
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	api, err := NewRuntimeAPI()
	if err != nil {
		return 0, Result{}, err
	}
	defer api.Close()

	cmd := exec.Command(bin)
	cmd.Dir = filepath.Dir(bin)
	cmd.Env = append(append([]string{}, env...), "AWS_LAMBDA_RUNTIME_API="+api.Addr())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = childproc.Plain()

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, Result{}, fmt.Errorf("start %s: %w", bin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()

	select {
	case <-api.FirstNext():
	case r := <-api.InitError():
		return 0, Result{}, fmt.Errorf("%s failed its init: %s", bin, r.Body)
	case <-exited:
		return 0, Result{}, fmt.Errorf("%s exited before asking for an invocation (%v): %s", bin, cmd.ProcessState, bytes.TrimSpace(out.Bytes()))
	case <-ctx.Done():
		return 0, Result{}, fmt.Errorf("%s did not ask for an invocation: %w", bin, ctx.Err())
	}
	initTime := api.FirstNextAt().Sub(start)
	if event == nil {
		return initTime, Result{}, nil
	}
	res, err := api.Invoke(ctx, event)
	if err != nil {
		return 0, Result{}, fmt.Errorf("invoke %s: %w", bin, err)
	}
	return initTime, res, nil
}
