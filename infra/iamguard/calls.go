// Package iamguard holds each function's AWS SDK calls to the IAM policies template.yaml gives
// that function, before the call is sent, as AWS would: it computes the IAM actions and resource
// ARNs of the call (per item for transactions, per table for batches, the index ARN for an index
// query, the object ARN for S3, identity and configuration-set ARNs and ses:FromAddress for SES),
// evaluates them with package iam, and refuses a denied call with the error the SDK returns for
// AWS's own denial. It records every denial and every action each function used, so the tests
// can fail on a denial and list the grants nothing used.
package iamguard

import (
	"fmt"
	"net/mail"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"

	"crmportal/infra/iam"
)

// Account is where the calls' resources live: the ARNs' partition, region and account.
type Account struct {
	Partition, Region, AccountID string
}

func (a Account) table(name string) string {
	return fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", a.Partition, a.Region, a.AccountID, name)
}

func (a Account) index(table, index string) string {
	return a.table(table) + "/index/" + index
}

func (a Account) bucket(name string) string { return fmt.Sprintf("arn:%s:s3:::%s", a.Partition, name) }

func (a Account) object(bucket, key string) string { return a.bucket(bucket) + "/" + key }

func (a Account) sesARN(kind, name string) string {
	return fmt.Sprintf("arn:%s:ses:%s:%s:%s/%s", a.Partition, a.Region, a.AccountID, kind, name)
}

// Service is the AWS service a call goes to; it decides the shape of a denial.
type Service string

// The services the functions call.
const (
	DynamoDB Service = "dynamodb"
	S3       Service = "s3"
	SES      Service = "ses"
)

