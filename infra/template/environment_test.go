package template

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func localPlacement() Placement {
	return Placement{
		Parameters: map[string]any{"SenderEmail": "no-reply@portal.localhost"},
		Resources: map[string]string{"Table": "portal", "AttachmentsBucket": "portal-attachments",
			"ImportsBucket": "portal-imports", "MailConfigurationSet": "", "MfaKey": "mfa-key-id"},
		Secrets:   map[string]string{"OriginVerifySecret": "local-secret"},
		AccountID: "000000000000", Region: "us-east-1",
		QueueURL:   func(id string) string { return testQueueEndpoint + "/000000000000/s-" + id },
		Attributes: map[string]string{"Distribution.DomainName": "d1.cloudfront.example"},
	}
}

const testQueueEndpoint = "http://127.0.0.1:9324"

func TestFunctionSettingsAsCloudFormationResolvesThem(t *testing.T) {
	all, err := LoadFunctionSettings("../../template.yaml", localPlacement())
	if err != nil {
		t.Fatal(err)
	}
	h, ok := all["HealthFunction"]
	if !ok {
		t.Fatal("no HealthFunction")
	}
	want := map[string]string{
		"TABLE_NAME": "portal", "ATTACHMENTS_BUCKET": "portal-attachments",
		// A !Sub of the bucket's own name gets the placed bucket.
		"IMPORTS_BUCKET": "portal-imports", "SENDER_EMAIL": "no-reply@portal.localhost",
		// No custom domain: the functions take the portal's origin from each request.
		"SES_CONFIGURATION_SET": "", "PORTAL_BASE_URL": "", "LOG_LEVEL": "info", "STAGE": "dev",
		// The dynamic reference to the secret gets the placed value.
		"ORIGIN_VERIFY_SECRET": "local-secret",
		// Declared empty (= unset) for sam local's --env-vars.
		"AWS_ENDPOINT_URL_DYNAMODB": "", "AWS_ENDPOINT_URL_KMS": "", "AWS_ENDPOINT_URL_S3": "", "AWS_ENDPOINT_URL_SES": "", "AWS_ENDPOINT_URL_SQS": "",
		// The health function alone gets the deploy's version (parameter Version, empty here).
		"VERSION": "",
	}
	for k, v := range want {
		if got, ok := h.Environment[k]; !ok || got != v {
			t.Errorf("%s = %q (set: %v), want %q", k, got, ok, v)
		}
	}
	if len(h.Environment) != len(want) {
		t.Errorf("environment %v, want exactly %v", h.Environment, want)
	}
	if h.TimeoutSeconds != 10 || h.MemorySize != 256 || h.Architecture != "arm64" || h.CodeURI != "functions/health" {
		t.Errorf("settings %+v", h)
	}
	// !Ref of a queue is its URL, from the placement's QueueURL; the mailer's link base is
	// the distribution's domain without a custom one.
	for _, c := range []struct{ function, name, want string }{
		{"NotifierFunction", "DIGEST_QUEUE_URL", testQueueEndpoint + "/000000000000/s-DigestQueue"},
		{"DigestMailerFunction", "DIGEST_QUEUE_URL", testQueueEndpoint + "/000000000000/s-DigestQueue"},
		{"DigestMailerFunction", "PORTAL_BASE_URL", "https://d1.cloudfront.example"},
	} {
		if got := all[c.function].Environment[c.name]; got != c.want {
			t.Errorf("%s: %s = %q, want %q", c.function, c.name, got, c.want)
		}
	}
	w := all["ImportWorkerFunction"]
	if w.TimeoutSeconds != 900 || w.MemorySize != 1024 {
		t.Errorf("the worker's own Timeout and MemorySize win over Globals: %+v", w)
	}
}

func TestFunctionSettingsRefuseAnUnplacedResource(t *testing.T) {
	p := localPlacement()
	delete(p.Resources, "Table")
	_, err := LoadFunctionSettings("../../template.yaml", p)
	if err == nil || !strings.Contains(err.Error(), "TABLE_NAME refers to Table") {
		t.Fatalf("err = %v, want one naming TABLE_NAME and Table", err)
	}
}

// TestFunctionSettingsRefuseAnUnplacedSecret: the origin guard's secret comes from a dynamic
// reference to the stack's secret; a placement that does not give its value fails loudly
// rather than start the functions with the reference's text as their secret.
func TestFunctionSettingsRefuseAnUnplacedSecret(t *testing.T) {
	p := localPlacement()
	p.Secrets = nil
	_, err := LoadFunctionSettings("../../template.yaml", p)
	if err == nil || !strings.Contains(err.Error(), "ORIGIN_VERIFY_SECRET refers to OriginVerifySecret") {
		t.Fatalf("err = %v, want one naming ORIGIN_VERIFY_SECRET and OriginVerifySecret", err)
	}
}

// TestQueuesAreResolvedFromThePlacement: a queue's URL comes from Queues, else from QueueURL;
// !GetAtt of its Arn and QueueName follow from the URL's last segment; without either, a
// variable naming the queue fails loudly.
func TestQueuesAreResolvedFromThePlacement(t *testing.T) {
	tests := []struct {
		name   string
		queues map[string]string
		url    func(string) string
		want   map[string]string // variable -> value; nil: an error naming Q
	}{
		{"from QueueURL", nil, func(id string) string { return "http://sqs.local/000000000000/dev-" + id },
			map[string]string{"URL": "http://sqs.local/000000000000/dev-Q", "ARN": "arn:aws:sqs:us-east-1:000000000000:dev-Q", "NAME": "dev-Q"}},
		{"Queues wins over QueueURL", map[string]string{"Q": "http://127.0.0.1:1/000000000000/running-Q"},
			func(id string) string { return "http://sqs.local/000000000000/dev-" + id },
			map[string]string{"URL": "http://127.0.0.1:1/000000000000/running-Q", "ARN": "arn:aws:sqs:us-east-1:000000000000:running-Q", "NAME": "running-Q"}},
		{"neither", nil, nil, nil},
	}
	doc := `Transform: AWS::Serverless-2016-10-31
Resources:
  Q:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/fn/
      Environment:
        Variables:
          URL: !Ref Q
          ARN: !GetAtt Q.Arn
          NAME: !GetAtt Q.QueueName
`
	file := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Placement{AccountID: "000000000000", Region: "us-east-1", Queues: tt.queues, QueueURL: tt.url}
			all, err := LoadFunctionSettings(file, p)
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), "refers to Q") {
					t.Fatalf("err = %v, want one naming Q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := all["Fn"].Environment; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("environment %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSubWithPlacement(t *testing.T) {
	p := localPlacement()
	p.Partition = "aws"
	want := "arn:aws:s3:::portal-attachments/x-000000000000-${Literal}-arn:aws:dynamodb:us-east-1:000000000000:table/portal"
	got := p.sub("arn:${AWS::Partition}:s3:::${AttachmentsBucket}/x-${AWS::AccountId}-${!Literal}-${Table.Arn}", nil)
	if got != want {
		t.Errorf("sub = %q, want %q", got, want)
	}
	if got := p.sub([]any{"a-${X}-${AWS::Region}", map[string]any{"X": "y"}}, nil); got != "a-y-us-east-1" {
		t.Errorf("sub with variables = %q", got)
	}
}
