// Package health answers GET /api/health: the running version and, on request, whether the
// table and the attachments bucket answer.
package health

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithy "github.com/aws/smithy-go"

	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/version"
)

// TableDescriber is the DynamoDB call the deep check makes.
type TableDescriber interface {
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// BucketHeader is the S3 call the deep check makes.
type BucketHeader interface {
	HeadBucket(ctx context.Context, in *s3.HeadBucketInput, opts ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
}

var (
	_ TableDescriber = (*dynamodb.Client)(nil)
	_ BucketHeader   = (*s3.Client)(nil)
)

// CheckTimeout bounds each deep check, so a hanging dependency still gives an answer well
// inside the function's timeout.
const CheckTimeout = 2 * time.Second

// Handler serves GET /api/health.
type Handler struct {
	Table   string
	Bucket  string
	DB      TableDescriber
	S3      BucketHeader
	Version string
	// Timeout bounds each check; CheckTimeout when zero.
	Timeout time.Duration
	// Now is the clock used to time checks; time.Now when nil.
	Now func() time.Time
}

// Status is the answer of GET /api/health.
type Status struct {
	Status  string  `json:"status"`
	Version string  `json:"version"`
	Checks  *Checks `json:"checks,omitempty"`
}

// Checks are the deep checks' results.
type Checks struct {
	Table  Check `json:"table"`
	Bucket Check `json:"bucket"`
}

// Check is one dependency's result.
type Check struct {
	Status    string  `json:"status"`
	LatencyMs float64 `json:"latencyMs"`
	Error     string  `json:"error,omitempty"`
}

// Handle answers the version; with ?deep=1 it also calls DescribeTable and HeadBucket
// concurrently and answers 503 with Retry-After when either does not answer.
func (h *Handler) Handle(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	deep, err := parseDeep(r.QueryStringParameters["deep"])
	if err != nil {
		return nil, err
	}
	st := Status{Status: "ok", Version: h.Version}
	if !deep {
		return httpapi.JSON(http.StatusOK, st), nil
	}
	st.Checks = h.check(ctx)
	if st.Checks.Table.Status != "up" || st.Checks.Bucket.Status != "up" {
		st.Status = "degraded"
		reply := httpapi.JSON(http.StatusServiceUnavailable, st)
		reply.Headers = map[string]string{"Retry-After": "5"}
		return reply, nil
	}
	return httpapi.JSON(http.StatusOK, st), nil
}

func parseDeep(v string) (bool, error) {
	switch v {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, &httpapi.Error{Kind: httpapi.Invalid, Detail: `query parameter "deep" must be 0 or 1`,
		Fields: []httpapi.FieldError{{Field: "deep", Message: "must be 0 or 1"}}}
}

func (h *Handler) check(ctx context.Context) *Checks {
	var c Checks
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		c.Table = h.timed(ctx, "table", func(ctx context.Context) error {
			_, err := h.DB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(h.Table)})
			return err
		})
	}()
	go func() {
		defer wg.Done()
		c.Bucket = h.timed(ctx, "bucket", func(ctx context.Context) error {
			_, err := h.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(h.Bucket)})
			return err
		})
	}()
	wg.Wait()
	return &c
}

func (h *Handler) timed(ctx context.Context, name string, call func(context.Context) error) Check {
	now := h.Now
	if now == nil {
		now = time.Now
	}
	timeout := h.Timeout
	if timeout == 0 {
		timeout = CheckTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := now()
	err := call(ctx)
	ms := float64(now().Sub(start).Microseconds()) / 1000
	if err == nil {
		return Check{Status: "up", LatencyMs: ms}
	}
	httpapi.Logger(ctx).Warn("health check failed", "check", name, "err", err.Error())
	return Check{Status: "down", LatencyMs: ms, Error: reason(err)}
}

// reason is a short cause for the client, without internal detail such as ARNs or hosts.
func reason(err error) string {
	var api smithy.APIError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &api):
		return api.ErrorCode()
	default:
		return "unreachable"
	}
}

// Function builds the route's Lambda handler from the process's dependencies; main and the
// local gateway both call it, so they run the same code. The version is the process's
// VERSION variable (version.Env) when set, else what the binary knows of its build: only
// this function is given VERSION, so a deploy that changes it leaves the others' code alone.
func Function(d platform.Deps) httpapi.LambdaFunc {
	h := &Handler{
		Table:   d.Config.TableName,
		Bucket:  d.Config.AttachmentsBucket,
		DB:      d.DynamoDB,
		S3:      s3client.New(d),
		Version: version.Resolve(os.Getenv(version.Env)),
	}
	return d.Adapt(h.Handle)
}
