// Package config reads a function's configuration from the environment once, at start.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is what every function knows about its deployment. It is read once in main
// and passed down; nothing reads the environment later.
type Config struct {
	Stage             string
	TableName         string
	AttachmentsBucket string
	// ImportsBucket receives CSV uploads for imports and keeps their reports.
	ImportsBucket string
	SenderEmail   string
	// MailConfigurationSet is the SES configuration set emails are sent with, whose event
	// destination reports bounces and complaints; empty sends without one.
	MailConfigurationSet string
	// PortalBaseURL is the origin of the portal (scheme and host, no path) when it is known
	// before the deploy: the custom domain, or the local stack's origin. Empty on a stack
	// without a custom domain, whose CloudFront domain the functions learn from each request
	// (httpapi.PortalOrigin); read it only through that helper.
	PortalBaseURL string
	// OriginVerifySecret is the secret CloudFront adds to every API request
	// (ORIGIN_VERIFY_SECRET; see httpapi.Guard). Empty checks nothing: only for processes
	// no request reaches but through the local gateway, which sets one.
	OriginVerifySecret string
	// AttachmentMaxBytes is the largest attachment (ATTACHMENT_MAX_BYTES; 0: the default).
	AttachmentMaxBytes int64
	// DigestQueueURL is the URL of the queue of notification digests (DIGEST_QUEUE_URL, the
	// template's !Ref DigestQueue); empty for the functions that do not send to it.
	DigestQueueURL string
	// NotifierDeadLettersURL is the URL of the notifier's dead-letter queue
	// (NOTIFIER_DEAD_LETTERS_URL, !Ref NotifierDeadLetters), where the notifier parks an event
	// that can never be delivered; empty for the other functions.
	NotifierDeadLettersURL string
	// BulkQueueURL is the URL of the queue of bulk actions on portal users (BULK_QUEUE_URL,
	// the template's !Ref BulkQueue); empty for the functions that do not send to it.
	BulkQueueURL string
	// NotifyWindow is the window of the notification digests (NOTIFY_WINDOW_SECONDS, 1 to
	// 900, SQS's longest delay): a recipient gets at most one email per record per window.
	// Zero: the notifier's default.
	NotifyWindow time.Duration
	// MFAKeyID is the KMS key that seals second factors' secrets (MFA_KEY_ID, the template's
	// !Ref MfaKey); empty for the functions that do not seal or open them.
	MFAKeyID string
	LogLevel slog.Level
	Region   string
	// Endpoints override the AWS service endpoints (local stack, DynamoDB Local); empty
	// means the SDK's default resolution.
	Endpoints Endpoints
}

// Endpoints are per-service endpoint overrides, read from the SDK's own variables
// (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SES,
// AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_KMS), so one set of variables points a function at the local stack,
// DynamoDB Local or AWS.
type Endpoints struct {
	DynamoDB string
	S3       string
	SES      string
	SQS      string
	KMS      string
}

// required names the variables every function needs; a missing one stops the function at
// start with a clear log line instead of failing on the first request.
var required = []string{"TABLE_NAME", "ATTACHMENTS_BUCKET", "IMPORTS_BUCKET", "SENDER_EMAIL", "LOG_LEVEL"}

// minOriginSecret is the shortest origin guard secret accepted: the stack generates 64
// letters and digits, the local gateway 64 hex digits.
const minOriginSecret = 32

