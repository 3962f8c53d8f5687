// Package template reads template.yaml, the one definition of the API's routes, its
// functions, the table and the attachments bucket, for the local gateway, the local stack and
// the route table generator. The root template includes child templates (nested stacks,
// AWS::Serverless::Application with a local Location); the package reads them as one
// (nested.go), each child's parameters given what the root passes. It uses goformation, which never goes into a Lambda binary.
package template

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	cfddb "github.com/awslabs/goformation/v7/cloudformation/dynamodb"
	cfs3 "github.com/awslabs/goformation/v7/cloudformation/s3"
	"github.com/awslabs/goformation/v7/intrinsics"

	"crmportal/shared/routes"
)

// Logical ids of the resources the local stack creates.
const (
	TableID             = "Table"
	AttachmentsBucketID = "AttachmentsBucket"
	ImportsBucketID     = "ImportsBucket"
)

// DefaultRoute is the route key of the HTTP API's catch-all route.
const DefaultRoute = "$default"

// Function is one AWS::Serverless::Function.
type Function struct {
	LogicalID string
	// CodeURI is the function's folder, cleaned and without a trailing slash ("functions/health").
	CodeURI string
	Routes  []routes.Route // its HttpApi events; a $default route has Method and Path "$default"
	// S3 are its S3 event subscriptions.
	S3 []S3Subscription
	// SNS are the logical ids of the SNS topics it subscribes to.
	SNS []string
	// Streams are its DynamoDB stream event sources.
	Streams []StreamSubscription
	// SQS are its SQS event sources (sqs.go).
	SQS []SQSSubscription
	// Stack is the template that defines it, relative to the root template's folder
	// ("stacks/staff.yaml"), or "" for the root template itself.
	Stack string
	// AsyncOnFailure is the logical id of the on-failure destination of its asynchronous
	// invocations (EventInvokeConfig's DestinationConfig), if any.
	AsyncOnFailure string
}

// StreamSubscription is a function's DynamoDB event (an event source mapping of a table's
// stream): what the local gateway needs to poll the stream as Lambda does.
type StreamSubscription struct {
	// Table is the logical id of the table whose stream it reads (Stream: !GetAtt X.StreamArn).
	Table string
	// StartingPosition is TRIM_HORIZON or LATEST.
	StartingPosition string
	// BatchSize is the most records of one invocation (Lambda's default 100).
	BatchSize int
	// MaximumRetryAttempts bounds the retries of a failing batch; -1 retries until the records
	// expire (Lambda's default).
	MaximumRetryAttempts int
	// MaximumRecordAgeInSeconds: older records are not sent to the function; -1 is no limit.
	MaximumRecordAgeInSeconds int
	// BisectBatchOnFunctionError splits a batch whose invocation failed in two before retrying.
	BisectBatchOnFunctionError bool
	// ReportBatchItemFailures: the function answers which records failed
	// (FunctionResponseTypes).
	ReportBatchItemFailures bool
	// Filters are the FilterCriteria patterns (JSON); a record is sent when any matches.
	Filters []string
	// OnFailure is the logical id of the on-failure destination, if any.
	OnFailure string
}

// S3Subscription is a function's S3 event: the bucket's logical id, the event names (such as
// s3:ObjectCreated:*) and the key prefix and suffix filters.
type S3Subscription struct {
	Bucket         string
	Events         []string
	Prefix, Suffix string
}

// Matches tells whether an event named event (s3:ObjectCreated:Put) for key is one the
// subscription wants.
func (s S3Subscription) Matches(event, key string) bool {
	if !strings.HasPrefix(key, s.Prefix) || !strings.HasSuffix(key, s.Suffix) {
		return false
	}
	event = "s3:" + strings.TrimPrefix(event, "s3:")
	for _, e := range s.Events {
		if e == event || (strings.HasSuffix(e, ":*") && strings.HasPrefix(event, strings.TrimSuffix(e, "*"))) {
			return true
		}
	}
	return false
}

// Template is what the local tools need of template.yaml.
type Template struct {
	Functions []Function // sorted by logical id
	// PortalOrigin is the portal's origin where the template is placed outside CloudFormation
	// (the local stack): it stands for the deployment's origin in the buckets' CORS rules (the
	// custom domain or the distribution's domain, neither of which exists there), and its
	// scheme for the scheme of their wildcard origins. Empty: BucketCORS gives no rules.
	PortalOrigin string
	resources    map[string]json.RawMessage
	file         string
	params       map[string]any
}

