package stack_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/infra/stack"
)

// MustStart starts a stack with its data in dataDir, stopped when the test ends.
func MustStart(tb testing.TB, dataDir string) *stack.Stack {
	tb.Helper()
	root, err := stack.FindRoot()
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := stack.Start(ctx, stack.Options{Root: root, DataDir: dataDir, PortalOrigin: "http://localhost:3000"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// TestDataSurvivesARestart is what `make dev` promises: an item and an object written before
// a restart with the same data folder are there after it.
func TestDataSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	first := MustStart(t, dir)
	if _, err := first.DynamoDB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: map[string]ddbtypes.AttributeValue{
		"PK": &ddbtypes.AttributeValueMemberS{Value: "ORG#o1#TEST"}, "SK": &ddbtypes.AttributeValueMemberS{Value: "ITEM#1"},
		"note": &ddbtypes.AttributeValueMemberS{Value: "kept"},
	}}); err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	if _, err := first.S3().PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(stack.BucketName), Key: aws.String("o1/a.txt"),
		Body: strings.NewReader("kept too")}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	first.Close()

	second := MustStart(t, dir)
	got, err := second.DynamoDB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(stack.TableName), Key: map[string]ddbtypes.AttributeValue{
		"PK": &ddbtypes.AttributeValueMemberS{Value: "ORG#o1#TEST"}, "SK": &ddbtypes.AttributeValueMemberS{Value: "ITEM#1"},
	}})
	if err != nil {
		t.Fatalf("GetItem after restart: %v", err)
	}
	if v, ok := got.Item["note"].(*ddbtypes.AttributeValueMemberS); !ok || v.Value != "kept" {
		t.Errorf("item after restart = %v, want note=kept", got.Item)
	}
	obj, err := second.S3().GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(stack.BucketName), Key: aws.String("o1/a.txt")})
	if err != nil {
		t.Fatalf("GetObject after restart: %v", err)
	}
	defer obj.Body.Close()
	if b, _ := io.ReadAll(obj.Body); string(b) != "kept too" {
		t.Errorf("object after restart = %q, want %q", b, "kept too")
	}
}
