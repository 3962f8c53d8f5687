package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"crmportal/infra/stack"
)

// TestLocalInitCreatesTheTableAndBucketsInAnyEndpoint creates a second table and two more
// buckets in the test stack's emulators, as `local init` does in DynamoDB Local or any other
// endpoint, and runs it again over what it made.
func TestLocalInitCreatesTheTableAndBucketsInAnyEndpoint(t *testing.T) {
	ctx := context.Background()
	args := []string{"local", "init", "--dynamodb", st.DynamoDBURL, "--s3", st.S3URL,
		"--table", "init-test", "--attachments-bucket", "init-test-attachments", "--imports-bucket", "init-test-imports"}
	first := ctl(nil, args...)
	if first.code != exitOK {
		t.Fatalf("exit code %d, stderr %q", first.code, first.stderr)
	}
	for _, want := range []string{"table init-test: created in " + st.DynamoDBURL, "not applied: DeletionProtectionEnabled",
		"not applied: PointInTimeRecoverySpecification", "not applied: SSESpecification",
		"bucket init-test-attachments: ready", "bucket init-test-imports: ready"} {
		if !strings.Contains(first.stdout, want) {
			t.Errorf("stdout %q does not say %q", first.stdout, want)
		}
	}
	out, err := st.DynamoDB().DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("init-test")})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(out.Table.GlobalSecondaryIndexes); got != 2 {
		t.Errorf("indexes: %d, want 2", got)
	}
	if sp := out.Table.StreamSpecification; sp == nil || !aws.ToBool(sp.StreamEnabled) {
		t.Errorf("stream: %+v, want enabled", sp)
	}
	ttl, err := st.DynamoDB().DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("init-test")})
	if err != nil || aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "expiresAt" {
		t.Errorf("TTL: %+v, %v; want expiresAt", ttl, err)
	}
	// The same CORS rules as the stack's own attachments bucket, made from the same template.
	cors, err := st.S3().GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String("init-test-attachments")})
	if err != nil {
		t.Fatal(err)
	}
	want, err := st.S3().GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: aws.String(stack.BucketName)})
	if err != nil {
		t.Fatal(err)
	}
	rules := func(rs []s3types.CORSRule) string {
		var b strings.Builder
		for _, r := range rs {
			fmt.Fprint(&b, r.AllowedOrigins, r.AllowedMethods, r.AllowedHeaders, r.ExposeHeaders, aws.ToInt32(r.MaxAgeSeconds))
		}
		return b.String()
	}
	if g, w := rules(cors.CORSRules), rules(want.CORSRules); len(cors.CORSRules) == 0 || g != w {
		t.Errorf("attachments bucket CORS %s, want the local stack's %s", g, w)
	}

	again := ctl(nil, args...)
	if again.code != exitOK || !strings.Contains(again.stdout, "table init-test: exists; kept") {
		t.Errorf("second run: exit code %d, stdout %q, stderr %q", again.code, again.stdout, again.stderr)
	}
}

func TestLocalInitUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no endpoints", []string{"local", "init"}, "--dynamodb must be an http(s) URL"},
		{"endpoint without scheme", []string{"local", "init", "--dynamodb", "localhost:8000", "--s3", "http://localhost:7070"}, `--dynamodb must be an http(s) URL, not "localhost:8000"`},
		{"empty table", []string{"local", "init", "--dynamodb", "http://localhost:8000", "--s3", "http://localhost:7070", "--table", " "}, "--table must not be empty"},
		{"mint on a deployed stack", []string{"events", "mint"}, "events mint works on a local stack"},
		{"mint on a named stack", []string{"--stack", "portal-prod", "events", "mint"}, "events mint works on a local stack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ctl(nil, tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit code %d, stderr %q; want %d and %q", r.code, r.stderr, exitUsage, tt.want)
			}
		})
	}
}
