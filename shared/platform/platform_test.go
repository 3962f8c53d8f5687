package platform

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

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

func TestNewPointsClientsAtTheConfiguredEndpoints(t *testing.T) {
	cfg := config.Config{Region: "sa-east-1", Endpoints: config.Endpoints{DynamoDB: "http://127.0.0.1:1", S3: "http://127.0.0.1:2", SES: "http://127.0.0.1:3"}}
	d, err := New(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"dynamodb", *d.DynamoDB.Options().BaseEndpoint, "http://127.0.0.1:1"},
		{"s3", *d.S3.Options().BaseEndpoint, "http://127.0.0.1:2"},
		{"ses", *d.SES.Options().BaseEndpoint, "http://127.0.0.1:3"},
		{"region", d.AWS.Region, "sa-east-1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !d.S3.Options().UsePathStyle {
		t.Error("S3 against an emulator must use path-style addressing")
	}
	if got := d.AWS.Retryer().MaxAttempts(); got != retryMaxAttempts {
		t.Errorf("retry attempts = %d, want %d", got, retryMaxAttempts)
	}
}
