package iamguard

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// ReadCall reads the call an HTTP request to svc's endpoint makes, from the request as the
// service reads it (the body is read and put back, unchanged). authorize is false for a
// request AWS does not authorize by identity: an S3 CORS preflight (OPTIONS).
func ReadCall(svc Service, r *http.Request) (c Call, authorize bool, err error) {
	switch svc {
	case DynamoDB:
		body, err := readBody(r)
		if err != nil {
			return Call{}, true, err
		}
		c, err := ParseDynamoDB(r.Header.Get("X-Amz-Target"), body)
		return c, true, err
	case SES:
		body, err := readBody(r)
		if err != nil {
			return Call{}, true, err
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return Call{Service: SES}, true, fmt.Errorf("SES request: %w", err)
		}
		for k, v := range r.URL.Query() {
			if _, ok := form[k]; !ok {
				form[k] = v
			}
		}
		c, err := ParseSES(form)
		return c, true, err
	case S3:
		if r.Method == http.MethodOptions {
			return Call{Service: S3}, false, nil
		}
		c, err := parseS3(r)
		return c, true, err
	case SQS:
		body, err := readBody(r)
		if err != nil {
			return Call{}, true, err
		}
		c, err := ParseSQS(r.Header.Get("X-Amz-Target"), body)
		return c, true, err
	case KMS:
		body, err := readBody(r)
		if err != nil {
			return Call{}, true, err
		}
		c, err := ParseKMS(r.Header.Get("X-Amz-Target"), body)
		return c, true, err
	}
	return Call{}, true, fmt.Errorf("unknown service %q", svc)
}

// readBody reads r's body and puts it back for whoever reads it next.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("read the request: %w", err)
	}
	return b, nil
}

// dynamoDBTargetPrefix starts the X-Amz-Target of every DynamoDB call (JSON 1.0 protocol).
const dynamoDBTargetPrefix = "DynamoDB_20120810."

// ParseDynamoDB reads a DynamoDB call from its X-Amz-Target header and JSON body: the
// operation, TableName, IndexName, the tables of RequestItems and the items of TransactItems
// (only those fields are decoded).
func ParseDynamoDB(target string, body []byte) (Call, error) {
	c := Call{Service: DynamoDB}
	op, ok := strings.CutPrefix(target, dynamoDBTargetPrefix)
	if !ok || op == "" {
		return c, fmt.Errorf("DynamoDB request with X-Amz-Target %q", target)
	}
	c.Operation = op
	var in struct {
		TableName     string
		IndexName     string
		RequestItems  map[string]json.RawMessage
		TransactItems []map[string]struct{ TableName string }
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return c, fmt.Errorf("DynamoDB %s: the body is not JSON: %w", op, err)
	}
	c.Table, c.Index = in.TableName, in.IndexName
	if in.RequestItems != nil {
		c.Tables = keys(in.RequestItems)
	}
	if in.TransactItems != nil {
		c.Items = []Item{}
		for _, it := range in.TransactItems {
			var item Item
			if len(it) == 1 {
				for op, v := range it {
					item = Item{Op: op, Table: v.TableName}
				}
			}
			c.Items = append(c.Items, item)
		}
	}
	return c, nil
}

// sqsTargetPrefix starts the X-Amz-Target of every SQS call in the JSON protocol (the one
// the SDK speaks; a call in the older query protocol is refused as unknown).
const sqsTargetPrefix = "AmazonSQS."

// ParseSQS reads an SQS call from its X-Amz-Target header and JSON body: the operation and
// QueueUrl (QueueName and QueueOwnerAWSAccountId for GetQueueUrl).
func ParseSQS(target string, body []byte) (Call, error) {
	c := Call{Service: SQS}
	op, ok := strings.CutPrefix(target, sqsTargetPrefix)
	if !ok || op == "" {
		return c, fmt.Errorf("SQS request with X-Amz-Target %q (only the JSON protocol is read)", target)
	}
	c.Operation = op
	var in struct{ QueueUrl, QueueName, QueueOwnerAWSAccountId string }
	if err := json.Unmarshal(body, &in); err != nil {
		return c, fmt.Errorf("SQS %s: the body is not JSON: %w", op, err)
	}
	c.QueueURL, c.QueueName, c.QueueOwner = in.QueueUrl, in.QueueName, in.QueueOwnerAWSAccountId
	return c, nil
}

// kmsTargetPrefix starts the X-Amz-Target of every KMS call (JSON 1.1 protocol).
const kmsTargetPrefix = "TrentService."

// ParseKMS reads a KMS call from its X-Amz-Target header and JSON body: the operation and
// KeyId.
func ParseKMS(target string, body []byte) (Call, error) {
	c := Call{Service: KMS}
	op, ok := strings.CutPrefix(target, kmsTargetPrefix)
	if !ok || op == "" {
		return c, fmt.Errorf("KMS request with X-Amz-Target %q", target)
	}
	c.Operation = op
	var in struct{ KeyId string }
	if err := json.Unmarshal(body, &in); err != nil {
		return c, fmt.Errorf("KMS %s: the body is not JSON: %w", op, err)
	}
	c.KeyID = in.KeyId
	return c, nil
}

