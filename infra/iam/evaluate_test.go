package iam

import "testing"

func mustPolicy(tb testing.TB, text string) Policy {
	tb.Helper()
	p, err := ParseJSON(text)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// The policies below follow the examples of the IAM User Guide (policy elements, evaluation
// logic, condition operators), with the documentation's placeholder names.
func TestEvaluate(t *testing.T) {
	const dynamo = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Action":["dynamodb:GetItem","dynamodb:Query"],
		"Resource":"arn:aws:dynamodb:us-east-2:123456789012:table/Books"}]}`
	const dynamoIndexes = `{"Statement":[{"Effect":"Allow","Action":"dynamodb:Query",
		"Resource":["arn:aws:dynamodb:us-east-2:123456789012:table/Books","arn:aws:dynamodb:us-east-2:123456789012:table/Books/index/*"]}]}`
	const s3Objects = `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
		"Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}`
	const notActionDeny = `{"Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}`
	const notResource = `{"Statement":{"Effect":"Allow","Action":"s3:*",
		"NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}`
	const sesFrom = `{"Statement":[{"Effect":"Allow","Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"*",
		"Condition":{"StringEquals":{"ses:FromAddress":"marketing@example.com"}}}]}`
	const secureTransport = `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
		{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	const stringLike = `{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket",
		"Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*","public/*"]}}}]}`
	const notEquals = `{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*",
		"Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","us-west-1"]}}}]}`
	const ifExists = `{"Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
		"Condition":{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*"]}}}]}`
	const null = `{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*",
		"Condition":{"Null":{"aws:TokenIssueTime":"false"}}}]}`
	const forAll = `{"Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*",
		"Condition":{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID","Message","Tags"]}}}]}`
	const numeric = `{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
		"Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}}]}`
	const wildcardSegment = `{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:123456789012:queue?"}]}`

	tests := []struct {
		name   string
		policy string
		req    Request
		want   Decision
	}{
		{"allowed action on its table", dynamo, Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/Books"}, Allowed},
		{"action names are case-insensitive", dynamo, Request{Action: "DynamoDB:getitem", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/Books"}, Allowed},
		{"action not listed", dynamo, Request{Action: "dynamodb:PutItem", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/Books"}, ImplicitDeny},
		{"index needs its own ARN", dynamo, Request{Action: "dynamodb:Query", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/Books/index/GSI1"}, ImplicitDeny},
		{"index ARN granted", dynamoIndexes, Request{Action: "dynamodb:Query", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/Books/index/GSI1"}, Allowed},
		{"another table", dynamo, Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/Bookshelf"}, ImplicitDeny},
		{"resource names are case-sensitive", dynamo, Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-2:123456789012:table/books"}, ImplicitDeny},
		{"object under bucket/*", s3Objects, Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/a/b/c.pdf"}, Allowed},
		{"bucket itself is not bucket/*", s3Objects, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket"}, ImplicitDeny},
		{"explicit deny with NotAction wins", notActionDeny, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, ExplicitDeny},
		{"NotAction leaves the named service allowed", notActionDeny, Request{Action: "iam:ListUsers", Resource: "*"}, Allowed},
		{"NotResource excludes", notResource, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::HRBucket/Payroll/2024.csv"}, ImplicitDeny},
		{"NotResource allows the rest", notResource, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::HRBucket/Other"}, Allowed},
		{"condition holds", sesFrom, Request{Action: "ses:SendEmail", Resource: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
			Context: map[string][]string{"ses:FromAddress": {"marketing@example.com"}}}, Allowed},
		{"condition keys are case-insensitive", sesFrom, Request{Action: "ses:SendEmail", Resource: "x",
			Context: map[string][]string{"SES:fromaddress": {"marketing@example.com"}}}, Allowed},
		{"condition fails on another value", sesFrom, Request{Action: "ses:SendEmail", Resource: "x",
			Context: map[string][]string{"ses:FromAddress": {"ceo@example.com"}}}, ImplicitDeny},
		{"condition fails when the key is missing", sesFrom, Request{Action: "ses:SendEmail", Resource: "x"}, ImplicitDeny},
		{"Bool deny applies", secureTransport, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
			Context: map[string][]string{"aws:SecureTransport": {"false"}}}, ExplicitDeny},
		{"Bool deny does not apply over TLS", secureTransport, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
			Context: map[string][]string{"aws:SecureTransport": {"true"}}}, Allowed},
		{"StringLike second value", stringLike, Request{Action: "s3:ListBucket", Resource: "arn:aws:s3:::amzn-s3-demo-bucket",
			Context: map[string][]string{"s3:prefix": {"public/reports/"}}}, Allowed},
		{"StringLike no value matches", stringLike, Request{Action: "s3:ListBucket", Resource: "arn:aws:s3:::amzn-s3-demo-bucket",
			Context: map[string][]string{"s3:prefix": {"private/"}}}, ImplicitDeny},
		{"StringNotEquals holds for another region", notEquals, Request{Action: "ec2:RunInstances", Resource: "*",
			Context: map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}}, Allowed},
		{"StringNotEquals fails for a listed region", notEquals, Request{Action: "ec2:RunInstances", Resource: "*",
			Context: map[string][]string{"aws:RequestedRegion": {"us-west-1"}}}, ImplicitDeny},
		{"StringNotEquals holds when the key is missing", notEquals, Request{Action: "ec2:RunInstances", Resource: "*"}, Allowed},
		{"IfExists holds when the key is missing", ifExists, Request{Action: "ec2:RunInstances", Resource: "*"}, Allowed},
		{"IfExists checks a present key", ifExists, Request{Action: "ec2:RunInstances", Resource: "*",
			Context: map[string][]string{"ec2:InstanceType": {"m5.large"}}}, ImplicitDeny},
		{"Null false needs the key", null, Request{Action: "ec2:RunInstances", Resource: "*"}, ImplicitDeny},
		{"Null false with the key", null, Request{Action: "ec2:RunInstances", Resource: "*",
			Context: map[string][]string{"aws:TokenIssueTime": {"2026-01-01T00:00:00Z"}}}, Allowed},
		{"ForAllValues every value listed", forAll, Request{Action: "dynamodb:GetItem", Resource: "*",
			Context: map[string][]string{"dynamodb:Attributes": {"ID", "Tags"}}}, Allowed},
		{"ForAllValues one value not listed", forAll, Request{Action: "dynamodb:GetItem", Resource: "*",
			Context: map[string][]string{"dynamodb:Attributes": {"ID", "Secret"}}}, ImplicitDeny},
		{"Numeric within bound", numeric, Request{Action: "s3:ListBucket", Resource: "*",
			Context: map[string][]string{"s3:max-keys": {"10"}}}, Allowed},
		{"Numeric over bound", numeric, Request{Action: "s3:ListBucket", Resource: "*",
			Context: map[string][]string{"s3:max-keys": {"11"}}}, ImplicitDeny},
		{"wildcard region segment and ? in name", wildcardSegment, Request{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:123456789012:queue1"}, Allowed},
		{"? is exactly one character", wildcardSegment, Request{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:123456789012:queue10"}, ImplicitDeny},
		{"no policies deny", "", Request{Action: "s3:GetObject", Resource: "*"}, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps []Policy
			if tt.policy != "" {
				ps = append(ps, mustPolicy(t, tt.policy))
			}
			if got := Evaluate(ps, tt.req); got != tt.want {
				t.Errorf("Evaluate(%s on %s) = %v, want %v", tt.req.Action, tt.req.Resource, got, tt.want)
			}
		})
	}
}

func TestResourceMatches(t *testing.T) {
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "arn:aws:s3:::b", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::c/x", false},
		// A * ending a segment may match past colons; one inside a segment may not.
		{"arn:aws:dynamodb:*", "arn:aws:dynamodb:us-east-1:1:table/T", true},
		{"arn:aws:dynamodb:us-*-1:1:table/T", "arn:aws:dynamodb:us-east-1:1:table/T", true},
		{"arn:aws:dynamodb:u*1:table/T", "arn:aws:dynamodb:us-east-1:1:table/T", false},
		{"arn:aws:dynamodb:us-east-1:1:table/T/index/*", "arn:aws:dynamodb:us-east-1:1:table/T/index/GSI1", true},
		{"arn:aws:dynamodb:us-east-1:1:table/T/index/*", "arn:aws:dynamodb:us-east-1:1:table/T", false},
		{"arn:aws:dynamodb:us-east-1:1:table/T", "arn:aws:dynamodb:us-east-1:1:table/T/index/GSI1", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.arn, func(t *testing.T) {
			if got := ResourceMatches(tt.pattern, tt.arn); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRefusesWhatItCannotEvaluate(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"no statement", `{"Version":"2012-10-17"}`},
		{"bad effect", `{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}`},
		{"both Action and NotAction", `{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}`},
		{"no resource", `{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}`},
		{"unresolved intrinsic", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":[{"Fn::GetAtt":["B","Arn"]}]}]}`},
		{"empty resource", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":""}]}`},
		{"unknown operator", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01"}}}]}`},
		{"principal", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseJSON(tt.doc); err == nil {
				t.Errorf("ParseJSON(%s) = nil error, want one", tt.doc)
			}
		})
	}
}
