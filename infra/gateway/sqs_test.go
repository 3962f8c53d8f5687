package gateway_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"crmportal/infra/gateway"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/infra/template"
	"crmportal/shared/platform"
)

// probeResources are a queue with a dead-letter queue (3 receives, a visibility timeout of 1 s)
// that starts a test-only function, and a stream subscription of a test-only function that
// gives up after one retry, with an on-failure queue: the event sources as Lambda runs them,
// with functions the tests control.
const probeResources = `
  ProbeQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 1
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt ProbeDeadLetters.Arn
        maxReceiveCount: 3
  ProbeDeadLetters:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
  ProbeStreamFailures:
    Type: AWS::SQS::Queue
  ProbeAsyncFailures:
    Type: AWS::SQS::Queue
  S3ProbeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/s3-probe/
      EventInvokeConfig:
        MaximumRetryAttempts: 2
        DestinationConfig:
          OnFailure:
            Type: SQS
            Destination: !GetAtt ProbeAsyncFailures.Arn
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref ImportsBucket
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: probe/
  SQSProbeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/sqs-probe/
      Events:
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt ProbeQueue.Arn
            BatchSize: 10
            FunctionResponseTypes:
              - ReportBatchItemFailures
  StreamProbeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/stream-probe/
      Events:
        Records:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
            MaximumRetryAttempts: 1
            FilterCriteria:
              Filters:
                - Pattern: '{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"PK": {"S": [{"prefix": "STREAMPROBE#"}]}}}}'
            DestinationConfig:
              OnFailure:
                Type: SQS
                Destination: !GetAtt ProbeStreamFailures.Arn
  StreamBatchProbeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/stream-batch-probe/
      Events:
        Records:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
            StartingPosition: TRIM_HORIZON
            BatchSize: 3
            FilterCriteria:
              Filters:
                - Pattern: '{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"PK": {"S": [{"prefix": "BATCHPROBE#"}]}}}}'
`

// probe is what the test-only functions do: they count the deliveries of each message body
// (or record key) and fail those the test says.
type probe struct {
	mu    sync.Mutex
	calls map[string]int
	// batches are the keys of each batch the stream batch probe was given.
	batches [][]string
	fail    func(body string, delivery int) bool
	seen    chan string
}

func newProbe(fail func(string, int) bool) *probe {
	return &probe{calls: map[string]int{}, fail: fail, seen: make(chan string, 100)}
}

func (p *probe) deliveries(body string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[body]
}

// sqsFunction reports the messages the test fails as batch item failures, and fails the whole
// invocation (an error) when a body says "error".
func (p *probe) sqsFunction(platform.Deps) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(_ context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		var err error
		for _, m := range ev.Records {
			p.mu.Lock()
			p.calls[m.Body]++
			n := p.calls[m.Body]
			p.mu.Unlock()
			p.seen <- m.Body
			if m.EventSource != "aws:sqs" || m.EventSourceARN != stack.QueueARN("ProbeQueue") || m.Attributes["ApproximateReceiveCount"] != fmt.Sprint(n) {
				err = fmt.Errorf("message %s arrived as %+v", m.Body, m)
			}
			if strings.Contains(m.Body, "error") {
				err = errors.New("the whole batch fails")
			}
			if p.fail(m.Body, n) {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			}
		}
		return resp, err
	}
}

// streamFunction fails every batch with an error.
func (p *probe) streamFunction(platform.Deps) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	return func(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		for _, r := range ev.Records {
			p.mu.Lock()
			p.calls[r.Change.Keys["PK"].String()]++
			p.mu.Unlock()
		}
		return events.DynamoDBEventResponse{}, errors.New("the stream probe fails")
	}
}

// streamBatchFunction records each batch it is given and succeeds.
func (p *probe) streamBatchFunction(platform.Deps) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	return func(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		var keys []string
		for _, r := range ev.Records {
			keys = append(keys, r.Change.Keys["PK"].String())
		}
		p.mu.Lock()
		p.batches = append(p.batches, keys)
		p.mu.Unlock()
		return events.DynamoDBEventResponse{}, nil
	}
}

