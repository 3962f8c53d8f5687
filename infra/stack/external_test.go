package stack_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"crmportal/infra/stack"
)

// TestAnExternalDynamoDBReplacesDynoxide starts a second stack on the first one's DynamoDB, as
// a machine without a Dynoxide build runs on DynamoDB Local ($LOCAL_DYNAMODB_URL): it starts
// no Dynoxide of its own and uses the table it finds there.
func TestAnExternalDynamoDBReplacesDynoxide(t *testing.T) {
	root, err := stack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(stack.ExternalDynamoDBVar, st.DynamoDBURL+"/")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s2, err := stack.Start(ctx, stack.Options{Root: root, PortalOrigin: "http://localhost:3000"})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.DynamoDBURL != st.DynamoDBURL {
		t.Errorf("DynamoDBURL = %s, want the external %s", s2.DynamoDBURL, st.DynamoDBURL)
	}
	if got, want := s2.Processes(), []string{"s3", "ses", "sqs"}; !slices.Equal(got, want) {
		t.Errorf("processes started = %v, want %v (no Dynoxide)", got, want)
	}
	if _, err := s2.DynamoDB().DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(stack.TableName)}); err != nil {
		t.Errorf("the table in the external DynamoDB: %v", err)
	}
}

func TestABadExternalDynamoDBIsRefusedBeforeAnythingStarts(t *testing.T) {
	root, err := stack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(stack.ExternalDynamoDBVar, "localhost:8000")
	if s, err := stack.Start(context.Background(), stack.Options{Root: root}); err == nil {
		s.Close()
		t.Fatal("Start accepted LOCAL_DYNAMODB_URL=localhost:8000")
	}
}
