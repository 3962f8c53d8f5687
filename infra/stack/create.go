package stack

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"crmportal/infra/template"
)

// TableReport says what CreateTable did.
type TableReport struct {
	// Existed: the table was there already (its stream was turned on if it was off).
	Existed bool
	// Skipped lists, one line each, what of template.yaml's definition the table did not get:
	// the settings no local table takes (deletion protection, backups, encryption) and, when
	// tolerant, what the endpoint refused, with its error.
	Skipped []string
}

// CreateTable creates the table name in db as template.yaml's Table resource defines it:
// attributes, keys, global secondary indexes, billing mode and stream, then its TTL
// attribute. A table that exists is kept (its stream turned on when the template has one).
// With tolerant, a stream or TTL the endpoint refuses (an older DynamoDB Local) is left out
// and reported in Skipped instead of failing; the local stack, whose Dynoxide supports both,
// is never tolerant.
func CreateTable(ctx context.Context, db *dynamodb.Client, tmpl *template.Template, name string, tolerant bool) (TableReport, error) {
	var rep TableReport
	leftOut, err := tmpl.TableSettingsLeftOut()
	if err != nil {
		return rep, err
	}
	for _, p := range leftOut {
		rep.Skipped = append(rep.Skipped, p+" (a setting of the AWS table, not of its data)")
	}
	in, err := tmpl.CreateTableInput(name)
	if err != nil {
		return rep, err
	}
	_, err = db.CreateTable(ctx, in)
	var inUse *ddbtypes.ResourceInUseException
	if errors.As(err, &inUse) {
		rep.Existed = true
		return rep, ensureStream(ctx, db, tmpl, name) // kept from an earlier run
	}
	if err != nil && tolerant && in.StreamSpecification != nil && refused(err) {
		rep.Skipped = append(rep.Skipped, fmt.Sprintf("StreamSpecification (refused: %v): the reset mailer, started by the stream, never runs", err))
		in.StreamSpecification = nil
		_, err = db.CreateTable(ctx, in)
	}
	if err != nil {
		return rep, fmt.Errorf("create table %s: %w", name, err)
	}
	ttl, err := tmpl.TTLAttribute()
	if err != nil || ttl == "" {
		return rep, err
	}
	_, err = db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(name),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String(ttl), Enabled: aws.Bool(true)}})
	switch {
	case err != nil && tolerant && refused(err):
		rep.Skipped = append(rep.Skipped, fmt.Sprintf("TimeToLiveSpecification (refused: %v): expired items stay, and the code ignores them as it does on AWS before TTL deletes them", err))
	case err != nil:
		return rep, fmt.Errorf("table %s TTL: %w", name, err)
	}
	return rep, nil
}

// refused reports whether err is the endpoint's answer that it does not take a request (an
// API error), rather than a failure to reach it.
func refused(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr)
}

// ensureStream turns on the stream template.yaml gives the table when an existing table has
// none (a table kept from before the template had one).
func ensureStream(ctx context.Context, db *dynamodb.Client, tmpl *template.Template, name string) error {
	in, err := tmpl.CreateTableInput(name)
	if err != nil || in.StreamSpecification == nil {
		return err
	}
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("describe table %s: %w", name, err)
	}
	if sp := out.Table.StreamSpecification; sp != nil && aws.ToBool(sp.StreamEnabled) && sp.StreamViewType == in.StreamSpecification.StreamViewType {
		return nil
	}
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(name),
		StreamSpecification: &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: in.StreamSpecification.StreamViewType}}); err != nil {
		return fmt.Errorf("table %s stream: %w", name, err)
	}
	return nil
}

// CreateBucket creates the bucket name in c (a bucket that exists is kept) with the CORS
// rules template.yaml gives the bucket logicalID.
func CreateBucket(ctx context.Context, c *s3.Client, tmpl *template.Template, name, logicalID string) error {
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	var owned *s3types.BucketAlreadyOwnedByYou
	var exists *s3types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) {
		return fmt.Errorf("create bucket %s: %w", name, err)
	}
	rules, err := tmpl.BucketCORS(logicalID)
	if err != nil || len(rules) == 0 {
		return err
	}
	if _, err := c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: aws.String(name),
		CORSConfiguration: &s3types.CORSConfiguration{CORSRules: rules}}); err != nil {
		return fmt.Errorf("bucket %s CORS: %w", name, err)
	}
	return nil
}
