package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// BulkJob is a bulk action on portal users (or an invitation of CRM records): what it does, to how many, and how far it got.
// Its ids are stored apart in chunks (BulkChunk) and each id's outcome in a BulkResult; Done
// and Failed count the results, each once.
type BulkJob struct {
	OrgID  string `dynamodbav:"orgId" json:"-"`
	ID     string `dynamodbav:"id" json:"id"`
	Action string `dynamodbav:"action" json:"action"`
	// Module is the module of the records an invite job names.
	Module     string `dynamodbav:"module,omitempty" json:"module,omitempty"`
	UserTypeID string `dynamodbav:"userTypeId,omitempty" json:"userTypeId,omitempty"`
	// Status is queued until its messages are sent, then running; failed when they could not be.
	Status string `dynamodbav:"status" json:"-"`
	Total  int    `dynamodbav:"total" json:"total"`
	Done   int    `dynamodbav:"done" json:"done"`
	Failed int    `dynamodbav:"failed" json:"failed"`
	Chunks int    `dynamodbav:"chunks" json:"-"`
	// CreatedBy is the staff member who asked for it, whose name every item's audit entry
	// carries; Origin and IP are the request's, for the emails' links and the audit entries.
	CreatedBy Actor     `dynamodbav:"createdBy" json:"-"`
	Origin    string    `dynamodbav:"origin,omitempty" json:"-"`
	IP        string    `dynamodbav:"ip,omitempty" json:"-"`
	CreatedAt time.Time `dynamodbav:"createdAt" json:"createdAt"`
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime" json:"-"`
}

// BulkChunk is one part of a bulk job's ids, with the position of its first id in the job.
type BulkChunk struct {
	Index int      `dynamodbav:"index"`
	First int      `dynamodbav:"first"`
	IDs   []string `dynamodbav:"ids"`
}

// BulkResult is the outcome of one id (a portal user's, or an invite job's record's) of a bulk job: done, or failed with the problem the
// single action answers (its status and detail).
type BulkResult struct {
	Position int    `dynamodbav:"position" json:"position"`
	ID       string `dynamodbav:"userId" json:"id"`
	Outcome  string `dynamodbav:"outcome" json:"outcome"`
	Status   int    `dynamodbav:"status,omitempty" json:"status,omitempty"`
	Code     string `dynamodbav:"code,omitempty" json:"code,omitempty"`
	// Params are the code's values, for the translated sentence.
	Params map[string]string `dynamodbav:"params,omitempty" json:"params,omitempty"`
	Detail string            `dynamodbav:"detail,omitempty" json:"detail,omitempty"`
}

// BulkJobLifetime is how long a bulk job and its report stay (the table's TTL removes them).
const BulkJobLifetime = 30 * 24 * time.Hour

// bulkPK is the partition of the job id of org: the job, its chunks and its results.
func bulkPK(org, id string) string { return "BULK#" + org + "#" + id }

type bulkJobItem struct {
	PK, SK string
	BulkJob
}

type bulkChunkItem struct {
	PK, SK    string
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
	BulkChunk
}

type bulkResultItem struct {
	PK, SK    string
	ExpiresAt time.Time `dynamodbav:"expiresAt,unixtime"`
	BulkResult
}

func chunkSK(i int) string  { return fmt.Sprintf("CHUNK#%05d", i) }
func resultSK(i int) string { return fmt.Sprintf("RESULT#%06d", i) }

// CreateBulkJob stores j (status queued) and its chunks: the chunks first, with BatchWriteItem
// (the store retries what DynamoDB leaves unprocessed), then the job, which is what makes
// the job exist. A job id already taken is ErrExists.
func (s *Store) CreateBulkJob(ctx context.Context, j BulkJob, chunks []BulkChunk) error {
	op := "create bulk job " + j.ID
	pk := bulkPK(j.OrgID, j.ID)
	var reqs []types.WriteRequest
	for _, c := range chunks {
		item, err := attributevalue.MarshalMap(bulkChunkItem{PK: pk, SK: chunkSK(c.Index), ExpiresAt: j.ExpiresAt, BulkChunk: c})
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	for len(reqs) > 0 {
		n := min(len(reqs), 25)
		if _, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{s.table: reqs[:n]}}); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		reqs = reqs[n:]
	}
	return putNew(ctx, s, bulkJobItem{PK: pk, SK: "JOB", BulkJob: j}, op)
}

