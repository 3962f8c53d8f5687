package health

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithy "github.com/aws/smithy-go"

	"crmportal/shared/httpapi"
)

type fakeDB struct {
	describe func(context.Context, *dynamodb.DescribeTableInput) (*dynamodb.DescribeTableOutput, error)
}

func (f fakeDB) DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return f.describe(ctx, in)
}

type fakeS3 struct {
	head func(context.Context, *s3.HeadBucketInput) (*s3.HeadBucketOutput, error)
}

func (f fakeS3) HeadBucket(ctx context.Context, in *s3.HeadBucketInput, _ ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	return f.head(ctx, in)
}

func upDB() fakeDB {
	return fakeDB{func(_ context.Context, in *dynamodb.DescribeTableInput) (*dynamodb.DescribeTableOutput, error) {
		if *in.TableName != "portal" {
			return nil, errors.New("wrong table")
		}
		return &dynamodb.DescribeTableOutput{}, nil
	}}
}

func upS3() fakeS3 {
	return fakeS3{func(_ context.Context, in *s3.HeadBucketInput) (*s3.HeadBucketOutput, error) {
		if *in.Bucket != "att" {
			return nil, errors.New("wrong bucket")
		}
		return &s3.HeadBucketOutput{}, nil
	}}
}

func call(t *testing.T, h *Handler, deep string) (httpapi.Response, Status) {
	t.Helper()
	req := httpapi.Request{}
	if deep != "" {
		req.QueryStringParameters = map[string]string{"deep": deep}
	}
	resp, _ := httpapi.Adapt(slog.New(slog.NewJSONHandler(io.Discard, nil)), h.Handle)(context.Background(), req)
	var st Status
	_ = json.Unmarshal([]byte(resp.Body), &st)
	return resp, st
}

func TestHealth(t *testing.T) {
	notFound := &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "arn:aws:dynamodb:table/portal not found"}
	tests := []struct {
		name          string
		deep          string
		db            fakeDB
		s3            fakeS3
		status        int
		table, bucket string
		reason        string
	}{
		{name: "shallow never calls AWS", deep: "", db: fakeDB{func(context.Context, *dynamodb.DescribeTableInput) (*dynamodb.DescribeTableOutput, error) {
			panic("DescribeTable called")
		}}, s3: upS3(), status: 200},
		{name: "deep all up", deep: "1", db: upDB(), s3: upS3(), status: 200, table: "up", bucket: "up"},
		{name: "deep table missing", deep: "1", db: fakeDB{func(context.Context, *dynamodb.DescribeTableInput) (*dynamodb.DescribeTableOutput, error) {
			return nil, notFound
		}}, s3: upS3(), status: 503, table: "down", bucket: "up", reason: "ResourceNotFoundException"},
		{name: "deep bucket hangs", deep: "1", db: upDB(), s3: fakeS3{func(ctx context.Context, _ *s3.HeadBucketInput) (*s3.HeadBucketOutput, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}}, status: 503, table: "up", bucket: "down", reason: "timeout"},
		{name: "bad deep value", deep: "true", db: upDB(), s3: upS3(), status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &Handler{Table: "portal", Bucket: "att", DB: tt.db, S3: tt.s3, Version: "v1.2.3", Timeout: 50 * time.Millisecond}
			resp, st := call(t, h, tt.deep)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.status == 400 {
				return
			}
			if st.Version != "v1.2.3" {
				t.Errorf("version = %q", st.Version)
			}
			if tt.table == "" {
				if st.Checks != nil {
					t.Errorf("shallow answer has checks: %+v", st.Checks)
				}
				return
			}
			if st.Checks == nil || st.Checks.Table.Status != tt.table || st.Checks.Bucket.Status != tt.bucket {
				t.Fatalf("checks = %+v, want table %s bucket %s", st.Checks, tt.table, tt.bucket)
			}
			if tt.status == 503 {
				if resp.Headers["Retry-After"] == "" || st.Status != "degraded" {
					t.Errorf("degraded answer lacks Retry-After or status: %v %+v", resp.Headers, st)
				}
				got := st.Checks.Table.Error + st.Checks.Bucket.Error
				if got != tt.reason {
					t.Errorf("reason = %q, want %q", got, tt.reason)
				}
			}
		})
	}
}
