// Package iamguard holds each function's AWS calls to the IAM policies template.yaml gives that
// function, as AWS would: it computes the IAM actions and resource ARNs of the call (per item for
// transactions, per table for batches, the index ARN for an index query, the object ARN for S3,
// identity and configuration-set ARNs and ses:FromAddress for SES), evaluates them with package
// iam, and refuses a denied call with AWS's own denial. A call is read either from its SDK input,
// before it is sent (Guard.APIOption, for functions run in process), or from the wire request
// at a proxy in front of the service (Proxies, for functions run as processes of their own);
// both are read into one Call, whose requests Account.CallRequests computes. It records every
// denial and every action each function used, so the tests can fail on a denial and list the
// grants nothing used.
package iamguard

import (
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

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

// queue is the ARN of c's queue: from its URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME,
// or the local stack's http://127.0.0.1:PORT/ACCOUNT/NAME), or from GetQueueUrl's name and
// owner (the caller's account when none is named).
func (a Account) queue(c Call) (string, error) {
	account, name := c.QueueOwner, c.QueueName
	if c.Operation != "GetQueueUrl" {
		u, err := url.Parse(c.QueueURL)
		var ok bool
		if err == nil {
			account, name, ok = strings.Cut(strings.Trim(u.Path, "/"), "/")
		}
		if !ok || account == "" || name == "" || strings.Contains(name, "/") {
			return "", fmt.Errorf("SQS %s: the queue URL %q does not name an account and a queue", c.Operation, c.QueueURL)
		}
	}
	if account == "" {
		account = a.AccountID
	}
	if name == "" {
		return "", fmt.Errorf("SQS %s names no queue", c.Operation)
	}
	return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", a.Partition, a.Region, account, name), nil
}

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
	SQS      Service = "sqs"
	KMS      Service = "kms"
)

// Call is one AWS call as IAM authorizes it: its service, its API operation and the few
// fields of its request the actions and resources come from. It is read from an SDK input
// (CallOf, the in-process guard) or from the request on the wire (package iamguard's proxy,
// ParseDynamoDB, ParseS3, ParseSES), and Account.CallRequests turns it into IAM requests, so
// both ways build the same ARNs.
type Call struct {
	Service Service
	// Operation is the API operation: "GetItem", "TransactWriteItems", "HeadObject",
	// "PostObject" (a browser's form upload), "SendEmail", ...
	Operation string
	// DynamoDB: the table, and the index of a Query or Scan.
	Table, Index string
	// DynamoDB batches: the tables of RequestItems.
	Tables []string
	// DynamoDB transactions: each item's operation (Put, Update, Delete, ConditionCheck, Get)
	// and table.
	Items []Item
	// S3: the bucket and the object keys (none for a bucket operation).
	Bucket string
	Keys   []string
	// S3 CopyObject: the source object, as the x-amz-copy-source header names it
	// ("bucket/key", URL-encoded, optionally with ?versionId=); Bucket and Keys are the
	// destination.
	CopySource string
	// SES: the Source, the configuration set and the recipients.
	Source, ConfigurationSet string
	Recipients               []string
	// SQS: the queue's URL, or (GetQueueUrl) its name and owner's account ("": the caller's).
	QueueURL, QueueName, QueueOwner string
	// KMS: the key the call names (an id, a key ARN, an alias or an alias ARN).
	KeyID string
}

// Item is one item of a DynamoDB transaction: Op is Put, Update, Delete, ConditionCheck or
// Get ("" when the item names none).
type Item struct{ Op, Table string }

// Requests lists the IAM requests one SDK call makes, from its input (the operation's *Input
// type): every one must be allowed for the call to go through. An input type it does not know is
// an error, so a new kind of call fails loudly until it is described here.
func (a Account) Requests(params any) (Service, []iam.Request, error) {
	c, err := CallOf(params)
	if err != nil {
		return "", nil, err
	}
	reqs, err := a.CallRequests(c)
	return c.Service, reqs, err
}

