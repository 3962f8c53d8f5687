package webpublish

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestCacheControl(t *testing.T) {
	tests := []struct{ key, want string }{
		{"index.html", NoCache},
		{"assets/index-BdXb3F9k.js", Immutable},
		{"assets/index-Cq_-9aZz.css", Immutable},
		{"assets/Inter-Regular-DQ9m1pXz.woff2", Immutable},
		{"assets/logo.svg", NoCache},      // no hash: may change under its name
		{"favicon-BdXb3F9k.svg", NoCache}, // hash-like, but not under assets/
		{"assets/sub/chunk-BdXb3F9k.js", Immutable},
		{"assets/index-short.js", NoCache}, // 5 characters are not Vite's hash
		{"robots.txt", NoCache},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := CacheControl(tt.key); got != tt.want {
				t.Errorf("CacheControl(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestContentType(t *testing.T) {
	tests := []struct{ key, want string }{
		{"index.html", "text/html; charset=utf-8"},
		{"assets/index-BdXb3F9k.js", "text/javascript; charset=utf-8"},
		{"assets/index-BdXb3F9k.css", "text/css; charset=utf-8"},
		{"assets/font-BdXb3F9k.woff2", "font/woff2"},
		{"logo.SVG", "image/svg+xml"},
		{"manifest.webmanifest", "application/manifest+json"},
		{"data.bin", "application/octet-stream"},
		{"LICENSE", "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := ContentType(tt.key); got != tt.want {
				t.Errorf("ContentType(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

// writeDist writes files (key -> content) into a new folder.
func writeDist(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for k, v := range files {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPlanOrder(t *testing.T) {
	dir := writeDist(t, map[string]string{
		"index.html": "<html>", "robots.txt": "x", "assets/b-BdXb3F9k.js": "b", "assets/a-BdXb3F9k.css": "a", "assets/logo.svg": "s",
	})
	files, err := Plan(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Key)
	}
	want := []string{"assets/a-BdXb3F9k.css", "assets/b-BdXb3F9k.js", "assets/logo.svg", "robots.txt", "index.html"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
	if _, err := Plan(writeDist(t, map[string]string{"assets/a-BdXb3F9k.js": "a"})); err == nil {
		t.Error("a folder without index.html was planned")
	}
}

// fakeBucket and fakeCDN are the calls Publish makes, as functions.
type fakeBucket struct {
	put    func(*s3.PutObjectInput) error
	list   func(*s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error)
	delete func(*s3.DeleteObjectsInput) (*s3.DeleteObjectsOutput, error)
}

func (f fakeBucket) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	return &s3.PutObjectOutput{}, f.put(in)
}
func (f fakeBucket) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	return f.list(in)
}
func (f fakeBucket) DeleteObjects(_ context.Context, in *s3.DeleteObjectsInput, _ ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	return f.delete(in)
}

type fakeCDN struct {
	invalidate func(*cloudfront.CreateInvalidationInput) (*cloudfront.CreateInvalidationOutput, error)
}

func (f fakeCDN) CreateInvalidation(_ context.Context, in *cloudfront.CreateInvalidationInput, _ ...func(*cloudfront.Options)) (*cloudfront.CreateInvalidationOutput, error) {
	return f.invalidate(in)
}

func TestPublish(t *testing.T) {
	dir := writeDist(t, map[string]string{"index.html": "<html>", "assets/app-BdXb3F9k.js": "js"})
	// The bucket holds the assets of two earlier builds (one published an hour ago, one a
	// month ago), a file the build no longer has, and the current files; two pages of listing.
	hourAgo, monthAgo := time.Now().Add(-time.Hour), time.Now().Add(-30*24*time.Hour)
	pages := []*s3.ListObjectsV2Output{
		{Contents: []s3types.Object{
			{Key: aws.String("assets/app-OLDold00.js"), LastModified: &monthAgo},
			{Key: aws.String("assets/app-PREVprev.js"), LastModified: &hourAgo},
			{Key: aws.String("index.html"), LastModified: &hourAgo},
		}, IsTruncated: aws.Bool(true), NextContinuationToken: aws.String("p2")},
		{Contents: []s3types.Object{{Key: aws.String("assets/app-BdXb3F9k.js")}, {Key: aws.String("old.txt"), LastModified: &hourAgo}}, IsTruncated: aws.Bool(false)},
	}
	const week = 7 * 24 * time.Hour
	tests := []struct {
		name         string
		distribution string
		keepAssets   time.Duration
		putErr       error
		invalidErr   error
		wantDeleted  []string
		wantKept     []string
		wantInvalid  int
		wantErr      string
	}{
		{name: "uploads, deletes the stale but the recent assets, invalidates", distribution: "E123", keepAssets: week,
			wantDeleted: []string{"assets/app-OLDold00.js", "old.txt"}, wantKept: []string{"assets/app-PREVprev.js"}, wantInvalid: 1},
		{name: "keeping nothing deletes every stale object", distribution: "E123",
			wantDeleted: []string{"assets/app-OLDold00.js", "assets/app-PREVprev.js", "old.txt"}, wantInvalid: 1},
		{name: "no distribution: nothing invalidated", keepAssets: week, wantDeleted: []string{"assets/app-OLDold00.js", "old.txt"}, wantKept: []string{"assets/app-PREVprev.js"}},
		{name: "a failed upload stops before deleting anything", distribution: "E123", putErr: errors.New("AccessDenied"), wantErr: "upload s3://web/assets/app-BdXb3F9k.js: AccessDenied"},
		{name: "a failed invalidation is reported", distribution: "E123", keepAssets: week, invalidErr: errors.New("TooManyInvalidationsInProgress"),
			wantDeleted: []string{"assets/app-OLDold00.js", "old.txt"}, wantKept: []string{"assets/app-PREVprev.js"}, wantInvalid: 1, wantErr: "invalidate distribution E123: TooManyInvalidationsInProgress"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var puts []string
			var deleted []string
			invalidations := 0
			page := 0
			b := fakeBucket{
				put: func(in *s3.PutObjectInput) error {
					if tt.putErr != nil {
						return tt.putErr
					}
					data, _ := io.ReadAll(in.Body)
					if int64(len(data)) != aws.ToInt64(in.ContentLength) {
						t.Errorf("%s: %d bytes sent, ContentLength %d", *in.Key, len(data), aws.ToInt64(in.ContentLength))
					}
					puts = append(puts, *in.Key+" "+*in.CacheControl+" "+*in.ContentType)
					return nil
				},
				list: func(in *s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
					if (page == 1) != (aws.ToString(in.ContinuationToken) == "p2") {
						t.Errorf("page %d asked with token %q", page, aws.ToString(in.ContinuationToken))
					}
					page++
					return pages[page-1], nil
				},
				delete: func(in *s3.DeleteObjectsInput) (*s3.DeleteObjectsOutput, error) {
					for _, o := range in.Delete.Objects {
						deleted = append(deleted, *o.Key)
					}
					return &s3.DeleteObjectsOutput{}, nil
				},
			}
			cdn := fakeCDN{func(in *cloudfront.CreateInvalidationInput) (*cloudfront.CreateInvalidationOutput, error) {
				invalidations++
				if *in.DistributionId != tt.distribution || !reflect.DeepEqual(in.InvalidationBatch.Paths.Items, []string{"/*"}) ||
					aws.ToInt32(in.InvalidationBatch.Paths.Quantity) != 1 || !strings.HasPrefix(*in.InvalidationBatch.CallerReference, "web-publish-") {
					t.Errorf("invalidation = %+v", in)
				}
				if tt.invalidErr != nil {
					return nil, tt.invalidErr
				}
				return &cloudfront.CreateInvalidationOutput{Invalidation: &cftypes.Invalidation{Id: aws.String("I1")}}, nil
			}}
			r, err := Publish(context.Background(), b, cdn, Target{Bucket: "web", DistributionID: tt.distribution, KeepAssets: tt.keepAssets}, dir)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(deleted, tt.wantDeleted) || !reflect.DeepEqual(r.Deleted, tt.wantDeleted) {
				t.Errorf("deleted = %v (result %v), want %v", deleted, r.Deleted, tt.wantDeleted)
			}
			if !reflect.DeepEqual(r.Kept, tt.wantKept) {
				t.Errorf("kept = %v, want %v", r.Kept, tt.wantKept)
			}
			if invalidations != tt.wantInvalid {
				t.Errorf("invalidations = %d, want %d", invalidations, tt.wantInvalid)
			}
			if tt.putErr == nil {
				want := []string{"assets/app-BdXb3F9k.js " + Immutable + " text/javascript; charset=utf-8", "index.html no-cache text/html; charset=utf-8"}
				if !reflect.DeepEqual(puts, want) {
					t.Errorf("puts = %q, want %q", puts, want)
				}
			}
			if tt.wantErr == "" && tt.wantInvalid == 1 && r.Invalidation != "I1" {
				t.Errorf("invalidation id = %q", r.Invalidation)
			}
		})
	}
}
