package stack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
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

// queues are the stack's queues, by logical id: their URLs, and whether SQS is ready.
//
// Start does not wait for SQS: moto's server takes a second or two to load (Python), longer
// than the other emulators together, and most test packages never touch a queue. It starts
// with the others, and a goroutine waits for it and creates the template's queues; every call
// to it through the stack's clients (SQS, HTTPClient, Deps) waits until then, and fails with
// the reason if it never came up. The queues' URLs are known from the start: moto names a
// queue http://HOST/ACCOUNT/NAME after the endpoint it was called at.
type queues struct {
	mu     sync.Mutex
	urls   map[string]string
	host   string        // SQS's host:port, whose requests wait for ready
	ready  chan struct{} // closed when SQS answered and the template's queues exist, or it failed
	err    error         // why SQS is not ready (set before ready closes)
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine that readies SQS returned
}

// waitSQS waits until SQS is ready (or ctx ends) and returns why it is not, if it is not.
func (s *Stack) waitSQS(ctx context.Context) error {
	if s.queues.ready == nil {
		return errors.New("local stack: SQS was not started")
	}
	select {
	case <-s.queues.ready:
		return s.queues.err
	case <-ctx.Done():
		return fmt.Errorf("local stack: waiting for SQS: %w", ctx.Err())
	}
}

// readyClient is an HTTP client of the stack's emulators whose requests to SQS wait until it is
// ready (see queues); the others go at once.
type readyClient struct {
	s    *Stack
	next aws.HTTPClient
}

func (c readyClient) Do(r *http.Request) (*http.Response, error) {
	if r.URL.Host == c.s.queues.host {
		if err := c.s.waitSQS(r.Context()); err != nil {
			return nil, err
		}
	}
	return c.next.Do(r)
}

// HTTPClient is the HTTP client of the stack's AWS clients (the SDK's default, but that calls
// to SQS wait until it is ready): give it to any SQS client of the stack made elsewhere.
func (s *Stack) HTTPClient() aws.HTTPClient {
	return readyClient{s: s, next: awshttp.NewBuildableClient()}
}

// SQS is a client of this stack's SQS.
func (s *Stack) SQS() *sqs.Client {
	return sqs.New(sqs.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(s.SQSURL), HTTPClient: s.HTTPClient()})
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
// exists is kept. The local stack creates template.yaml's as SQS starts; a test creates those
// of a template of its own.
func (s *Stack) CreateQueues(ctx context.Context, tmpl *template.Template) error {
	qs, err := tmpl.Queues()
	if err != nil {
		return fmt.Errorf("local stack: %w", err)
	}
	return s.createQueues(ctx, qs)
}

// createQueues creates qs (see CreateQueues) with the stack's client, which waits for SQS.
func (s *Stack) createQueues(ctx context.Context, qs []template.Queue) error {
	return createQueuesWith(ctx, s.SQS(), qs, s.setQueueURL)
}

// createQueuesWith creates qs with c, in order (each after its dead-letter queue), and
// records each URL with set.
func createQueuesWith(ctx context.Context, c *sqs.Client, qs []template.Queue, set func(id, url string)) error {
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
		set(q.LogicalID, aws.ToString(out.QueueUrl))
	}
	return nil
}

// startSQS starts moto's server on port (0: a free one) for the account AccountID, so that its
// queues' ARNs are the local stack's, and, without waiting, a goroutine that waits for it to
// answer and creates the queues qs (template.yaml's) in it; see queues.
func (s *Stack) startSQS(o Options, moto string, qs []template.Queue) error {
	port, err := portOr(o.SQSPort)
	if err != nil {
		return err
	}
	if err := s.spawnEnv(o.Log, []string{"MOTO_ACCOUNT_ID=" + AccountID}, "sqs", moto, "-H", "127.0.0.1", "-p", strconv.Itoa(port)); err != nil {
		return err
	}
	p := s.procs[len(s.procs)-1]
	s.queues.host = "127.0.0.1:" + strconv.Itoa(port)
	s.SQSURL = "http://" + s.queues.host
	s.queues.urls = map[string]string{}
	for _, q := range qs {
		s.queues.urls[q.LogicalID] = QueueURLAt(s.SQSURL, q.LogicalID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	s.queues.ready, s.queues.done, s.queues.cancel = make(chan struct{}), make(chan struct{}), cancel
	go func() {
		defer close(s.queues.done)
		defer cancel()
		err := waitHTTP(ctx, s.SQSURL, p, 60*time.Second)
		if err == nil {
			// The creating calls must not wait for the readiness they make.
			c := sqs.New(sqs.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(s.SQSURL)})
			err = createQueuesWith(ctx, c, qs, s.setQueueURL)
		}
		if err == nil {
			err = createMFAKey(ctx, s.SQSURL)
		}
		s.queues.err = err
		close(s.queues.ready)
	}()
	return nil
}

// stopSQS stops the goroutine that readies SQS, if it is still waiting.
func (s *Stack) stopSQS() {
	if s.queues.cancel != nil {
		s.queues.cancel()
		<-s.queues.done
	}
}

func (s *Stack) setQueueURL(id, u string) {
	s.queues.mu.Lock()
	defer s.queues.mu.Unlock()
	if s.queues.urls == nil {
		s.queues.urls = map[string]string{}
	}
	s.queues.urls[id] = u
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