// s3Function fails every event.
func (p *probe) s3Function(platform.Deps) func(context.Context, events.S3Event) error {
	return func(_ context.Context, ev events.S3Event) error {
		p.mu.Lock()
		p.calls[ev.Records[0].S3.Object.Key]++
		p.mu.Unlock()
		return errors.New("the S3 probe fails")
	}
}

// probeGateway serves a gateway over the test stack from a template with probeResources, the
// probe's functions registered for the test's duration and the probe queues created.
func probeGateway(t *testing.T, p *probe) *gateway.Gateway {
	t.Helper()
	file := stacktest.TemplateWith(t, probeResources)
	tmpl, err := template.Load(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateQueues(context.Background(), tmpl); err != nil {
		t.Fatal(err)
	}
	gateway.SQSFunctions["functions/sqs-probe"] = p.sqsFunction
	gateway.StreamFunctions["functions/stream-probe"] = p.streamFunction
	gateway.StreamFunctions["functions/stream-batch-probe"] = p.streamBatchFunction
	gateway.EventFunctions["functions/s3-probe"] = p.s3Function
	t.Cleanup(func() {
		delete(gateway.SQSFunctions, "functions/sqs-probe")
		delete(gateway.StreamFunctions, "functions/stream-probe")
		delete(gateway.StreamFunctions, "functions/stream-batch-probe")
		delete(gateway.EventFunctions, "functions/s3-probe")
		// A gateway of the plain template takes the stream and the queues over from the probe's.
		if _, _, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", t.TempDir(), io.Discard); err != nil {
			t.Error(err)
		}
	})
	gw, _, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", t.TempDir(), io.Discard, gateway.WithTemplate(file))
	if err != nil {
		t.Fatal(err)
	}
	return gw
}

func sendProbe(t *testing.T, bodies ...string) {
	t.Helper()
	u, err := st.QueueURL("ProbeQueue")
	if err != nil {
		t.Fatal(err)
	}
	var entries []sqstypes.SendMessageBatchRequestEntry
	for i, b := range bodies {
		entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), MessageBody: aws.String(b)})
	}
	out, err := st.SQS().SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: aws.String(u), Entries: entries})
	if err != nil || len(out.Failed) > 0 {
		t.Fatalf("send: %v %v", err, out)
	}
}

// waitFor reads the probe's deliveries until n of them named body arrived (bounded by count of
// deliveries and a generous deadline for a loaded machine, not by a timing assertion).
func waitFor(t *testing.T, p *probe, body string, n int) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for p.deliveries(body) < n {
		select {
		case <-p.seen:
		case <-deadline:
			t.Fatalf("%q delivered %d times, want %d", body, p.deliveries(body), n)
		}
	}
}