// samFunction is the part of an AWS::Serverless::Function the local tools read. It is decoded
// leniently: goformation's SAM types lag behind SAM (HttpApi's AccessLogSettings, a function's
// LoggingConfig), so only the CloudFormation resource types are decoded with its strict types.
type samFunction struct {
	Properties struct {
		CodeURI           any `json:"CodeUri"`
		EventInvokeConfig struct {
			DestinationConfig struct {
				OnFailure struct{ Destination any }
			}
		}
		Events map[string]struct {
			Type       string
			Properties struct {
				Method *string
				Path   *string
				Bucket any
				Topic  any
				Events any
				Filter struct {
					S3Key struct {
						Rules []struct{ Name, Value string }
					}
				}
				// DynamoDB events.
				Stream                     any
				StartingPosition           string
				BatchSize                  *int
				MaximumRetryAttempts       *int
				MaximumRecordAgeInSeconds  *int
				BisectBatchOnFunctionError bool
				FunctionResponseTypes      []string
				FilterCriteria             struct {
					Filters []struct{ Pattern string }
				}
				DestinationConfig struct {
					OnFailure struct{ Destination any }
				}
				// SQS events.
				Queue                          any
				MaximumBatchingWindowInSeconds *int
				Enabled                        *bool
			}
		}
	}
}

// Load parses the template at file. params override the template's parameter defaults;
// goformation resolves the intrinsic functions and evaluates the conditions. goformation's
// condition evaluation is only trusted for what the local tools set (DomainName left empty):
// with a custom DomainName it evaluates HasCustomDomain wrongly, so callers must not rely on
// that.
func Load(file string, params map[string]any) (*Template, error) {
	data, err := sourceJSON(file)
	if err != nil {
		return nil, err
	}
	processed, err := intrinsics.ProcessJSON(data, &intrinsics.ProcessorOptions{
		ParameterOverrides:        params,
		EvaluateConditions:        true,
		IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{"Ref": ref, "Fn::GetAtt": keepGetAtt, "Fn::Split": fnSplit},
	})
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	var doc struct {
		Resources map[string]json.RawMessage
	}
	if err := json.Unmarshal(processed, &doc); err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	t := &Template{resources: doc.Resources, file: file, params: params}
	for id, raw := range doc.Resources {
		if conditional(raw) {
			continue
		}
		var head struct{ Type string }
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("resource %s: %w", id, err)
		}
		if head.Type != "AWS::Serverless::Function" {
			continue
		}
		f, err := parseFunction(id, raw)
		if err != nil {
			return nil, err
		}
		var where struct {
			Stack string `json:"x-stack"`
		}
		if err := json.Unmarshal(raw, &where); err != nil {
			return nil, fmt.Errorf("resource %s: %w", id, err)
		}
		f.Stack = where.Stack
		t.Functions = append(t.Functions, f)
	}
	sort.Slice(t.Functions, func(i, j int) bool { return t.Functions[i].LogicalID < t.Functions[j].LogicalID })
	return t, nil
}

// conditional tells whether raw is what goformation leaves of a resource with a Condition when
// it evaluates conditions: the condition's value (it takes any object with a Condition key for the
// Condition function). The local tools need none of those resources (the web ACL, the SES
// identity); a function must never have one.
func conditional(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "true" || s == "false"
}

