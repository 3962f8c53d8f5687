package template

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/intrinsics"
)

// Placement says where the template's resources are when it is deployed somewhere other than
// AWS (the local stack): the values of pseudo parameters, parameter overrides, and the
// physical name of each resource a function's environment may refer to.
type Placement struct {
	// Parameters override the template's parameter defaults.
	Parameters map[string]any
	// Resources maps logical ids to physical names: what !Ref of the resource gives.
	Resources map[string]string
	// AccountID, Region and Partition are AWS::AccountId, AWS::Region and AWS::Partition.
	AccountID, Region, Partition string
	// StackName is AWS::StackName.
	StackName string
	// StackID is AWS::StackId; empty: a fixed one of StackName (see LocalStackID).
	StackID string
	// Secrets are the values of the template's Secrets Manager secrets by logical id: what a
	// dynamic reference {{resolve:secretsmanager:${Id}:SecretString}} gives.
	Secrets map[string]string
	// Queues maps the logical ids of SQS queues to their URLs (what !Ref of a queue gives);
	// !GetAtt X.Arn and X.QueueName are made from the URL's last segment, the queue's name.
	Queues map[string]string
	// QueueURL gives the URL of an AWS::SQS::Queue of the template that Queues does not list
	// (nil: none), for a placement that knows how its stack names queues but not which queues
	// the template has.
	QueueURL func(logicalID string) string
	// Attributes are the values of !GetAtt X.Attr other than those made from a placed name
	// (a table's, bucket's, topic's or queue's Arn), by "X.Attr": what the placement gives
	// for, say, a CloudFront distribution's DomainName.
	Attributes map[string]string
}

// LocalStackID is the AWS::StackId of a stack that is not deployed: CloudFormation's format
// with a fixed id, so names the template derives from the stack's id are stable.
func LocalStackID(partition, region, account, stackName string) string {
	return fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/00000000-0000-0000-0000-000000000000", partition, region, account, stackName)
}

// FunctionSettings are what Lambda gives one function: its environment variables as
// CloudFormation would set them (Globals merged with the function's own), its timeout and
// memory size and its architecture.
type FunctionSettings struct {
	LogicalID string
	// CodeURI is the function's folder ("functions/health").
	CodeURI string
	// Environment holds the variables template.yaml declares for the function.
	Environment map[string]string
	// TimeoutSeconds and MemorySize come from the function, else Globals, else Lambda's
	// defaults (3 s, 128 MB).
	TimeoutSeconds int
	MemorySize     int
	// Architecture is "arm64" or "x86_64".
	Architecture string
}

// unresolved marks a value that refers to something the placement does not have; reading it
// into a variable fails loudly instead of giving an empty or wrong value.
const unresolved = "\x00unresolved:"

// resourceNameProperties are the properties that name a resource: a variable set to the
// name the template gives such a resource (with !Sub, not !Ref, to avoid a cycle) gets the
// resource's physical name in the placement.
var resourceNameProperties = []string{"BucketName", "TableName", "TopicName", "QueueName", "Name"}

