package iamguard

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
)

// TestWireCallsAreTheSDKCalls: the call read from the wire request an SDK client sends is the
// call read from its input, so both give the same IAM requests.
func TestWireCallsAreTheSDKCalls(t *testing.T) {
	s := aws.String
	key := map[string]ddbtypes.AttributeValue{"PK": &ddbtypes.AttributeValueMemberS{Value: "x"}}
	inputs := []any{
		&dynamodb.GetItemInput{TableName: s("portal"), Key: key},
		&dynamodb.QueryInput{TableName: s("portal"), IndexName: s("GSI1"), KeyConditionExpression: s("a = :a"),
			ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":a": &ddbtypes.AttributeValueMemberS{Value: "x"}}},
		&dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
			{Put: &ddbtypes.Put{TableName: s("portal"), Item: key}},
			{ConditionCheck: &ddbtypes.ConditionCheck{TableName: s("portal"), Key: key, ConditionExpression: s("attribute_exists(PK)")}},
			{Delete: &ddbtypes.Delete{TableName: s("other"), Key: key}}}},
		&dynamodb.BatchGetItemInput{RequestItems: map[string]ddbtypes.KeysAndAttributes{"portal": {Keys: []map[string]ddbtypes.AttributeValue{key}}, "other": {Keys: []map[string]ddbtypes.AttributeValue{key}}}},
		&s3.GetObjectInput{Bucket: s("b"), Key: s("attachments/a b+c.pdf")},
		&s3.HeadObjectInput{Bucket: s("b"), Key: s("k")},
		&s3.PutObjectInput{Bucket: s("b"), Key: s("imports/x.csv"), Body: strings.NewReader("a,b")},
		&s3.DeleteObjectInput{Bucket: s("b"), Key: s("k")},
		&s3.CopyObjectInput{Bucket: s("b"), Key: s("attachments/k"), CopySource: s("b/uploads/a%20b.pdf")},
		&s3.HeadBucketInput{Bucket: s("b")},
		&s3.ListObjectsV2Input{Bucket: s("b"), Prefix: s("p/")},
		&ses.SendEmailInput{Source: s("Portal <no-reply@example.com>"), ConfigurationSetName: s("portal-dev"),
			Destination: &sestypes.Destination{ToAddresses: []string{"a@example.com", "b@example.com"}, BccAddresses: []string{"c@example.com"}},
			Message:     &sestypes.Message{Subject: &sestypes.Content{Data: s("x")}, Body: &sestypes.Body{Text: &sestypes.Content{Data: s("y")}}}},
		&ses.SendRawEmailInput{Source: s("no-reply@example.com"), Destinations: []string{"a@example.com"}, RawMessage: &sestypes.RawMessage{Data: []byte("x")}},
		&sqs.SendMessageInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/portal-local-DigestQueue"), MessageBody: s("{}")},
		&sqs.ReceiveMessageInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q")},
		&sqs.DeleteMessageBatchInput{QueueUrl: s("http://127.0.0.1:4566/000000000000/q"), Entries: []sqstypes.DeleteMessageBatchRequestEntry{{Id: s("1"), ReceiptHandle: s("r")}}},
		&sqs.GetQueueUrlInput{QueueName: s("q")},
	}
	got := make(chan Call, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		svc := S3
		switch {
		case strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS."):
			svc = SQS
		case r.Header.Get("X-Amz-Target") != "":
			svc = DynamoDB
		case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
			svc = SES
		}
		c, _, err := ReadCall(svc, r)
		if err != nil {
			t.Errorf("%s %s: %v", r.Method, r.URL, err)
		}
		got <- c
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "k", SecretAccessKey: "s"}, nil
	})
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: creds, RetryMaxAttempts: 1})
	objects := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true, Credentials: creds, RetryMaxAttempts: 1})
	mail := ses.New(ses.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: creds, RetryMaxAttempts: 1})
	queues := sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: creds, RetryMaxAttempts: 1})
	for _, in := range inputs {
		want, err := CallOf(in)
		if err != nil {
			t.Fatal(err)
		}
		switch in := in.(type) {
		case *dynamodb.GetItemInput:
			_, _ = db.GetItem(ctx, in)
		case *dynamodb.QueryInput:
			_, _ = db.Query(ctx, in)
		case *dynamodb.TransactWriteItemsInput:
			_, _ = db.TransactWriteItems(ctx, in)
		case *dynamodb.BatchGetItemInput:
			_, _ = db.BatchGetItem(ctx, in)
		case *s3.GetObjectInput:
			_, _ = objects.GetObject(ctx, in)
		case *s3.HeadObjectInput:
			_, _ = objects.HeadObject(ctx, in)
		case *s3.PutObjectInput:
			_, _ = objects.PutObject(ctx, in)
		case *s3.DeleteObjectInput:
			_, _ = objects.DeleteObject(ctx, in)
		case *s3.CopyObjectInput:
			_, _ = objects.CopyObject(ctx, in)
		case *s3.HeadBucketInput:
			_, _ = objects.HeadBucket(ctx, in)
		case *s3.ListObjectsV2Input:
			_, _ = objects.ListObjectsV2(ctx, in)
		case *ses.SendEmailInput:
			_, _ = mail.SendEmail(ctx, in)
		case *ses.SendRawEmailInput:
			_, _ = mail.SendRawEmail(ctx, in)
		case *sqs.SendMessageInput:
			_, _ = queues.SendMessage(ctx, in)
		case *sqs.ReceiveMessageInput:
			_, _ = queues.ReceiveMessage(ctx, in)
		case *sqs.DeleteMessageBatchInput:
			_, _ = queues.DeleteMessageBatch(ctx, in)
		case *sqs.GetQueueUrlInput:
			_, _ = queues.GetQueueUrl(ctx, in)
		}
		c := <-got
		wantReqs, _ := acct.CallRequests(want)
		gotReqs, err := acct.CallRequests(c)
		if err != nil || !reflect.DeepEqual(gotReqs, wantReqs) {
			t.Errorf("%T: from the wire %+v (%v), from the input %+v", in, gotReqs, err, wantReqs)
		}
	}
}

