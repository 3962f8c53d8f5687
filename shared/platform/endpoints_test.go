package platform_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"crmportal/shared/config"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/platform/sesclient"
)

// hostRecorder is an HTTP client that records the host a request goes to and sends nothing.
type hostRecorder struct{ host string }

var errNotSent = errors.New("not sent")

func (h *hostRecorder) Do(r *http.Request) (*http.Response, error) {
	h.host = r.URL.Host
	return nil, errNotSent
}

// TestEmptyEndpointVariablesMeanAWS: template.yaml declares AWS_ENDPOINT_URL_DYNAMODB, _S3 and
// _SES empty in every deployed function (for sam local's --env-vars). Empty must mean unset,
// so that a deployed function, whose clients MustLoad makes as here, calls AWS; a set one
// points the client at it.
func TestEmptyEndpointVariablesMeanAWS(t *testing.T) {
	tests := []struct {
		name, value         string
		dynamodb, s3, email string // the hosts the clients call
	}{
		{"empty", "", "dynamodb.sa-east-1.amazonaws.com", "amazonaws.com", "email.sa-east-1.amazonaws.com"},
		{"set", "http://127.0.0.1:9", "127.0.0.1:9", "127.0.0.1:9", "127.0.0.1:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range map[string]string{
				"TABLE_NAME": "portal", "ATTACHMENTS_BUCKET": "att", "IMPORTS_BUCKET": "imp", "SENDER_EMAIL": "no-reply@example.com",
				"LOG_LEVEL": "info", "AWS_REGION": "sa-east-1", "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret",
				"AWS_ENDPOINT_URL":          "",
				"AWS_ENDPOINT_URL_DYNAMODB": tt.value, "AWS_ENDPOINT_URL_S3": tt.value, "AWS_ENDPOINT_URL_SES": tt.value,
			} {
				t.Setenv(k, v)
			}
			cfg, err := config.FromEnv(os.Getenv)
			if err != nil {
				t.Fatal(err)
			}
			d := platform.New(cfg, io.Discard, platform.LambdaAWS(cfg, os.Getenv))
			ctx := context.Background()
			var rec hostRecorder
			_, err = d.DynamoDB.ListTables(ctx, &dynamodb.ListTablesInput{}, func(o *dynamodb.Options) {
				o.HTTPClient, o.RetryMaxAttempts = &rec, 1
			})
			if !errors.Is(err, errNotSent) || rec.host != tt.dynamodb {
				t.Errorf("DynamoDB called %q (%v), want %q", rec.host, err, tt.dynamodb)
			}
			rec = hostRecorder{}
			_, err = s3client.New(d).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("att")}, func(o *s3.Options) {
				o.HTTPClient, o.RetryMaxAttempts = &rec, 1
			})
			if !errors.Is(err, errNotSent) || !strings.HasSuffix(rec.host, tt.s3) {
				t.Errorf("S3 called %q (%v), want a host ending in %q", rec.host, err, tt.s3)
			}
			rec = hostRecorder{}
			_, err = sesclient.New(d).GetSendQuota(ctx, &ses.GetSendQuotaInput{}, func(o *ses.Options) {
				o.HTTPClient, o.RetryMaxAttempts = &rec, 1
			})
			if !errors.Is(err, errNotSent) || rec.host != tt.email {
				t.Errorf("SES called %q (%v), want %q", rec.host, err, tt.email)
			}
		})
	}
}