// Requests lists the IAM requests one SDK call makes, from its input (the operation's *Input
// type): every one must be allowed for the call to go through. An input type it does not know is
// an error, so a new kind of call fails loudly until it is described here.
func (a Account) Requests(params any) (Service, []iam.Request, error) {
	base := map[string][]string{"aws:SecureTransport": {"true"}, "aws:RequestedRegion": {a.Region}}
	one := func(svc Service, action, resource string) (Service, []iam.Request, error) {
		return svc, []iam.Request{{Action: action, Resource: resource, Context: base}}, nil
	}
	switch in := params.(type) {
	// DynamoDB: the table's ARN, or the index's for a Query or Scan with IndexName.
	case *dynamodb.GetItemInput:
		return one(DynamoDB, "dynamodb:GetItem", a.table(aws.ToString(in.TableName)))
	case *dynamodb.PutItemInput:
		return one(DynamoDB, "dynamodb:PutItem", a.table(aws.ToString(in.TableName)))
	case *dynamodb.UpdateItemInput:
		return one(DynamoDB, "dynamodb:UpdateItem", a.table(aws.ToString(in.TableName)))
	case *dynamodb.DeleteItemInput:
		return one(DynamoDB, "dynamodb:DeleteItem", a.table(aws.ToString(in.TableName)))
	case *dynamodb.DescribeTableInput:
		return one(DynamoDB, "dynamodb:DescribeTable", a.table(aws.ToString(in.TableName)))
	case *dynamodb.QueryInput:
		if in.IndexName != nil {
			return one(DynamoDB, "dynamodb:Query", a.index(aws.ToString(in.TableName), aws.ToString(in.IndexName)))
		}
		return one(DynamoDB, "dynamodb:Query", a.table(aws.ToString(in.TableName)))
	case *dynamodb.ScanInput:
		if in.IndexName != nil {
			return one(DynamoDB, "dynamodb:Scan", a.index(aws.ToString(in.TableName), aws.ToString(in.IndexName)))
		}
		return one(DynamoDB, "dynamodb:Scan", a.table(aws.ToString(in.TableName)))
	case *dynamodb.BatchGetItemInput:
		return DynamoDB, a.perTable("dynamodb:BatchGetItem", keys(in.RequestItems), base), nil
	case *dynamodb.BatchWriteItemInput:
		return DynamoDB, a.perTable("dynamodb:BatchWriteItem", keys(in.RequestItems), base), nil
	case *dynamodb.TransactWriteItemsInput:
		// TransactWriteItems is authorized as the actions of its items, each on its table.
		var out []iam.Request
		for i, it := range in.TransactItems {
			var action, table string
			switch {
			case it.Put != nil:
				action, table = "dynamodb:PutItem", aws.ToString(it.Put.TableName)
			case it.Update != nil:
				action, table = "dynamodb:UpdateItem", aws.ToString(it.Update.TableName)
			case it.Delete != nil:
				action, table = "dynamodb:DeleteItem", aws.ToString(it.Delete.TableName)
			case it.ConditionCheck != nil:
				action, table = "dynamodb:ConditionCheckItem", aws.ToString(it.ConditionCheck.TableName)
			default:
				return DynamoDB, nil, fmt.Errorf("TransactWriteItems item %d has no action", i)
			}
			out = append(out, iam.Request{Action: action, Resource: a.table(table), Context: base})
		}
		return DynamoDB, dedupe(out), nil
	case *dynamodb.TransactGetItemsInput:
		var out []iam.Request
		for _, it := range in.TransactItems {
			if it.Get != nil {
				out = append(out, iam.Request{Action: "dynamodb:GetItem", Resource: a.table(aws.ToString(it.Get.TableName)), Context: base})
			}
		}
		return DynamoDB, dedupe(out), nil

	// S3: objects by bucket/key; HeadObject is authorized as GetObject and HeadBucket as
	// ListBucket. A presigned request is authorized as the call it signs.
	case *s3.GetObjectInput:
		return one(S3, "s3:GetObject", a.object(aws.ToString(in.Bucket), aws.ToString(in.Key)))
	case *s3.HeadObjectInput:
		return one(S3, "s3:GetObject", a.object(aws.ToString(in.Bucket), aws.ToString(in.Key)))
	case *s3.PutObjectInput:
		return one(S3, "s3:PutObject", a.object(aws.ToString(in.Bucket), aws.ToString(in.Key)))
	case *s3.DeleteObjectInput:
		return one(S3, "s3:DeleteObject", a.object(aws.ToString(in.Bucket), aws.ToString(in.Key)))
	case *s3.HeadBucketInput:
		return one(S3, "s3:ListBucket", a.bucket(aws.ToString(in.Bucket)))
	case *s3.ListObjectsV2Input:
		return one(S3, "s3:ListBucket", a.bucket(aws.ToString(in.Bucket)))
	case *s3.DeleteObjectsInput:
		var out []iam.Request
		if in.Delete != nil {
			for _, o := range in.Delete.Objects {
				out = append(out, iam.Request{Action: "s3:DeleteObject", Resource: a.object(aws.ToString(in.Bucket), aws.ToString(o.Key)), Context: base})
			}
		}
		return S3, out, nil

	// SES (v1): the sending identity and the configuration set, with ses:FromAddress.
	case *ses.SendEmailInput:
		return SES, a.sesSend("ses:SendEmail", aws.ToString(in.Source), in.ConfigurationSetName, in.Destination), nil
	case *ses.SendRawEmailInput:
		return SES, a.sesSend("ses:SendRawEmail", aws.ToString(in.Source), in.ConfigurationSetName, in.Destinations), nil
	}
	return "", nil, fmt.Errorf("the local IAM guard does not know the call %T: describe its actions and resources in infra/iamguard", params)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (a Account) perTable(action string, tables []string, ctx map[string][]string) []iam.Request {
	out := make([]iam.Request, 0, len(tables))
	for _, t := range tables {
		out = append(out, iam.Request{Action: action, Resource: a.table(t), Context: ctx})
	}
	return out
}

func dedupe(rs []iam.Request) []iam.Request {
	seen := map[string]bool{}
	var out []iam.Request
	for _, r := range rs {
		k := r.Action + " " + r.Resource
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// sesSend authorizes a send on the From address's identity (and the configuration set when
// one is named), with the condition keys SES sets.
func (a Account) sesSend(action, source string, configSet *string, dest any) []iam.Request {
	from := source
	ctx := map[string][]string{"aws:SecureTransport": {"true"}, "aws:RequestedRegion": {a.Region}, "ses:ApiVersion": {"1"}}
	if addr, err := mail.ParseAddress(source); err == nil {
		from = addr.Address
		if addr.Name != "" {
			ctx["ses:FromDisplayName"] = []string{addr.Name}
		}
	}
	if from != "" {
		ctx["ses:FromAddress"] = []string{from}
	}
	var recipients []string
	switch d := dest.(type) {
	case *sestypes.Destination:
		if d != nil {
			recipients = append(append(append(recipients, d.ToAddresses...), d.CcAddresses...), d.BccAddresses...)
		}
	case []string:
		recipients = d
	}
	if len(recipients) > 0 {
		ctx["ses:Recipients"] = recipients
	}
	out := []iam.Request{{Action: action, Resource: a.sesARN("identity", from), Context: ctx}}
	if name := aws.ToString(configSet); name != "" {
		out = append(out, iam.Request{Action: action, Resource: a.sesARN("configuration-set", name), Context: ctx})
	}
	return out
}
