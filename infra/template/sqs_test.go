package template

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// loadYAML loads a template made of resources (indented two spaces).
func loadYAML(t *testing.T, resources string) (*Template, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "template.yaml")
	doc := "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nResources:\n" + resources
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(p, nil)
}

func TestQueuesAreReadDeadLettersFirst(t *testing.T) {
	tmpl, err := loadYAML(t, `
  AWork:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      DelaySeconds: "5"
      SqsManagedSseEnabled: true
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt ZDead.Arn
        maxReceiveCount: 5
  ZDead:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tmpl.Queues()
	if err != nil {
		t.Fatal(err)
	}
	want := []Queue{
		{LogicalID: "ZDead", Attributes: map[string]string{"MessageRetentionPeriod": "1209600"}},
		{LogicalID: "AWork", Attributes: map[string]string{"VisibilityTimeout": "60", "DelaySeconds": "5"},
			DeadLetterQueue: "ZDead", MaxReceiveCount: 5, LeftOut: []string{"SqsManagedSseEnabled"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Queues() = %+v, want %+v", got, want)
	}
}

func TestQueuesRefuseWhatTheLocalStackCannotGive(t *testing.T) {
	tests := []struct {
		name, props, want string
	}{
		{"a FIFO queue", "FifoQueue: true", "FifoQueue is not supported"},
		{"a queue name", "QueueName: fixed", "QueueName is not supported"},
		{"a redrive policy without its queue", "RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Nowhere.Arn\n        maxReceiveCount: 2", "Nowhere, which is not a queue"},
		{"a redrive policy without a count", "RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Q.Arn", "maxReceiveCount"},
		{"a number that is not one", "VisibilityTimeout: soon", "VisibilityTimeout is not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := loadYAML(t, "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      "+tt.props+"\n")
			if err == nil {
				_, err = tmpl.Queues()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

const sqsFunction = `
  Q:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/fn/
      Events:
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Q.Arn
`

func TestSQSSubscriptionsAreRead(t *testing.T) {
	tests := []struct {
		name, extra string
		want        SQSSubscription
	}{
		{"Lambda's defaults", "", SQSSubscription{Queue: "Q", BatchSize: 10, Enabled: true}},
		{"batch, window, item failures, disabled", `
            BatchSize: 100
            MaximumBatchingWindowInSeconds: 2
            Enabled: false
            FunctionResponseTypes:
              - ReportBatchItemFailures`, SQSSubscription{Queue: "Q", BatchSize: 100, MaximumBatchingWindowInSeconds: 2, ReportBatchItemFailures: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := loadYAML(t, sqsFunction+tt.extra+"\n")
			if err != nil {
				t.Fatal(err)
			}
			if got := tmpl.Functions[0].SQS; len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("SQS = %+v, want [%+v]", got, tt.want)
			}
		})
	}
}

func TestSQSSubscriptionsRefuseWhatTheGatewayCannotApply(t *testing.T) {
	tests := []struct{ name, extra, want string }{
		{"a filter", "\n            FilterCriteria:\n              Filters:\n                - Pattern: '{\"body\": [\"x\"]}'", "FilterCriteria"},
		{"a batch over 10 without a window", "\n            BatchSize: 11", "BatchSize"},
		{"no batch", "\n            BatchSize: 0", "BatchSize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadYAML(t, sqsFunction+tt.extra+"\n")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func TestAsynchronousOnFailureDestinationIsRead(t *testing.T) {
	tmpl := MustLoad(t, nil)
	for _, f := range tmpl.Functions {
		if f.LogicalID == "ImportWorkerFunction" {
			if got, want := f.AsyncOnFailure, "ImportWorkerFailures"; got != want {
				t.Errorf("AsyncOnFailure = %q, want %q", got, want)
			}
			return
		}
	}
	t.Fatal("template.yaml has no ImportWorkerFunction")
}
