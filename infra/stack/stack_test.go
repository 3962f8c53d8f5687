package stack_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
)

var st *stack.Stack

func TestMain(m *testing.M) { stacktest.Main(m, &st) }

func TestTableIsCreatedFromTheTemplate(t *testing.T) {
	out, err := st.DynamoDB().DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(stack.TableName)})
	if err != nil {
		t.Fatalf("DescribeTable: %v", err)
	}
	var idx []string
	for _, g := range out.Table.GlobalSecondaryIndexes {
		idx = append(idx, *g.IndexName)
	}
	if got, want := len(idx), 2; got != want {
		t.Errorf("indexes = %v, want %d (GSI1, GSI2)", idx, want)
	}
	ttl, err := st.DynamoDB().DescribeTimeToLive(context.Background(), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(stack.TableName)})
	if err != nil {
		t.Fatalf("DescribeTimeToLive: %v", err)
	}
	if got, want := aws.ToString(ttl.TimeToLiveDescription.AttributeName), "expiresAt"; got != want {
		t.Errorf("TTL attribute = %q, want %q", got, want)
	}
}

func TestBucketIsCreatedWithTheTemplateCORS(t *testing.T) {
	out, err := st.S3().GetBucketCors(context.Background(), &s3.GetBucketCorsInput{Bucket: aws.String(stack.BucketName)})
	if err != nil {
		t.Fatalf("GetBucketCors: %v", err)
	}
	if len(out.CORSRules) != 1 {
		t.Fatalf("CORS rules = %+v, want 1", out.CORSRules)
	}
	r := out.CORSRules[0]
	// template.yaml's "https://*" (any origin of the scheme) in the local stack's scheme.
	if got, want := r.AllowedOrigins, []string{"http://*"}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("AllowedOrigins = %v, want %v", got, want)
	}
	if got := len(r.AllowedMethods); got != 3 {
		t.Errorf("AllowedMethods = %v, want GET, POST, HEAD", r.AllowedMethods)
	}
}