func parseFunction(id string, raw json.RawMessage) (Function, error) {
	var fn samFunction
	if err := json.Unmarshal(raw, &fn); err != nil {
		return Function{}, fmt.Errorf("function %s: %w", id, err)
	}
	f := Function{LogicalID: id}
	if s, ok := fn.Properties.CodeURI.(string); ok {
		f.CodeURI = path.Clean(s)
	}
	if f.CodeURI == "" || f.CodeURI == "." {
		return Function{}, fmt.Errorf("function %s: CodeUri must name its folder under functions/", id)
	}
	f.AsyncOnFailure, _ = getAttID(fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination, "Arn")
	for name, ev := range fn.Properties.Events {
		if ev.Type == "S3" {
			sub := S3Subscription{}
			sub.Bucket, _ = ev.Properties.Bucket.(string)
			switch e := ev.Properties.Events.(type) {
			case string:
				sub.Events = []string{e}
			case []any:
				for _, x := range e {
					if str, ok := x.(string); ok {
						sub.Events = append(sub.Events, str)
					}
				}
			}
			for _, r := range ev.Properties.Filter.S3Key.Rules {
				switch strings.ToLower(r.Name) {
				case "prefix":
					sub.Prefix = r.Value
				case "suffix":
					sub.Suffix = r.Value
				}
			}
			if sub.Bucket == "" || len(sub.Events) == 0 {
				return Function{}, fmt.Errorf("function %s event %s: an S3 event needs Bucket (!Ref of a bucket) and Events", id, name)
			}
			f.S3 = append(f.S3, sub)
			continue
		}
		if ev.Type == "SNS" {
			topic, _ := ev.Properties.Topic.(string)
			if topic == "" {
				return Function{}, fmt.Errorf("function %s event %s: an SNS event needs Topic (!Ref of a topic)", id, name)
			}
			f.SNS = append(f.SNS, topic)
			continue
		}
		if ev.Type == "DynamoDB" {
			sub, err := streamSubscription(ev.Properties.Stream, ev.Properties.StartingPosition)
			if err != nil {
				return Function{}, fmt.Errorf("function %s event %s: %w", id, name, err)
			}
			p := ev.Properties
			sub.BatchSize, sub.MaximumRetryAttempts, sub.MaximumRecordAgeInSeconds = 100, -1, -1
			if p.BatchSize != nil {
				sub.BatchSize = *p.BatchSize
			}
			if p.MaximumRetryAttempts != nil {
				sub.MaximumRetryAttempts = *p.MaximumRetryAttempts
			}
			if p.MaximumRecordAgeInSeconds != nil {
				sub.MaximumRecordAgeInSeconds = *p.MaximumRecordAgeInSeconds
			}
			sub.BisectBatchOnFunctionError = p.BisectBatchOnFunctionError
			sub.ReportBatchItemFailures = slices.Contains(p.FunctionResponseTypes, "ReportBatchItemFailures")
			for _, f := range p.FilterCriteria.Filters {
				sub.Filters = append(sub.Filters, f.Pattern)
			}
			sub.OnFailure, _ = getAttID(p.DestinationConfig.OnFailure.Destination, "Arn")
			f.Streams = append(f.Streams, sub)
			continue
		}
		if ev.Type == "SQS" {
			p := ev.Properties
			queue, ok := getAttID(p.Queue, "Arn")
			if !ok {
				return Function{}, fmt.Errorf("function %s event %s: an SQS event needs Queue: !GetAtt <queue>.Arn", id, name)
			}
			if len(p.FilterCriteria.Filters) > 0 {
				return Function{}, fmt.Errorf("function %s event %s: FilterCriteria on an SQS event is not applied by the local gateway", id, name)
			}
			sub := SQSSubscription{Queue: queue, BatchSize: 10, Enabled: true,
				ReportBatchItemFailures: slices.Contains(p.FunctionResponseTypes, "ReportBatchItemFailures")}
			if p.BatchSize != nil {
				sub.BatchSize = *p.BatchSize
			}
			if p.MaximumBatchingWindowInSeconds != nil {
				sub.MaximumBatchingWindowInSeconds = *p.MaximumBatchingWindowInSeconds
			}
			if p.Enabled != nil {
				sub.Enabled = *p.Enabled
			}
			if sub.BatchSize < 1 || sub.BatchSize > 10 && sub.MaximumBatchingWindowInSeconds < 1 {
				return Function{}, fmt.Errorf("function %s event %s: an SQS event's BatchSize is 1 to 10, or up to 10,000 with a MaximumBatchingWindowInSeconds", id, name)
			}
			f.SQS = append(f.SQS, sub)
			continue
		}
		if ev.Type != "HttpApi" {
			continue
		}
		r := routes.Route{Method: DefaultRoute, Path: DefaultRoute, Function: id}
		if p := ev.Properties; p.Path != nil || p.Method != nil {
			if p.Path == nil || p.Method == nil {
				return Function{}, fmt.Errorf("function %s event %s: an HttpApi event needs both Path and Method, or neither for $default", id, name)
			}
			r.Method = strings.ToUpper(*p.Method)
			r.Path = *p.Path
		}
		f.Routes = append(f.Routes, r)
	}
	sort.Slice(f.Routes, func(i, j int) bool { return f.Routes[i].Key() < f.Routes[j].Key() })
	return f, nil
}