// ParseSES reads an SES (v1, query protocol) call from its form: Action, Source,
// ConfigurationSetName and the recipients (Destination.{To,Cc,Bcc}Addresses.member.N of
// SendEmail, Destinations.member.N of SendRawEmail).
func ParseSES(form url.Values) (Call, error) {
	c := Call{Service: SES, Operation: form.Get("Action"), Source: form.Get("Source"), ConfigurationSet: form.Get("ConfigurationSetName")}
	if c.Operation == "" {
		return c, errors.New("SES request without Action")
	}
	lists := []string{"Destination.ToAddresses", "Destination.CcAddresses", "Destination.BccAddresses"}
	if c.Operation == "SendRawEmail" {
		lists = []string{"Destinations"}
	}
	for _, l := range lists {
		c.Recipients = append(c.Recipients, members(form, l)...)
	}
	return c, nil
}

// members lists the query protocol's list NAME.member.1, NAME.member.2, ... in order.
func members(form url.Values, name string) []string {
	type m struct {
		n int
		v string
	}
	var ms []m
	for k, v := range form {
		rest, ok := strings.CutPrefix(k, name+".member.")
		if !ok || len(v) == 0 {
			continue
		}
		if n, err := strconv.Atoi(rest); err == nil {
			ms = append(ms, m{n, v[0]})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].n < ms[j].n })
	out := make([]string, 0, len(ms))
	for _, x := range ms {
		out = append(out, x.v)
	}
	return out
}

// s3PlainParams are query parameters that do not make an S3 request another operation: the
// SDK's x-id, a presigned URL's X-Amz-* and response-* overrides, and a listing's options.
var s3PlainParams = map[string]bool{"x-id": true, "list-type": true, "prefix": true, "delimiter": true, "max-keys": true,
	"continuation-token": true, "start-after": true, "encoding-type": true, "fetch-owner": true, "marker": true}

// parseS3 reads a path-style S3 request (/bucket or /bucket/key): GET and HEAD of an object
// are GetObject and HeadObject, PUT PutObject (CopyObject, of the x-amz-copy-source object,
// with that header), DELETE
// DeleteObject; HEAD of a bucket is HeadBucket, GET a listing, POST ?delete DeleteObjects and a
// POST of a multipart form a browser's upload (PostObject) of the form's key. A request with a
// subresource (?acl, ?uploads, ...) is named after it and is unknown to the guard.
func parseS3(r *http.Request) (Call, error) {
	c := Call{Service: S3}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	c.Bucket = bucket
	q := r.URL.Query()
	var sub []string
	for k := range q {
		if !s3PlainParams[k] && !strings.HasPrefix(strings.ToLower(k), "x-amz-") && !strings.HasPrefix(k, "response-") {
			sub = append(sub, k)
		}
	}
	sort.Strings(sub)
	switch {
	case bucket == "":
		c.Operation = r.Method + " /"
	case key != "":
		c.Keys = []string{key}
		switch r.Method {
		case http.MethodGet:
			c.Operation = "GetObject"
		case http.MethodHead:
			c.Operation = "HeadObject"
		case http.MethodPut:
			c.Operation = "PutObject"
			if src := r.Header.Get("X-Amz-Copy-Source"); src != "" {
				c.Operation, c.CopySource = "CopyObject", src
			}
		case http.MethodDelete:
			c.Operation = "DeleteObject"
		default:
			c.Operation = r.Method + " object"
		}
	default:
		switch r.Method {
		case http.MethodHead:
			c.Operation = "HeadBucket"
		case http.MethodGet:
			c.Operation = "ListObjects"
			if q.Get("list-type") == "2" {
				c.Operation = "ListObjectsV2"
			}
		case http.MethodPost:
			if len(sub) == 1 && sub[0] == "delete" {
				sub = nil
				keys, err := deleteKeys(r)
				c.Operation, c.Keys = "DeleteObjects", keys
				if err != nil {
					return c, err
				}
			} else if len(sub) == 0 {
				key, err := postKey(r)
				c.Operation, c.Keys = "PostObject", []string{key}
				if err != nil {
					return c, err
				}
			} else {
				c.Operation = "POST bucket"
			}
		default:
			c.Operation = r.Method + " bucket"
		}
	}
	if len(sub) > 0 {
		c.Operation += "?" + strings.Join(sub, "&")
	}
	return c, nil
}

// deleteKeys reads the keys of a DeleteObjects request's XML body.
func deleteKeys(r *http.Request) ([]string, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	var d struct {
		Objects []struct{ Key string } `xml:"Object"`
	}
	if err := xml.Unmarshal(body, &d); err != nil {
		return nil, fmt.Errorf("S3 DeleteObjects: %w", err)
	}
	out := []string{}
	for _, o := range d.Objects {
		out = append(out, o.Key)
	}
	return out, nil
}

// postKey reads the key of a browser's form upload (a presigned POST): the form's key field,
// with ${filename} replaced by the file's name as S3 replaces it.
func postKey(r *http.Request) (string, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", fmt.Errorf("S3 POST to a bucket without a multipart form (Content-Type %q)", r.Header.Get("Content-Type"))
	}
	body, err := readBody(r)
	if err != nil {
		return "", err
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var key string
	found := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("S3 POST form: %w", err)
		}
		name := p.FormName()
		if strings.EqualFold(name, "file") {
			// S3 ignores the fields after the file.
			key = strings.ReplaceAll(key, "${filename}", p.FileName())
			break
		}
		if strings.EqualFold(name, "key") {
			b, err := io.ReadAll(p)
			if err != nil {
				return "", fmt.Errorf("S3 POST form: %w", err)
			}
			key, found = string(b), true
		}
	}
	if !found || key == "" {
		return "", errors.New("S3 POST form without a key")
	}
	return key, nil
}
