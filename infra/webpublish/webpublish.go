// Package webpublish puts the built browser app (web/dist) into the stack's web bucket with
// the headers CloudFront and browsers cache by, deletes what the build no longer has, and
// asks CloudFront to forget what it cached.
//
// Vite names the files under assets/ by their content's hash, so they never change: they are
// cached for a year as immutable. Everything else (index.html, the files of web/public) keeps
// its name from one build to the next, so it is "no-cache": browsers and CloudFront revalidate
// it on every use, and a deploy reaches users at their next page load.
package webpublish

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Cache-Control values.
const (
	Immutable = "public, max-age=31536000, immutable"
	NoCache   = "no-cache"
)

// hashedName is Vite's asset name: NAME-HASH.EXT, the hash 8 or more characters of
// base64url.
var hashedName = regexp.MustCompile(`-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$`)

// CacheControl is the Cache-Control of the object key: Immutable for a content-hashed file
// under assets/, NoCache for everything else.
func CacheControl(key string) string {
	if strings.HasPrefix(key, "assets/") && hashedName.MatchString(path.Base(key)) {
		return Immutable
	}
	return NoCache
}

// contentTypes are the types of the files a web build holds, fixed here rather than taken
// from the machine's MIME database (mime.TypeByExtension reads /etc/mime.types, which
// differs between machines).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".yaml":        "application/yaml",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".wasm":        "application/wasm",
}

// ContentType is the Content-Type of the object key, by its extension;
// application/octet-stream for an unknown one.
func ContentType(key string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(key))]; ok {
		return t
	}
	return "application/octet-stream"
}

// File is one file of the build and how it is stored.
type File struct {
	Key, Path                 string
	CacheControl, ContentType string
}

// Plan lists the files of dir as objects, in upload order: the immutable assets first, then
// the rest with index.html last, so a browser that gets the new index.html finds every file
// it names. A dir without index.html is an error: it is not a web build.
func Plan(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		files = append(files, File{Key: key, Path: p, CacheControl: CacheControl(key), ContentType: ContentType(key)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list web build %s: %w", dir, err)
	}
	rank := func(f File) int {
		switch {
		case f.CacheControl == Immutable:
			return 0
		case f.Key == "index.html":
			return 2
		}
		return 1
	}
	sort.Slice(files, func(i, j int) bool {
		if ri, rj := rank(files[i]), rank(files[j]); ri != rj {
			return ri < rj
		}
		return files[i].Key < files[j].Key
	})
	if len(files) == 0 || files[len(files)-1].Key != "index.html" {
		return nil, fmt.Errorf("list web build %s: no index.html (run make web)", dir)
	}
	return files, nil
}

// Bucket is the S3 calls Publish makes.
type Bucket interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, opts ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
}

// Invalidator is the CloudFront call Publish makes.
type Invalidator interface {
	CreateInvalidation(ctx context.Context, in *cloudfront.CreateInvalidationInput, opts ...func(*cloudfront.Options)) (*cloudfront.CreateInvalidationOutput, error)
}

var (
	_ Bucket      = (*s3.Client)(nil)
	_ Invalidator = (*cloudfront.Client)(nil)
)

// Target is where Publish puts the build.
type Target struct {
	Bucket string
	// DistributionID is the CloudFront distribution to invalidate; empty invalidates nothing
	// (a bucket no distribution serves, such as the local stack's).
	DistributionID string
	// KeepAssets keeps the hashed assets of earlier builds published within this long: a tab
	// opened on an earlier build still loads its lazy chunks. Every publish uploads all of
	// its files again, so an asset's Last-Modified is the last publish whose build had it.
	// Zero deletes every object the build does not have.
	KeepAssets time.Duration
}

// DefaultKeepAssets is how long portalctl keeps earlier builds' assets: longer than a
// browser tab stays open on a build, in practice.
const DefaultKeepAssets = 7 * 24 * time.Hour

// Result says what Publish did.
type Result struct {
	Uploaded     []File
	Deleted      []string // keys of objects the build no longer has
	Kept         []string // keys of earlier builds' assets kept (KeepAssets)
	Invalidation string   // the invalidation's id; empty when none was made
}

// InvalidationPaths are the paths Publish invalidates: all of them, one path as CloudFront
// counts them. The immutable assets are new names and need none, but the portal's routes
// (/admin, /p/{slug}) are served index.html under their own cache keys.
var InvalidationPaths = []string{"/*"}