// streamSubscription reads a DynamoDB event's Stream (!GetAtt of a table's StreamArn) and
// StartingPosition.
func streamSubscription(stream any, start string) (StreamSubscription, error) {
	table, ok := getAttID(stream, "StreamArn")
	if !ok {
		return StreamSubscription{}, fmt.Errorf("a DynamoDB event needs Stream: !GetAtt <table>.StreamArn")
	}
	if start != "TRIM_HORIZON" && start != "LATEST" {
		return StreamSubscription{}, fmt.Errorf("a DynamoDB event needs StartingPosition TRIM_HORIZON or LATEST, not %q", start)
	}
	return StreamSubscription{Table: table, StartingPosition: start}, nil
}

// keepGetAtt leaves Fn::GetAtt as it is written (goformation's own handler makes it null),
// so that the local tools can tell which resource a DynamoDB event's Stream names.
func keepGetAtt(name string, input any, _ any) any { return map[string]any{name: input} }

// getAttID is the logical id of v when v is {"Fn::GetAtt": [id, attr]} or {"Fn::GetAtt":
// "id.attr"} (keepGetAtt's).
func getAttID(v any, attr string) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	var id, at string
	switch args := m["Fn::GetAtt"].(type) {
	case []any:
		if len(args) == 2 {
			id, _ = args[0].(string)
			at, _ = args[1].(string)
		}
	case string:
		id, at, _ = strings.Cut(args, ".")
	}
	return id, id != "" && at == attr
}

// ref resolves Ref like goformation's own handler (parameters to their value, pseudo
// parameters to fixed values) and a resource to its logical id, which the local tools use to
// tell which bucket an S3 event names.
func ref(name string, input any, tmpl any) any {
	if v := intrinsics.Ref(name, input, tmpl); v != nil {
		return v
	}
	id, ok := input.(string)
	if !ok {
		return nil
	}
	if t, ok := tmpl.(map[string]any); ok {
		if res, ok := t["Resources"].(map[string]any); ok {
			if _, ok := res[id]; ok {
				return id
			}
		}
	}
	return nil
}

// resource decodes the resource id into dst, one of goformation's CloudFormation types.
func (t *Template) resource(id string, dst json.Unmarshaler) error {
	raw, ok := t.resources[id]
	if !ok {
		return fmt.Errorf("template has no resource %s", id)
	}
	if err := dst.UnmarshalJSON(raw); err != nil {
		return fmt.Errorf("template resource %s: %w", id, err)
	}
	return nil
}

// Routes lists every route but $default, sorted by path then method.
func (t *Template) Routes() []routes.Route {
	var out []routes.Route
	for _, f := range t.Functions {
		for _, r := range f.Routes {
			if r.Path != DefaultRoute {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// DefaultFunction is the function of the $default route, or "" when there is none.
func (t *Template) DefaultFunction() string {
	for _, f := range t.Functions {
		for _, r := range f.Routes {
			if r.Path == DefaultRoute {
				return f.LogicalID
			}
		}
	}
	return ""
}

// CreateTableInput turns the table's definition into the CreateTable call that makes the same
// table (keys, indexes, billing, stream) under name.
func (t *Template) CreateTableInput(name string) (*ddb.CreateTableInput, error) {
	tb := &cfddb.Table{}
	if err := t.resource(TableID, tb); err != nil {
		return nil, err
	}
	in := &ddb.CreateTableInput{TableName: aws.String(name), BillingMode: ddbtypes.BillingModePayPerRequest}
	if tb.BillingMode != nil {
		in.BillingMode = ddbtypes.BillingMode(*tb.BillingMode)
	}
	for _, a := range tb.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, ddbtypes.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: ddbtypes.ScalarAttributeType(a.AttributeType)})
	}
	in.KeySchema = keySchema(tb.KeySchema)
	for _, g := range tb.GlobalSecondaryIndexes {
		gsi := ddbtypes.GlobalSecondaryIndex{IndexName: aws.String(g.IndexName), KeySchema: keySchema(g.KeySchema),
			Projection: &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll}}
		if g.Projection != nil {
			if g.Projection.ProjectionType != nil {
				gsi.Projection.ProjectionType = ddbtypes.ProjectionType(*g.Projection.ProjectionType)
			}
			gsi.Projection.NonKeyAttributes = g.Projection.NonKeyAttributes
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, gsi)
	}
	if sp := tb.StreamSpecification; sp != nil && sp.StreamViewType != "" {
		in.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true),
			StreamViewType: ddbtypes.StreamViewType(sp.StreamViewType)}
	}
	return in, nil
}

