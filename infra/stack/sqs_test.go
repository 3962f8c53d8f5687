package stack_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/infra/template"
)

func TestEveryTemplateQueueIsCreated(t *testing.T) {
	root, err := stack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := stack.LoadTemplate(root, "")
	if err != nil {
		t.Fatal(err)
	}
	qs, err := tmpl.Queues()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("template.yaml has no queues")
	}
	for _, q := range qs {
		t.Run(q.LogicalID, func(t *testing.T) {
			u, err := st.QueueURL(q.LogicalID)
			if err != nil {
				t.Fatal(err)
			}
			// SQS's own URL of the queue follows the rule that placements without a running
			// stack use (gateway.LocalPlacement, `make dev`'s queues seen by sam local).
			got, err := st.SQS().GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String(stack.QueueName(q.LogicalID))})
			if err != nil {
				t.Fatal(err)
			}
			if want := stack.QueueURLAt(st.SQSURL, q.LogicalID); aws.ToString(got.QueueUrl) != want || u != want {
				t.Errorf("SQS's URL %q, the stack's %q, want %q (stack.QueueURLAt)", aws.ToString(got.QueueUrl), u, want)
			}
			out, err := st.SQS().GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(u),
				AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := out.Attributes["QueueArn"], stack.QueueARN(q.LogicalID); got != want {
				t.Errorf("QueueArn = %q, want %q (the ARN the functions' policies name)", got, want)
			}
			for k, want := range q.Attributes {
				if got := out.Attributes[k]; got != want {
					t.Errorf("%s = %q, want the template's %q", k, got, want)
				}
			}
		})
	}
}

// A message received and not deleted maxReceiveCount times moves to the dead-letter queue the
// RedrivePolicy names, after each visibility timeout, as SQS moves it.
func TestRedrivePolicyMovesAMessageToItsDeadLetterQueue(t *testing.T) {
	ctx := context.Background()
	file := stacktest.TemplateWith(t, `
  StackTestWork:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 1
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt StackTestDeadLetters.Arn
        maxReceiveCount: 2
  StackTestDeadLetters:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
`)
	tmpl, err := template.Load(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateQueues(ctx, tmpl); err != nil {
		t.Fatal(err)
	}
	work, err := st.QueueURL("StackTestWork")
	if err != nil {
		t.Fatal(err)
	}
	c := st.SQS()
	if _, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(work), MessageBody: aws.String("poison")}); err != nil {
		t.Fatal(err)
	}
	receives := 0
	for range 10 { // long polls of 2 s; the visibility timeout is 1 s
		r, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(work), WaitTimeSeconds: 2, MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		receives += len(r.Messages)
		if len(r.Messages) == 0 && receives >= 2 {
			break
		}
	}
	if got, want := receives, 2; got != want {
		t.Errorf("received %d times, want %d (maxReceiveCount)", got, want)
	}
	dead, err := st.ReceiveAll(ctx, "StackTestDeadLetters")
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || aws.ToString(dead[0].Body) != "poison" {
		t.Errorf("dead letters = %v, want the one message", dead)
	}
}
