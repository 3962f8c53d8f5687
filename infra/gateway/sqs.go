package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"crmportal/infra/iam"
	"crmportal/infra/iamguard"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/notify"
	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

// SQSFunctions maps the folders of functions that an SQS queue starts to their constructors.
var SQSFunctions = map[string]func(platform.Deps) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error){
	"functions/digest-mailer":     notify.MailerFunction,
	"functions/portal-users-bulk": staffportalusers.BulkWorkerFunction,
}

// sqsTarget is a function an SQS subscription starts.
type sqsTarget struct {
	id  string
	sub template.SQSSubscription
	fn  func(context.Context, events.SQSEvent) (events.SQSEventResponse, error)
}

// sqsTargets builds the SQS subscriptions of tmpl's functions from SQSFunctions, with deps(id)
// the dependencies of the function id. A function with an SQS event and no constructor, or a
// constructor without a function, is an error.
func sqsTargets(tmpl *template.Template, deps func(id string) platform.Deps) ([]sqsTarget, error) {
	var out []sqsTarget
	seen := map[string]bool{}
	for _, f := range tmpl.Functions {
		seen[f.CodeURI] = true
		if len(f.SQS) == 0 {
			continue
		}
		ctor, ok := SQSFunctions[f.CodeURI]
		if !ok {
			return nil, fmt.Errorf("template function %s (%s) has no handler in infra/gateway.SQSFunctions", f.LogicalID, f.CodeURI)
		}
		fn := ctor(deps(f.LogicalID))
		for _, sub := range f.SQS {
			out = append(out, sqsTarget{id: f.LogicalID, sub: sub, fn: fn})
		}
	}
	for dir := range SQSFunctions {
		if !seen[dir] {
			return nil, fmt.Errorf("handler %s has no function in template.yaml", dir)
		}
	}
	return out, nil
}

