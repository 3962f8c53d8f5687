package config

import (
	"log/slog"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func valid() map[string]string {
	return map[string]string{
		"TABLE_NAME": "portal", "ATTACHMENTS_BUCKET": "att", "IMPORTS_BUCKET": "imp", "SENDER_EMAIL": "no-reply@example.com",
		"LOG_LEVEL": "warn", "PORTAL_BASE_URL": "https://portal.example.com/", "AWS_REGION": "sa-east-1",
		"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000", "ORIGIN_VERIFY_SECRET": strings.Repeat("s", 48),
	}
}

func TestFromEnvReadsEverything(t *testing.T) {
	c, err := FromEnv(env(valid()))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"table", c.TableName, "portal"},
		{"bucket", c.AttachmentsBucket, "att"},
		{"portal base url without trailing slash", c.PortalBaseURL, "https://portal.example.com"},
		{"region", c.Region, "sa-east-1"},
		{"dynamodb endpoint", c.Endpoints.DynamoDB, "http://127.0.0.1:8000"},
		{"s3 endpoint", c.Endpoints.S3, ""},
		{"origin verify secret", c.OriginVerifySecret, strings.Repeat("s", 48)},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	if c.LogLevel != slog.LevelWarn {
		t.Errorf("LogLevel = %v, want warn", c.LogLevel)
	}
}

func TestFromEnvRefusesWithAClearMessage(t *testing.T) {
	tests := []struct {
		name   string
		change map[string]string
		want   []string
	}{
		{"missing table and bucket", map[string]string{"TABLE_NAME": "", "ATTACHMENTS_BUCKET": " "}, []string{"TABLE_NAME is not set", "ATTACHMENTS_BUCKET is not set"}},
		{"bad log level", map[string]string{"LOG_LEVEL": "loud"}, []string{`LOG_LEVEL "loud"`}},
		{"bad sender", map[string]string{"SENDER_EMAIL": "nobody"}, []string{`SENDER_EMAIL "nobody" is not an email address`}},
		{"base url with path", map[string]string{"PORTAL_BASE_URL": "https://x.example.com/p/acme"}, []string{"PORTAL_BASE_URL", "without path"}},
		{"base url without scheme", map[string]string{"PORTAL_BASE_URL": "portal.example.com"}, []string{"must start with https://"}},
		{"short origin secret", map[string]string{"ORIGIN_VERIFY_SECRET": "short-secret"}, []string{"ORIGIN_VERIFY_SECRET is shorter than 32"}},
		{"bad endpoint", map[string]string{"AWS_ENDPOINT_URL_S3": "localhost:9000"}, []string{`AWS_ENDPOINT_URL_S3 "localhost:9000" is not an http(s) URL`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			for k, v := range tt.change {
				m[k] = v
			}
			_, err := FromEnv(env(m))
			if err == nil {
				t.Fatal("FromEnv accepted a bad configuration")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestPortalBaseURLMayBeEmptyUntilSet(t *testing.T) {
	m := valid()
	delete(m, "PORTAL_BASE_URL")
	c, err := FromEnv(env(m))
	if err != nil || c.PortalBaseURL != "" {
		t.Errorf("FromEnv = %q, %v; want empty base URL and no error", c.PortalBaseURL, err)
	}
}
