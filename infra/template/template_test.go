package template

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/routes"
)

const templateFile = "../../template.yaml"

// MustLoad loads the project's template or fails the test.
func MustLoad(tb testing.TB, params map[string]any) *Template {
	tb.Helper()
	t, err := Load(templateFile, params)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return t
}

func TestLoadFunctionsAndRoutes(t *testing.T) {
	tmpl := MustLoad(t, nil)
	byID := map[string]Function{}
	for _, f := range tmpl.Functions {
		byID[f.LogicalID] = f
	}
	h, ok := byID["HealthFunction"]
	if !ok {
		t.Fatalf("HealthFunction not found in %v", tmpl.Functions)
	}
	if got, want := h.CodeURI, "functions/health"; got != want {
		t.Errorf("CodeURI = %q, want %q", got, want)
	}
	if got, want := len(h.Routes), 1; got != want {
		t.Fatalf("routes = %v, want %d", h.Routes, want)
	}
	if got, want := h.Routes[0].Key(), "GET /api/health"; got != want {
		t.Errorf("route = %q, want %q", got, want)
	}
	if got, want := tmpl.DefaultFunction(), "FallbackFunction"; got != want {
		t.Errorf("DefaultFunction = %q, want %q", got, want)
	}
	for _, f := range tmpl.Functions {
		if _, err := os.Stat(filepath.Join("../..", f.CodeURI, "main.go")); err != nil {
			t.Errorf("function %s: %s/main.go: %v", f.LogicalID, f.CodeURI, err)
		}
	}
}

func TestCreateTableInputFollowsTheTemplate(t *testing.T) {
	tmpl := MustLoad(t, nil)
	in, err := tmpl.CreateTableInput("t")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(in.BillingMode), "PAY_PER_REQUEST"; got != want {
		t.Errorf("billing = %q, want %q", got, want)
	}
	if got, want := len(in.KeySchema), 2; got != want {
		t.Fatalf("key schema = %v", in.KeySchema)
	}
	if got, want := *in.KeySchema[0].AttributeName+"/"+string(in.KeySchema[0].KeyType), "PK/HASH"; got != want {
		t.Errorf("hash key = %q, want %q", got, want)
	}
	names := map[string]bool{}
	for _, g := range in.GlobalSecondaryIndexes {
		names[*g.IndexName] = true
	}
	for _, want := range []string{"GSI1", "GSI2"} {
		if !names[want] {
			t.Errorf("index %s missing from %v", want, names)
		}
	}
	ttl, err := tmpl.TTLAttribute()
	if err != nil || ttl != "expiresAt" {
		t.Errorf("TTLAttribute = %q, %v; want expiresAt", ttl, err)
	}
}

func TestBucketCORSTranslatesTheTemplateOrigins(t *testing.T) {
	tests := []struct {
		name    string
		bucket  string
		origin  string
		want    []string // allowed origins; nil: no rules
		methods []string
	}{
		{"no origin known", AttachmentsBucketID, "", nil, nil},
		// Any https origin (every custom domain) is any origin of the local scheme.
		{"attachments", AttachmentsBucketID, "http://localhost:3000", []string{"http://*"}, []string{"GET", "POST", "HEAD"}},
		{"attachments over https", AttachmentsBucketID, "https://portal.example", []string{"https://*"}, []string{"GET", "POST", "HEAD"}},
		// The deployment's own origin is the local portal's.
		{"imports", ImportsBucketID, "http://localhost:3000", []string{"http://localhost:3000"}, []string{"GET", "PUT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := MustLoad(t, nil)
			tmpl.PortalOrigin = tt.origin
			rules, err := tmpl.BucketCORS(tt.bucket)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if rules != nil {
					t.Fatalf("rules = %+v, want none", rules)
				}
				return
			}
			if len(rules) != 1 {
				t.Fatalf("rules = %+v, want 1", rules)
			}
			if got, want := strings.Join(rules[0].AllowedOrigins, ","), strings.Join(tt.want, ","); got != want {
				t.Errorf("origins = %s, want %s", got, want)
			}
			if got, want := strings.Join(rules[0].AllowedMethods, ","), strings.Join(tt.methods, ","); got != want {
				t.Errorf("methods = %s, want %s", got, want)
			}
		})
	}
}

func TestLocalOrigin(t *testing.T) {
	tests := []struct {
		name, origin, want string
	}{
		{"any https origin", "https://*", "http://*"},
		{"any origin", "*", "*"},
		{"the deployment's origin", "https://d111.cloudfront.net", "http://localhost:3000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localOrigin(tt.origin, "http", "http://localhost:3000"); got != tt.want {
				t.Errorf("localOrigin(%q) = %q, want %q", tt.origin, got, tt.want)
			}
		})
	}
}

