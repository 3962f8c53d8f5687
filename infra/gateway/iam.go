package gateway

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"crmportal/infra/ddbstrict"
	"crmportal/infra/iam"
	"crmportal/infra/iamguard"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/platform"
)

// Option changes how New builds the gateway.
type Option func(*options)

type options struct {
	recorder *iamguard.Recorder
	noIAM    bool
	faults   ddbstrict.Faults
	template string
}

// WithTemplate makes Local and LocalLambda read the template at path instead of the root's
// template.yaml (the functions are still built from root): the tests that remove a grant use a
// copy.
func WithTemplate(path string) Option { return func(o *options) { o.template = path } }

// templateFile is the template Local and LocalLambda read: root's template.yaml, unless opts
// name another.
func templateFile(root string, opts []Option) string {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.template != "" {
		return o.template
	}
	return filepath.Join(root, "template.yaml")
}

// WithDynamoDBFaults makes the strict DynamoDB layer inject conflicts, throttles, unprocessed
// batch keys and stale reads at f's rates (see infra/ddbstrict). Without it the layer only
// enforces DynamoDB's limits.
func WithDynamoDBFaults(f ddbstrict.Faults) Option { return func(o *options) { o.faults = f } }

// strictLayer builds the strict DynamoDB layer of the gateway's functions from the table's
// definition in tmpl.
func strictLayer(tmpl *template.Template, o options, deps platform.Deps) (*ddbstrict.Layer, error) {
	in, err := tmpl.CreateTableInput(deps.Config.TableName)
	if err != nil {
		return nil, err
	}
	schema := ddbstrict.Schema{Keys: map[string][]string{}, IndexKeys: map[string][]string{}}
	for _, k := range in.KeySchema {
		schema.Keys[deps.Config.TableName] = append(schema.Keys[deps.Config.TableName], aws.ToString(k.AttributeName))
	}
	for _, g := range in.GlobalSecondaryIndexes {
		for _, k := range g.KeySchema {
			schema.IndexKeys[deps.Config.TableName] = append(schema.IndexKeys[deps.Config.TableName], aws.ToString(k.AttributeName))
		}
	}
	return ddbstrict.New(schema, o.faults, deps.DynamoDB, deps.Logger), nil
}

// Strict is the gateway's strict DynamoDB layer.
func (g *Gateway) Strict() *ddbstrict.Layer { return g.strict }

// WithIAMRecorder makes the gateway's IAM guard record denials and used actions in r (the
// stack's recorder, which the test harness checks) instead of a recorder of its own.
func WithIAMRecorder(r *iamguard.Recorder) Option { return func(o *options) { o.recorder = r } }

// WithoutIAM turns the IAM guard off. Only `make dev`'s explicit -no-iam flag uses it; no test
// does.
func WithoutIAM() Option { return func(o *options) { o.noIAM = true } }

// guard builds the IAM guard of tmpl's functions for the local stack's account and names.
func guard(tmpl *template.Template, o options, deps platform.Deps) (*iamguard.Guard, error) {
	d := stack.Deployment()
	policies, err := tmpl.Policies(d)
	if err != nil {
		return nil, fmt.Errorf("IAM policies of template.yaml: %w", err)
	}
	rec := o.recorder
	if rec == nil {
		rec = iamguard.NewRecorder()
	}
	return &iamguard.Guard{Account: iamguard.Account{Partition: d.Partition, Region: d.Region, AccountID: d.AccountID},
		Policies: policies, Recorder: rec, Log: deps.Logger}, nil
}

// asFunction gives the function logicalID its own clients, made from deps' but held to its
// policies by g, as the function's execution role holds it on AWS (with g nil, no IAM), and
// with its DynamoDB client going through the strict layer (when not nil).
func asFunction(deps platform.Deps, g *iamguard.Guard, strict *ddbstrict.Layer, logicalID string) platform.Deps {
	var opts []func(*middleware.Stack) error
	if g != nil {
		opts = append(opts, g.APIOption(logicalID))
	}
	ddbOpts := opts
	if strict != nil {
		// IAM first: AWS authorizes a request before it looks at it.
		ddbOpts = append(slices.Clip(opts), strict.APIOption())
	}
	if len(ddbOpts) == 0 {
		return deps
	}
	// Clip so that appending never writes into a backing array another function's options share.
	deps.DynamoDB = dynamodb.New(deps.DynamoDB.Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(slices.Clip(o.APIOptions), ddbOpts...)
	})
	if len(opts) > 0 {
		// The S3 and SES clients the function's routes make (s3client, sesclient) get them
		// from its aws.Config.
		deps.AWS.APIOptions = append(slices.Clip(deps.AWS.APIOptions), opts...)
	}
	return deps
}

// IAM is the recorder of the gateway's IAM guard (nil when the guard is off).
func (g *Gateway) IAM() *iamguard.Recorder {
	if g.guard == nil {
		return nil
	}
	return g.guard.Recorder
}

// Policies are the functions' policies the guard enforces (nil when the guard is off).
func (g *Gateway) Policies() map[string][]iam.Policy {
	if g.guard == nil {
		return nil
	}
	return g.guard.Policies
}

// FunctionDeps are the dependencies the function logicalID runs with: its own clients, held to
// its policies. Tests that invoke a function directly (an SNS notification, a sample event) use
// them so the guard sees those calls too. They have no origin guard secret: a direct
// invocation is an event source's, or a sample event's (which carries no X-Origin-Verify),
// not a request through CloudFront.
func (g *Gateway) FunctionDeps(logicalID string) platform.Deps {
	d := asFunction(g.deps, g.guard, g.strict, logicalID)
	d.Config.OriginVerifySecret = ""
	return d
}
