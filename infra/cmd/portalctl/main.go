// Command portalctl is the operator's command line: it creates organizations and their
// first staff accounts, deactivates, activates and changes the role of staff members (the
// console's own rules and side effects, audited as the operator's), sets an organization's
// limits (user types, free seats, license pool), lists organizations and seeds the demo
// organization.
//
// It works on a deployed stack with the caller's AWS credentials: --stack NAME reads the
// configuration variables a function reads from the stack's outputs and parameters;
// without it they come from the environment (see usage). With --local it works on the stack
// that `make dev` runs, whose variables `make dev` writes to .dev-data/stack.env. It also
// publishes the built web app to a stack (web publish).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"crmportal/shared/platform"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usageText = `portalctl is the portal operator's command line.

Usage:
  portalctl [--stack NAME | --local | --env-file PATH] COMMAND [flags]

Commands:
  org create    --name NAME [--id ID] [--language pt-BR] [--time-format 24h]
                [--time-zone America/Sao_Paulo] [--country BR]
                create an organization; prints its id
  org limits    --org ID [--user-types N] [--free-seats N] [--license-pool N]
                change an organization's limits (only the flags given); prints them
  org list      [--limit N]
                list organizations, newest first
  staff create  --org ID --email EMAIL --name NAME [--role admin|user]
                create a staff account without a password; prints the one-time link
                that sets it (valid 72 hours) and emails it
  staff deactivate  --org ID --email EMAIL
                deactivate a staff member: their sessions end and their API tokens
                are deleted at once; the organization keeps an active admin
  staff activate    --org ID --email EMAIL
                activate a deactivated staff member again (tokens do not come back)
  staff role    --org ID --email EMAIL --role admin|user
                change a staff member's role; their sessions end, a demotion lowers
                their API tokens to user; the organization keeps an active admin
  domain attach --org ID --distribution ID --connection-group ID
                serve an organization's custom domain: a tenant of the multi-tenant
                CloudFront distribution with a managed certificate (docs/custom-domains.md)
  search reindex  --org ID [--module MODULE]
                write the search keys of an organization's records (those stored
                before search existed); safe to run again
  seed demo     [--password P]
                create the demo organization acmedemo01 and its data, once
  local init    --dynamodb URL --s3 URL [--table NAME] [--portal-origin URL]
                create the table and buckets of template.yaml in any DynamoDB and S3
                endpoint (DynamoDB Local included); needs no target
  events mint   [--org ID] [--staff EMAIL] [--portal-user EMAIL] [--out DIR]
                mint a staff API token and a portal session and write the sample
                events with them to .dev-data/events, for sam local invoke
  web publish   [--keep-assets 168h] [DIR]
                upload the built web app (DIR, web/dist by default) to the stack's web
                bucket with its cache headers, delete what the build no longer has (but
                recent builds' assets) and invalidate the CloudFront distribution (make
                deploy runs it)

Target:
  --stack NAME      work on the deployed stack NAME (crm-portal-dev, ...) with your AWS
                    credentials (AWS_PROFILE, AWS_REGION, ...): the variables below come from
                    its outputs and parameters
  Without a target flag portalctl works on a deployed stack with your AWS credentials and
  reads the functions' variables from the environment, set from the stack's outputs and
  parameters:
    TABLE_NAME          output TableName
    ATTACHMENTS_BUCKET  output AttachmentsBucketName
    IMPORTS_BUCKET      output ImportsBucketName
    SENDER_EMAIL        parameter SenderEmail
    PORTAL_BASE_URL     output PortalUrl (the origin of links in emails)
    LOG_LEVEL           info
    WEB_BUCKET          output WebBucketName (web publish)
    DISTRIBUTION_ID     output DistributionId (web publish; empty: no invalidation)
    TENANT_DISTRIBUTION_ID  output TenantDistributionId (domain attach; CustomDomains=enabled)
    CONNECTION_GROUP_ID     output ConnectionGroupId (domain attach; CustomDomains=enabled)
  --local           work on the running ` + "`make dev`" + ` stack (reads .dev-data/stack.env)
  --env-file PATH   read the variables (and AWS credentials) from PATH, KEY=VALUE lines

