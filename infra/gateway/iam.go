package gateway

import (
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"

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
}

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
// policies by g, as the function's execution role holds it on AWS. With g nil, deps as they are.
func asFunction(deps platform.Deps, g *iamguard.Guard, logicalID string) platform.Deps {
	if g == nil {
		return deps
	}
	opt := g.APIOption(logicalID)
	// Clip so that appending never writes into a backing array another function's options share.
	deps.DynamoDB = dynamodb.New(deps.DynamoDB.Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(slices.Clip(o.APIOptions), opt)
	})
	deps.S3 = s3.New(deps.S3.Options(), func(o *s3.Options) { o.APIOptions = append(slices.Clip(o.APIOptions), opt) })
	deps.SES = ses.New(deps.SES.Options(), func(o *ses.Options) { o.APIOptions = append(slices.Clip(o.APIOptions), opt) })
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
// them so the guard sees those calls too.
func (g *Gateway) FunctionDeps(logicalID string) platform.Deps {
	return asFunction(g.deps, g.guard, logicalID)
}
