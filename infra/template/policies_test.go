package template

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"crmportal/infra/iam"
)

var testDeployment = Deployment{Partition: "aws", Region: "us-east-1", AccountID: "000000000000", StackName: "s",
	Names: map[string]string{"Table": "portal", "Bucket": "files"}}

// mustPoliciesOf writes a template whose Fn function has the given Policies (YAML, indented
// for its place) and resolves it.
func policiesOf(tb testing.TB, policies string) (map[string][]iam.Policy, error) {
	tb.Helper()
	doc := `Transform: AWS::Serverless-2016-10-31
Parameters:
  SenderEmail:
    Type: String
    Default: no-reply@example.com
Conditions:
  Never: !Equals ["a", "b"]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Bucket:
    Type: AWS::S3::Bucket
  Unnamed:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/fn/
      Policies:
` + policies
	file := filepath.Join(tb.TempDir(), "template.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		tb.Fatal(err)
	}
	return FunctionPolicies(file, map[string]any{"SenderEmail": "portal@example.com"}, testDeployment)
}

func TestFunctionPolicies(t *testing.T) {
	tests := []struct {
		name   string
		yaml   string
		req    iam.Request
		allows bool
	}{
		{"inline with GetAtt", `        - Statement:
            - Effect: Allow
              Action: dynamodb:GetItem
              Resource: !GetAtt Table.Arn
`, iam.Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/portal"}, true},
		{"Sub of an attribute and a pseudo parameter", `        - Statement:
            - Effect: Allow
              Action: dynamodb:Query
              Resource: !Sub "${Table.Arn}/index/*"
            - Effect: Allow
              Action: ses:SendEmail
              Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"
              Condition:
                StringEquals:
                  ses:FromAddress: !Ref SenderEmail
`, iam.Request{Action: "ses:SendEmail", Resource: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
			Context: map[string][]string{"ses:FromAddress": {"portal@example.com"}}}, true},
		{"parameter overridden, not the default", `        - Statement:
            - Effect: Allow
              Action: ses:SendEmail
              Resource: "*"
              Condition:
                StringEquals:
                  ses:FromAddress: !Ref SenderEmail
`, iam.Request{Action: "ses:SendEmail", Resource: "x", Context: map[string][]string{"ses:FromAddress": {"no-reply@example.com"}}}, false},
		{"SAM DynamoDBCrudPolicy covers the indexes", `        - DynamoDBCrudPolicy:
            TableName: !Ref Table
`, iam.Request{Action: "dynamodb:Query", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/portal/index/GSI1"}, true},
		{"SAM DynamoDBReadPolicy does not write", `        - DynamoDBReadPolicy:
            TableName: !Ref Table
`, iam.Request{Action: "dynamodb:PutItem", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/portal"}, false},
		{"SAM S3ReadPolicy on objects", `        - S3ReadPolicy:
            BucketName: !Ref Bucket
`, iam.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::files/a/b"}, true},
		{"Fn::If on a condition", `        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !If [Never, "arn:aws:s3:::other/*", !Sub "${Bucket.Arn}/*"]
`, iam.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::files/x"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := policiesOf(t, tt.yaml)
			if err != nil {
				t.Fatal(err)
			}
			if got := iam.Evaluate(ps["Fn"], tt.req) == iam.Allowed; got != tt.allows {
				t.Errorf("allowed = %v, want %v (policies %+v)", got, tt.allows, ps["Fn"])
			}
		})
	}
}

func TestFunctionPoliciesFailLoudly(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown policy template", `        - DynamoDBEverythingPolicy:
            TableName: !Ref Table
`, "unknown SAM policy template"},
		{"missing template parameter", `        - DynamoDBCrudPolicy: {}
`, "parameter TableName"},
		{"managed policy", `        - AmazonDynamoDBFullAccess
`, "managed policy"},
		{"Ref of an unknown name", `        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub "arn:aws:s3:::${NoSuchBucket}/*"
`, "NoSuchBucket"},
		{"GetAtt of a resource without a local name", `        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: !GetAtt Unnamed.Arn
`, "Unnamed.Arn"},
		{"unsupported intrinsic", `        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !ImportValue SharedBucketArn
`, "Fn::ImportValue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policiesOf(t, tt.yaml)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "function Fn") && !strings.Contains(err.Error(), "cannot resolve") {
				t.Errorf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

// TestProjectPoliciesResolve: every function of template.yaml has policies the local stack can
// enforce, and the SAM policy templates file is the pinned translator's.
func TestProjectPoliciesResolve(t *testing.T) {
	d := testDeployment
	d.Names = map[string]string{"Table": "portal", "AttachmentsBucket": "a", "ImportsBucket": "i", "MailConfigurationSet": "portal-dev", "MailEventsTopic": "arn:aws:sns:us-east-1:000000000000:t", "MfaKey": "mfa-key-id"}
	// The template names no queue: CloudFormation names each after the stack.
	d.QueueName = func(id string) string { return "s-" + id }
	// SenderEmail has no default: a deploy names it.
	ps, err := FunctionPolicies("../../template.yaml", map[string]any{"SenderEmail": "no-reply@portal.localhost"}, d)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := Load("../../template.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ps), len(tmpl.Functions); got != want {
		t.Errorf("policies for %d functions, want %d", got, want)
	}
	// The buckets' names are spelled out in the policies (from the stack's id); they name the
	// placed buckets. The queues' ARNs name the deployment's queues.
	for _, c := range []struct{ function, resource string }{
		{"ImportCreateFunction", "arn:aws:s3:::i/imports/*"},
		{"AttachmentPortalCreateFunction", "arn:aws:s3:::a/uploads/attachments/*"},
		{"HealthFunction", "arn:aws:s3:::a"},
		// A queue's ARN is made of the name the deployment gives it.
		{"NotifierFunction", "arn:aws:sqs:us-east-1:000000000000:s-DigestQueue"},
		{"DigestMailerFunction", "arn:aws:sqs:us-east-1:000000000000:s-DigestQueue"},
	} {
		found := false
		for _, p := range ps[c.function] {
			for _, st := range p.Statements {
				found = found || slices.Contains(st.Resources, c.resource)
			}
		}
		if !found {
			t.Errorf("%s's policies %+v do not name %s", c.function, ps[c.function], c.resource)
		}
	}
}
