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

// ImportJob is a CSV import's state and progress.
type ImportJob struct {
	OrgID            string            `dynamodbav:"orgId" json:"-"`
	ID               string            `dynamodbav:"id" json:"id"`
	Module           string            `dynamodbav:"module" json:"module"`
	Status           string            `dynamodbav:"status" json:"status"` // awaiting_upload, running, done, failed
	Filename         string            `dynamodbav:"filename" json:"filename"`
	Mapping          map[string]string `dynamodbav:"mapping" json:"-"`
	ExternalIDColumn string            `dynamodbav:"externalIdColumn,omitempty" json:"-"`
	Total            int               `dynamodbav:"total" json:"total"`
	Done             int               `dynamodbav:"done" json:"done"`
	Failed           int               `dynamodbav:"failed" json:"failed"`
	ReportKey        string            `dynamodbav:"reportKey,omitempty" json:"-"`
	// ETag is the uploaded file's S3 ETag, recorded when the worker starts on it: the job
	// imports exactly that object, and no later upload to its key.
	ETag       string     `dynamodbav:"etag,omitempty" json:"-"`
	Error      string     `dynamodbav:"error,omitempty" json:"error,omitempty"`
	CreatedBy  Ref        `dynamodbav:"createdBy" json:"-"`
	CreatedAt  time.Time  `dynamodbav:"createdAt" json:"createdAt"`
	FinishedAt *time.Time `dynamodbav:"finishedAt,omitempty" json:"finishedAt,omitempty"`
}

type importItem struct {
	PK, SK string
	ImportJob
}

// CreateImportJob stores a new job.
func (s *Store) CreateImportJob(ctx context.Context, j ImportJob) error {
	return putNew(ctx, s, importItem{PK: orgPK(j.OrgID), SK: "IMPORT#" + j.ID, ImportJob: j}, "create import "+j.ID)
}

// GetImportJob returns a job of org, or ErrNotFound.
func (s *Store) GetImportJob(ctx context.Context, org, id string) (ImportJob, error) {
	it, err := getItem[importItem](ctx, s, key(orgPK(org), "IMPORT#"+id), true, "get import "+id)
	return it.ImportJob, err
}

// StartImportJob moves a job from awaiting_upload to running with its row count and the ETag
// of the file it imports. ErrVersion when it is not awaiting an upload (a repeated S3 event,
// or another upload to the job's key).
func (s *Store) StartImportJob(ctx context.Context, org, id string, total int, etag string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(orgPK(org), "IMPORT#"+id),
		UpdateExpression:         aws.String("SET #st = :run, #t = :total, etag = :etag"),
		ConditionExpression:      aws.String("#st = :wait"),
		ExpressionAttributeNames: map[string]string{"#st": "status", "#t": "total"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":run": s1("running"), ":wait": s1("awaiting_upload"),
			":total": n(int64(total)), ":etag": s1(etag)}})
	if isConditionFailed(err) {
		return fmt.Errorf("start import %s: %w", id, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("start import %s: %w", id, err)
	}
	return nil
}

// ImportProgress records rows done and failed so far.
func (s *Store) ImportProgress(ctx context.Context, org, id string, done, failed int) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(orgPK(org), "IMPORT#"+id),
		UpdateExpression:          aws.String("SET done = :d, failed = :f"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":d": n(int64(done)), ":f": n(int64(failed))}})
	if err != nil {
		return fmt.Errorf("import progress %s: %w", id, err)
	}
	return nil
}

// FinishImportJob records the end of a job that is in status from (running, or
// awaiting_upload for a file that could not be read): done or failed, its counts, the report's
// key and an error for a job that could not run at all. ErrVersion when the job is no longer
// in status from (a file uploaded again cannot end a job another upload started or ended).
func (s *Store) FinishImportJob(ctx context.Context, j ImportJob, from string) error {
	now := s.Now()
	j.FinishedAt = &now
	item, err := attributevalue.MarshalMap(importItem{PK: orgPK(j.OrgID), SK: "IMPORT#" + j.ID, ImportJob: j})
	if err != nil {
		return fmt.Errorf("finish import %s: %w", j.ID, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item,
		ConditionExpression:       aws.String("#st = :from"),
		ExpressionAttributeNames:  map[string]string{"#st": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":from": s1(from)}})
	if isConditionFailed(err) {
		return fmt.Errorf("finish import %s: %w", j.ID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("finish import %s: %w", j.ID, err)
	}
	return nil
}