Exit status: 0 done, 1 failed, 2 wrong usage.
Run "portalctl COMMAND -h" for a command's flags.
`

// cli is one invocation: its streams, the caller's environment and where it works.
type cli struct {
	env            func(string) string
	stdout, stderr io.Writer
	// stack, local and envFile choose the stack (see usageText); each may be given before
	// or after the command, and only one of them.
	stack   string
	local   bool
	envFile string
}

// command is a subcommand: its name ("org create"), its arguments as usage shows them, and
// its action, which parses args with its own flag set.
type command struct {
	name, synopsis, summary string
	run                     func(ctx context.Context, c *cli, args []string) error
}

var commands = map[string]command{}

func register(cmd command) { commands[cmd.name] = cmd }

// run executes the command line args (without the program name) and returns the exit code.
// env is the caller's environment (os.Getenv in main). Results go to stdout; progress,
// warnings, errors and usage to stderr, except the usage asked for with -h, which goes to
// stdout.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	c := &cli{env: env, stdout: stdout, stderr: stderr}
	top := flag.NewFlagSet("portalctl", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	c.targetFlags(top)
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		return c.usage(err.Error(), usageText)
	}
	rest := top.Args()
	if len(rest) == 0 {
		return c.usage("no command given", usageText)
	}
	if rest[0] == "help" {
		if len(rest) >= 3 {
			if cmd, ok := commands[rest[1]+" "+rest[2]]; ok {
				fmt.Fprint(stdout, commandUsage(cmd, c.flagSet(cmd)))
				return exitOK
			}
		}
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	if len(rest) < 2 {
		return c.usage(fmt.Sprintf("%q needs a subcommand: %s", rest[0], subcommands(rest[0])), usageText)
	}
	cmd, ok := commands[rest[0]+" "+rest[1]]
	if !ok {
		return c.usage(fmt.Sprintf("unknown command %q", rest[0]+" "+rest[1]), usageText)
	}
	err := cmd.run(ctx, c, rest[2:])
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue) && ue.help:
		fmt.Fprint(stdout, ue.text)
		return exitOK
	case errors.As(err, &ue):
		return c.usage("portalctl "+cmd.name+": "+ue.msg, ue.text)
	}
	fmt.Fprintln(c.stderr, "portalctl "+cmd.name+": "+oneLine(err.Error()))
	return exitFailure
}

// usage prints msg and the usage text to stderr and returns the usage exit code.
func (c *cli) usage(msg, text string) int {
	if !strings.HasPrefix(msg, "portalctl") {
		msg = "portalctl: " + msg
	}
	fmt.Fprintf(c.stderr, "%s\n\n%s", msg, text)
	return exitUsage
}

func subcommands(group string) string {
	var out []string
	for name := range commands {
		if g, sub, _ := strings.Cut(name, " "); g == group {
			out = append(out, sub)
		}
	}
	if len(out) == 0 {
		return "no such command"
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// usageError is a command line the command cannot run: a wrong flag, a missing or invalid
// value. help marks a request for the usage (-h).
type usageError struct {
	msg, text string
	help      bool
}

func (e *usageError) Error() string { return e.msg }

// targetFlags adds --stack, --local and --env-file to fs.
func (c *cli) targetFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.stack, "stack", c.stack, "work on the deployed stack `NAME` (its outputs and parameters)")
	fs.BoolVar(&c.local, "local", c.local, "work on the stack that make dev runs (its "+LocalEnvFile+")")
	fs.StringVar(&c.envFile, "env-file", c.envFile, "read the configuration from `PATH` (KEY=VALUE lines)")
}

// flagSet returns the flag set of cmd, with the target flags.
func (c *cli) flagSet(cmd command) *flag.FlagSet {
	fs := flag.NewFlagSet("portalctl "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.targetFlags(fs)
	return fs
}

// parse parses args into fs; wrong flags, -h and positional arguments are usage errors.
func parse(cmd command, fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return &usageError{msg: err.Error(), text: commandUsage(cmd, fs), help: errors.Is(err, flag.ErrHelp)}
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0)), text: commandUsage(cmd, fs)}
	}
	return nil
}

// badUsage is a usage error of cmd with a formatted message.
func badUsage(cmd command, fs *flag.FlagSet, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), text: commandUsage(cmd, fs)}
}

// commandUsage is the usage text of cmd: synopsis, summary, its flags in the synopsis's
// order, then the target flags.
func commandUsage(cmd command, fs *flag.FlagSet) string {
	var own, target []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "stack" || f.Name == "local" || f.Name == "env-file" {
			target = append(target, f)
		} else {
			own = append(own, f)
		}
	})
	pos := func(f *flag.Flag) int {
		if i := strings.Index(cmd.synopsis+" ", "--"+f.Name+" "); i >= 0 {
			return i
		}
		return len(cmd.synopsis)
	}
	sort.SliceStable(own, func(i, j int) bool { return pos(own[i]) < pos(own[j]) })
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: portalctl %s %s\n\n%s\n\nFlags:\n", cmd.name, cmd.synopsis, cmd.summary)
	for _, f := range own {
		b.WriteString(flagLine(f))
	}
	b.WriteString("\nTarget (see portalctl -h):\n")
	for _, f := range target {
		b.WriteString(flagLine(f))
	}
	return b.String()
}

// flagLine is one line of a flag's usage: "--name ARG   usage (default ...)".
func flagLine(f *flag.Flag) string {
	arg, usage := flag.UnquoteUsage(f)
	if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); isBool {
		arg = ""
	}
	name := "--" + f.Name
	if arg != "" {
		name += " " + arg
	}
	line := fmt.Sprintf("  %-24s %s", name, usage)
	if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
		line += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	return line + "\n"
}

// deps builds the functions' dependencies for the chosen stack: the caller's environment
// and AWS credentials by default, with --stack's outputs and parameters over it; the
// variables of an env file (--env-file, or --local's .dev-data/stack.env) with the
// credentials it names otherwise.
func (c *cli) deps(ctx context.Context) (platform.Deps, error) {
	d, _, err := c.depsAndEnv(ctx)
	return d, err
}

// depsAndEnv is deps and the environment it read, for the variables beyond the
// functions' configuration (WEB_BUCKET, DISTRIBUTION_ID).
func (c *cli) depsAndEnv(ctx context.Context) (platform.Deps, func(string) string, error) {
	getenv, opts, err := c.target(ctx)
	if err != nil {
		return platform.Deps{}, nil, err
	}
	d, err := loadDeps(ctx, getenv, c.stderr, opts...)
	return d, getenv, err
}
