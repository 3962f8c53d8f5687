// Package platform builds what every function needs once, at start: the configuration, the
// JSON logger, one aws.Config and the DynamoDB client made from it. The S3 and SES clients are
// made by their own packages (s3client, sesclient) from the same aws.Config, by the route
// packages that call them: a function links and builds only the clients its routes use.
package platform

import (
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
	"crmportal/shared/tracing"
)

// Deps are a function's long-lived dependencies, built once per process and shared by
// every request.
type Deps struct {
	Config config.Config
	Logger *slog.Logger
	// AWS is the configuration every client of the function is made from: region,
	// credentials, the retry settings below and the API options every call gets (X-Ray).
	AWS aws.Config
	// DynamoDB is the table's client; nearly every function uses it.
	DynamoDB *dynamodb.Client
	// APIOptions are added after AWS's to the clients of one service, keyed by its SDK
	// ServiceID ("S3", "SES"), that s3client and sesclient make: how the local stack and the
	// tests put a fault or a recorder on one service's calls. Deployed functions have none.
	APIOptions map[string][]func(*middleware.Stack) error
}

// WithAPIOptions returns d whose clients of service (an SDK ServiceID) get opts after the
// ones d already gives them. d itself is unchanged.
func (d Deps) WithAPIOptions(service string, opts ...func(*middleware.Stack) error) Deps {
	m := maps.Clone(d.APIOptions)
	if m == nil {
		m = map[string][]func(*middleware.Stack) error{}
	}
	// Clip so that appending never writes into a backing array another Deps shares.
	m[service] = append(slices.Clip(m[service]), opts...)
	d.APIOptions = m
	return d
}

// Retry tuning for user-facing calls: a few attempts with sub-second backoff, so a slow or
// throttled dependency turns into a clean 503 well inside API Gateway's 30 s limit.
const (
	retryMaxAttempts = 3
	retryMaxBackoff  = 400 * time.Millisecond
)

// New builds the dependencies from cfg over awsCfg (its region, credentials, HTTP client and
// API options; fault injection in tests goes there), with the project's retry settings, and
// makes the DynamoDB client.
func New(cfg config.Config, logOut io.Writer, awsCfg aws.Config) Deps {
	logger := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: cfg.LogLevel}))
	awsCfg.Region = cfg.Region
	awsCfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = retryMaxAttempts
			o.MaxBackoff = retryMaxBackoff
		})
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
	}
}

// LambdaAWS is the aws.Config of a function in Lambda, read from the variables Lambda sets:
// the region (cfg's) and the execution role's credentials (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is where the SDK's default chain finds
// them in Lambda. It does not use the SDK's config loader: that one links the shared-profile,
// SSO, STS and instance-metadata clients into every function (about 2 MiB) for sources a
// function never has. With no credentials set, every call fails with the SDK's error.
func LambdaAWS(cfg config.Config, getenv func(string) string) aws.Config {
	return aws.Config{
		Region: cfg.Region,
		Credentials: credentials.NewStaticCredentialsProvider(getenv("AWS_ACCESS_KEY_ID"),
			getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN")),
	}
}

// Endpoint is the base endpoint option of a client: override when set, else nil (the SDK's
// own resolution: AWS).
func Endpoint(override string) *string {
	if override == "" {
		return nil
	}
	return aws.String(override)
}

// Adapt wraps a route's handler with this process's logger (see httpapi.Adapt) and the
// origin guard (httpapi.Guard with the configured secret), which refuses a request that did
// not come through CloudFront before the handler runs. Every HTTP function is built through
// here.
//
// Inside the guard, the host scope (hostScope) resolves a custom domain the viewer came by.
func (d Deps) Adapt(h httpapi.HandlerFunc) httpapi.LambdaFunc {
	scoped := hostScope(d.Config.PortalBaseURL, store.New(d.DynamoDB, d.Config.TableName, nil), h)
	return httpapi.Adapt(d.Logger, httpapi.Guard(d.Config.OriginVerifySecret, scoped))
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
	awsCfg := LambdaAWS(cfg, os.Getenv)
	// In Lambda with Tracing: Active, every AWS call becomes an X-Ray subsegment of the
	// invocation (shared/tracing); elsewhere the daemon variable is unset and nothing changes.
	if err := tracing.Option(os.Getenv("AWS_XRAY_DAEMON_ADDRESS"))(&awsCfg); err != nil {
		slog.New(slog.NewJSONHandler(os.Stderr, nil)).Error("cannot start", "err", err.Error())
		os.Exit(1)
	}
	return New(cfg, os.Stdout, awsCfg)
}