// tableCreateProperties are the Table properties CreateTableInput and TTLAttribute carry.
var tableCreateProperties = map[string]bool{"TableName": true, "BillingMode": true, "AttributeDefinitions": true,
	"KeySchema": true, "GlobalSecondaryIndexes": true, "StreamSpecification": true, "TimeToLiveSpecification": true}

// TableSettingsLeftOut names, sorted, the Table resource's properties that a table created
// from CreateTableInput and TTLAttribute does not get (deletion protection, point-in-time
// recovery, encryption, tags: settings of the AWS account's table, not of its data model).
func (t *Template) TableSettingsLeftOut() ([]string, error) {
	raw, ok := t.resources[TableID]
	if !ok {
		return nil, fmt.Errorf("template has no resource %s", TableID)
	}
	var r struct{ Properties map[string]json.RawMessage }
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("template resource %s: %w", TableID, err)
	}
	var out []string
	for k := range r.Properties {
		if !tableCreateProperties[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

func keySchema(ks []cfddb.Table_KeySchema) []ddbtypes.KeySchemaElement {
	var out []ddbtypes.KeySchemaElement
	for _, k := range ks {
		out = append(out, ddbtypes.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: ddbtypes.KeyType(k.KeyType)})
	}
	return out
}

// TTLAttribute is the table's time-to-live attribute, or "" when TTL is off.
func (t *Template) TTLAttribute() (string, error) {
	tb := &cfddb.Table{}
	if err := t.resource(TableID, tb); err != nil {
		return "", err
	}
	if s := tb.TimeToLiveSpecification; s != nil && s.Enabled && s.AttributeName != nil {
		return *s.AttributeName, nil
	}
	return "", nil
}

// BucketCORS is the CORS rules of the bucket logicalID as the local stack applies them, or nil
// when the template gives none or no portal origin is known. The template's origins are
// translated to t.PortalOrigin's world with the same meaning: a wildcard origin ("https://*",
// any origin of that scheme) becomes the wildcard of t.PortalOrigin's scheme ("http://*"
// locally), "*" stays "*", and any other origin (the deployment's own, named by intrinsic
// functions that have no value outside CloudFormation) becomes t.PortalOrigin.
func (t *Template) BucketCORS(logicalID string) ([]s3types.CORSRule, error) {
	b := &cfs3.Bucket{}
	if err := t.resource(logicalID, b); err != nil {
		return nil, err
	}
	if b.CorsConfiguration == nil || t.PortalOrigin == "" {
		return nil, nil
	}
	scheme, _, ok := strings.Cut(t.PortalOrigin, "://")
	if !ok {
		return nil, fmt.Errorf("bucket %s CORS: portal origin %q has no scheme", logicalID, t.PortalOrigin)
	}
	var out []s3types.CORSRule
	for _, r := range b.CorsConfiguration.CorsRules {
		rule := s3types.CORSRule{AllowedMethods: r.AllowedMethods, AllowedHeaders: r.AllowedHeaders,
			ExposeHeaders: r.ExposedHeaders, ID: r.Id}
		for _, o := range r.AllowedOrigins {
			local := localOrigin(o, scheme, t.PortalOrigin)
			if !slices.Contains(rule.AllowedOrigins, local) {
				rule.AllowedOrigins = append(rule.AllowedOrigins, local)
			}
		}
		if r.MaxAge != nil {
			rule.MaxAgeSeconds = aws.Int32(int32(*r.MaxAge))
		}
		out = append(out, rule)
	}
	return out, nil
}

// localOrigin is the template's CORS origin o where the portal is served at portalOrigin
// (whose scheme is scheme): see BucketCORS.
func localOrigin(o, scheme, portalOrigin string) string {
	switch {
	case o == "*":
		return o
	case strings.HasSuffix(o, "://*"):
		return scheme + "://*"
	default:
		return portalOrigin
	}
}
