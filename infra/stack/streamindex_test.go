package stack_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"crmportal/infra/stack"
)

// dynoxideStreamQueries are the statements Dynoxide 1.2.1 runs on its stream records: the
// next sequence number (every write to a table with a stream) and GetRecords' read of a shard.
// When a Dynoxide upgrade changes them, this test says whether the stack's indexes still serve.
var dynoxideStreamQueries = []string{
	"SELECT COALESCE(MAX(CAST(sequence_number AS INTEGER)), 0) + 1 FROM _stream_records WHERE table_name = 'portal'",
	"SELECT event_name, keys_json, new_image, old_image, sequence_number, created_at, user_identity FROM _stream_records" +
		" WHERE table_name = 'portal' AND shard_id = 's' AND CAST(sequence_number AS INTEGER) > 5 ORDER BY CAST(sequence_number AS INTEGER) ASC LIMIT 100",
}

// TestStreamRecordsAreIndexed: Dynoxide's stream-record queries are answered from the
// indexes the stack adds (a search of the index, not a scan of every record written so far),
// and the stream still reads what a write put on it.
func TestStreamRecordsAreIndexed(t *testing.T) {
	ctx := context.Background()
	db := st.DynamoDBFile()
	if db == "" {
		t.Skip("the stack uses an external DynamoDB")
	}
	root, err := stack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	python := filepath.Join(root, ".venv/bin/python")
	for _, q := range dynoxideStreamQueries {
		script := "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nfor r in c.execute('EXPLAIN QUERY PLAN ' + sys.argv[2]): print(r[3])"
		out, err := exec.CommandContext(ctx, python, "-c", script, db, q).CombinedOutput()
		if err != nil {
			t.Fatalf("query plan: %v: %s", err, out)
		}
		if got := string(out); !strings.Contains(got, "USING INDEX portal_stream") || strings.Contains(got, "SCAN") {
			t.Errorf("plan of %q:\n%s\nwant a search of a portal_stream index", q, got)
		}
	}

	if _, err := st.DynamoDB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.TableName), Item: map[string]types.AttributeValue{
		"PK": &types.AttributeValueMemberS{Value: "TEST#streamindex"}, "SK": &types.AttributeValueMemberS{Value: "A"}}}); err != nil {
		t.Fatal(err)
	}
	arn, err := st.TableStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	streams := st.DynamoDBStreams()
	desc, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, sh := range desc.StreamDescription.Shards {
		it, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: sh.ShardId,
			ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		for next := it.ShardIterator; next != nil; {
			out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: next, Limit: aws.Int32(1000)})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range out.Records {
				if pk, ok := r.Dynamodb.Keys["PK"].(*streamtypes.AttributeValueMemberS); ok && pk.Value == "TEST#streamindex" {
					found++
				}
			}
			if len(out.Records) == 0 {
				break
			}
			next = out.NextShardIterator
		}
	}
	if found != 1 {
		t.Errorf("stream records of the write = %d, want 1", found)
	}
}
