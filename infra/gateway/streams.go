package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/notify"
	"crmportal/shared/platform"
	"crmportal/shared/resetmail"
	"crmportal/shared/usagecounter"
)

// StreamFunctions maps the folders of functions that the table's stream starts to their
// constructors.
var StreamFunctions = map[string]func(platform.Deps) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error){
	"functions/reset-mailer":  resetmail.Function,
	"functions/notifier":      notify.NotifierFunction,
	"functions/usage-counter": usagecounter.Function,
}

// streamTarget is a function a stream subscription starts.
type streamTarget struct {
	id      string
	sub     template.StreamSubscription
	filters []Pattern
	fn      func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)
}

// streamTargets builds the stream subscriptions of tmpl's functions from StreamFunctions, with
// deps(id) the dependencies of the function id. A function with a DynamoDB event and no
// constructor, a constructor without a function, or a filter the local gateway cannot apply,
// is an error.
func streamTargets(tmpl *template.Template, deps func(id string) platform.Deps) ([]streamTarget, error) {
	var out []streamTarget
	seen := map[string]bool{}
	for _, f := range tmpl.Functions {
		seen[f.CodeURI] = true
		if len(f.Streams) == 0 {
			continue
		}
		ctor, ok := StreamFunctions[f.CodeURI]
		if !ok {
			return nil, fmt.Errorf("template function %s (%s) has no handler in infra/gateway.StreamFunctions", f.LogicalID, f.CodeURI)
		}
		fn := ctor(deps(f.LogicalID))
		for _, sub := range f.Streams {
			if sub.Table != template.TableID {
				return nil, fmt.Errorf("function %s: the local stack has only the stream of %s, not of %s", f.LogicalID, template.TableID, sub.Table)
			}
			t := streamTarget{id: f.LogicalID, sub: sub, fn: fn}
			for _, s := range sub.Filters {
				p, err := ParsePattern(s)
				if err != nil {
					return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
				}
				t.filters = append(t.filters, p)
			}
			out = append(out, t)
		}
	}
	for dir := range StreamFunctions {
		if !seen[dir] {
			return nil, fmt.Errorf("handler %s has no function in template.yaml", dir)
		}
	}
	return out, nil
}

// wants tells whether the record passes the subscription's filters (any of them; all pass
// when there are none), as Lambda filters: on the record as the function would receive it.
func (t streamTarget) wants(rec events.DynamoDBEventRecord) bool {
	if len(t.filters) == 0 {
		return true
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return false
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return false
	}
	for _, p := range t.filters {
		if p.Matches(m) {
			return true
		}
	}
	return false
}

// streamIdlePoll is how long the poller waits after a poll that found nothing new.
const streamIdlePoll = 100 * time.Millisecond

// pollStreams makes the gateway the stack's consumer of the table's stream (the one before it
// stops; see stack.ClaimStream) and polls it, as Lambda's event source mappings do, until a
// newer gateway claims it or the stack closes: each subscription gets the records its filters
// pass, in order, in batches of its BatchSize, as an events.DynamoDBEvent.
func (g *Gateway) pollStreams(st *stack.Stack) {
	if len(g.streams) == 0 || st.StreamOff() {
		return
	}
	ctx, stopped := st.ClaimStream()
	go func() {
		defer stopped()
		p := &streamPoller{g: g, st: st, client: st.DynamoDBStreams(), iterators: map[string]*string{}}
		for ctx.Err() == nil {
			start := time.Now()
			busy, err := p.poll(ctx)
			if err != nil && ctx.Err() == nil {
				g.log.Error("stream poll failed", "err", err.Error())
			}
			if !busy && err == nil {
				st.StreamIdle(start)
			}
			if !busy {
				select {
				case <-ctx.Done():
				case <-time.After(streamIdlePoll):
				}
			}
		}
	}()
}

// streamPoller reads the table's stream for the gateway's subscriptions.
type streamPoller struct {
	g         *Gateway
	st        *stack.Stack
	client    *dynamodbstreams.Client
	arn       string
	iterators map[string]*string // by checkpoint key: where the next read of a shard starts
}

