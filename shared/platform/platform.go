// Package platform builds what every function needs once, at start: the configuration, the
// JSON logger and one aws.Config with the DynamoDB, S3 and SES clients made from it.
package platform

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/tracing"
)

// Deps are a function's long-lived dependencies, built once per process and shared by
// every request.
type Deps struct {
	Config   config.Config
	Logger   *slog.Logger
	AWS      aws.Config
	DynamoDB *dynamodb.Client
	S3       *s3.Client
	SES      *ses.Client
}

// Retry tuning for user-facing calls: a few attempts with sub-second backoff, so a slow or
// throttled dependency turns into a clean 503 well inside API Gateway's 30 s limit.
const (
	retryMaxAttempts = 3
	retryMaxBackoff  = 400 * time.Millisecond
)

// New builds the dependencies from cfg. Options (for example fault injection in tests) are
// applied to the aws.Config before the clients are made.
func New(ctx context.Context, cfg config.Config, logOut io.Writer, opts ...func(*awsconfig.LoadOptions) error) (Deps, error) {
	logger := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: cfg.LogLevel}))
	loadOpts := append([]func(*awsconfig.LoadOptions) error{
		awsconfig.WithRegion(cfg.Region),
		awsconfig.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = retryMaxAttempts
				o.MaxBackoff = retryMaxBackoff
			})
		}),
	}, opts...)
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return Deps{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return Deps{
		Config: cfg,
		Logger: logger,
		AWS:    awsCfg,
		DynamoDB: dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) {
			if cfg.Endpoints.DynamoDB != "" {
				o.BaseEndpoint = aws.String(cfg.Endpoints.DynamoDB)
			}
		}),
		S3: s3.NewFromConfig(awsCfg, func(o *s3.Options) {
			if cfg.Endpoints.S3 != "" {
				o.BaseEndpoint = aws.String(cfg.Endpoints.S3)
				// Emulators serve buckets by path, not by virtual host.
				o.UsePathStyle = true
			}
		}),
		SES: ses.NewFromConfig(awsCfg, func(o *ses.Options) {
			if cfg.Endpoints.SES != "" {
				o.BaseEndpoint = aws.String(cfg.Endpoints.SES)
			}
		}),
	}, nil
}

// Adapt wraps a route's handler with this process's logger (see httpapi.Adapt) and the
// origin guard (httpapi.Guard with the configured secret), which refuses a request that did
// not come through CloudFront before the handler runs. Every HTTP function is built through
// here.
func (d Deps) Adapt(h httpapi.HandlerFunc) httpapi.LambdaFunc {
	return httpapi.Adapt(d.Logger, httpapi.Guard(d.Config.OriginVerifySecret, h))
}

// MustLoad reads the configuration from the environment and builds the dependencies. It is
// for main only: on a missing or invalid variable it logs one clear line and exits, so a
// misconfigured function fails at start, not on its first request.
func MustLoad() Deps {
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		slog.New(slog.NewJSONHandler(os.Stderr, nil)).Error("cannot start", "err", err.Error())
		os.Exit(1)
	}
	// In Lambda with Tracing: Active, every AWS call becomes an X-Ray subsegment of the
	// invocation (shared/tracing); elsewhere the daemon variable is unset and nothing changes.
	d, err := New(context.Background(), cfg, os.Stdout, tracing.Option(os.Getenv("AWS_XRAY_DAEMON_ADDRESS")))
	if err != nil {
		slog.New(slog.NewJSONHandler(os.Stderr, nil)).Error("cannot start", "err", err.Error())
		os.Exit(1)
	}
	return d
}
