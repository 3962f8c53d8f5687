package template

import (
	"encoding/json"
	"fmt"
	"sort"
)

// SQSSubscription is a function's SQS event (an event source mapping of a queue): what the
// local gateway needs to poll the queue as Lambda does.
type SQSSubscription struct {
	// Queue is the logical id of the queue (Queue: !GetAtt X.Arn).
	Queue string
	// BatchSize is the most messages of one invocation (Lambda's default 10).
	BatchSize int
	// MaximumBatchingWindowInSeconds is how long Lambda gathers messages before it invokes
	// with fewer than BatchSize (0: at once).
	MaximumBatchingWindowInSeconds int
	// ReportBatchItemFailures: the function answers which messages failed
	// (FunctionResponseTypes); the others are deleted.
	ReportBatchItemFailures bool
	// Enabled is false when the mapping is created disabled.
	Enabled bool
}

// Queue is one AWS::SQS::Queue of the template, with the attributes CreateQueue takes.
type Queue struct {
	LogicalID string
	// Attributes are CreateQueue's attributes from the resource's properties (VisibilityTimeout,
	// DelaySeconds, MessageRetentionPeriod, MaximumMessageSize, ReceiveMessageWaitTimeSeconds),
	// as strings, as the API takes them. RedrivePolicy is left to the caller, which knows the
	// dead-letter queue's ARN.
	Attributes map[string]string
	// DeadLetterQueue is the logical id of the RedrivePolicy's deadLetterTargetArn
	// (!GetAtt X.Arn), and MaxReceiveCount its maxReceiveCount; "" when there is none.
	DeadLetterQueue string
	MaxReceiveCount int
	// LeftOut names, sorted, the properties a local queue does not get (encryption, tags).
	LeftOut []string
}

// Queues lists the template's AWS::SQS::Queue resources, each after its dead-letter queue (so
// they can be created in that order), else by logical id. A property that would change how
// the queue behaves and that the local stack cannot give it (a FIFO queue, a QueueName, which
// the local stack's names replace, a RedrivePolicy not naming a queue of the template) is an
// error.
func (t *Template) Queues() ([]Queue, error) {
	byID := map[string]Queue{}
	for id, raw := range t.resources {
		if conditional(raw) {
			continue
		}
		var r struct {
			Type       string
			Properties map[string]any
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("resource %s: %w", id, err)
		}
		if r.Type != "AWS::SQS::Queue" {
			continue
		}
		q := Queue{LogicalID: id, Attributes: map[string]string{}}
		for k, v := range r.Properties {
			switch k {
			case "VisibilityTimeout", "DelaySeconds", "MessageRetentionPeriod", "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds":
				n, ok := number(v)
				if !ok {
					return nil, fmt.Errorf("queue %s: %s is not a number: %v", id, k, v)
				}
				q.Attributes[k] = fmt.Sprint(n)
			case "RedrivePolicy":
				m, _ := v.(map[string]any)
				dlq, ok := getAttID(m["deadLetterTargetArn"], "Arn")
				n, isNum := number(m["maxReceiveCount"])
				if !ok || !isNum || n < 1 {
					return nil, fmt.Errorf("queue %s: RedrivePolicy needs deadLetterTargetArn: !GetAtt <queue>.Arn and maxReceiveCount", id)
				}
				q.DeadLetterQueue, q.MaxReceiveCount = dlq, n
			case "FifoQueue", "QueueName", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit", "RedriveAllowPolicy":
				return nil, fmt.Errorf("queue %s: %s is not supported by the local stack", id, k)
			default:
				q.LeftOut = append(q.LeftOut, k)
			}
		}
		sort.Strings(q.LeftOut)
		byID[id] = q
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []Queue
	done := map[string]bool{}
	var add func(id string, depth int) error
	add = func(id string, depth int) error {
		if done[id] {
			return nil
		}
		q, ok := byID[id]
		if !ok {
			return fmt.Errorf("a RedrivePolicy names %s, which is not a queue of the template", id)
		}
		if depth > len(byID) {
			return fmt.Errorf("queue %s: the RedrivePolicies form a cycle", id)
		}
		if q.DeadLetterQueue != "" {
			if err := add(q.DeadLetterQueue, depth+1); err != nil {
				return err
			}
		}
		done[id] = true
		out = append(out, q)
		return nil
	}
	for _, id := range ids {
		if err := add(id, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}
