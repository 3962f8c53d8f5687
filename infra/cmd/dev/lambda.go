package main

import (
	"context"
	"fmt"
	"os"

	"crmportal/infra/gateway"
	"crmportal/infra/stack"
	"crmportal/shared/platform"
)

// devGateway is the gateway and what stops its function processes.
type devGateway struct {
	*gateway.Gateway
	close func()
}

// localGateway builds the gateway in process (the default) or, with lambdaRIE, with every
// route's function run as Lambda runs it (gateway.LocalLambda).
func localGateway(ctx context.Context, st *stack.Stack, root, base, web string, lambdaRIE bool, opts []gateway.Option) (devGateway, platform.Deps, error) {
	if !lambdaRIE {
		gw, deps, err := gateway.Local(ctx, st, root, base, web, os.Stdout, opts...)
		return devGateway{Gateway: gw, close: func() {}}, deps, err
	}
	gw, runner, err := gateway.LocalLambda(ctx, st, root, base, web, os.Stdout, opts...)
	if err != nil {
		return devGateway{}, platform.Deps{}, err
	}
	deps, err := st.Deps(ctx, base, os.Stdout)
	if err != nil {
		runner.Close()
		return devGateway{}, platform.Deps{}, err
	}
	fmt.Println("Functions run as Lambda runs them (-lambda-rie): each is built on its first call and started under bin/aws-lambda-rie;")
	if gw.IAM() != nil {
		fmt.Println("IAM: each function calls DynamoDB, S3 and SES through loopback endpoints of its own that hold its calls to its policies.")
	}
	return devGateway{Gateway: gw, close: runner.Close}, deps, nil
}