func TestReadS3Calls(t *testing.T) {
	tests := []struct {
		method, target string
		header         map[string]string
		want           string // operation
		keys           []string
	}{
		{"GET", "/b/k?X-Amz-Signature=x&response-content-disposition=attachment", nil, "GetObject", []string{"k"}},
		{"GET", "/b/dir/a%20b.pdf?x-id=GetObject", nil, "GetObject", []string{"dir/a b.pdf"}},
		{"PUT", "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256", nil, "PutObject", []string{"k"}},
		{"PUT", "/b/k", map[string]string{"X-Amz-Copy-Source": "/b/o"}, "CopyObject", []string{"k"}},
		{"PUT", "/b/k?acl", nil, "PutObject?acl", []string{"k"}},
		{"POST", "/b/k?uploads", nil, "POST object?uploads", []string{"k"}},
		{"HEAD", "/b", nil, "HeadBucket", nil},
		{"GET", "/b?list-type=2&prefix=x", nil, "ListObjectsV2", nil},
		{"PUT", "/b", nil, "PUT bucket", nil},
		{"GET", "/", nil, "GET /", nil},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.target, nil)
		for k, v := range tt.header {
			r.Header.Set(k, v)
		}
		c, authorize, err := ReadCall(S3, r)
		if err != nil || !authorize || c.Operation != tt.want || c.Bucket != strings.Split(r.URL.Path, "/")[1] || !reflect.DeepEqual(c.Keys, tt.keys) {
			t.Errorf("%s %s: %+v %v %v, want %s %v", tt.method, tt.target, c, authorize, err, tt.want, tt.keys)
		}
		if _, err := acct.CallRequests(c); (err == nil) != map[string]bool{"GetObject": true, "PutObject": true, "CopyObject": true, "HeadBucket": true, "ListObjectsV2": true}[tt.want] {
			t.Errorf("%s %s: requests err %v", tt.method, tt.target, err)
		}
	}
	if _, authorize, _ := ReadCall(S3, httptest.NewRequest("OPTIONS", "/b/k", nil)); authorize {
		t.Error("a CORS preflight is authorized by identity")
	}
	// A browser's form upload: the key field (with ${filename}), the body left as it was.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	_ = mw.WriteField("key", "attachments/${filename}")
	_ = mw.WriteField("Policy", "e30=")
	fw, _ := mw.CreateFormFile("file", "a.pdf")
	_, _ = fw.Write([]byte("%PDF"))
	_ = mw.Close()
	sent := form.String()
	r := httptest.NewRequest("POST", "/b", strings.NewReader(sent))
	r.Header.Set("Content-Type", mw.FormDataContentType())
	c, _, err := ReadCall(S3, r)
	if err != nil || c.Operation != "PostObject" || !reflect.DeepEqual(c.Keys, []string{"attachments/a.pdf"}) {
		t.Errorf("form upload: %+v %v", c, err)
	}
	if b, _ := io.ReadAll(r.Body); string(b) != sent {
		t.Error("the form was not put back as it came")
	}
	r = httptest.NewRequest("POST", "/b?delete", strings.NewReader(`<Delete><Object><Key>x</Key></Object><Object><Key>y</Key></Object></Delete>`))
	if c, _, err := ReadCall(S3, r); err != nil || c.Operation != "DeleteObjects" || !reflect.DeepEqual(c.Keys, []string{"x", "y"}) {
		t.Errorf("DeleteObjects: %+v %v", c, err)
	}
}