// LoadFunctionSettings reads every AWS::Serverless::Function of the template at file and
// resolves its environment as CloudFormation would for the placement p: !Ref of a parameter
// gives its value, of a pseudo parameter p's value, of a resource p's physical name; !Sub,
// !If (on the template's conditions), !Join and the others as goformation resolves them. A
// variable that refers to a resource p does not place is an error naming both.
func LoadFunctionSettings(file string, p Placement) (map[string]FunctionSettings, error) {
	data, err := sourceJSON(file)
	if err != nil {
		return nil, err
	}
	if p.Partition == "" {
		p.Partition = "aws"
	}
	if p.QueueURL != nil {
		ids, err := queueIDs(data)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", file, err)
		}
		queues := make(map[string]string, len(ids)+len(p.Queues))
		for _, id := range ids {
			queues[id] = p.QueueURL(id)
		}
		for id, u := range p.Queues {
			queues[id] = u
		}
		p.Queues = queues
	}
	ref := func(_ string, input any, tmpl any) any { return p.ref(input, tmpl) }
	getAtt := func(_ string, input any, _ any) any { return p.getAtt(input) }
	sub := func(_ string, input any, tmpl any) any { return p.sub(input, tmpl) }
	processed, err := intrinsics.ProcessJSON(data, &intrinsics.ProcessorOptions{
		ParameterOverrides: p.Parameters,
		EvaluateConditions: true,
		IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{
			"Ref": ref, "Fn::GetAtt": getAtt, "Fn::Sub": sub, "Fn::Split": fnSplit,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	type functionProps struct {
		CodeURI       any `json:"CodeUri"`
		Timeout       any
		MemorySize    any
		Architectures []string
		Environment   struct{ Variables map[string]any }
	}
	var doc struct {
		Globals struct {
			Function functionProps
		}
		Resources map[string]json.RawMessage
	}
	if err := json.Unmarshal(processed, &doc); err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	type resource struct {
		Type       string
		Properties json.RawMessage
	}
	resources := map[string]resource{}
	for id, raw := range doc.Resources {
		if conditional(raw) {
			continue
		}
		var r resource
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("parse template %s: resource %s: %w", file, id, err)
		}
		resources[id] = r
	}
	// The deployed names of placed resources, for variables that spell a name out.
	names := map[string]string{}
	for id, r := range resources {
		physical, ok := p.Resources[id]
		if !ok || len(r.Properties) == 0 {
			continue
		}
		var props map[string]any
		if err := json.Unmarshal(r.Properties, &props); err != nil {
			continue
		}
		for _, k := range resourceNameProperties {
			if s, ok := props[k].(string); ok && s != "" && !strings.Contains(s, unresolved) {
				names[s] = physical
			}
		}
	}
	g := doc.Globals.Function
	out := map[string]FunctionSettings{}
	for id, r := range resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		var f functionProps
		if err := json.Unmarshal(r.Properties, &f); err != nil {
			return nil, fmt.Errorf("function %s: %w", id, err)
		}
		s := FunctionSettings{LogicalID: id, Environment: map[string]string{}, TimeoutSeconds: 3, MemorySize: 128, Architecture: "x86_64"}
		if c, ok := f.CodeURI.(string); ok {
			s.CodeURI = path.Clean(c)
		}
		for _, v := range []any{g.Timeout, f.Timeout} {
			if n, ok := number(v); ok {
				s.TimeoutSeconds = n
			}
		}
		for _, v := range []any{g.MemorySize, f.MemorySize} {
			if n, ok := number(v); ok {
				s.MemorySize = n
			}
		}
		for _, a := range [][]string{g.Architectures, f.Architectures} {
			if len(a) > 0 {
				s.Architecture = a[0]
			}
		}
		for _, vars := range []map[string]any{g.Environment.Variables, f.Environment.Variables} {
			keys := make([]string, 0, len(vars))
			for k := range vars {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				v, err := variable(vars[k])
				if err != nil {
					return nil, fmt.Errorf("function %s: variable %s %w", id, k, err)
				}
				if v == nil {
					delete(s.Environment, k) // AWS::NoValue
					continue
				}
				if local, ok := names[*v]; ok {
					*v = local
				}
				s.Environment[k] = *v
			}
		}
		out[id] = s
	}
	return out, nil
}