// Publish uploads the files of dir to the target's bucket, deletes the bucket's objects the
// build does not have (but the recent assets KeepAssets keeps), then invalidates the
// distribution's cache. It stops at the first
// error, naming the object; a publish that failed midway is repaired by running it again.
func Publish(ctx context.Context, b Bucket, cf Invalidator, t Target, dir string) (Result, error) {
	files, err := Plan(dir)
	if err != nil {
		return Result{}, err
	}
	var r Result
	keep := map[string]bool{}
	for _, f := range files {
		if err := put(ctx, b, t.Bucket, f); err != nil {
			return r, err
		}
		keep[f.Key] = true
		r.Uploaded = append(r.Uploaded, f)
	}
	stale, kept, err := staleKeys(ctx, b, t.Bucket, keep, t.KeepAssets)
	if err != nil {
		return r, err
	}
	r.Kept = kept
	for start := 0; start < len(stale); start += 1000 { // DeleteObjects takes 1,000 keys
		batch := stale[start:min(start+1000, len(stale))]
		ids := make([]s3types.ObjectIdentifier, len(batch))
		for i, k := range batch {
			ids[i] = s3types.ObjectIdentifier{Key: aws.String(k)}
		}
		out, err := b.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(t.Bucket), Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return r, fmt.Errorf("delete stale objects of s3://%s: %w", t.Bucket, err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return r, fmt.Errorf("delete stale object s3://%s/%s: %s %s (%d failed)", t.Bucket, aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message), len(out.Errors))
		}
		r.Deleted = append(r.Deleted, batch...)
	}
	if t.DistributionID == "" {
		return r, nil
	}
	ref, err := callerReference()
	if err != nil {
		return r, err
	}
	out, err := cf.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
		DistributionId: aws.String(t.DistributionID),
		InvalidationBatch: &cftypes.InvalidationBatch{
			CallerReference: aws.String(ref),
			Paths:           &cftypes.Paths{Quantity: aws.Int32(int32(len(InvalidationPaths))), Items: InvalidationPaths},
		},
	})
	if err != nil {
		return r, fmt.Errorf("invalidate distribution %s: %w", t.DistributionID, err)
	}
	if out.Invalidation != nil {
		r.Invalidation = aws.ToString(out.Invalidation.Id)
	}
	return r, nil
}

func put(ctx context.Context, b Bucket, bucket string, f File) error {
	body, err := os.Open(f.Path)
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Key, err)
	}
	defer body.Close()
	info, err := body.Stat()
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Key, err)
	}
	_, err = b.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(bucket),
		Key:           aws.String(f.Key),
		Body:          body,
		ContentLength: aws.Int64(info.Size()),
		CacheControl:  aws.String(f.CacheControl),
		ContentType:   aws.String(f.ContentType),
	})
	if err != nil {
		return fmt.Errorf("upload s3://%s/%s: %w", bucket, f.Key, err)
	}
	return nil
}

// staleKeys lists the bucket's keys that keep does not hold: to delete, and the immutable
// assets modified within keepAssets, to keep.
func staleKeys(ctx context.Context, b Bucket, bucket string, keep map[string]bool, keepAssets time.Duration) (stale, kept []string, err error) {
	since := time.Now().Add(-keepAssets)
	var token *string
	for {
		out, err := b.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), ContinuationToken: token})
		if err != nil {
			return nil, nil, fmt.Errorf("list s3://%s: %w", bucket, err)
		}
		for _, o := range out.Contents {
			k := aws.ToString(o.Key)
			switch {
			case keep[k]:
			case keepAssets > 0 && CacheControl(k) == Immutable && o.LastModified != nil && o.LastModified.After(since):
				kept = append(kept, k)
			default:
				stale = append(stale, k)
			}
		}
		if !aws.ToBool(out.IsTruncated) {
			return stale, kept, nil
		}
		if out.NextContinuationToken == nil {
			return nil, nil, errors.New("list s3://" + bucket + ": truncated answer without a continuation token")
		}
		token = out.NextContinuationToken
	}
}

// callerReference makes each invalidation request unique (CloudFront takes a repeated
// reference for a repeat of the same request).
func callerReference() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("invalidation reference: %w", err)
	}
	return "web-publish-" + hex.EncodeToString(b[:]), nil
}
