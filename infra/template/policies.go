package template

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/awslabs/goformation/v7/intrinsics"

	"crmportal/infra/iam"
)

// samPolicyTemplates is the SAM translator's own file of policy templates
// (samtranslator/policy_templates_data/policy_templates.json), copied from the pinned
// aws-sam-translator (see SAMPolicyTemplatesVersion); `make lint-cfn` checks that it still equals
// the installed one.
//
//go:embed samtemplates/policy_templates.json
var samPolicyTemplates []byte

// SAMPolicyTemplatesVersion is the aws-sam-translator release samPolicyTemplates comes from.
const SAMPolicyTemplatesVersion = "1.115.0"

// Deployment is what CloudFormation would know when it creates the stack: the pseudo parameters
// and the physical names of the resources the functions' policies refer to. The local stack
// fills it with its own names.
type Deployment struct {
	Partition, Region, AccountID, StackName string
	// StackID is AWS::StackId; empty: LocalStackID of the others.
	StackID string
	// Names maps a resource's logical id to its physical name (what Ref gives: a table or bucket
	// name, a configuration set name, a topic ARN).
	Names map[string]string
	// QueueName is the name of the queue logicalID when Names does not give one: the name
	// CloudFormation generates for a queue the template does not name (nil: none).
	QueueName func(logicalID string) string
	// Parameters are the stack's parameter values (SenderEmail, ...), over the defaults.
	Parameters map[string]any
}

// Policies is FunctionPolicies for the template t was loaded from, with the parameters it was
// loaded with and then d's.
func (t *Template) Policies(d Deployment) (map[string][]iam.Policy, error) {
	params := map[string]any{}
	for k, v := range t.params {
		params[k] = v
	}
	for k, v := range d.Parameters {
		params[k] = v
	}
	return FunctionPolicies(t.file, params, d)
}

// arn builds the ARN Fn::GetAtt X.Arn gives for a resource of type typ named name.
func (d Deployment) arn(typ, name string) (string, bool) {
	switch typ {
	case "AWS::DynamoDB::Table":
		return fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", d.Partition, d.Region, d.AccountID, name), true
	case "AWS::S3::Bucket":
		return fmt.Sprintf("arn:%s:s3:::%s", d.Partition, name), true
	case "AWS::SNS::Topic":
		return name, true // a topic's Ref is its ARN
	case "AWS::SQS::Queue":
		return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", d.Partition, d.Region, d.AccountID, name), true
	case "AWS::KMS::Key":
		return fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", d.Partition, d.Region, d.AccountID, name), true // a key's Ref is its id
	}
	return "", false
}

func (d Deployment) pseudo(name string) (string, bool) {
	switch name {
	case "AWS::Partition":
		return d.Partition, true
	case "AWS::Region":
		return d.Region, true
	case "AWS::AccountId":
		return d.AccountID, true
	case "AWS::StackName":
		return d.StackName, true
	case "AWS::StackId":
		if d.StackID != "" {
			return d.StackID, true
		}
		return LocalStackID(d.Partition, d.Region, d.AccountID, d.StackName), true
	case "AWS::URLSuffix":
		return "amazonaws.com", true
	}
	return "", false
}

