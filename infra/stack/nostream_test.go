package stack_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"crmportal/infra/stack"
)

// TestTableStreamIsOnUnlessTurnedOff: the stack's table has the stream template.yaml gives it
// (the reset mailer runs from it), and a stack started with NoTableStream has none, so that a
// run writing many items does not slow down with every write (see stack.Options).
func TestTableStreamIsOnUnlessTurnedOff(t *testing.T) {
	ctx := context.Background()
	if st.StreamOff() {
		t.Fatal("the test stack reports its stream off")
	}
	if _, err := st.TableStream(ctx); err != nil {
		t.Fatalf("the test stack's table has no stream: %v", err)
	}

	root, err := stack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	startCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	off, err := stack.Start(startCtx, stack.Options{Root: root, PortalOrigin: "http://localhost:3000", NoTableStream: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(off.Close)
	if !off.StreamOff() {
		t.Error("a stack started with NoTableStream reports its stream on")
	}
	out, err := off.DynamoDB().DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(stack.TableName)})
	if err != nil {
		t.Fatalf("DescribeTable: %v", err)
	}
	if sp := out.Table.StreamSpecification; sp != nil && aws.ToBool(sp.StreamEnabled) {
		t.Errorf("stream of a NoTableStream stack = %+v, want off", sp)
	}
}