// TestProxyForwardsUnchangedAndDeniesAsAWS drives a function's endpoints with real SDK
// clients: an allowed call reaches the emulator as it was sent (Host header, path, query,
// body and signature), a denied one gets the service's own denial, which the SDK reads as
// AWS's, and the denial is recorded.
func TestProxyForwardsUnchangedAndDeniesAsAWS(t *testing.T) {
	g := mustGuard(t, `{"Statement":[
		{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"`+table+`"},
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/branding/*"},
		{"Effect":"Allow","Action":"ses:SendEmail","Resource":"*","Condition":{"StringEquals":{"ses:FromAddress":"no-reply@example.com"}}}]}`)
	var mu sync.Mutex
	var seen []*http.Request
	var bodies []string
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen, bodies = append(seen, r), append(bodies, string(b))
		mu.Unlock()
		switch {
		case r.Header.Get("X-Amz-Target") != "":
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			_, _ = w.Write([]byte(`{}`))
		case r.Method == http.MethodPost:
			w.Header().Set("Content-Type", "text/xml")
			_, _ = w.Write([]byte(`<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>m</MessageId></SendEmailResult></SendEmailResponse>`))
		default:
			_, _ = w.Write([]byte("logo"))
		}
	}))
	defer upstream.Close()
	p := &Proxies{Guard: g, Targets: map[Service]string{DynamoDB: upstream.URL, S3: upstream.URL, SES: upstream.URL, SQS: upstream.URL}}
	defer p.Close()
	ends, err := p.Endpoints("Fn")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := p.Endpoints("Fn")
	if !reflect.DeepEqual(ends, again) || ends[S3] == ends[DynamoDB] {
		t.Fatalf("endpoints %v then %v", ends, again)
	}
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "k", SecretAccessKey: "s"}, nil
	})
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(ends[DynamoDB]), Credentials: creds})
	objects := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(ends[S3]), UsePathStyle: true, Credentials: creds})
	mail := ses.New(ses.Options{Region: "us-east-1", BaseEndpoint: aws.String(ends[SES]), Credentials: creds})
	key := map[string]ddbtypes.AttributeValue{"PK": &ddbtypes.AttributeValueMemberS{Value: "x"}}

	mustCode := func(what string, err error, code string, status int) {
		t.Helper()
		var apiErr smithy.APIError
		var respErr *awshttp.ResponseError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code || !strings.Contains(apiErr.ErrorMessage(), "User: arn:aws:sts::000000000000:assumed-role/FnRole/Fn is not authorized to perform: ") {
			t.Errorf("%s: %v, want %s with AWS's message", what, err, code)
		}
		if !errors.As(err, &respErr) || respErr.HTTPStatusCode() != status {
			t.Errorf("%s: %v, want HTTP %d", what, err, status)
		}
	}
	if _, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("portal"), Key: key}); err != nil {
		t.Errorf("allowed GetItem: %v", err)
	}
	_, err = db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("portal"), Key: key})
	mustCode("DeleteItem", err, "AccessDeniedException", http.StatusBadRequest)
	if _, err := objects.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("branding/logo.png")}); err != nil {
		t.Errorf("allowed GetObject: %v", err)
	}
	_, err = objects.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("attachments/x.pdf")})
	mustCode("GetObject outside the prefix", err, "AccessDenied", http.StatusForbidden)
	send := func(from string) error {
		_, err := mail.SendEmail(ctx, &ses.SendEmailInput{Source: aws.String(from), Destination: &sestypes.Destination{ToAddresses: []string{"a@example.com"}},
			Message: &sestypes.Message{Subject: &sestypes.Content{Data: aws.String("s")}, Body: &sestypes.Body{Text: &sestypes.Content{Data: aws.String("b")}}}})
		return err
	}
	if err := send("no-reply@example.com"); err != nil {
		t.Errorf("allowed SendEmail: %v", err)
	}
	mustCode("SendEmail from another address", send("ceo@example.com"), "AccessDenied", http.StatusForbidden)
	queues := sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(ends[SQS]), Credentials: creds})
	_, err = queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("http://127.0.0.1:1/000000000000/q"), MessageBody: aws.String("x")})
	mustCode("SendMessage with no grant", err, "AccessDenied", http.StatusBadRequest)

	// A presigned GET through the proxy arrives with its Host (the proxy's), path and query.
	pre, err := s3.NewPresignClient(objects).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("branding/a b.png")})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(pre.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("presigned GET: %d", resp.StatusCode)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 4 {
		t.Fatalf("%d requests reached the emulator, want the 4 allowed", len(seen))
	}
	u, _ := url.Parse(pre.URL)
	last := seen[3]
	if last.Host != u.Host || last.URL.RawQuery != u.RawQuery || last.URL.EscapedPath() != u.EscapedPath() || last.Header.Get("X-Forwarded-For") != "" {
		t.Errorf("forwarded as Host %s %s?%s (X-Forwarded-For %q), sent as Host %s %s?%s",
			last.Host, last.URL.EscapedPath(), last.URL.RawQuery, last.Header.Get("X-Forwarded-For"), u.Host, u.EscapedPath(), u.RawQuery)
	}
	if !strings.Contains(bodies[0], `"TableName":"portal"`) || seen[0].Header.Get("Authorization") == "" {
		t.Errorf("the GetItem arrived as %v %s", seen[0].Header, bodies[0])
	}
	if got := len(g.Recorder.Denials()); got != 4 {
		t.Errorf("%d denials recorded, want 4: %v", got, g.Recorder.Denials())
	}
}
