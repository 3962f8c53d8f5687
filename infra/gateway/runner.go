package gateway

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/lambdarun"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/httpapi"
)

// answer is a function failure that says what API Gateway answers for it (a
// *lambdarun.Failure): serveAPI writes that status and body instead of the bare 500.
type answer interface {
	error
	Status() int
	Body() string
}

// LocalPlacement is where template.yaml's resources are in the local stack: what
// CloudFormation would know of it (stack.Deployment: account, region, the table's, buckets',
// configuration set's and topic's names, the SenderEmail and Stage parameters) and the
// portal's origin as PortalBaseUrl.
func LocalPlacement(origin string) template.Placement {
	d := stack.Deployment()
	p := template.Placement{Parameters: map[string]any{"PortalBaseUrl": origin}, Resources: map[string]string{},
		AccountID: d.AccountID, Region: d.Region, Partition: d.Partition, StackName: d.StackName}
	for k, v := range d.Parameters {
		p.Parameters[k] = v
	}
	for k, v := range d.Names {
		p.Resources[k] = v
	}
	return p
}

// LocalLambda is Local with every HTTP route's function run as Lambda runs it: built as
// `make build` builds it, started under AWS's Runtime Interface Emulator with only the
// variables template.yaml declares for it (resolved for the local stack) and those Lambda
// sets, invoked with the same payload 2.0 event, its failures answered as API Gateway
// answers them (see lambdarun.Runner.InvokeHTTP). Functions started by S3 events still run
// in process. Close the runner when done: it stops every function process.
func LocalLambda(ctx context.Context, st *stack.Stack, root, origin, webDir string, logOut io.Writer, opts ...Option) (*Gateway, *lambdarun.Runner, error) {
	gw, _, err := Local(ctx, st, root, origin, webDir, logOut, opts...)
	if err != nil {
		return nil, nil, err
	}
	settings, err := template.LoadFunctionSettings(filepath.Join(root, "template.yaml"), LocalPlacement(origin))
	if err != nil {
		return nil, nil, err
	}
	var fns []lambdarun.Function
	for id := range gw.handlers {
		s, ok := settings[id]
		if !ok {
			return nil, nil, fmt.Errorf("gateway: no settings for function %s", id)
		}
		fns = append(fns, lambdarun.Function{Name: id, Package: "./" + s.CodeURI, Env: s.Environment,
			TimeoutSeconds: s.TimeoutSeconds, MemorySize: s.MemorySize})
	}
	runner, err := lambdarun.New(lambdarun.Options{Root: root, Output: logOut, Env: []string{
		"AWS_REGION=" + stack.Region,
		"AWS_ACCESS_KEY_ID=" + stack.AccessKey, "AWS_SECRET_ACCESS_KEY=" + stack.SecretKey,
		"AWS_ENDPOINT_URL_DYNAMODB=" + st.DynamoDBURL, "AWS_ENDPOINT_URL_S3=" + st.S3URL, "AWS_ENDPOINT_URL_SES=" + st.SESURL,
	}}, fns)
	if err != nil {
		return nil, nil, err
	}
	for id := range gw.handlers {
		gw.handlers[id] = runnerFunc(runner, id)
	}
	return gw, runner, nil
}

// runnerFunc is a handler that invokes the function id under the emulator.
func runnerFunc(r *lambdarun.Runner, id string) httpapi.LambdaFunc {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return r.InvokeHTTP(ctx, id, ev)
	}
}