func TestSQSEventSourceAsLambdaRunsIt(t *testing.T) {
	ctx := context.Background()
	p := newProbe(func(body string, delivery int) bool {
		return strings.HasPrefix(body, "poison") || (strings.HasPrefix(body, "once") && delivery == 1)
	})
	probeGateway(t, p)

	t.Run("a message reaches the function once and is deleted", func(t *testing.T) {
		sendProbe(t, "hello")
		waitFor(t, p, "hello", 1)
	})
	t.Run("a batch item failure is retried alone", func(t *testing.T) {
		sendProbe(t, "fine", "once-failing")
		waitFor(t, p, "once-failing", 2)
		waitFor(t, p, "fine", 1)
	})
	t.Run("a message failing every time goes to the dead-letter queue after maxReceiveCount", func(t *testing.T) {
		sendProbe(t, "poison")
		waitFor(t, p, "poison", 3)
		var dead []sqstypes.Message
		deadline := time.Now().Add(60 * time.Second)
		for len(dead) == 0 && time.Now().Before(deadline) {
			// SQS moves it when a receive finds it past maxReceiveCount: after the next
			// visibility timeout, at the poller's next receive.
			msgs, err := st.ReceiveAll(ctx, "ProbeDeadLetters")
			if err != nil {
				t.Fatal(err)
			}
			dead = append(dead, msgs...)
			time.Sleep(200 * time.Millisecond)
		}
		if len(dead) != 1 || aws.ToString(dead[0].Body) != "poison" {
			t.Fatalf("dead letters %v, want the poison message", dead)
		}
	})
	t.Run("a function error leaves the whole batch to come back", func(t *testing.T) {
		sendProbe(t, "error-once")
		waitFor(t, p, "error-once", 2)
	})
	// Counted after the others: none of the messages that succeeded came back.
	for _, body := range []string{"hello", "fine"} {
		if got := p.deliveries(body); got != 1 {
			t.Errorf("%q delivered %d times, want 1", body, got)
		}
	}
	if got := p.deliveries("poison"); got != 3 {
		t.Errorf("poison delivered %d times, want 3 (maxReceiveCount)", got)
	}
}

func TestStreamRecordsGivenUpOnGoToTheOnFailureDestination(t *testing.T) {
	ctx := context.Background()
	p := newProbe(func(string, int) bool { return false })
	probeGateway(t, p)
	pk := fmt.Sprintf("STREAMPROBE#%d", time.Now().UnixNano())
	if _, err := st.DynamoDB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: map[string]ddbtypes.AttributeValue{
		"PK": &ddbtypes.AttributeValueMemberS{Value: pk}, "SK": &ddbtypes.AttributeValueMemberS{Value: "PROBE"}}}); err != nil {
		t.Fatal(err)
	}
	if err := waitStream(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := p.deliveries(pk), 2; got != want {
		t.Errorf("the record was delivered %d times, want %d (MaximumRetryAttempts 1)", got, want)
	}
	msgs, err := st.ReceiveAll(ctx, "ProbeStreamFailures")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d on-failure records, want 1", len(msgs))
	}
	var rec struct {
		RequestContext struct {
			RequestID, FunctionArn, Condition string
			ApproximateInvokeCount            int
		}
		ResponseContext struct {
			StatusCode                     int
			ExecutedVersion, FunctionError string
		}
		Version, Timestamp string
		DDBStreamBatchInfo struct {
			ShardID, StartSequenceNumber, EndSequenceNumber                 string
			ApproximateArrivalOfFirstRecord, ApproximateArrivalOfLastRecord string
			BatchSize                                                       int
			StreamArn                                                       string
		}
	}
	body := aws.ToString(msgs[0].Body)
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	arn, err := st.TableStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	info := rec.DDBStreamBatchInfo
	for _, c := range []struct{ name, got, want string }{
		{"condition", rec.RequestContext.Condition, "RetryAttemptsExhausted"},
		{"functionArn", rec.RequestContext.FunctionArn, "arn:aws:lambda:us-east-1:000000000000:function:StreamProbeFunction"},
		{"functionError", rec.ResponseContext.FunctionError, "Unhandled"},
		{"version", rec.Version, "1.0"},
		{"streamArn", info.StreamArn, arn},
		{"first and last sequence number", info.StartSequenceNumber, info.EndSequenceNumber},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q (%s)", c.name, c.got, c.want, body)
		}
	}
	if rec.RequestContext.ApproximateInvokeCount != 2 || info.BatchSize != 1 || info.ShardID == "" || info.StartSequenceNumber == "" || rec.RequestContext.RequestID == "" {
		t.Errorf("on-failure record %s", body)
	}
	if _, err := time.Parse(time.RFC3339, info.ApproximateArrivalOfFirstRecord); err != nil {
		t.Errorf("approximateArrivalOfFirstRecord: %v", err)
	}
	if strings.Contains(body, pk) {
		t.Errorf("the on-failure record carries the record itself (Lambda sends only where it is): %s", body)
	}
}