// SetBulkJobStatus moves job id of org from status from to status to; ErrVersion when it
// is not in status from.
func (s *Store) SetBulkJobStatus(ctx context.Context, org, id, from, to string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(bulkPK(org, id), "JOB"),
		UpdateExpression:          aws.String("SET #st = :to"),
		ConditionExpression:       aws.String("#st = :from"),
		ExpressionAttributeNames:  map[string]string{"#st": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":to": s1(to), ":from": s1(from)}})
	if isConditionFailed(err) {
		return fmt.Errorf("set bulk job %s %s: %w", id, to, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("set bulk job %s %s: %w", id, to, err)
	}
	return nil
}

// GetBulkJob returns job id of org (a consistent read: the counters move), or ErrNotFound;
// another organization's job is not found, its key being org's.
func (s *Store) GetBulkJob(ctx context.Context, org, id string) (BulkJob, error) {
	it, err := getItem[bulkJobItem](ctx, s, key(bulkPK(org, id), "JOB"), true, "get bulk job "+id)
	return it.BulkJob, err
}

// GetBulkChunk returns chunk i of job id of org, or ErrNotFound.
func (s *Store) GetBulkChunk(ctx context.Context, org, id string, i int) (BulkChunk, error) {
	it, err := getItem[bulkChunkItem](ctx, s, key(bulkPK(org, id), chunkSK(i)), true, fmt.Sprintf("get bulk job %s chunk %d", id, i))
	return it.BulkChunk, err
}

// BulkResultsFrom answers the positions of job id of org, from first to first+n-1, that
// have a result already (a consistent query: a redelivered chunk skips what is done).
func (s *Store) BulkResultsFrom(ctx context.Context, org, id string, first, n int) (map[int]bool, error) {
	in := &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:   aws.String("PK = :pk AND SK BETWEEN :a AND :b"),
		ProjectionExpression:     aws.String("#p"),
		ExpressionAttributeNames: map[string]string{"#p": "position"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s1(bulkPK(org, id)),
			":a": s1(resultSK(first)), ":b": s1(resultSK(first + n - 1))}}
	rs, err := queryAllOf(ctx, s, in, "bulk results of "+id, decodeVia(func(r bulkResultItem) int { return r.Position }))
	if err != nil {
		return nil, err
	}
	out := make(map[int]bool, len(rs))
	for _, p := range rs {
		out[p] = true
	}
	return out, nil
}

// AddBulkResult stores r, the first outcome of its position, and counts it in job id of
// org, in one transaction: an outcome already stored (a chunk delivered twice) changes
// nothing and is ErrExists, so each position counts once.
func (s *Store) AddBulkResult(ctx context.Context, org, id string, expires time.Time, r BulkResult) error {
	pk := bulkPK(org, id)
	item, err := attributevalue.MarshalMap(bulkResultItem{PK: pk, SK: resultSK(r.Position), ExpiresAt: expires, BulkResult: r})
	if err != nil {
		return fmt.Errorf("bulk result %s %d: %w", id, r.Position, err)
	}
	counter := "done"
	if r.Outcome != BulkDone {
		counter = "failed"
	}
	var t txn
	t.add(types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, ErrExists)
	t.add(types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(pk, "JOB"),
		UpdateExpression:          aws.String("ADD #c :one"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames:  map[string]string{"#c": counter},
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1)}}}, ErrNotFound)
	return t.write(ctx, s, fmt.Sprintf("bulk result %s %d", id, r.Position))
}

// Outcomes of BulkResult.
const (
	BulkDone   = "done"
	BulkFailed = "failed"
)

// ListBulkResults answers a page of job id's results of org in position order; failedOnly
// keeps the failures only.
func (s *Store) ListBulkResults(ctx context.Context, org, id string, failedOnly bool, limit int, after string) (Page[BulkResult], error) {
	pk := bulkPK(org, id)
	return queryPage(ctx, s, list{partition: pk, pkAttr: "PK", limit: limit, cursor: after, op: "bulk results of " + id},
		func() (*dynamodb.QueryInput, error) {
			in := &dynamodb.QueryInput{TableName: &s.table,
				KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :r)"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s1(pk), ":r": s1("RESULT#")}}
			if failedOnly {
				in.FilterExpression = aws.String("outcome = :f")
				in.ExpressionAttributeValues[":f"] = s1(BulkFailed)
			}
			return in, nil
		}, decodeVia(func(r bulkResultItem) BulkResult { return r.BulkResult }))
}