// poll reads each shard once for each subscription and hands what it read on. busy is true
// when it read any record.
func (p *streamPoller) poll(ctx context.Context) (busy bool, err error) {
	if p.arn == "" {
		if p.arn, err = p.st.TableStream(ctx); err != nil {
			return false, err
		}
	}
	desc, err := p.client.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &p.arn})
	if err != nil {
		return false, fmt.Errorf("describe stream: %w", err)
	}
	for _, t := range p.g.streams {
		for _, sh := range desc.StreamDescription.Shards {
			read, err := p.pollShard(ctx, t, aws.ToString(sh.ShardId))
			busy = busy || read
			if err != nil {
				return busy, err
			}
		}
	}
	return busy, nil
}

func (p *streamPoller) pollShard(ctx context.Context, t streamTarget, shard string) (bool, error) {
	ckey := t.id + "/" + shard
	it := p.iterators[ckey]
	if it == nil {
		in := &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &shard,
			ShardIteratorType: streamtypes.ShardIteratorType(t.sub.StartingPosition)}
		if seq := p.st.StreamCheckpoint(ckey); seq != "" {
			in.ShardIteratorType, in.SequenceNumber = streamtypes.ShardIteratorTypeAfterSequenceNumber, &seq
		}
		out, err := p.client.GetShardIterator(ctx, in)
		if err != nil {
			return false, fmt.Errorf("shard iterator of %s: %w", shard, err)
		}
		it = out.ShardIterator
	}
	out, err := p.client.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(streamReadLimit)})
	var expired *streamtypes.ExpiredIteratorException
	if errors.As(err, &expired) {
		delete(p.iterators, ckey) // read again from the checkpoint
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("records of %s: %w", shard, err)
	}
	p.iterators[ckey] = out.NextShardIterator
	if len(out.Records) == 0 {
		return false, nil
	}
	// Lambda filters what it read, then batches what passed: a record the filters drop
	// takes no place in a batch. Each full batch is delivered as it fills and checkpointed
	// at its last record; the rest, and the records dropped after it, at the end.
	var batch, aged []events.DynamoDBEventRecord
	deliver := func(upTo string) bool {
		if len(aged) > 0 {
			// Never sent to the function: to the on-failure destination, as Lambda does.
			p.g.streamFailed(ctx, t, shard, aged, conditionRecordAge, 0, false)
			aged = nil
		}
		if len(batch) > 0 && !p.g.deliverStream(ctx, t, shard, batch) {
			// Cut short by the gateway's end: the records are read again, from the
			// checkpoint, by the next consumer.
			delete(p.iterators, ckey)
			return false
		}
		batch = nil
		p.st.SetStreamCheckpoint(ckey, upTo)
		return true
	}
	for _, r := range out.Records {
		rec := eventRecord(r, p.arn)
		if !t.wants(rec) {
			continue
		}
		if age := t.sub.MaximumRecordAgeInSeconds; age >= 0 && time.Since(rec.Change.ApproximateCreationDateTime.Time) > time.Duration(age)*time.Second {
			aged = append(aged, rec)
			continue
		}
		batch = append(batch, rec)
		if len(batch) == t.sub.BatchSize && !deliver(rec.Change.SequenceNumber) {
			return true, nil
		}
	}
	deliver(aws.ToString(out.Records[len(out.Records)-1].Dynamodb.SequenceNumber))
	return true, nil
}

// streamReadLimit is the records one GetRecords reads (the API's maximum), before the
// subscription's filters and its BatchSize apply.
const streamReadLimit = 1000

// streamRetryWait bounds the wait before a retry of a failed batch (doubling from 50 ms).
const streamRetryWait = time.Second

// deliverStream invokes t's function with batch (records of shard) as Lambda does for a
// stream: a batch is retried until it succeeds, MaximumRetryAttempts times at most (then
// Lambda's record of the records it gave up on goes to the subscription's on-failure
// destination: streamFailed). A function
// error splits the batch in two first when BisectBatchOnFunctionError is set; with
// ReportBatchItemFailures, the records before the lowest failed one are done and the batch is
// retried from it (an identifier that names no record of the batch fails the whole batch).
// It is false when ctx ended before the batch was done.
func (g *Gateway) deliverStream(ctx context.Context, t streamTarget, shard string, batch []events.DynamoDBEventRecord) bool {
	return g.deliverAttempt(ctx, t, shard, batch, 0)
}

