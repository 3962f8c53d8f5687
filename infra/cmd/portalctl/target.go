package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"crmportal/infra/stack"
	"crmportal/shared/config"
	"crmportal/shared/platform"
)

// LocalEnvFile is where `make dev` writes its stack's variables, relative to the repository
// root: the lines of stack.Stack.Env.
const LocalEnvFile = ".dev-data/stack.env"

// target returns the environment to read the configuration from and the AWS options that go
// with it (the env file's static credentials).
func (c *cli) target(ctx context.Context) (func(string) string, []func(*awsconfig.LoadOptions) error, error) {
	if given := c.targetsGiven(); len(given) > 1 {
		return nil, nil, &usageError{msg: strings.Join(given, " and ") + " name different stacks: give one", text: usageText}
	}
	if c.stack != "" {
		getenv, err := c.stackTarget(ctx)
		return getenv, nil, err
	}
	path := c.envFile
	if path == "" && c.local {
		root, err := stack.FindRoot()
		if err != nil {
			return nil, nil, fmt.Errorf("--local: %w; run portalctl inside the repository or name the file with --env-file", err)
		}
		path = filepath.Join(root, LocalEnvFile)
	}
	if path == "" {
		return c.env, nil, nil
	}
	vars, err := readEnvFile(path)
	if errors.Is(err, fs.ErrNotExist) && c.envFile == "" {
		return nil, nil, fmt.Errorf("--local: %s does not exist; is `make dev` running?", LocalEnvFile)
	}
	if err != nil {
		return nil, nil, err
	}
	getenv := func(k string) string { return vars[k] }
	var opts []func(*awsconfig.LoadOptions) error
	if id := vars["AWS_ACCESS_KEY_ID"]; id != "" {
		opts = append(opts, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(id, vars["AWS_SECRET_ACCESS_KEY"], vars["AWS_SESSION_TOKEN"])))
	}
	return getenv, opts, nil
}

// targetsGiven lists the target flags given.
func (c *cli) targetsGiven() []string {
	var given []string
	if c.stack != "" {
		given = append(given, "--stack")
	}
	if c.local {
		given = append(given, "--local")
	}
	if c.envFile != "" {
		given = append(given, "--env-file")
	}
	return given
}

// readEnvFile reads KEY=VALUE lines, as stack.Stack.Env makes them. Blank lines and lines
// starting with # are skipped; the value is the rest of the line after the first "=", as is.
// A line without "=" or with an empty key is an error naming the line.
func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read env file: %w", err)
	}
	defer f.Close()
	vars, err := parseEnv(f)
	if err != nil {
		return nil, fmt.Errorf("read env file %s: %w", path, err)
	}
	return vars, nil
}

func parseEnv(r io.Reader) (map[string]string, error) {
	vars := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, fmt.Errorf("line %d is not KEY=VALUE", n)
		}
		vars[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return vars, nil
}

// loadDeps reads the configuration through getenv, as a function does at start, and builds
// the dependencies with opts.
func loadDeps(ctx context.Context, getenv func(string) string, logOut io.Writer, opts ...func(*awsconfig.LoadOptions) error) (platform.Deps, error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return platform.Deps{}, fmt.Errorf("%w (take the values from the stack's outputs, or use --local)", err)
	}
	// The operator's own credentials: the SDK's default chain (variables, profiles, SSO).
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, append([]func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(cfg.Region)}, opts...)...)
	if err != nil {
		return platform.Deps{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return platform.New(cfg, logOut, awsCfg), nil
}
