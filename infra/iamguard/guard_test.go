package iamguard

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"crmportal/infra/iam"
)

var acct = Account{Partition: "aws", Region: "us-east-1", AccountID: "000000000000"}

const (
	table = "arn:aws:dynamodb:us-east-1:000000000000:table/portal"
	other = "arn:aws:dynamodb:us-east-1:000000000000:table/other"
)

func TestRequests(t *testing.T) {
	s := aws.String
	tests := []struct {
		name   string
		params any
		want   []string // "action resource"
	}{
		{"GetItem", &dynamodb.GetItemInput{TableName: s("portal")}, []string{"dynamodb:GetItem " + table}},
		{"Query on the table", &dynamodb.QueryInput{TableName: s("portal")}, []string{"dynamodb:Query " + table}},
		{"Query on an index", &dynamodb.QueryInput{TableName: s("portal"), IndexName: s("GSI2")}, []string{"dynamodb:Query " + table + "/index/GSI2"}},
		{"Scan on an index", &dynamodb.ScanInput{TableName: s("portal"), IndexName: s("GSI1")}, []string{"dynamodb:Scan " + table + "/index/GSI1"}},
		{"TransactWriteItems per item, deduplicated", &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
			{Put: &ddbtypes.Put{TableName: s("portal")}},
			{Update: &ddbtypes.Update{TableName: s("portal")}},
			{ConditionCheck: &ddbtypes.ConditionCheck{TableName: s("portal")}},
			{Delete: &ddbtypes.Delete{TableName: s("other")}},
			{Put: &ddbtypes.Put{TableName: s("portal")}},
		}}, []string{"dynamodb:PutItem " + table, "dynamodb:UpdateItem " + table, "dynamodb:ConditionCheckItem " + table, "dynamodb:DeleteItem " + other}},
		{"BatchGetItem per table", &dynamodb.BatchGetItemInput{RequestItems: map[string]ddbtypes.KeysAndAttributes{"portal": {}, "other": {}}},
			[]string{"dynamodb:BatchGetItem " + other, "dynamodb:BatchGetItem " + table}},
		{"BatchWriteItem per table", &dynamodb.BatchWriteItemInput{RequestItems: map[string][]ddbtypes.WriteRequest{"portal": nil}},
			[]string{"dynamodb:BatchWriteItem " + table}},
		{"HeadObject is GetObject", &s3.HeadObjectInput{Bucket: s("b"), Key: s("a/b.pdf")}, []string{"s3:GetObject arn:aws:s3:::b/a/b.pdf"}},
		{"PutObject (a presigned POST signs it)", &s3.PutObjectInput{Bucket: s("b"), Key: s("k")}, []string{"s3:PutObject arn:aws:s3:::b/k"}},
		{"HeadBucket is ListBucket", &s3.HeadBucketInput{Bucket: s("b")}, []string{"s3:ListBucket arn:aws:s3:::b"}},
		{"CopyObject reads the source and puts the destination", &s3.CopyObjectInput{Bucket: s("b"), Key: s("attachments/x"), CopySource: s("src/uploads/a%20b%2Bc.pdf")},
			[]string{"s3:GetObject arn:aws:s3:::src/uploads/a b+c.pdf", "s3:PutObject arn:aws:s3:::b/attachments/x"}},
		{"CopyObject of a version", &s3.CopyObjectInput{Bucket: s("b"), Key: s("k"), CopySource: s("/b/u/k?versionId=3")},
			[]string{"s3:GetObject arn:aws:s3:::b/u/k", "s3:PutObject arn:aws:s3:::b/k"}},
		{"DeleteObjects per key", &s3.DeleteObjectsInput{Bucket: s("b"), Delete: &s3types.Delete{Objects: []s3types.ObjectIdentifier{{Key: s("x")}, {Key: s("y")}}}},
			[]string{"s3:DeleteObject arn:aws:s3:::b/x", "s3:DeleteObject arn:aws:s3:::b/y"}},
		{"SendEmail: identity and configuration set", &ses.SendEmailInput{Source: s("Portal <no-reply@example.com>"), ConfigurationSetName: s("portal-dev")},
			[]string{"ses:SendEmail arn:aws:ses:us-east-1:000000000000:identity/no-reply@example.com", "ses:SendEmail arn:aws:ses:us-east-1:000000000000:configuration-set/portal-dev"}},
		{"SendMessage on the queue of its URL", &sqs.SendMessageInput{QueueUrl: s("https://sqs.us-east-1.amazonaws.com/000000000000/portal-dev-DigestQueue")},
			[]string{"sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:portal-dev-DigestQueue"}},
		{"SendMessageBatch is SendMessage, on a local URL", &sqs.SendMessageBatchInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q")},
			[]string{"sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:q"}},
		{"ReceiveMessage", &sqs.ReceiveMessageInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q")}, []string{"sqs:ReceiveMessage arn:aws:sqs:us-east-1:000000000000:q"}},
		{"DeleteMessageBatch is DeleteMessage", &sqs.DeleteMessageBatchInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q")}, []string{"sqs:DeleteMessage arn:aws:sqs:us-east-1:000000000000:q"}},
		{"ChangeMessageVisibility", &sqs.ChangeMessageVisibilityInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q")}, []string{"sqs:ChangeMessageVisibility arn:aws:sqs:us-east-1:000000000000:q"}},
		{"GetQueueAttributes", &sqs.GetQueueAttributesInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q")}, []string{"sqs:GetQueueAttributes arn:aws:sqs:us-east-1:000000000000:q"}},
		{"GetQueueUrl in the caller's account", &sqs.GetQueueUrlInput{QueueName: s("q")}, []string{"sqs:GetQueueUrl arn:aws:sqs:us-east-1:000000000000:q"}},
		{"GetQueueUrl of another account", &sqs.GetQueueUrlInput{QueueName: s("q"), QueueOwnerAWSAccountId: s("111111111111")}, []string{"sqs:GetQueueUrl arn:aws:sqs:us-east-1:111111111111:q"}},
		{"Encrypt with a key id", &kms.EncryptInput{KeyId: s("1234abcd-12ab-34cd-56ef-1234567890ab")}, []string{"kms:Encrypt arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"}},
		{"Decrypt with a key ARN", &kms.DecryptInput{KeyId: s("arn:aws:kms:us-east-1:000000000000:key/k1")}, []string{"kms:Decrypt arn:aws:kms:us-east-1:000000000000:key/k1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, reqs, err := acct.Requests(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range reqs {
				got = append(got, r.Action+" "+r.Resource)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("an unknown call is an error", func(t *testing.T) {
		if _, _, err := acct.Requests(&dynamodb.CreateTableInput{}); err == nil {
			t.Error("CreateTable: no error")
		}
	})
	t.Run("a copy without a source object is an error", func(t *testing.T) {
		for _, src := range []string{"", "b", "b/", "/k", "b/%zz"} {
			if _, _, err := acct.Requests(&s3.CopyObjectInput{Bucket: s("b"), Key: s("k"), CopySource: s(src)}); err == nil {
				t.Errorf("copy source %q: no error", src)
			}
		}
	})
	t.Run("SES condition keys", func(t *testing.T) {
		_, reqs, _ := acct.Requests(&ses.SendEmailInput{Source: s("Portal <no-reply@example.com>"),
			Destination: &sestypes.Destination{ToAddresses: []string{"a@example.com"}, BccAddresses: []string{"b@example.com"}}})
		ctx := reqs[0].Context
		if got, want := ctx["ses:FromAddress"], []string{"no-reply@example.com"}; !reflect.DeepEqual(got, want) {
			t.Errorf("ses:FromAddress = %v, want %v", got, want)
		}
		if got, want := ctx["ses:Recipients"], []string{"a@example.com", "b@example.com"}; !reflect.DeepEqual(got, want) {
			t.Errorf("ses:Recipients = %v, want %v", got, want)
		}
	})
}

func mustGuard(tb testing.TB, policy string) *Guard {
	tb.Helper()
	p, err := iam.ParseJSON(policy)
	if err != nil {
		tb.Fatal(err)
	}
	return &Guard{Account: acct, Policies: map[string][]iam.Policy{"Fn": {p}}, Recorder: NewRecorder(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func TestCheckDeniesAsAWS(t *testing.T) {
	g := mustGuard(t, `{"Statement":[
		{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:UpdateItem"],"Resource":"`+table+`"},
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/branding/*"},
		{"Effect":"Allow","Action":"ses:SendEmail","Resource":"*","Condition":{"StringEquals":{"ses:FromAddress":"no-reply@example.com"}}}]}`)
	s := aws.String
	tests := []struct {
		name     string
		params   any
		wantCode string // "" when allowed
		status   int
	}{
		{"allowed GetItem", &dynamodb.GetItemInput{TableName: s("portal")}, "", 0},
		{"DeleteItem not granted", &dynamodb.DeleteItemInput{TableName: s("portal")}, "AccessDeniedException", http.StatusBadRequest},
		{"index query without the index ARN", &dynamodb.QueryInput{TableName: s("portal"), IndexName: s("GSI1")}, "AccessDeniedException", http.StatusBadRequest},
		{"a transaction with one item not granted", &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
			{Put: &ddbtypes.Put{TableName: s("portal")}}, {ConditionCheck: &ddbtypes.ConditionCheck{TableName: s("portal")}}}}, "AccessDeniedException", http.StatusBadRequest},
		{"object under the granted prefix", &s3.GetObjectInput{Bucket: s("b"), Key: s("branding/logo.png")}, "", 0},
		{"object outside it", &s3.GetObjectInput{Bucket: s("b"), Key: s("attachments/x.pdf")}, "AccessDenied", http.StatusForbidden},
		{"send from the allowed address", &ses.SendEmailInput{Source: s("no-reply@example.com")}, "", 0},
		{"send from another address", &ses.SendEmailInput{Source: s("ceo@example.com")}, "AccessDenied", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := g.Check("Fn", tt.params)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Check = %v, want allowed", err)
				}
				return
			}
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tt.wantCode {
				t.Fatalf("Check = %v, want a %s API error", err, tt.wantCode)
			}
			var respErr *awshttp.ResponseError
			if !errors.As(err, &respErr) || respErr.HTTPStatusCode() != tt.status {
				t.Errorf("HTTP status of the error = %v, want %d", err, tt.status)
			}
		})
	}
	if got := len(g.Recorder.Denials()); got != 5 {
		t.Errorf("%d denials recorded, want 5", got)
	}
	if got, want := g.Recorder.Used()["Fn"], []string{"dynamodb:GetItem", "dynamodb:PutItem", "s3:GetObject", "ses:SendEmail"}; !reflect.DeepEqual(got, want) {
		t.Errorf("used = %v, want %v", got, want)
	}
	unused := Unused(g.Policies, g.Recorder.Used())
	if got, want := unused["Fn"], []string{"dynamodb:UpdateItem"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unused = %v, want %v", got, want)
	}
}

// TestAPIOptionGuardsRealClients: the middleware stops a denied call in a real SDK client
// before anything is sent (the endpoint here answers nothing), presigned requests included.
func TestAPIOptionGuardsRealClients(t *testing.T) {
	g := mustGuard(t, `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/branding/*"}]}`)
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "k", SecretAccessKey: "s"}, nil
	})
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), Credentials: creds,
		APIOptions: []func(*middleware.Stack) error{g.APIOption("Fn")}})
	_, err := db.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String("portal"),
		Key: map[string]ddbtypes.AttributeValue{"PK": &ddbtypes.AttributeValueMemberS{Value: "x"}}})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDeniedException" {
		t.Errorf("DeleteItem = %v, want AccessDeniedException", err)
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Operation() != "DeleteItem" {
		t.Errorf("DeleteItem error %v is not the SDK's operation error", err)
	}
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), UsePathStyle: true, Credentials: creds,
		APIOptions: []func(*middleware.Stack) error{g.APIOption("Fn")}})
	pre := s3.NewPresignClient(client)
	if _, err := pre.PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("branding/x.png")}); err != nil {
		t.Errorf("presign an allowed GET: %v", err)
	}
	if _, err := pre.PresignPostObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("branding/x.png")}); !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDenied" {
		t.Errorf("presign a POST without s3:PutObject = %v, want AccessDenied", err)
	}
}
