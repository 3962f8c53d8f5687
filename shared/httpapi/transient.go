package httpapi

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// transientCodes are AWS error codes that a later retry may not get.
var transientCodes = map[string]bool{
	"ThrottlingException":                    true,
	"Throttling":                             true,
	"ProvisionedThroughputExceededException": true,
	"RequestLimitExceeded":                   true,
	"TransactionInProgressException":         true,
	"TransactionConflictException":           true, // a single-item write on an item a transaction holds
	"InternalServerError":                    true,
	"ServiceUnavailable":                     true,
	// S3's (HeadObject answers without a body: its code is the status text without spaces,
	// which the 5xx rule below covers).
	"SlowDown":         true, // 503: the prefix's request rate is over S3's
	"InternalError":    true, // 500
	"RequestTimeout":   true, // 400: the connection idled while the request was sent
	"OperationAborted": true, // 409: a conflicting operation on the bucket is under way
	"TooManyRequests":  true,
}

// transient tells whether err is a dependency being slow, throttled or down (after the SDK's
// own retries), which the client should see as 503 with Retry-After rather than a 500. The
// store's own exhausted retries (a transaction cancelled for TransactionConflict, a batch left
// unprocessed: store.ErrBusy) come as a *retry.MaxAttemptsError too.
func transient(err error) bool {
	var maxAttempts *retry.MaxAttemptsError
	var api smithy.APIError
	var resp *smithyhttp.ResponseError
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &maxAttempts):
		return true
	case errors.As(err, &api) && transientCodes[api.ErrorCode()]:
		return true
	case errors.As(err, &resp) && resp.HTTPStatusCode() >= 500:
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true
	}
	return false
}

// Transient tells whether err is a dependency being busy or down rather than a fault of the
// request: an error the adapter answers 503 with Retry-After (a transient AWS error after the
// SDK's retries, the store's exhausted retries, or an Unavailable error). Work done outside a
// request (an event's handler) retries it or hands it back to the event's own retries instead
// of reporting it as a failure of its input.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	k := KindOf(err)
	return k == Unavailable || (k == Internal && transient(err))
}

// RetryTransient calls f until it succeeds, fails with an error that is not Transient, or has
// been called attempts times, waiting first between the first two calls and twice as long at
// each next one; an ended ctx stops it with f's last error and ctx's. It is for the write
// that follows a point of no return (an email sent, an invitation spent): left to the caller's
// retry, the whole step would be repeated, or refused as done.
func RetryTransient(ctx context.Context, attempts int, first time.Duration, f func() error) error {
	wait := first
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || attempt >= attempts || !Transient(err) {
			return err
		}
		Logger(ctx).Warn("a dependency is busy; trying again", "attempt", attempt, "after", wait.String(), "err", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
}