func (g *Gateway) deliverAttempt(ctx context.Context, t streamTarget, shard string, batch []events.DynamoDBEventRecord, retries int) bool {
	for len(batch) > 0 {
		from, err := g.invokeStream(ctx, t, batch)
		if err == nil && from < 0 {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if err != nil {
			g.log.Error("stream function failed", "function", t.id, "records", len(batch), "err", err.Error())
			if t.sub.BisectBatchOnFunctionError && len(batch) > 1 {
				half := len(batch) / 2
				return g.deliverAttempt(ctx, t, shard, batch[:half], retries+1) && g.deliverAttempt(ctx, t, shard, batch[half:], retries+1)
			}
			from = 0
		}
		batch = batch[from:]
		if t.sub.MaximumRetryAttempts >= 0 && retries >= t.sub.MaximumRetryAttempts {
			g.streamFailed(ctx, t, shard, batch, conditionRetriesExhausted, retries+1, err != nil)
			return true
		}
		wait := min(streamRetryWait, 50*time.Millisecond<<min(retries, 10))
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
		retries++
	}
	return true
}

// invokeStream invokes t's function with batch. from is the index of the first record to
// retry (the lowest one the function reported failed), or -1 when the batch is done.
func (g *Gateway) invokeStream(ctx context.Context, t streamTarget, batch []events.DynamoDBEventRecord) (from int, err error) {
	ictx, cancel := context.WithTimeout(ctx, EventTimeout)
	defer cancel()
	resp, err := invokeStreamFunc(ictx, t.fn, events.DynamoDBEvent{Records: batch})
	if err != nil {
		return 0, err
	}
	if !t.sub.ReportBatchItemFailures || len(resp.BatchItemFailures) == 0 {
		return -1, nil
	}
	from = len(batch)
	for _, f := range resp.BatchItemFailures {
		i := slices.IndexFunc(batch, func(r events.DynamoDBEventRecord) bool { return r.Change.SequenceNumber == f.ItemIdentifier })
		if i < 0 {
			return 0, fmt.Errorf("batch item failure %q names no record of the batch", f.ItemIdentifier)
		}
		from = min(from, i)
	}
	return from, nil
}

func invokeStreamFunc(ctx context.Context, fn func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error), ev events.DynamoDBEvent) (resp events.DynamoDBEventResponse, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(ctx, ev)
}

// eventRecord is a stream record as Lambda hands it to a function.
func eventRecord(r streamtypes.Record, arn string) events.DynamoDBEventRecord {
	rec := events.DynamoDBEventRecord{AWSRegion: stack.Region, EventID: aws.ToString(r.EventID), EventName: string(r.EventName),
		EventSource: "aws:dynamodb", EventVersion: "1.1", EventSourceArn: arn}
	if d := r.Dynamodb; d != nil {
		rec.Change = events.DynamoDBStreamRecord{Keys: eventImage(d.Keys), NewImage: eventImage(d.NewImage), OldImage: eventImage(d.OldImage),
			SequenceNumber: aws.ToString(d.SequenceNumber), SizeBytes: aws.ToInt64(d.SizeBytes), StreamViewType: string(d.StreamViewType)}
		if d.ApproximateCreationDateTime != nil {
			rec.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *d.ApproximateCreationDateTime}
		}
	}
	return rec
}

func eventImage(m map[string]streamtypes.AttributeValue) map[string]events.DynamoDBAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(m))
	for k, v := range m {
		out[k] = eventValue(v)
	}
	return out
}

func eventValue(v streamtypes.AttributeValue) events.DynamoDBAttributeValue {
	switch v := v.(type) {
	case *streamtypes.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *streamtypes.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *streamtypes.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value)
	case *streamtypes.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *streamtypes.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value)
	case *streamtypes.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value)
	case *streamtypes.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value)
	case *streamtypes.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, len(v.Value))
		for i, x := range v.Value {
			l[i] = eventValue(x)
		}
		return events.NewListAttribute(l)
	case *streamtypes.AttributeValueMemberM:
		return events.NewMapAttribute(eventImage(v.Value))
	}
	return events.NewNullAttribute()
}