// FunctionPolicies reads template.yaml at file and returns each function's identity policies
// (by logical id) as CloudFormation and SAM would create them for deployment d: Policies items
// that are inline documents, and SAM policy templates expanded from the SAM translator's own
// definitions; intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Join) resolved with
// params overriding the parameters' defaults. Anything it cannot resolve or does not know (a
// managed policy, an unknown policy template, an unresolvable reference) is an error naming the
// function: the local stack refuses to start rather than enforce a guess.
func FunctionPolicies(file string, params map[string]any, d Deployment) (map[string][]iam.Policy, error) {
	rawJSON, err := sourceJSON(file)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Parameters map[string]any
		Conditions map[string]any
		Globals    struct {
			Function map[string]any
		}
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(rawJSON, &raw); err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	if _, ok := raw.Globals.Function["Policies"]; ok {
		return nil, fmt.Errorf("template %s: Globals.Function.Policies is not a SAM global", file)
	}
	types := map[string]string{}
	policies := map[string]any{}
	for id, res := range raw.Resources {
		types[id] = res.Type
		if res.Type == "AWS::Serverless::Function" {
			if p, ok := res.Properties["Policies"]; ok {
				policies[id] = p
			} else {
				policies[id] = []any{}
			}
		}
	}
	r := &resolver{d: d, types: types, params: map[string]any{}}
	for name, p := range raw.Parameters {
		if m, ok := p.(map[string]any); ok {
			r.params[name] = m["Default"]
		}
	}
	for k, v := range params {
		r.params[k] = v
	}
	resolved, err := r.process(map[string]any{"Parameters": raw.Parameters, "Conditions": raw.Conditions, "Policies": policies}, params)
	if err != nil {
		return nil, err
	}
	// A policy may spell a placed resource's name (an S3 ARN built with !Sub where !GetAtt
	// would be a cycle): it gets the resource's physical name, as a variable does
	// (LoadFunctionSettings).
	spelled := map[string]any{}
	for id, res := range raw.Resources {
		if _, placed := d.Names[id]; !placed {
			continue
		}
		for _, k := range resourceNameProperties {
			if v, ok := res.Properties[k]; ok {
				spelled[id] = v
			}
		}
	}
	names, err := r.process(map[string]any{"Parameters": raw.Parameters, "Conditions": raw.Conditions, "Names": spelled}, params)
	if err != nil {
		return nil, err
	}
	if byID, ok := names["Names"].(map[string]any); ok {
		for id, v := range byID {
			if name, ok := v.(string); ok && name != "" && name != d.Names[id] {
				resolved["Policies"] = renameBucket(resolved["Policies"], name, d.Names[id])
			}
		}
	}
	var sam struct {
		Templates map[string]struct {
			Parameters map[string]any
			Definition any
		}
	}
	if err := json.Unmarshal(samPolicyTemplates, &sam); err != nil {
		return nil, fmt.Errorf("SAM policy templates: %w", err)
	}
	out := map[string][]iam.Policy{}
	byFn, _ := resolved["Policies"].(map[string]any)
	ids := make([]string, 0, len(byFn))
	for id := range byFn {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		items, ok := byFn[id].([]any)
		if !ok {
			// SAM also takes one item without a list.
			items = []any{byFn[id]}
		}
		out[id] = []iam.Policy{}
		for i, item := range items {
			doc, err := r.policyDocument(item, sam.Templates)
			if err != nil {
				return nil, fmt.Errorf("function %s: Policies[%d]: %w", id, i, err)
			}
			p, err := iam.ParseDocument(doc)
			if err != nil {
				return nil, fmt.Errorf("function %s: Policies[%d]: %w", id, i, err)
			}
			out[id] = append(out[id], p)
		}
	}
	return out, nil
}

// renameBucket replaces the bucket name from with to in every S3 ARN of v
// ("arn:<partition>:s3:::from" and "arn:<partition>:s3:::from/...").
func renameBucket(v any, from, to string) any {
	switch x := v.(type) {
	case string:
		i := strings.Index(x, ":s3:::"+from)
		if !strings.HasPrefix(x, "arn:") || i < 0 {
			return x
		}
		rest := x[i+len(":s3:::"+from):]
		if rest != "" && !strings.HasPrefix(rest, "/") {
			return x // another bucket whose name starts with from
		}
		return x[:i] + ":s3:::" + to + rest
	case []any:
		for i := range x {
			x[i] = renameBucket(x[i], from, to)
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = renameBucket(x[k], from, to)
		}
		return x
	}
	return v
}

// policyDocument turns one Policies item into a policy document: an inline document as it is,
// a SAM policy template expanded.
func (r *resolver) policyDocument(item any, templates map[string]struct {
	Parameters map[string]any
	Definition any
}) (any, error) {
	switch v := item.(type) {
	case string:
		return nil, fmt.Errorf("managed policy %q: its statements are not known locally; write them inline or use a SAM policy template", v)
	case map[string]any:
		if _, ok := v["Statement"]; ok {
			return v, nil
		}
		if len(v) != 1 {
			return nil, fmt.Errorf("want an inline document (Statement) or one SAM policy template, got %d keys", len(v))
		}
		for name, args := range v {
			t, ok := templates[name]
			if !ok {
				return nil, fmt.Errorf("unknown SAM policy template %q (aws-sam-translator %s)", name, SAMPolicyTemplatesVersion)
			}
			given, _ := args.(map[string]any)
			values := map[string]any{}
			for p := range t.Parameters {
				val, ok := given[p]
				if s, isString := val.(string); !ok || !isString || s == "" {
					return nil, fmt.Errorf("SAM policy template %s: parameter %s must be a resolved string, got %v", name, p, val)
				}
				values[p] = val
			}
			for p := range given {
				if _, ok := t.Parameters[p]; !ok {
					return nil, fmt.Errorf("SAM policy template %s has no parameter %s", name, p)
				}
			}
			def := substituteRefs(t.Definition, values)
			doc, err := r.process(map[string]any{"Definition": def}, nil)
			if err != nil {
				return nil, fmt.Errorf("SAM policy template %s: %w", name, err)
			}
			return doc["Definition"], nil
		}
	}
	return nil, fmt.Errorf("want a policy document, a SAM policy template or a managed policy name, got %T", item)
}

