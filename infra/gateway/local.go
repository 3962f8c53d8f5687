package gateway

import (
	"context"
	"io"

	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/platform"
)

// Local builds the gateway over a running local stack, as `make dev`, the tests and the
// benchmarks run it: the functions' dependencies pointed at the stack, template.yaml (under
// root, or WithTemplate's) read with the portal's origin, the stack's bucket notifications
// handed to the functions subscribed to them, and the table's stream polled for the functions
// subscribed to it (the newest gateway over a stack is its stream's one consumer: see
// stack.ClaimStream), and the template's queues polled for the functions subscribed to them
// (likewise, stack.ClaimQueues). The functions take origin as their PORTAL_BASE_URL, as a stack with a
// custom domain does. Function logs go to logOut.
//
// opts go to New after the stack's IAM recorder (WithoutIAM for `make dev -no-iam`).
func Local(ctx context.Context, st *stack.Stack, root, origin, webDir string, logOut io.Writer, opts ...Option) (*Gateway, platform.Deps, error) {
	deps, err := st.Deps(ctx, origin, logOut)
	if err != nil {
		return nil, platform.Deps{}, err
	}
	tmpl, err := template.Load(templateFile(root, opts), nil)
	if err != nil {
		return nil, platform.Deps{}, err
	}
	gw, err := New(tmpl, deps, webDir, stack.Buckets, append([]Option{WithIAMRecorder(st.IAM)}, opts...)...)
	if err != nil {
		return nil, platform.Deps{}, err
	}
	gw.connectSrc = []string{st.S3URL}
	gw.stack = st
	st.OnS3Event(gw.HandleS3Event)
	gw.pollStreams(st)
	gw.pollQueues(st)
	// The functions' dependencies as the gateway gave them (its origin guard secret included).
	return gw, gw.deps, nil
}
