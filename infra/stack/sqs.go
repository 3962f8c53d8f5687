package stack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"crmportal/infra/template"
)

// MotoServer is moto's server under the repository root: the local stack's SQS, installed with
// the project's Python tools (infra/requirements-tools.txt, `make tools`).
const MotoServer = ".venv/bin/moto_server"

// QueueName is the name of the queue logicalID in the local stack. CloudFormation names a
// queue the template does not name after the stack and the logical id (with a random suffix
// the local stack leaves out), and the template names none (template.Queues refuses
// QueueName).
func QueueName(logicalID string) string { return StackName + "-" + logicalID }

// QueueARN is the ARN of the queue logicalID in the local stack.
func QueueARN(logicalID string) string {
	return "arn:" + Partition + ":sqs:" + Region + ":" + AccountID + ":" + QueueName(logicalID)
}

// queues are the stack's queues, by logical id: their URLs.
type queues struct {
	mu   sync.Mutex
	urls map[string]string
}

// SQS is a client of this stack's SQS.
func (s *Stack) SQS() *sqs.Client {
	return sqs.New(sqs.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(s.SQSURL)})
}

// QueueURL is the URL of the queue logicalID of template.yaml (or of a template whose queues
// CreateQueues created), or an error when the stack has no such queue.
func (s *Stack) QueueURL(logicalID string) (string, error) {
	s.queues.mu.Lock()
	defer s.queues.mu.Unlock()
	u, ok := s.queues.urls[logicalID]
	if !ok {
		return "", fmt.Errorf("local stack: no queue %s", logicalID)
	}
	return u, nil
}

// QueueURLs maps the logical id of every queue of the stack to its URL (what !Ref of the queue
// gives).
func (s *Stack) QueueURLs() map[string]string {
	s.queues.mu.Lock()
	defer s.queues.mu.Unlock()
	out := make(map[string]string, len(s.queues.urls))
	for k, v := range s.queues.urls {
		out[k] = v
	}
	return out
}

// CreateQueues creates tmpl's AWS::SQS::Queue resources (template.Queues) in the stack's SQS,
// each named QueueName(logical id), with the attributes the template gives it and its
// RedrivePolicy (the dead-letter queue created first), and records their URLs. A queue that
// exists is kept. The local stack creates template.yaml's at start; a test creates those of a
// template of its own.
func (s *Stack) CreateQueues(ctx context.Context, tmpl *template.Template) error {
	qs, err := tmpl.Queues()
	if err != nil {
		return fmt.Errorf("local stack: %w", err)
	}
	c := s.SQS()
	for _, q := range qs {
		attrs := map[string]string{}
		for k, v := range q.Attributes {
			attrs[k] = v
		}
		if q.DeadLetterQueue != "" {
			attrs[string(sqstypes.QueueAttributeNameRedrivePolicy)] = fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`,
				QueueARN(q.DeadLetterQueue), q.MaxReceiveCount)
		}
		out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(QueueName(q.LogicalID)), Attributes: attrs})
		if err != nil {
			return fmt.Errorf("local stack: create queue %s: %w", q.LogicalID, err)
		}
		s.queues.mu.Lock()
		if s.queues.urls == nil {
			s.queues.urls = map[string]string{}
		}
		s.queues.urls[q.LogicalID] = aws.ToString(out.QueueUrl)
		s.queues.mu.Unlock()
	}
	return nil
}

// startSQS starts moto's server on port (0: a free one) for the account AccountID, so that its
// queues' ARNs are the local stack's.
func (s *Stack) startSQS(o Options, moto string) (*proc, error) {
	port, err := portOr(o.SQSPort)
	if err != nil {
		return nil, err
	}
	if err := s.spawnEnv(o.Log, []string{"MOTO_ACCOUNT_ID=" + AccountID}, "sqs", moto, "-H", "127.0.0.1", "-p", strconv.Itoa(port)); err != nil {
		return nil, err
	}
	s.SQSURL = "http://127.0.0.1:" + strconv.Itoa(port)
	return s.procs[len(s.procs)-1], nil
}

// motoServer is the path of moto's server under root, or an UnavailableError.
func motoServer(root string) (string, error) {
	p := filepath.Join(root, MotoServer)
	if _, err := os.Stat(p); err != nil {
		return "", &UnavailableError{Reason: p + " (SQS) is missing; run `make tools`"}
	}
	return p, nil
}

// ReceiveAll receives every message now visible in the queue logicalID and deletes them, for
// tests that read what a dead-letter queue or an on-failure destination got: it asks until an
// answer has none (short polls; a message in flight elsewhere is not waited for).
func (s *Stack) ReceiveAll(ctx context.Context, logicalID string) ([]sqstypes.Message, error) {
	u, err := s.QueueURL(logicalID)
	if err != nil {
		return nil, err
	}
	c := s.SQS()
	var out []sqstypes.Message
	for {
		r, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(u), MaxNumberOfMessages: 10,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll}})
		if err != nil {
			return out, fmt.Errorf("local stack: receive from %s: %w", logicalID, err)
		}
		if len(r.Messages) == 0 {
			return out, nil
		}
		for _, m := range r.Messages {
			if _, err := c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(u), ReceiptHandle: m.ReceiptHandle}); err != nil {
				return out, fmt.Errorf("local stack: delete from %s: %w", logicalID, err)
			}
		}
		out = append(out, r.Messages...)
	}
}

// queueClaim is the hand-over of the queues' consumer: one gateway at a time polls the
// template's queues for the functions they start (as one event source mapping per function
// does on AWS, not one per gateway over the stack).
type queueClaim struct {
	claim  sync.Mutex
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// ClaimQueues makes the caller the stack's one consumer of its queues, as ClaimStream does for
// the table's stream: the consumer before it is told to stop (its context ends) and
// ClaimQueues waits until it has (it finishes the batch in hand first). The caller runs until
// ctx ends, then calls stopped.
func (s *Stack) ClaimQueues() (ctx context.Context, stopped func()) {
	s.queueClaim.claim.Lock()
	defer s.queueClaim.claim.Unlock()
	s.stopQueueConsumer()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.queueClaim.mu.Lock()
	s.queueClaim.cancel, s.queueClaim.done = cancel, done
	s.queueClaim.mu.Unlock()
	var once sync.Once
	return ctx, func() { once.Do(func() { close(done) }) }
}

// stopQueueConsumer stops the queues' consumer, if any, and waits for it.
func (s *Stack) stopQueueConsumer() {
	s.queueClaim.mu.Lock()
	cancel, done := s.queueClaim.cancel, s.queueClaim.done
	s.queueClaim.cancel, s.queueClaim.done = nil, nil
	s.queueClaim.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}
