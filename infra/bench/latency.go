package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/health"
)

// Interleave runs a and b n times each in blocks of block runs: a block of a then a block
// of b, with the order swapped in every other block, so slow drift (caches warming, a busy
// neighbour) falls on both series alike. The last block is shorter when block does not
// divide n; block < 1 counts as 1. It returns each series' timings in run order and stops at
// the first error.
func Interleave(n, block int, a, b func() (time.Duration, error)) (as, bs []time.Duration, err error) {
	if block < 1 {
		block = 1
	}
	as, bs = make([]time.Duration, 0, n), make([]time.Duration, 0, n)
	run := func(f func() (time.Duration, error), dst *[]time.Duration, k int) error {
		for range k {
			d, err := f()
			if err != nil {
				return err
			}
			*dst = append(*dst, d)
		}
		return nil
	}
	for i := 0; len(as) < n; i++ {
		k := min(block, n-len(as))
		fa, fb, da, db := a, b, &as, &bs
		if i%2 == 1 {
			fa, fb, da, db = b, a, &bs, &as
		}
		if err := run(fa, da, k); err != nil {
			return as, bs, err
		}
		if err := run(fb, db, k); err != nil {
			return as, bs, err
		}
	}
	return as, bs, nil
}

// BareRound makes the deep health check's two calls once, as shared/health makes them:
// DescribeTable of table and HeadBucket of bucket in two goroutines, each under
// health.CheckTimeout. It returns the wall time of the round and the calls' errors.
func BareRound(ctx context.Context, db health.TableDescriber, s3c health.BucketHeader, table, bucket string) (time.Duration, error) {
	start := time.Now()
	var dbErr, s3Err error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		ctx, cancel := context.WithTimeout(ctx, health.CheckTimeout)
		defer cancel()
		_, dbErr = db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	}()
	go func() {
		defer wg.Done()
		ctx, cancel := context.WithTimeout(ctx, health.CheckTimeout)
		defer cancel()
		_, s3Err = s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	}()
	wg.Wait()
	d := time.Since(start)
	if dbErr != nil || s3Err != nil {
		return d, fmt.Errorf("bare deep check: %w", errors.Join(dbErr, s3Err))
	}
	return d, nil
}

// RouteRound GETs url with client and reads the whole body, returning the wall time; a
// status other than 200 is an error.
func RouteRound(ctx context.Context, client *http.Client, url string) (time.Duration, error) {
	d, _, err := Get(ctx, client, url)
	return d, err
}

// Get GETs url with client, with the headers hdr (name and value pairs), and reads the whole
// body. It returns the wall time from sending the request to the end of the body, and the
// body; a status other than 200 is an error.
func Get(ctx context.Context, client *http.Client, url string, hdr ...string) (time.Duration, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: read body: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, nil, fmt.Errorf("GET %s: status %d: %s", url, resp.StatusCode, body)
	}
	return d, body, nil
}