// queueIDs are the logical ids of the AWS::SQS::Queue resources of the template data (JSON,
// sourceJSON's).
func queueIDs(data []byte) ([]string, error) {
	var doc struct {
		Resources map[string]struct{ Type string }
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var out []string
	for id, r := range doc.Resources {
		if r.Type == "AWS::SQS::Queue" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out, nil
}

// fnSplit is Fn::Split giving a list Fn::Select can index (goformation's own gives a []string,
// which its Fn::Select does not take): `!Select [2, !Split ["/", !Ref AWS::StackId]]` is how
// template.yaml derives names from the stack's id.
func fnSplit(_ string, input any, _ any) any {
	arr, ok := input.([]any)
	if !ok || len(arr) != 2 {
		return nil
	}
	delim, ok1 := arr[0].(string)
	src, ok2 := arr[1].(string)
	if !ok1 || !ok2 {
		return nil
	}
	var out []any
	for _, part := range strings.Split(src, delim) {
		out = append(out, part)
	}
	return out
}

// variable turns a resolved value into an environment variable's text; nil is AWS::NoValue.
func variable(v any) (*string, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		b, _ := json.Marshal(x)
		if strings.Contains(string(b), `\u0000unresolved:`) {
			return nil, fmt.Errorf("refers to %s, which the local stack does not have", unresolvedName(string(b)))
		}
		return nil, fmt.Errorf("is not a string after resolving intrinsics: %s", b)
	}
	if strings.Contains(s, unresolved) {
		return nil, fmt.Errorf("refers to %s, which the local stack does not have", unresolvedName(s))
	}
	return &s, nil
}

var unresolvedRE = regexp.MustCompile(`(?:\x00|\\u0000)unresolved:([A-Za-z0-9:.]+)`)

func unresolvedName(s string) string {
	if m := unresolvedRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return "a resource"
}

func number(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}

// ref resolves Ref: pseudo parameters from the placement, parameters to their (overridden)
// value, resources to their physical name; anything else is marked unresolved.
func (p Placement) ref(input any, tmpl any) any {
	name, ok := input.(string)
	if !ok {
		return nil
	}
	switch name {
	case "AWS::AccountId":
		return p.AccountID
	case "AWS::Region":
		return p.Region
	case "AWS::Partition":
		return p.Partition
	case "AWS::StackName":
		return p.StackName
	case "AWS::StackId":
		if p.StackID != "" {
			return p.StackID
		}
		return LocalStackID(p.Partition, p.Region, p.AccountID, p.StackName)
	case "AWS::URLSuffix":
		return "amazonaws.com"
	case "AWS::NoValue":
		return nil
	}
	if t, ok := tmpl.(map[string]any); ok {
		if params, ok := t["Parameters"].(map[string]any); ok {
			if _, ok := params[name]; ok {
				return intrinsics.Ref("Ref", name, tmpl)
			}
		}
	}
	if physical, ok := p.Resources[name]; ok {
		return physical
	}
	if u, ok := p.Queues[name]; ok {
		return u
	}
	return unresolved + name
}

// getAtt resolves the placement's Attributes, and the Arn of a placed resource (the services'
// ARN formats for a table, a bucket, a topic, a queue) or a queue's QueueName; anything else is
// marked unresolved.
func (p Placement) getAtt(input any) any {
	var parts []string
	switch x := input.(type) {
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				parts = append(parts, s)
			}
		}
	case []string:
		parts = x
	case string:
		parts = strings.SplitN(x, ".", 2)
	}
	if len(parts) != 2 {
		return nil
	}
	if v, ok := p.Attributes[parts[0]+"."+parts[1]]; ok {
		return v
	}
	if u, ok := p.Queues[parts[0]]; ok {
		name := u[strings.LastIndex(u, "/")+1:]
		switch parts[1] {
		case "Arn":
			return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", p.Partition, p.Region, p.AccountID, name)
		case "QueueName":
			return name
		}
		return unresolved + strings.Join(parts, ".")
	}
	physical, ok := p.Resources[parts[0]]
	if !ok || parts[1] != "Arn" {
		return unresolved + strings.Join(parts, ".")
	}
	switch {
	case strings.HasSuffix(parts[0], "Bucket"):
		return fmt.Sprintf("arn:%s:s3:::%s", p.Partition, physical)
	case strings.HasSuffix(parts[0], "Topic"):
		return fmt.Sprintf("arn:%s:sns:%s:%s:%s", p.Partition, p.Region, p.AccountID, physical)
	default:
		return fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", p.Partition, p.Region, p.AccountID, physical)
	}
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// secretRef is a dynamic reference to the whole SecretString of a secret the template names
// by Ref inside Fn::Sub.
var secretRef = regexp.MustCompile(`\{\{resolve:secretsmanager:\$\{([A-Za-z0-9]+)\}:SecretString\}\}`)

// sub resolves Fn::Sub with the placement's Ref and GetAtt (goformation's own Fn::Sub calls
// its built-in Ref, which knows neither the placement nor resources).
func (p Placement) sub(input any, tmpl any) any {
	var src string
	vars := map[string]any{}
	switch x := input.(type) {
	case string:
		src = x
	case []any:
		if len(x) != 2 {
			return nil
		}
		s, ok := x[0].(string)
		if !ok {
			return nil
		}
		src = s
		if m, ok := x[1].(map[string]any); ok {
			vars = m
		}
	default:
		return nil
	}
	// A dynamic reference to a secret of the template: its placed value (CloudFormation
	// resolves it after Fn::Sub; locally nothing would).
	src = secretRef.ReplaceAllStringFunc(src, func(m string) string {
		id := secretRef.FindStringSubmatch(m)[1]
		if v, ok := p.Secrets[id]; ok {
			return v
		}
		return unresolved + id + ":SecretString"
	})
	out := subVar.ReplaceAllStringFunc(src, func(m string) string {
		name := m[2 : len(m)-1]
		var v any
		if x, ok := vars[name]; ok {
			v = x
		} else if strings.Contains(name, ".") {
			v = p.getAtt(name)
		} else {
			v = p.ref(name, tmpl)
		}
		switch s := v.(type) {
		case string:
			return s
		case float64:
			return strconv.FormatFloat(s, 'f', -1, 64)
		}
		return unresolved + name
	})
	return strings.ReplaceAll(out, "${!", "${")
}