// TestBucketCORSAllowsTheDistributionFromTheFirstDeploy reads template.yaml itself: the
// imports bucket's one allowed origin is the custom domain, else the distribution's own domain,
// which CloudFormation knows on the first deploy (no parameter to set after it); the
// attachments bucket allows any https origin, so that uploads work under every organization's
// custom domain too.
func TestBucketCORSAllowsTheDistributionFromTheFirstDeploy(t *testing.T) {
	data, err := os.ReadFile("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := `- !If [HasCustomDomain, !Sub "https://${DomainName}", !Sub "https://${Distribution.DomainName}"]`
	if got := strings.Count(string(data), "AllowedOrigins:\n              "+want); got != 1 {
		t.Errorf("%d buckets allow %s, want one (imports)", got, want)
	}
	if got := strings.Count(string(data), `AllowedOrigins: ["https://*"]`); got != 1 {
		t.Errorf(`%d buckets allow "https://*", want one (attachments)`, got)
	}
	if strings.Contains(string(data), "PortalBaseUrl") {
		t.Error("template.yaml still has PortalBaseUrl: the portal's origin must not wait for a second deploy")
	}
}

// TestGeneratedRoutesAreCurrent fails when template.yaml changed and `go generate
// ./shared/routes` was not run.
func TestGeneratedRoutesAreCurrent(t *testing.T) {
	want, err := MustLoad(t, nil).RoutesSource()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../shared/routes/table_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("shared/routes/table_gen.go is stale; run: go generate ./shared/routes\n got:\n%s\nwant:\n%s", got, want)
	}
	if got, want := len(routes.Table), len(MustLoad(t, nil).Routes()); got != want {
		t.Errorf("routes.Table has %d routes, template %d", got, want)
	}
}

func TestS3SubscriptionsAreRead(t *testing.T) {
	tmpl := MustLoad(t, nil)
	var subs []S3Subscription
	for _, f := range tmpl.Functions {
		if f.LogicalID == "ImportWorkerFunction" {
			subs = f.S3
		}
	}
	if len(subs) != 1 {
		t.Fatalf("ImportWorkerFunction S3 events = %+v, want 1", subs)
	}
	if got, want := subs[0].Bucket, "ImportsBucket"; got != want {
		t.Errorf("bucket = %q, want %q", got, want)
	}
	tests := []struct {
		event, key string
		want       bool
	}{
		{"s3:ObjectCreated:Put", "imports/org/job.csv", true},
		{"ObjectCreated:Put", "imports/org/job.csv", true},
		{"s3:ObjectCreated:Post", "imports/x.csv", true},
		{"s3:ObjectRemoved:Delete", "imports/x.csv", false},
		{"s3:ObjectCreated:Put", "reports/org/job.csv", false},
	}
	for _, tt := range tests {
		if got := subs[0].Matches(tt.event, tt.key); got != tt.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tt.event, tt.key, got, tt.want)
		}
	}
}

func TestStreamSubscriptionsAreRead(t *testing.T) {
	tmpl := MustLoad(t, nil)
	var subs []StreamSubscription
	for _, f := range tmpl.Functions {
		if f.LogicalID == "ResetMailerFunction" {
			subs = f.Streams
		}
	}
	want := StreamSubscription{Table: TableID, StartingPosition: "TRIM_HORIZON", BatchSize: 10, MaximumRetryAttempts: 5,
		MaximumRecordAgeInSeconds: 3600, BisectBatchOnFunctionError: true, ReportBatchItemFailures: true,
		Filters:   []string{`{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"PK": {"S": [{"prefix": "MAILREQ#"}]}}}}`},
		OnFailure: "ResetMailerDeadLetters"}
	if len(subs) != 1 || !reflect.DeepEqual(subs[0], want) {
		t.Fatalf("ResetMailerFunction DynamoDB events = %+v, want [%+v]", subs, want)
	}
	in, err := tmpl.CreateTableInput("portal")
	if err != nil {
		t.Fatal(err)
	}
	if sp := in.StreamSpecification; sp == nil || !aws.ToBool(sp.StreamEnabled) || sp.StreamViewType != ddbtypes.StreamViewTypeNewImage {
		t.Errorf("CreateTable's stream = %+v, want NEW_IMAGE", sp)
	}
}
