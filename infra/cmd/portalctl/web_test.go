package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/platform/s3client"
)

// A publish to the local stack's S3 stores each file with its cache headers and type, and
// deletes what the build no longer has.
func TestWebPublish(t *testing.T) {
	ctx := context.Background()
	d, err := st.Deps(ctx, origin, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	objects := s3client.New(d)
	bucket := "web-publish-" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))
	if _, err := objects.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	// What the bucket holds from an earlier publish, just now: an asset and a file the new
	// build lacks.
	for _, key := range []string{"assets/index-OLDold00.js", "old.txt"} {
		if _, err := objects.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader("old")}); err != nil {
			t.Fatal(err)
		}
	}
	dist := t.TempDir()
	files := map[string]string{
		"index.html":                  "<!doctype html><script src=/assets/index-BdXb3F9k.js></script>",
		"assets/index-BdXb3F9k.js":    "console.log(1)",
		"assets/index-Cq_-9aZz.css":   "body{}",
		"assets/Inter-DQ9m1pXz.woff2": "font",
		"favicon.svg":                 "<svg/>",
	}
	for k, v := range files {
		p := filepath.Join(dist, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := envFile(t)
	data, err := os.ReadFile(env)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(env, append(data, []byte("WEB_BUCKET="+bucket+"\n")...), 0o600); err != nil {
		t.Fatal(err)
	}

	// The earlier build's asset is recent, so the default keeps it; the file goes.
	r := ctl(nil, "--env-file", env, "web", "publish", dist)
	if r.code != exitOK {
		t.Fatalf("web publish: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if want := "uploaded 5 files to s3://" + bucket + " (3 immutable assets), deleted 1 stale, kept 1 assets of earlier builds"; !strings.Contains(r.stdout, want) {
		t.Errorf("stdout = %q, want it to say %q", r.stdout, want)
	}
	if keys := listKeys(t, objects, bucket); !slices.Contains(keys, "assets/index-OLDold00.js") || slices.Contains(keys, "old.txt") {
		t.Errorf("after the first publish the bucket holds %v: want the recent asset kept, old.txt deleted", keys)
	}
	// Keeping none deletes it.
	r = ctl(nil, "--env-file", env, "web", "publish", "--keep-assets", "0", dist)
	if r.code != exitOK {
		t.Fatalf("web publish --keep-assets 0: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if want := "deleted 1 stale, kept 0 assets"; !strings.Contains(r.stdout, want) {
		t.Errorf("stdout = %q, want it to say %q", r.stdout, want)
	}

	const immutable = "public, max-age=31536000, immutable"
	want := map[string][2]string{ // key: Cache-Control, Content-Type
		"index.html":                  {"no-cache", "text/html; charset=utf-8"},
		"favicon.svg":                 {"no-cache", "image/svg+xml"},
		"assets/index-BdXb3F9k.js":    {immutable, "text/javascript; charset=utf-8"},
		"assets/index-Cq_-9aZz.css":   {immutable, "text/css; charset=utf-8"},
		"assets/Inter-DQ9m1pXz.woff2": {immutable, "font/woff2"},
	}
	for key, w := range want {
		out, err := objects.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			t.Errorf("get %s: %v", key, err)
			continue
		}
		body, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if got := [2]string{aws.ToString(out.CacheControl), aws.ToString(out.ContentType)}; got != w {
			t.Errorf("%s: Cache-Control, Content-Type = %q, want %q", key, got, w)
		}
		if string(body) != files[key] {
			t.Errorf("%s: body = %q, want %q", key, body, files[key])
		}
	}
	keys := listKeys(t, objects, bucket)
	var wantKeys []string
	for k := range want {
		wantKeys = append(wantKeys, k)
	}
	sort.Strings(wantKeys)
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("bucket holds %v, want %v (the stale asset deleted)", keys, wantKeys)
	}
}

func listKeys(t *testing.T, c *s3.Client, bucket string) []string {
	t.Helper()
	list, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

func TestStackEnv(t *testing.T) {
	outputs := map[string]string{
		"TableName": "crm-portal-dev-Table-1", "AttachmentsBucketName": "att", "ImportsBucketName": "imp",
		"PortalUrl": "https://d111111abcdef8.cloudfront.net", "MailConfigurationSetName": "MailConfigurationSet-abc",
		"WebBucketName": "web", "DistributionId": "E2QWRUHEXAMPLE", "ApiUrl": "https://x.execute-api",
	}
	params := map[string]string{"SenderEmail": "no-reply@mail.acme.com", "Stage": "dev", "LogLevel": "warn"}
	with := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{}
		for kk, vv := range m {
			out[kk] = vv
		}
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	full := map[string]string{
		"AWS_REGION": "sa-east-1", "LOG_LEVEL": "info", "TABLE_NAME": "crm-portal-dev-Table-1", "ATTACHMENTS_BUCKET": "att",
		"IMPORTS_BUCKET": "imp", "PORTAL_BASE_URL": "https://d111111abcdef8.cloudfront.net", "SES_CONFIGURATION_SET": "MailConfigurationSet-abc",
		"WEB_BUCKET": "web", "DISTRIBUTION_ID": "E2QWRUHEXAMPLE", "SENDER_EMAIL": "no-reply@mail.acme.com", "STAGE": "dev",
	}
	tests := []struct {
		name            string
		outputs, params map[string]string
		want            map[string]string
		wantErr         string
	}{
		{"every value", outputs, params, full, ""},
		{"custom domain with a trailing slash", with(outputs, "PortalUrl", "https://portal.acme.com/"), params, with(full, "PORTAL_BASE_URL", "https://portal.acme.com"), ""},
		{"no configuration set output", with(outputs, "MailConfigurationSetName", ""), params, with(full, "SES_CONFIGURATION_SET", ""), ""},
		{"custom domains enabled", with(with(outputs, "TenantDistributionId", "E3TENANTEXAMPLE"), "ConnectionGroupId", "cg_2wjDWTBKTlRB87cAaUQFaakABC"), params,
			with(with(full, "TENANT_DISTRIBUTION_ID", "E3TENANTEXAMPLE"), "CONNECTION_GROUP_ID", "cg_2wjDWTBKTlRB87cAaUQFaakABC"), ""},
		{"another project's stack", map[string]string{"Foo": "bar"}, map[string]string{}, nil,
			"stack crm-portal-dev (status CREATE_COMPLETE) lacks output AttachmentsBucketName, output DistributionId, output ImportsBucketName, output PortalUrl, output TableName, output WebBucketName, parameter SenderEmail, parameter Stage"},
		{"no table output", with(outputs, "TableName", ""), params, nil, "lacks output TableName:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stackEnv("crm-portal-dev", "sa-east-1", cfStack{status: "CREATE_COMPLETE", outputs: tt.outputs, parameters: tt.params})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("env = %v\nwant  %v", got, tt.want)
			}
		})
	}
}