// FromEnv reads the configuration through getenv (os.Getenv in main). It returns one error
// naming every missing or invalid variable.
func FromEnv(getenv func(string) string) (Config, error) {
	var problems []string
	for _, name := range required {
		if strings.TrimSpace(getenv(name)) == "" {
			problems = append(problems, name+" is not set")
		}
	}
	c := Config{
		Stage:                  getenv("STAGE"),
		TableName:              getenv("TABLE_NAME"),
		AttachmentsBucket:      getenv("ATTACHMENTS_BUCKET"),
		ImportsBucket:          getenv("IMPORTS_BUCKET"),
		SenderEmail:            getenv("SENDER_EMAIL"),
		MailConfigurationSet:   getenv("SES_CONFIGURATION_SET"),
		PortalBaseURL:          strings.TrimRight(getenv("PORTAL_BASE_URL"), "/"),
		OriginVerifySecret:     getenv("ORIGIN_VERIFY_SECRET"),
		DigestQueueURL:         getenv("DIGEST_QUEUE_URL"),
		NotifierDeadLettersURL: getenv("NOTIFIER_DEAD_LETTERS_URL"),
		BulkQueueURL:           getenv("BULK_QUEUE_URL"),
		MFAKeyID:               getenv("MFA_KEY_ID"),
		Region:                 firstNonEmpty(getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION"), "us-east-1"),
		Endpoints: Endpoints{
			DynamoDB: firstNonEmpty(getenv("AWS_ENDPOINT_URL_DYNAMODB"), getenv("AWS_ENDPOINT_URL")),
			S3:       firstNonEmpty(getenv("AWS_ENDPOINT_URL_S3"), getenv("AWS_ENDPOINT_URL")),
			SES:      firstNonEmpty(getenv("AWS_ENDPOINT_URL_SES"), getenv("AWS_ENDPOINT_URL")),
			SQS:      firstNonEmpty(getenv("AWS_ENDPOINT_URL_SQS"), getenv("AWS_ENDPOINT_URL")),
			KMS:      firstNonEmpty(getenv("AWS_ENDPOINT_URL_KMS"), getenv("AWS_ENDPOINT_URL")),
		},
	}
	if v := getenv("ATTACHMENT_MAX_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > 5<<30 {
			problems = append(problems, fmt.Sprintf("ATTACHMENT_MAX_BYTES %q is not a size in bytes (1 to 5 GiB)", v))
		}
		c.AttachmentMaxBytes = n
	}
	if v := getenv("NOTIFY_WINDOW_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 900 {
			problems = append(problems, fmt.Sprintf("NOTIFY_WINDOW_SECONDS %q is not a number of seconds from 1 to 900", v))
		}
		c.NotifyWindow = time.Duration(n) * time.Second
	}
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			problems = append(problems, fmt.Sprintf("LOG_LEVEL %q is not one of debug, info, warn, error", v))
		}
	}
	if c.SenderEmail != "" {
		if _, err := mail.ParseAddress(c.SenderEmail); err != nil {
			problems = append(problems, fmt.Sprintf("SENDER_EMAIL %q is not an email address", c.SenderEmail))
		}
	}
	if c.PortalBaseURL != "" {
		if err := checkOrigin(c.PortalBaseURL); err != nil {
			problems = append(problems, fmt.Sprintf("PORTAL_BASE_URL %q %v", c.PortalBaseURL, err))
		}
	}
	if c.OriginVerifySecret != "" && len(c.OriginVerifySecret) < minOriginSecret {
		// Never the value itself: this line is logged.
		problems = append(problems, fmt.Sprintf("ORIGIN_VERIFY_SECRET is shorter than %d characters", minOriginSecret))
	}
	for _, e := range []struct{ name, value string }{
		{"AWS_ENDPOINT_URL_DYNAMODB", c.Endpoints.DynamoDB},
		{"AWS_ENDPOINT_URL_S3", c.Endpoints.S3},
		{"AWS_ENDPOINT_URL_SES", c.Endpoints.SES},
		{"AWS_ENDPOINT_URL_SQS", c.Endpoints.SQS},
		{"AWS_ENDPOINT_URL_KMS", c.Endpoints.KMS},
	} {
		if e.value == "" {
			continue
		}
		if u, err := url.Parse(e.value); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("%s %q is not an http(s) URL", e.name, e.value))
		}
	}
	if len(problems) > 0 {
		return Config{}, errors.New("configuration: " + strings.Join(problems, "; "))
	}
	return c, nil
}

func checkOrigin(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return errors.New("is not a URL")
	case u.Scheme != "https" && u.Scheme != "http":
		return errors.New("must start with https://")
	case u.Host == "":
		return errors.New("has no host")
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "":
		return errors.New("must be an origin without path, query or fragment")
	}
	return nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
