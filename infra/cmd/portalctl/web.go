package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"

	"crmportal/infra/webpublish"
	"crmportal/shared/platform/s3client"
)

func init() {
	register(command{name: "web publish",
		synopsis: "[--keep-assets 168h] [DIR]",
		summary: "Uploads the built web app (DIR, web/dist by default: run make web first) to the stack's web bucket\n" +
			"(WEB_BUCKET): files under assets/ named by their content's hash are cached a year as immutable,\n" +
			"the rest (index.html) revalidated on every use. Then deletes the objects the build no longer has,\n" +
			"but the assets of builds published within --keep-assets (tabs still open on them load their\n" +
			"chunks), and invalidates the CloudFront distribution (DISTRIBUTION_ID; none when empty).",
		run: webPublish})
}

func webPublish(ctx context.Context, c *cli, args []string) error {
	cmd := commands["web publish"]
	fs := c.flagSet(cmd)
	keep := fs.Duration("keep-assets", webpublish.DefaultKeepAssets, "keep earlier builds' assets published within `D` (0: delete them)")
	if err := fs.Parse(args); err != nil {
		return parse(cmd, fs, args)
	}
	dir := "web/dist"
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		return badUsage(cmd, fs, "unexpected argument %q", fs.Arg(1))
	}
	if *keep < 0 {
		return badUsage(cmd, fs, "--keep-assets must be 0 or more")
	}
	d, getenv, err := c.depsAndEnv(ctx)
	if err != nil {
		return err
	}
	t := webpublish.Target{Bucket: getenv("WEB_BUCKET"), DistributionID: getenv("DISTRIBUTION_ID"), KeepAssets: *keep}
	if t.Bucket == "" {
		return fmt.Errorf("no WEB_BUCKET: name the stack with --stack, or set it to the stack's WebBucketName output")
	}
	r, err := webpublish.Publish(ctx, s3client.New(d), cloudfront.NewFromConfig(d.AWS), t, dir)
	if err != nil {
		return fmt.Errorf("publish %s to s3://%s (%d files uploaded): %w", dir, t.Bucket, len(r.Uploaded), err)
	}
	immutable := 0
	for _, f := range r.Uploaded {
		if f.CacheControl == webpublish.Immutable {
			immutable++
		}
	}
	fmt.Fprintf(c.stdout, "uploaded %d files to s3://%s (%d immutable assets), deleted %d stale, kept %d assets of earlier builds\n",
		len(r.Uploaded), t.Bucket, immutable, len(r.Deleted), len(r.Kept))
	if r.Invalidation != "" {
		fmt.Fprintf(c.stdout, "CloudFront invalidation %s of distribution %s: the new app is served within minutes\n", r.Invalidation, t.DistributionID)
	} else {
		fmt.Fprintln(c.stdout, "no DISTRIBUTION_ID: nothing invalidated")
	}
	return nil
}
