package platform

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/smithy-go/middleware"

	"crmportal/shared/config"
)

// TestMustLoadFailsFastOnMissingConfiguration runs MustLoad in a child process (it exits)
// with an empty environment and checks the one clear log line and the exit code.
func TestMustLoadFailsFastOnMissingConfiguration(t *testing.T) {
	if os.Getenv("PLATFORM_MUSTLOAD_CHILD") == "1" {
		MustLoad()
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMustLoadFailsFastOnMissingConfiguration$")
	cmd.Env = []string{"PLATFORM_MUSTLOAD_CHILD=1", "HOME=" + os.TempDir()}
	out, err := cmd.CombinedOutput()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != 1 {
		t.Fatalf("MustLoad with no configuration: err %v, output %s; want exit code 1", err, out)
	}
	for _, want := range []string{`"msg":"cannot start"`, "TABLE_NAME is not set", "SENDER_EMAIL is not set"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output %s does not say %s", out, want)
		}
	}
}

func TestNewPointsDynamoDBAtTheConfiguredEndpoint(t *testing.T) {
	cfg := config.Config{Region: "sa-east-1", Endpoints: config.Endpoints{DynamoDB: "http://127.0.0.1:1"}}
	d := New(cfg, io.Discard, LambdaAWS(cfg, func(string) string { return "" }))
	checks := []struct{ name, got, want string }{
		{"dynamodb", *d.DynamoDB.Options().BaseEndpoint, "http://127.0.0.1:1"},
		{"region", d.AWS.Region, "sa-east-1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if got := d.AWS.Retryer().MaxAttempts(); got != retryMaxAttempts {
		t.Errorf("retry attempts = %d, want %d", got, retryMaxAttempts)
	}
}

// TestLambdaAWSSignsWithTheExecutionRole: the credentials are the ones Lambda sets.
func TestLambdaAWSSignsWithTheExecutionRole(t *testing.T) {
	env := map[string]string{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"}
	c, err := LambdaAWS(config.Config{Region: "sa-east-1"}, func(k string) string { return env[k] }).Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.AccessKeyID != "AKID" || c.SecretAccessKey != "secret" || c.SessionToken != "token" {
		t.Errorf("credentials = %q, %q, %q; want AKID, secret, token", c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
	}
}

// TestWithAPIOptionsLeavesTheOriginalAlone: two test environments made from one Deps never
// share each other's options.
func TestWithAPIOptionsLeavesTheOriginalAlone(t *testing.T) {
	nop := func(*middleware.Stack) error { return nil }
	base := Deps{}.WithAPIOptions("S3", nop)
	a := base.WithAPIOptions("S3", nop)
	b := base.WithAPIOptions("SES", nop)
	tests := []struct {
		name    string
		d       Deps
		s3, ses int
	}{{"base", base, 1, 0}, {"a", a, 2, 0}, {"b", b, 1, 1}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(tt.d.APIOptions["S3"]); got != tt.s3 {
				t.Errorf("S3 options = %d, want %d", got, tt.s3)
			}
			if got := len(tt.d.APIOptions["SES"]); got != tt.ses {
				t.Errorf("SES options = %d, want %d", got, tt.ses)
			}
		})
	}
}