// eventSourcePolicies are the policies SAM adds to a function's execution role for its event
// sources, which Lambda's event source mappings use: for an SQS event, SQSPollerPolicy on the
// queue (receive, delete, change visibility, read the attributes); for an on-failure
// destination of type SQS (a stream event's, or EventInvokeConfig's for asynchronous
// invocations), SQSSendMessagePolicy on the queue. The gateway's own calls as the
// event source mapping are held to the function's policies and these (never the functions'
// own calls: template.yaml must grant those itself).
func eventSourcePolicies(tmpl *template.Template) (map[string][]iam.Policy, error) {
	out := map[string][]iam.Policy{}
	add := func(id, doc string) error {
		p, err := iam.ParseJSON(doc)
		if err != nil {
			return fmt.Errorf("event source policy of %s: %w", id, err)
		}
		out[id] = append(out[id], p)
		return nil
	}
	for _, f := range tmpl.Functions {
		for _, sub := range f.SQS {
			if err := add(f.LogicalID, `{"Statement":[{"Effect":"Allow","Action":["sqs:ChangeMessageVisibility","sqs:ChangeMessageVisibilityBatch","sqs:DeleteMessage","sqs:DeleteMessageBatch","sqs:GetQueueAttributes","sqs:ReceiveMessage"],"Resource":"`+stack.QueueARN(sub.Queue)+`"}]}`); err != nil {
				return nil, err
			}
		}
		destinations := []string{f.AsyncOnFailure}
		for _, sub := range f.Streams {
			destinations = append(destinations, sub.OnFailure)
		}
		for _, d := range destinations {
			if d == "" {
				continue
			}
			if err := add(f.LogicalID, `{"Statement":[{"Effect":"Allow","Action":["sqs:SendMessage*"],"Resource":"`+stack.QueueARN(d)+`"}]}`); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// eventSourceGuard is g for the event source mappings' calls: each function's policies and
// those SAM adds for its event sources (nil when g is nil: no IAM).
func eventSourceGuard(g *iamguard.Guard, tmpl *template.Template) (*iamguard.Guard, error) {
	if g == nil {
		return nil, nil
	}
	extra, err := eventSourcePolicies(tmpl)
	if err != nil {
		return nil, err
	}
	policies := map[string][]iam.Policy{}
	for id, ps := range g.Policies {
		policies[id] = append(slices.Clip(ps), extra[id]...)
	}
	return &iamguard.Guard{Account: g.Account, Policies: policies, Recorder: g.Recorder, Log: g.Log}, nil
}

// eventSourceSQS is the SQS client of the event source mappings of the function id: the
// stack's, held to the function's policies and its event sources' (eventSourceGuard).
func (g *Gateway) eventSourceSQS(st *stack.Stack, id string) *sqs.Client {
	return sqs.New(sqs.Options{Region: stack.Region, Credentials: stack.Credentials(), BaseEndpoint: aws.String(st.SQSURL), HTTPClient: st.HTTPClient()}, func(o *sqs.Options) {
		if g.esmGuard != nil {
			o.APIOptions = append(o.APIOptions, g.esmGuard.APIOption(id))
		}
	})
}

// sqsIdlePoll is how long a poller waits after a receive that found nothing. The receives are
// short polls (WaitTimeSeconds 0), not the long polls of Lambda's pollers: a long poll the
// client gives up on (this gateway's claim ending when a newer gateway claims the queues) goes
// on inside the emulator, which hands the messages it then finds to no one, hidden for their
// visibility timeout (DigestQueue's: 6 minutes). A short poll ends at once and is let finish
// (its context is not the claim's), so a handover loses no message.
const sqsIdlePoll = 200 * time.Millisecond

// pollQueues makes the gateway the stack's consumer of its queues (the one before it stops;
// see stack.ClaimQueues) and polls each SQS subscription's queue as Lambda's event source
// mapping does, until a newer gateway claims them or the stack closes: polls (short ones, see
// sqsIdlePoll) of up to BatchSize messages (gathered for up to MaximumBatchingWindowInSeconds when BatchSize is over
// 10), with every attribute, handed to the function as an events.SQSEvent. What the function
// succeeded on is deleted; after an error (or a panic) nothing is, and the messages come back
// when their visibility timeout ends, until the queue's redrive policy moves them to its
// dead-letter queue; with ReportBatchItemFailures only the messages it names stay (an
// identifier that names no message of the batch fails the whole batch, as on AWS).
func (g *Gateway) pollQueues(st *stack.Stack) {
	var targets []sqsTarget
	for _, t := range g.sqs {
		if t.sub.Enabled {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return
	}
	ctx, stopped := st.ClaimQueues()
	var wg sync.WaitGroup
	for _, t := range targets {
		u, err := st.QueueURL(t.sub.Queue)
		if err != nil {
			g.log.Error("SQS event source not started", "function", t.id, "queue", t.sub.Queue, "err", err.Error())
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &queuePoller{g: g, t: t, url: u, arn: stack.QueueARN(t.sub.Queue), client: g.eventSourceSQS(st, t.id)}
			for ctx.Err() == nil {
				if err := p.poll(ctx); err != nil && ctx.Err() == nil {
					g.log.Error("SQS poll failed", "function", t.id, "queue", t.sub.Queue, "err", err.Error())
					select {
					case <-ctx.Done():
					case <-time.After(time.Second):
					}
				}
			}
		}()
	}
	go func() { wg.Wait(); stopped() }()
}

// queuePoller is one SQS subscription's event source mapping.
type queuePoller struct {
	g        *Gateway
	t        sqsTarget
	url, arn string
	client   *sqs.Client
}

// poll receives one batch and hands it to the function. A batch in hand is seen through
// (invoked, its messages deleted) even when the claim ends meanwhile: the next consumer waits
// for it (stack.ClaimQueues), as Lambda finishes a batch it has received.
func (p *queuePoller) poll(ctx context.Context) error {
	batch, err := p.receive(ctx)
	if err != nil || len(batch) == 0 {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	ictx, cancel := context.WithTimeout(ctx, EventTimeout)
	resp, err := invokeSQSFunc(ictx, p.t.fn, events.SQSEvent{Records: batch})
	cancel()
	if err != nil {
		// Nothing is deleted: the messages come back after their visibility timeout.
		p.g.log.Error("SQS function failed", "function", p.t.id, "messages", len(batch), "err", err.Error())
		return nil
	}
	done := batch
	if p.t.sub.ReportBatchItemFailures && len(resp.BatchItemFailures) > 0 {
		failed := map[string]bool{}
		for _, f := range resp.BatchItemFailures {
			if !slices.ContainsFunc(batch, func(m events.SQSMessage) bool { return m.MessageId == f.ItemIdentifier }) {
				p.g.log.Error("SQS batch item failure names no message of the batch: the whole batch failed", "function", p.t.id, "itemIdentifier", f.ItemIdentifier)
				return nil
			}
			failed[f.ItemIdentifier] = true
		}
		done = slices.DeleteFunc(slices.Clone(batch), func(m events.SQSMessage) bool { return failed[m.MessageId] })
		p.g.log.Warn("SQS messages failed; they come back after their visibility timeout", "function", p.t.id, "failed", len(failed))
	}
	return p.delete(ctx, done)
}

// receive polls the queue for up to BatchSize messages (short polls, see sqsIdlePoll),
// gathering for up to the batching window when BatchSize is over one receive's 10; after a
// receive that found nothing it waits sqsIdlePoll (or until the claim ends).
func (p *queuePoller) receive(ctx context.Context) ([]events.SQSMessage, error) {
	var out []events.SQSMessage
	deadline := time.Now().Add(time.Duration(p.t.sub.MaximumBatchingWindowInSeconds) * time.Second)
	for {
		want := min(p.t.sub.BatchSize-len(out), 10)
		r, err := p.client.ReceiveMessage(context.WithoutCancel(ctx), &sqs.ReceiveMessageInput{QueueUrl: aws.String(p.url), MaxNumberOfMessages: int32(want),
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"}})
		if err != nil {
			return out, fmt.Errorf("receive from %s: %w", p.t.sub.Queue, err)
		}
		for _, m := range r.Messages {
			out = append(out, p.message(m))
		}
		switch {
		case len(out) >= p.t.sub.BatchSize || (len(out) > 0 && !time.Now().Before(deadline)):
			return out, nil
		case len(r.Messages) > 0:
			continue // more may wait: gather them within the batching window
		case len(out) > 0 && ctx.Err() != nil:
			return out, nil
		}
		select {
		case <-ctx.Done():
			return out, nil
		case <-time.After(sqsIdlePoll):
		}
		if len(out) > 0 && !time.Now().Before(deadline) {
			return out, nil
		}
	}
}

// message is m as Lambda hands it to a function.
func (p *queuePoller) message(m sqstypes.Message) events.SQSMessage {
	out := events.SQSMessage{MessageId: aws.ToString(m.MessageId), ReceiptHandle: aws.ToString(m.ReceiptHandle), Body: aws.ToString(m.Body),
		Md5OfBody: aws.ToString(m.MD5OfBody), Md5OfMessageAttributes: aws.ToString(m.MD5OfMessageAttributes), Attributes: m.Attributes,
		EventSource: "aws:sqs", EventSourceARN: p.arn, AWSRegion: stack.Region}
	for k, v := range m.MessageAttributes {
		if out.MessageAttributes == nil {
			out.MessageAttributes = map[string]events.SQSMessageAttribute{}
		}
		out.MessageAttributes[k] = events.SQSMessageAttribute{DataType: aws.ToString(v.DataType), StringValue: v.StringValue,
			BinaryValue: v.BinaryValue, StringListValues: v.StringListValues, BinaryListValues: v.BinaryListValues}
	}
	return out
}

// delete deletes the messages the function is done with, in batches of 10.
func (p *queuePoller) delete(ctx context.Context, done []events.SQSMessage) error {
	for chunk := range slices.Chunk(done, 10) {
		var entries []sqstypes.DeleteMessageBatchRequestEntry
		for i, m := range chunk {
			entries = append(entries, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: aws.String(m.ReceiptHandle)})
		}
		out, err := p.client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(p.url), Entries: entries})
		if err != nil {
			return fmt.Errorf("delete from %s: %w", p.t.sub.Queue, err)
		}
		for _, f := range out.Failed {
			p.g.log.Error("SQS message not deleted; it comes back after its visibility timeout", "function", p.t.id, "code", aws.ToString(f.Code), "err", aws.ToString(f.Message))
		}
	}
	return nil
}

func invokeSQSFunc(ctx context.Context, fn func(context.Context, events.SQSEvent) (events.SQSEventResponse, error), ev events.SQSEvent) (resp events.SQSEventResponse, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return fn(ctx, ev)
}

// onFailureRecord is what Lambda sends to a stream event source mapping's on-failure
// destination for records it gave up on: the batch's place in the shard, not the records
// (AWS's "invocation record" for DynamoDB Streams).
type onFailureRecord struct {
	RequestContext struct {
		RequestID              string `json:"requestId"`
		FunctionArn            string `json:"functionArn"`
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	ResponseContext    *onFailureResponse `json:"responseContext,omitempty"`
	Version            string             `json:"version"`
	Timestamp          string             `json:"timestamp"`
	DDBStreamBatchInfo struct {
		ShardID                         string `json:"shardId"`
		StartSequenceNumber             string `json:"startSequenceNumber"`
		EndSequenceNumber               string `json:"endSequenceNumber"`
		ApproximateArrivalOfFirstRecord string `json:"approximateArrivalOfFirstRecord"`
		ApproximateArrivalOfLastRecord  string `json:"approximateArrivalOfLastRecord"`
		BatchSize                       int    `json:"batchSize"`
		StreamArn                       string `json:"streamArn"`
	} `json:"DDBStreamBatchInfo"`
}

type onFailureResponse struct {
	StatusCode      int    `json:"statusCode"`
	ExecutedVersion string `json:"executedVersion"`
	FunctionError   string `json:"functionError,omitempty"`
}

// The conditions under which Lambda gives up on stream records.
const (
	conditionRetriesExhausted = "RetryAttemptsExhausted"
	conditionRecordAge        = "RecordAgeExceeded"
)

// streamFailed hands records of a stream subscription that Lambda gives up on (condition) to
// the subscription's on-failure destination, as Lambda does, with invokes the number of
// invocations and funcErr whether the last one failed with an error (rather than reporting
// batch item failures). Without a destination, or when the send fails, the records are lost
// and the log says so.
func (g *Gateway) streamFailed(ctx context.Context, t streamTarget, shard string, batch []events.DynamoDBEventRecord, condition string, invokes int, funcErr bool) {
	first, last := batch[0], batch[len(batch)-1]
	if t.sub.OnFailure == "" || g.stack == nil {
		g.log.Error("stream records dropped: the subscription has no on-failure destination", "function", t.id, "condition", condition,
			"first", first.Change.SequenceNumber, "records", len(batch))
		return
	}
	var rec onFailureRecord
	rec.RequestContext.RequestID = requestID()
	rec.RequestContext.FunctionArn = "arn:aws:lambda:" + stack.Region + ":" + stack.AccountID + ":function:" + t.id
	rec.RequestContext.Condition = condition
	rec.RequestContext.ApproximateInvokeCount = invokes
	if invokes > 0 {
		rec.ResponseContext = &onFailureResponse{StatusCode: 200, ExecutedVersion: "$LATEST"}
		if funcErr {
			rec.ResponseContext.FunctionError = "Unhandled"
		}
	}
	rec.Version = "1.0"
	rec.Timestamp = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	info := &rec.DDBStreamBatchInfo
	info.ShardID, info.StreamArn, info.BatchSize = shard, first.EventSourceArn, len(batch)
	info.StartSequenceNumber, info.EndSequenceNumber = first.Change.SequenceNumber, last.Change.SequenceNumber
	info.ApproximateArrivalOfFirstRecord = first.Change.ApproximateCreationDateTime.UTC().Format(time.RFC3339)
	info.ApproximateArrivalOfLastRecord = last.Change.ApproximateCreationDateTime.UTC().Format(time.RFC3339)
	body, err := json.Marshal(rec)
	if err == nil {
		var u string
		if u, err = g.stack.QueueURL(t.sub.OnFailure); err == nil {
			_, err = g.eventSourceSQS(g.stack, t.id).SendMessage(context.WithoutCancel(ctx), &sqs.SendMessageInput{QueueUrl: aws.String(u), MessageBody: aws.String(string(body))})
		}
	}
	if err != nil {
		g.log.Error("stream records dropped: sending them to the on-failure destination failed", "function", t.id, "destination", t.sub.OnFailure,
			"condition", condition, "first", first.Change.SequenceNumber, "records", len(batch), "err", err.Error())
		return
	}
	g.log.Warn("stream records sent to the on-failure destination", "function", t.id, "destination", t.sub.OnFailure, "condition", condition,
		"first", first.Change.SequenceNumber, "records", len(batch))
}

// asyncFailed hands an asynchronous invocation's event that failed through every attempt
// (invokes) to the function's on-failure queue (EventInvokeConfig's destination) as Lambda's
// invocation record: the request context, the event itself (requestPayload), and the
// function's error (responseContext, responsePayload). Without a destination, or when the
// send fails, the event is lost and the log says so.
func (g *Gateway) asyncFailed(id, destination string, ev any, invokes int, fnErr error) {
	if destination == "" || g.stack == nil {
		g.log.Error("function failed after its retries; the event is dropped (no on-failure destination)", "function", id, "attempts", invokes, "err", fnErr.Error())
		return
	}
	rec := map[string]any{
		"version":   "1.0",
		"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		"requestContext": map[string]any{"requestId": requestID(), "functionArn": "arn:aws:lambda:" + stack.Region + ":" + stack.AccountID + ":function:" + id + ":$LATEST",
			"condition": "RetriesExhausted", "approximateInvokeCount": invokes},
		"requestPayload":  ev,
		"responseContext": map[string]any{"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
		"responsePayload": map[string]any{"errorMessage": fnErr.Error(), "errorType": "errorString"},
	}
	body, err := json.Marshal(rec)
	if err == nil {
		var u string
		if u, err = g.stack.QueueURL(destination); err == nil {
			_, err = g.eventSourceSQS(g.stack, id).SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: aws.String(u), MessageBody: aws.String(string(body))})
		}
	}
	if err != nil {
		g.log.Error("function failed after its retries; sending the event to its on-failure destination failed", "function", id, "destination", destination,
			"attempts", invokes, "err", err.Error(), "functionErr", fnErr.Error())
		return
	}
	g.log.Error("function failed after its retries; the event went to its on-failure destination", "function", id, "destination", destination,
		"attempts", invokes, "err", fnErr.Error())
}