// substituteRefs replaces {"Ref": P} with values[P] throughout a policy template's definition.
func substituteRefs(v any, values map[string]any) any {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["Ref"].(string); ok && len(x) == 1 {
			if val, ok := values[ref]; ok {
				return val
			}
		}
		out := map[string]any{}
		for k, e := range x {
			out[k] = substituteRefs(e, values)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substituteRefs(e, values)
		}
		return out
	}
	return v
}

// resolver resolves intrinsic functions strictly: an unknown reference is an error, never an
// empty string (goformation's own Fn::Sub drops what it cannot resolve).
type resolver struct {
	d      Deployment
	types  map[string]string // logical id -> resource type
	params map[string]any
	errs   []string
}

func (r *resolver) process(doc map[string]any, params map[string]any) (map[string]any, error) {
	r.errs = nil
	in, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	out, err := intrinsics.ProcessJSON(in, &intrinsics.ProcessorOptions{
		ParameterOverrides: params,
		EvaluateConditions: true,
		IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{
			"Ref":             r.ref,
			"Fn::GetAtt":      r.getAtt,
			"Fn::Sub":         r.sub,
			"Fn::Split":       fnSplit,
			"Fn::ImportValue": r.unsupported,
			"Fn::Cidr":        r.unsupported,
			"Fn::GetAZs":      r.unsupported,
		},
	})
	if err != nil {
		return nil, err
	}
	if len(r.errs) > 0 {
		sort.Strings(r.errs)
		return nil, fmt.Errorf("cannot resolve: %s", strings.Join(r.errs, "; "))
	}
	var res map[string]any
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, err
	}
	return res, nil
}

func (r *resolver) fail(format string, args ...any) any {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
	return ""
}

func (r *resolver) unsupported(name string, input any, _ any) any {
	return r.fail("%s %v is not supported locally", name, input)
}

// name resolves a Ref target: a pseudo parameter, a parameter or a resource.
func (r *resolver) name(n string) (string, bool) {
	if v, ok := r.d.pseudo(n); ok {
		return v, true
	}
	if v, ok := r.params[n]; ok {
		s, isString := v.(string)
		return s, isString
	}
	if typ, ok := r.types[n]; ok {
		v, ok := r.d.Names[n]
		if !ok && typ == "AWS::SQS::Queue" && r.d.QueueName != nil {
			v, ok = r.d.QueueName(n), true
		}
		return v, ok && v != ""
	}
	return "", false
}

func (r *resolver) ref(_ string, input any, _ any) any {
	n, ok := input.(string)
	if !ok {
		return r.fail("Ref %v", input)
	}
	if n == "AWS::NoValue" {
		return nil
	}
	v, ok := r.name(n)
	if !ok {
		return r.fail("Ref %s", n)
	}
	return v
}

func (r *resolver) attr(resource, attribute string) (string, bool) {
	name, ok := r.name(resource)
	if !ok {
		return "", false
	}
	switch attribute {
	case "Arn", "TopicArn":
		return r.d.arn(r.types[resource], name)
	case "QueueName", "TopicName":
		return name, true
	}
	return "", false
}

func (r *resolver) getAtt(_ string, input any, _ any) any {
	var parts []string
	switch v := input.(type) {
	case []any:
		for _, p := range v {
			s, _ := p.(string)
			parts = append(parts, s)
		}
	case string:
		parts = strings.SplitN(v, ".", 2)
	}
	if len(parts) != 2 {
		return r.fail("Fn::GetAtt %v", input)
	}
	v, ok := r.attr(parts[0], parts[1])
	if !ok {
		return r.fail("Fn::GetAtt %s.%s", parts[0], parts[1])
	}
	return v
}

var subVariable = regexp.MustCompile(`\$\{([^}]*)\}`)

func (r *resolver) sub(_ string, input any, _ any) any {
	var text string
	vars := map[string]any{}
	switch v := input.(type) {
	case string:
		text = v
	case []any:
		if len(v) != 2 {
			return r.fail("Fn::Sub %v", input)
		}
		text, _ = v[0].(string)
		vars, _ = v[1].(map[string]any)
	default:
		return r.fail("Fn::Sub %v", input)
	}
	return subVariable.ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-1]
		if strings.HasPrefix(name, "!") {
			return "${" + name[1:] + "}" // ${!Literal} is written as ${Literal}
		}
		if v, ok := vars[name]; ok {
			if s, ok := v.(string); ok && s != "" {
				return s
			}
			r.fail("Fn::Sub variable %s = %v", name, v)
			return ""
		}
		if res, attribute, ok := strings.Cut(name, "."); ok {
			if v, ok := r.attr(res, attribute); ok {
				return v
			}
			r.fail("Fn::Sub ${%s}", name)
			return ""
		}
		if v, ok := r.name(name); ok {
			return v
		}
		r.fail("Fn::Sub ${%s}", name)
		return ""
	})
}