type fakeStacks func(*cloudformation.DescribeStacksInput) (*cloudformation.DescribeStacksOutput, error)

func (f fakeStacks) DescribeStacks(_ context.Context, in *cloudformation.DescribeStacksInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	return f(in)
}

func TestDescribeStack(t *testing.T) {
	cf := fakeStacks(func(in *cloudformation.DescribeStacksInput) (*cloudformation.DescribeStacksOutput, error) {
		if aws.ToString(in.StackName) != "crm-portal-dev" {
			t.Errorf("stack name = %q", aws.ToString(in.StackName))
		}
		return &cloudformation.DescribeStacksOutput{Stacks: []cftypes.Stack{{
			StackStatus: cftypes.StackStatusUpdateComplete,
			Outputs:     []cftypes.Output{{OutputKey: aws.String("TableName"), OutputValue: aws.String("t")}},
			Parameters: []cftypes.Parameter{
				{ParameterKey: aws.String("Stage"), ParameterValue: aws.String("dev")},
				// An SSM parameter type gives its resolved value.
				{ParameterKey: aws.String("SenderEmail"), ParameterValue: aws.String("/portal/sender"), ResolvedValue: aws.String("a@acme.com")},
			},
		}}}, nil
	})
	got, err := describeStack(context.Background(), cf, "crm-portal-dev")
	if err != nil {
		t.Fatal(err)
	}
	want := cfStack{status: "UPDATE_COMPLETE", outputs: map[string]string{"TableName": "t"}, parameters: map[string]string{"Stage": "dev", "SenderEmail": "a@acme.com"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stack = %+v, want %+v", got, want)
	}
}