// A subscription's filters apply before its BatchSize, as on Lambda: the records they drop
// take no place in a batch, so 7 matching records among 21 that do not come in batches of
// up to 3 of them (one more where a read of the stream ends between two), each once.
func TestStreamBatchesHoldOnlyWhatTheFiltersPass(t *testing.T) {
	ctx := context.Background()
	run := time.Now().UnixNano()
	var want []string
	var puts []ddbtypes.WriteRequest
	for i := range 28 {
		pk := fmt.Sprintf("OTHERPROBE#%d#%d", run, i)
		if i%4 == 0 {
			pk = fmt.Sprintf("BATCHPROBE#%d#%02d", run, i)
			want = append(want, pk)
		}
		puts = append(puts, ddbtypes.WriteRequest{PutRequest: &ddbtypes.PutRequest{Item: map[string]ddbtypes.AttributeValue{
			"PK": &ddbtypes.AttributeValueMemberS{Value: pk}, "SK": &ddbtypes.AttributeValueMemberS{Value: "PROBE"}}}})
	}
	for first := 0; first < len(puts); first += 25 {
		if _, err := st.DynamoDB().BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]ddbtypes.WriteRequest{
			stack.TableName: puts[first:min(first+25, len(puts))]}}); err != nil {
			t.Fatal(err)
		}
	}
	p := newProbe(func(string, int) bool { return false })
	probeGateway(t, p) // its new subscription reads the stream from its start
	if err := waitStream(ctx); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var got []string
	for _, b := range p.batches {
		if len(b) > 3 {
			t.Errorf("a batch of %d records, want at most BatchSize 3: %q", len(b), b)
		}
		for _, k := range b {
			if strings.Contains(k, fmt.Sprint(run)) {
				got = append(got, k)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("records delivered = %q, want each of %q once", got, want)
	}
	if n := len(p.batches); n > 4 {
		t.Errorf("%d batches for 7 records, want at most 4 (3 + 3 + 1, and one more where a read ends between two)", n)
	}
}

func waitStream(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return st.WaitStream(ctx)
}

func TestAsynchronousEventsGivenUpOnGoToTheOnFailureDestination(t *testing.T) {
	ctx := context.Background()
	p := newProbe(func(string, int) bool { return false })
	gw := probeGateway(t, p)
	key := fmt.Sprintf("probe/%d.csv", time.Now().UnixNano())
	gw.HandleS3Event(events.S3Event{Records: []events.S3EventRecord{{EventName: "ObjectCreated:Put",
		S3: events.S3Entity{Bucket: events.S3Bucket{Name: stack.ImportsBucketName}, Object: events.S3Object{Key: key}}}}})
	gw.Wait()
	if got, want := p.deliveries(key), gateway.AsyncRetries+1; got != want {
		t.Errorf("the event was delivered %d times, want %d", got, want)
	}
	msgs, err := st.ReceiveAll(ctx, "ProbeAsyncFailures")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d on-failure records, want 1", len(msgs))
	}
	var rec struct {
		RequestContext struct {
			Condition              string
			FunctionArn            string
			ApproximateInvokeCount int
		}
		RequestPayload  events.S3Event
		ResponseContext struct{ FunctionError string }
		ResponsePayload struct{ ErrorMessage string }
	}
	body := aws.ToString(msgs[0].Body)
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.RequestContext.Condition != "RetriesExhausted" || rec.RequestContext.ApproximateInvokeCount != gateway.AsyncRetries+1 ||
		rec.RequestContext.FunctionArn != "arn:aws:lambda:us-east-1:000000000000:function:S3ProbeFunction:$LATEST" ||
		rec.ResponseContext.FunctionError != "Unhandled" || rec.ResponsePayload.ErrorMessage != "the S3 probe fails" ||
		len(rec.RequestPayload.Records) != 1 || rec.RequestPayload.Records[0].S3.Object.Key != key {
		t.Errorf("on-failure record %s", body)
	}
}
