package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/infra/samlocal"
	"crmportal/infra/seed"
	"crmportal/infra/stack"
	"crmportal/shared/auth"
)

func init() {
	register(command{name: "local init",
		synopsis: "--dynamodb URL --s3 URL [--table NAME] [--attachments-bucket NAME] [--imports-bucket NAME]\n" +
			"                [--portal-origin URL]",
		summary: "Creates the table and the buckets as template.yaml defines them in any DynamoDB and S3\n" +
			"endpoint (DynamoDB Local, Dynoxide, MinIO, Versity S3 Gateway, ...), with the local\n" +
			"stack's names by default, the ones events/env.local.json gives the functions. What exists\n" +
			"is kept. It prints what the table did not get: settings of the AWS table (deletion\n" +
			"protection, backups, encryption) and what the endpoint refused (an older DynamoDB\n" +
			"Local's stream or TTL). Signs with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set, else\n" +
			"the local stack's keys.",
		run: localInit})
	register(command{name: "events mint",
		synopsis: "[--org ID] [--staff EMAIL] [--portal-user EMAIL] [--out DIR]",
		summary: "Mints credentials in a local stack (--local, or --env-file; never a deployed one) and\n" +
			"writes the sample events with them, for `sam local invoke --event`: a staff API token\n" +
			"(7 days; the one an earlier mint made is revoked) in the staff routes' events, a portal\n" +
			"session (2 hours idle, 12 at most) in the portal user's routes' events, and the origin\n" +
			"guard's header from events/env.local.json in all. The committed events/ stay anonymous.\n" +
			"The files hold live credentials: they are written to DIR (default .dev-data/events, kept\n" +
			"with the stack's data and wiped with it) readable by you alone.",
		run: eventsMint})
}

func localInit(ctx context.Context, c *cli, args []string) error {
	cmd := commands["local init"]
	fs := c.flagSet(cmd)
	ddbURL := fs.String("dynamodb", "", "the DynamoDB endpoint's `URL`, e.g. http://localhost:8000 (required)")
	s3URL := fs.String("s3", "", "the S3 endpoint's `URL`, e.g. http://localhost:7070 (required)")
	table := fs.String("table", stack.TableName, "the table's `NAME`")
	attachments := fs.String("attachments-bucket", stack.BucketName, "the attachments bucket's `NAME`")
	imports := fs.String("imports-bucket", stack.ImportsBucketName, "the imports bucket's `NAME`")
	origin := fs.String("portal-origin", "http://localhost:3000", "the portal's origin `URL`, allowed by the buckets' CORS")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"--dynamodb", *ddbURL}, {"--s3", *s3URL}, {"--portal-origin", *origin}} {
		if u, err := url.Parse(f.v); f.v == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return badUsage(cmd, fs, "%s must be an http(s) URL, not %q", f.name, f.v)
		}
	}
	for _, f := range []struct{ name, v string }{{"--table", *table}, {"--attachments-bucket", *attachments}, {"--imports-bucket", *imports}} {
		if strings.TrimSpace(f.v) == "" {
			return badUsage(cmd, fs, "%s must not be empty", f.name)
		}
	}
	root, err := stack.FindRoot()
	if err != nil {
		return err
	}
	tmpl, err := stack.LoadTemplate(root, *origin)
	if err != nil {
		return err
	}
	region := firstNonEmptyOf(c.env("AWS_REGION"), c.env("AWS_DEFAULT_REGION"), stack.Region)
	creds := stack.Credentials()
	if id := c.env("AWS_ACCESS_KEY_ID"); id != "" {
		creds = credentials.NewStaticCredentialsProvider(id, c.env("AWS_SECRET_ACCESS_KEY"), c.env("AWS_SESSION_TOKEN"))
	}
	db := dynamodb.New(dynamodb.Options{Region: region, Credentials: creds, BaseEndpoint: aws.String(*ddbURL)})
	rep, err := stack.CreateTable(ctx, db, tmpl, *table, true)
	if err != nil {
		return err
	}
	verb := "created"
	if rep.Existed {
		verb = "exists; kept"
	}
	fmt.Fprintf(c.stdout, "table %s: %s in %s\n", *table, verb, *ddbURL)
	for _, s := range rep.Skipped {
		fmt.Fprintf(c.stdout, "  not applied: %s\n", s)
	}
	s3c := s3.New(s3.Options{Region: region, Credentials: creds, BaseEndpoint: aws.String(*s3URL), UsePathStyle: true})
	for _, b := range []struct{ name, id string }{{*attachments, stack.Buckets[stack.BucketName]}, {*imports, stack.Buckets[stack.ImportsBucketName]}} {
		if err := stack.CreateBucket(ctx, s3c, tmpl, b.name, b.id); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "bucket %s: ready in %s (CORS for %s)\n", b.name, *s3URL, *origin)
	}
	return nil
}

func eventsMint(ctx context.Context, c *cli, args []string) error {
	cmd := commands["events mint"]
	fs := c.flagSet(cmd)
	org := fs.String("org", seed.DemoOrgID, "the organization's `ID`")
	staffEmail := fs.String("staff", seed.DemoAdminEmail, "the staff member's `EMAIL` who gets the API token")
	portalUser := fs.String("portal-user", "", "the portal user's `EMAIL` who gets the session (default: the organization's newest active one)")
	out := fs.String("out", "", "the `DIR` the events go to (default: .dev-data/events in the repository)")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	// A deployed stack's tokens and sessions have no business in files for sam local.
	if !c.local && c.envFile == "" {
		return badUsage(cmd, fs, "events mint works on a local stack: give --local (the make dev stack) or --env-file")
	}
	root, err := stack.FindRoot()
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(root, samlocal.EventsDir)
	}
	env, err := samlocal.ReadEnv(filepath.Join(root, samlocal.EnvFile))
	if err != nil {
		return err
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	creds, err := samlocal.Mint(ctx, d, samlocal.MintOptions{OrgID: *org, StaffEmail: *staffEmail, PortalUserEmail: *portalUser},
		auth.SessionIdle, auth.SessionAbsolute)
	if err != nil {
		return err
	}
	written, err := samlocal.WriteEvents(filepath.Join(root, "events"), dir, creds, env["Parameters"][samlocal.OriginSecretVar])
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "staff API token of %s (until %s): %d events\n", creds.StaffEmail, creds.StaffExpires.Format("2006-01-02 15:04 MST"), len(written[samlocal.Staff]))
	fmt.Fprintf(c.stdout, "portal session of %s (until %s at most): %d events\n", creds.PortalUserEmail, creds.PortalExpires.Format("2006-01-02 15:04 MST"), len(written[samlocal.Portal]))
	fmt.Fprintf(c.stdout, "anonymous: %d events\n", len(written[samlocal.Anonymous]))
	fmt.Fprintf(c.stdout, "written to %s; for example:\n  sam local invoke StaffMeFunction --event %s --env-vars %s\n",
		dir, filepath.Join(dir, "staff-me.json"), samlocal.EnvFile)
	return nil
}

func firstNonEmptyOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