// CallOf reads the call an SDK input describes.
func CallOf(params any) (Call, error) {
	s := aws.ToString
	ddb := func(op, table string) (Call, error) { return Call{Service: DynamoDB, Operation: op, Table: table}, nil }
	obj := func(op, bucket, key string) (Call, error) {
		return Call{Service: S3, Operation: op, Bucket: bucket, Keys: []string{key}}, nil
	}
	switch in := params.(type) {
	case *dynamodb.GetItemInput:
		return ddb("GetItem", s(in.TableName))
	case *dynamodb.PutItemInput:
		return ddb("PutItem", s(in.TableName))
	case *dynamodb.UpdateItemInput:
		return ddb("UpdateItem", s(in.TableName))
	case *dynamodb.DeleteItemInput:
		return ddb("DeleteItem", s(in.TableName))
	case *dynamodb.DescribeTableInput:
		return ddb("DescribeTable", s(in.TableName))
	case *dynamodb.QueryInput:
		return Call{Service: DynamoDB, Operation: "Query", Table: s(in.TableName), Index: s(in.IndexName)}, nil
	case *dynamodb.ScanInput:
		return Call{Service: DynamoDB, Operation: "Scan", Table: s(in.TableName), Index: s(in.IndexName)}, nil
	case *dynamodb.BatchGetItemInput:
		return Call{Service: DynamoDB, Operation: "BatchGetItem", Tables: keys(in.RequestItems)}, nil
	case *dynamodb.BatchWriteItemInput:
		return Call{Service: DynamoDB, Operation: "BatchWriteItem", Tables: keys(in.RequestItems)}, nil
	case *dynamodb.TransactWriteItemsInput:
		c := Call{Service: DynamoDB, Operation: "TransactWriteItems", Items: []Item{}}
		for _, it := range in.TransactItems {
			var i Item
			switch {
			case it.Put != nil:
				i = Item{"Put", s(it.Put.TableName)}
			case it.Update != nil:
				i = Item{"Update", s(it.Update.TableName)}
			case it.Delete != nil:
				i = Item{"Delete", s(it.Delete.TableName)}
			case it.ConditionCheck != nil:
				i = Item{"ConditionCheck", s(it.ConditionCheck.TableName)}
			}
			c.Items = append(c.Items, i)
		}
		return c, nil
	case *dynamodb.TransactGetItemsInput:
		c := Call{Service: DynamoDB, Operation: "TransactGetItems", Items: []Item{}}
		for _, it := range in.TransactItems {
			if it.Get != nil {
				c.Items = append(c.Items, Item{"Get", s(it.Get.TableName)})
			}
		}
		return c, nil

	case *s3.GetObjectInput:
		return obj("GetObject", s(in.Bucket), s(in.Key))
	case *s3.HeadObjectInput:
		return obj("HeadObject", s(in.Bucket), s(in.Key))
	case *s3.PutObjectInput:
		return obj("PutObject", s(in.Bucket), s(in.Key))
	case *s3.DeleteObjectInput:
		return obj("DeleteObject", s(in.Bucket), s(in.Key))
	case *s3.CopyObjectInput:
		return Call{Service: S3, Operation: "CopyObject", Bucket: s(in.Bucket), Keys: []string{s(in.Key)}, CopySource: s(in.CopySource)}, nil
	case *s3.HeadBucketInput:
		return Call{Service: S3, Operation: "HeadBucket", Bucket: s(in.Bucket)}, nil
	case *s3.ListObjectsV2Input:
		return Call{Service: S3, Operation: "ListObjectsV2", Bucket: s(in.Bucket)}, nil
	case *s3.DeleteObjectsInput:
		c := Call{Service: S3, Operation: "DeleteObjects", Bucket: s(in.Bucket), Keys: []string{}}
		if in.Delete != nil {
			for _, o := range in.Delete.Objects {
				c.Keys = append(c.Keys, s(o.Key))
			}
		}
		return c, nil

	case *ses.SendEmailInput:
		var to []string
		if d := in.Destination; d != nil {
			to = append(append(append(to, d.ToAddresses...), d.CcAddresses...), d.BccAddresses...)
		}
		return Call{Service: SES, Operation: "SendEmail", Source: s(in.Source), ConfigurationSet: s(in.ConfigurationSetName), Recipients: to}, nil
	case *ses.SendRawEmailInput:
		return Call{Service: SES, Operation: "SendRawEmail", Source: s(in.Source), ConfigurationSet: s(in.ConfigurationSetName), Recipients: in.Destinations}, nil

	case *sqs.SendMessageInput:
		return Call{Service: SQS, Operation: "SendMessage", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.SendMessageBatchInput:
		return Call{Service: SQS, Operation: "SendMessageBatch", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.ReceiveMessageInput:
		return Call{Service: SQS, Operation: "ReceiveMessage", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.DeleteMessageInput:
		return Call{Service: SQS, Operation: "DeleteMessage", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.DeleteMessageBatchInput:
		return Call{Service: SQS, Operation: "DeleteMessageBatch", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.ChangeMessageVisibilityInput:
		return Call{Service: SQS, Operation: "ChangeMessageVisibility", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.ChangeMessageVisibilityBatchInput:
		return Call{Service: SQS, Operation: "ChangeMessageVisibilityBatch", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.GetQueueAttributesInput:
		return Call{Service: SQS, Operation: "GetQueueAttributes", QueueURL: s(in.QueueUrl)}, nil
	case *sqs.GetQueueUrlInput:
		return Call{Service: SQS, Operation: "GetQueueUrl", QueueName: s(in.QueueName), QueueOwner: s(in.QueueOwnerAWSAccountId)}, nil

	case *kms.EncryptInput:
		return Call{Service: KMS, Operation: "Encrypt", KeyID: s(in.KeyId)}, nil
	case *kms.DecryptInput:
		return Call{Service: KMS, Operation: "Decrypt", KeyID: s(in.KeyId)}, nil
	case *kms.GenerateDataKeyInput:
		return Call{Service: KMS, Operation: "GenerateDataKey", KeyID: s(in.KeyId)}, nil
	}
	return Call{}, fmt.Errorf("the local IAM guard does not know the call %T: describe its actions and resources in infra/iamguard", params)
}

// s3Actions are the IAM actions of the S3 operations the guard knows: HeadObject is
// authorized as GetObject, HeadBucket and the listings as ListBucket, a browser's form upload
// (PostObject, what a presigned POST signs) as PutObject, and CopyObject as PutObject on the
// destination (plus GetObject on the source: see CallRequests).
var s3Actions = map[string]string{
	"GetObject": "s3:GetObject", "HeadObject": "s3:GetObject",
	"PutObject": "s3:PutObject", "PostObject": "s3:PutObject", "CopyObject": "s3:PutObject",
	"DeleteObject": "s3:DeleteObject", "DeleteObjects": "s3:DeleteObject",
	"HeadBucket": "s3:ListBucket", "ListObjectsV2": "s3:ListBucket", "ListObjects": "s3:ListBucket",
}

// sqsActions are the IAM actions of the SQS operations the guard knows: a batch is authorized
// as the action of its entries.
var sqsActions = map[string]string{
	"SendMessage": "sqs:SendMessage", "SendMessageBatch": "sqs:SendMessage",
	"ReceiveMessage": "sqs:ReceiveMessage",
	"DeleteMessage":  "sqs:DeleteMessage", "DeleteMessageBatch": "sqs:DeleteMessage",
	"ChangeMessageVisibility": "sqs:ChangeMessageVisibility", "ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
	"GetQueueAttributes": "sqs:GetQueueAttributes", "GetQueueUrl": "sqs:GetQueueUrl",
}

// dynamoDBOps are the DynamoDB operations the guard knows; each is its own IAM action, except
// the transactions, which are authorized as the actions of their items.
var dynamoDBOps = map[string]bool{
	"GetItem": true, "PutItem": true, "UpdateItem": true, "DeleteItem": true, "DescribeTable": true,
	"Query": true, "Scan": true, "BatchGetItem": true, "BatchWriteItem": true,
	"TransactWriteItems": true, "TransactGetItems": true,
}

// transactItemActions are the actions of a transaction's items.
var transactItemActions = map[string]string{
	"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem",
	"ConditionCheck": "dynamodb:ConditionCheckItem", "Get": "dynamodb:GetItem",
}

// CallRequests lists the IAM requests of c, as AWS computes them: the table's ARN, or the
// index's for a Query or Scan with an index; a transaction as the actions of its items, each on
// its table; a batch once per table; S3 objects by bucket and key (a bucket operation on the
// bucket; a copy as s3:GetObject on its source and s3:PutObject on its destination, as AWS
// authorizes CopyObject); an SES send on the sender's identity and the configuration set. An
// operation it does not know is an error.
func (a Account) CallRequests(c Call) ([]iam.Request, error) {
	base := map[string][]string{"aws:SecureTransport": {"true"}, "aws:RequestedRegion": {a.Region}}
	unknown := fmt.Errorf("the local IAM guard does not know the call %s %s: describe its actions and resources in infra/iamguard", c.Service, c.Operation)
	switch c.Service {
	case DynamoDB:
		if !dynamoDBOps[c.Operation] {
			return nil, unknown
		}
		switch c.Operation {
		case "BatchGetItem", "BatchWriteItem":
			return a.perTable("dynamodb:"+c.Operation, c.Tables, base), nil
		case "TransactWriteItems", "TransactGetItems":
			var out []iam.Request
			for i, it := range c.Items {
				action, ok := transactItemActions[it.Op]
				if !ok || (c.Operation == "TransactGetItems") != (it.Op == "Get") {
					return nil, fmt.Errorf("%s item %d has no action", c.Operation, i)
				}
				out = append(out, iam.Request{Action: action, Resource: a.table(it.Table), Context: base})
			}
			return dedupe(out), nil
		}
		resource := a.table(c.Table)
		if c.Index != "" && (c.Operation == "Query" || c.Operation == "Scan") {
			resource = a.index(c.Table, c.Index)
		}
		return []iam.Request{{Action: "dynamodb:" + c.Operation, Resource: resource, Context: base}}, nil
	case S3:
		action, ok := s3Actions[c.Operation]
		if !ok {
			return nil, unknown
		}
		if c.Keys == nil {
			return []iam.Request{{Action: action, Resource: a.bucket(c.Bucket), Context: base}}, nil
		}
		var out []iam.Request
		if c.Operation == "CopyObject" {
			bucket, key, err := copySource(c.CopySource)
			if err != nil {
				return nil, err
			}
			out = append(out, iam.Request{Action: "s3:GetObject", Resource: a.object(bucket, key), Context: base})
		}
		for _, k := range c.Keys {
			out = append(out, iam.Request{Action: action, Resource: a.object(c.Bucket, k), Context: base})
		}
		return out, nil
	case SES:
		if c.Operation != "SendEmail" && c.Operation != "SendRawEmail" {
			return nil, unknown
		}
		return a.sesSend("ses:"+c.Operation, c.Source, c.ConfigurationSet, c.Recipients), nil
	case SQS:
		action, ok := sqsActions[c.Operation]
		if !ok {
			return nil, unknown
		}
		arn, err := a.queue(c)
		if err != nil {
			return nil, err
		}
		return []iam.Request{{Action: action, Resource: arn, Context: base}}, nil
	case KMS:
		if c.Operation != "Encrypt" && c.Operation != "Decrypt" && c.Operation != "GenerateDataKey" {
			return nil, unknown
		}
		arn, err := a.kmsKey(c)
		if err != nil {
			return nil, err
		}
		return []iam.Request{{Action: "kms:" + c.Operation, Resource: arn, Context: base}}, nil
	}
	return nil, unknown
}

// kmsKey is the ARN of the key c names: a key id in the account's region, or a key ARN as
// given. An alias is refused: IAM authorizes the key behind it, which the guard cannot see
// (the functions name their key by id, MFA_KEY_ID); a Decrypt without a key id likewise.
func (a Account) kmsKey(c Call) (string, error) {
	switch {
	case c.KeyID == "":
		return "", fmt.Errorf("KMS %s names no key: name it (KeyId), so the guard knows the resource", c.Operation)
	case strings.HasPrefix(c.KeyID, "alias/") || strings.Contains(c.KeyID, ":alias/"):
		return "", fmt.Errorf("KMS %s names the alias %q: name the key by its id", c.Operation, c.KeyID)
	case strings.HasPrefix(c.KeyID, "arn:"):
		return c.KeyID, nil
	}
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", a.Partition, a.Region, a.AccountID, c.KeyID), nil
}

// copySource reads a CopyObject source ("bucket/key" or "/bucket/key", URL-encoded, with an
// optional ?versionId=) into its bucket and key.
func copySource(src string) (bucket, key string, err error) {
	path, _, _ := strings.Cut(strings.TrimPrefix(src, "/"), "?")
	b, k, ok := strings.Cut(path, "/")
	if ok {
		k, err = url.PathUnescape(k)
	}
	if !ok || b == "" || k == "" || err != nil {
		return "", "", fmt.Errorf("S3 CopyObject: the copy source %q is not bucket/key", src)
	}
	return b, k, nil
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
func (a Account) sesSend(action, source, configSet string, recipients []string) []iam.Request {
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
	if len(recipients) > 0 {
		ctx["ses:Recipients"] = recipients
	}
	out := []iam.Request{{Action: action, Resource: a.sesARN("identity", from), Context: ctx}}
	if configSet != "" {
		out = append(out, iam.Request{Action: action, Resource: a.sesARN("configuration-set", configSet), Context: ctx})
	}
	return out
}
