package gateway

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/iamguard"
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
// configuration set's and topic's names, the SenderEmail and Stage parameters), the origin
// guard's secret of the gateway in front (originSecret), the queues' URLs as `make dev`'s stack
// has them (stack.DevQueueURL; a running stack's own replace them, see LocalLambda) and, for
// the CloudFront distribution's domain, `make dev`'s portal (the functions the gateway runs
// take its origin as their PORTAL_BASE_URL instead).
func LocalPlacement(originSecret string) template.Placement {
	d := stack.Deployment()
	p := template.Placement{Parameters: map[string]any{}, Resources: map[string]string{},
		AccountID: d.AccountID, Region: d.Region, Partition: d.Partition, StackName: d.StackName,
		Secrets:    map[string]string{"OriginVerifySecret": originSecret},
		QueueURL:   stack.DevQueueURL,
		Attributes: map[string]string{"Distribution.DomainName": fmt.Sprintf("localhost:%d", stack.DevPortalPort)}}
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
// answers them (see lambdarun.Runner.InvokeHTTP). Each function's AWS calls go to endpoints
// of its own, proxies in front of the emulators that hold them to its policies as AWS does at
// the service (iamguard.Proxies), unless the IAM guard is off. Functions started by S3 events
// still run in process. Close the runner when done: it stops every function process and proxy.
func LocalLambda(ctx context.Context, st *stack.Stack, root, origin, webDir string, logOut io.Writer, opts ...Option) (*Gateway, *lambdarun.Runner, error) {
	gw, _, err := Local(ctx, st, root, origin, webDir, logOut, opts...)
	if err != nil {
		return nil, nil, err
	}
	place := LocalPlacement(gw.originSecret)
	// !Ref of a queue: its URL in this stack, never `make dev`'s (a queue the stack lacks fails).
	place.Queues, place.QueueURL = st.QueueURLs(), nil
	settings, err := template.LoadFunctionSettings(templateFile(root, opts), place)
	if err != nil {
		return nil, nil, err
	}
	var fns []lambdarun.Function
	for id := range gw.handlers {
		s, ok := settings[id]
		if !ok {
			return nil, nil, fmt.Errorf("gateway: no settings for function %s", id)
		}
		// The local origin stands where a custom domain would (the viewer's host would give
		// https://, and the local portal is plain http).
		s.Environment["PORTAL_BASE_URL"] = origin
		fns = append(fns, lambdarun.Function{Name: id, Package: "./" + s.CodeURI, Env: s.Environment,
			TimeoutSeconds: s.TimeoutSeconds, MemorySize: s.MemorySize})
	}
	o := lambdarun.Options{Root: root, Output: logOut, Env: []string{
		"AWS_REGION=" + stack.Region,
		"AWS_ACCESS_KEY_ID=" + stack.AccessKey, "AWS_SECRET_ACCESS_KEY=" + stack.SecretKey,
		"AWS_ENDPOINT_URL_DYNAMODB=" + st.DynamoDBURL, "AWS_ENDPOINT_URL_S3=" + st.S3URL, "AWS_ENDPOINT_URL_SES=" + st.SESURL,
		"AWS_ENDPOINT_URL_SQS=" + st.SQSURL, "AWS_ENDPOINT_URL_KMS=" + st.SQSURL,
	}}
	if gw.guard != nil {
		// Each function's calls go to endpoints of its own, which hold them to its policies.
		o.Endpoints = proxyEndpoints{&iamguard.Proxies{Guard: gw.guard, Targets: map[iamguard.Service]string{
			iamguard.DynamoDB: st.DynamoDBURL, iamguard.S3: st.S3URL, iamguard.SES: st.SESURL, iamguard.SQS: st.SQSURL, iamguard.KMS: st.SQSURL}}}
		// The presigned URLs the functions sign point at their S3 endpoints, on loopback ports
		// opened as the functions start.
		gw.connectSrc = append(gw.connectSrc, "http://127.0.0.1:*")
	}
	runner, err := lambdarun.New(o, fns)
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

// proxyEndpoints gives each function its IAM proxies (iamguard.Proxies) as its
// AWS_ENDPOINT_URL_* variables.
type proxyEndpoints struct{ *iamguard.Proxies }

func (p proxyEndpoints) Env(function string) ([]string, error) {
	urls, err := p.Endpoints(function)
	if err != nil {
		return nil, err
	}
	return []string{"AWS_ENDPOINT_URL_DYNAMODB=" + urls[iamguard.DynamoDB], "AWS_ENDPOINT_URL_S3=" + urls[iamguard.S3],
		"AWS_ENDPOINT_URL_SES=" + urls[iamguard.SES], "AWS_ENDPOINT_URL_SQS=" + urls[iamguard.SQS],
		"AWS_ENDPOINT_URL_KMS=" + urls[iamguard.KMS]}, nil
}
