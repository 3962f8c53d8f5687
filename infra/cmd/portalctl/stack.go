package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// stackDescriber is the CloudFormation call --stack makes.
type stackDescriber interface {
	DescribeStacks(ctx context.Context, in *cloudformation.DescribeStacksInput, opts ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
}

var _ stackDescriber = (*cloudformation.Client)(nil)

// stackVars says where each variable portalctl reads comes from on a deployed stack: an
// output of template.yaml, or a parameter the stack was deployed with.
var stackVars = []struct {
	env, output, parameter string
	optional               bool
}{
	{env: "TABLE_NAME", output: "TableName"},
	{env: "ATTACHMENTS_BUCKET", output: "AttachmentsBucketName"},
	{env: "IMPORTS_BUCKET", output: "ImportsBucketName"},
	// The origin of the links staff create prints and emails: the custom domain or the
	// distribution's domain.
	{env: "PORTAL_BASE_URL", output: "PortalUrl"},
	{env: "SES_CONFIGURATION_SET", output: "MailConfigurationSetName", optional: true},
	{env: "WEB_BUCKET", output: "WebBucketName"},
	{env: "DISTRIBUTION_ID", output: "DistributionId"},
	// Outputs of a stack deployed with CustomDomains=enabled only (domain attach).
	{env: "TENANT_DISTRIBUTION_ID", output: "TenantDistributionId", optional: true},
	{env: "CONNECTION_GROUP_ID", output: "ConnectionGroupId", optional: true},
	{env: "SENDER_EMAIL", parameter: "SenderEmail"},
	{env: "STAGE", parameter: "Stage"},
}

// stackEnv maps a stack's outputs and parameters to the variables portalctl reads, as a
// function's environment has them; region is the stack's region (AWS_REGION). Every output
// and parameter of stackVars but the optional ones must be there: a missing one names the
// stack and what it lacks (another stack, or one still being created).
func stackEnv(name, region string, st cfStack) (map[string]string, error) {
	env := map[string]string{"AWS_REGION": region, "LOG_LEVEL": "info"}
	var missing []string
	for _, v := range stackVars {
		var val string
		var ok bool
		if v.output != "" {
			val, ok = st.outputs[v.output]
		} else {
			val, ok = st.parameters[v.parameter]
		}
		switch {
		case ok && val != "":
			env[v.env] = strings.TrimRight(val, "/")
		case !v.optional && v.output != "":
			missing = append(missing, "output "+v.output)
		case !v.optional:
			missing = append(missing, "parameter "+v.parameter)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("stack %s (status %s) lacks %s: is it this project's stack, deployed by make deploy?", name, st.status, strings.Join(missing, ", "))
	}
	return env, nil
}

// cfStack is what DescribeStacks says of one stack.
type cfStack struct {
	status              string
	outputs, parameters map[string]string
}

// describeStack reads the stack's outputs and parameters.
func describeStack(ctx context.Context, cf stackDescriber, name string) (cfStack, error) {
	out, err := cf.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		return cfStack{}, fmt.Errorf("describe stack %s: %w", name, err)
	}
	if len(out.Stacks) != 1 {
		return cfStack{}, fmt.Errorf("describe stack %s: %d stacks in the answer", name, len(out.Stacks))
	}
	s := out.Stacks[0]
	st := cfStack{status: string(s.StackStatus), outputs: map[string]string{}, parameters: map[string]string{}}
	for _, o := range s.Outputs {
		st.outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	for _, p := range s.Parameters {
		v := aws.ToString(p.ParameterValue)
		if p.ResolvedValue != nil {
			v = aws.ToString(p.ResolvedValue)
		}
		st.parameters[aws.ToString(p.ParameterKey)] = v
	}
	return st, nil
}

// stackTarget is --stack's environment: the caller's (AWS_PROFILE, AWS_REGION, ... choose
// the account and region, as for sam deploy) overlaid with the stack's values.
func (c *cli) stackTarget(ctx context.Context) (func(string) string, error) {
	var opts []func(*awsconfig.LoadOptions) error
	if r := firstSet(c.env("AWS_REGION"), c.env("AWS_DEFAULT_REGION")); r != "" {
		opts = append(opts, awsconfig.WithRegion(r))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("--stack %s: AWS configuration: %w", c.stack, err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("--stack %s: no region: set AWS_REGION (or a profile's region) to the stack's", c.stack)
	}
	st, err := describeStack(ctx, cloudformation.NewFromConfig(cfg), c.stack)
	if err != nil {
		return nil, err
	}
	vars, err := stackEnv(c.stack, cfg.Region, st)
	if err != nil {
		return nil, err
	}
	return func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		return c.env(k)
	}, nil
}

func firstSet(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
