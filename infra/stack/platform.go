package stack

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
)

// ExternalDynamoDBVar names the environment variable that points the local stack at a DynamoDB
// endpoint it does not start (DynamoDB Local, or Dynoxide run by hand): the fallback for a
// machine without a Dynoxide build, or a choice (docs/local-stack.md, "Platforms").
const ExternalDynamoDBVar = "LOCAL_DYNAMODB_URL"

// DynoxidePackages maps GOOS/GOARCH to the npm package holding Dynoxide's binary for that
// platform. infra/package.json lists each as an optional dependency with its os and cpu, so
// `npm ci` installs only the one for the machine it runs on. A platform not listed here has
// no build: the stack then needs ExternalDynamoDBVar.
var DynoxidePackages = map[string]string{
	"linux/amd64":  "@dynoxide/linux-x64",
	"linux/arm64":  "@dynoxide/linux-arm64",
	"darwin/amd64": "@dynoxide/darwin-x64",
	"darwin/arm64": "@dynoxide/darwin-arm64",
}

// DynoxideBinary is the path of Dynoxide's binary for goos/goarch under root (the repository
// root), or an error saying what to do on a platform without a build.
func DynoxideBinary(root, goos, goarch string) (string, error) {
	pkg, ok := DynoxidePackages[goos+"/"+goarch]
	if !ok {
		return "", fmt.Errorf("local stack: Dynoxide has no build for %s/%s (builds: %s); run DynamoDB Local or another "+
			"DynamoDB endpoint and set %s to its URL (docs/local-stack.md, \"Platforms\")",
			goos, goarch, strings.Join(platforms(), ", "), ExternalDynamoDBVar)
	}
	return filepath.Join(root, "infra", "node_modules", filepath.FromSlash(pkg), "dynoxide"), nil
}

func platforms() []string {
	out := make([]string, 0, len(DynoxidePackages))
	for p := range DynoxidePackages {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// externalDynamoDB checks the value of ExternalDynamoDBVar: "" (start Dynoxide) or an
// http(s) URL with a host.
func externalDynamoDB(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("local stack: %s=%q is not an http(s) URL such as http://localhost:8000", ExternalDynamoDBVar, v)
	}
	return strings.TrimRight(v, "/"), nil
}

// Processes names the emulators this stack started, in order ("dynamodb", "s3", "ses", "sqs").
func (s *Stack) Processes() []string {
	out := make([]string, 0, len(s.procs))
	for _, p := range s.procs {
		out = append(out, p.name)
	}
	return out
}

// The ports `make dev` serves the emulators and the portal on, fixed so that `sam local`'s
// environment file (events/env.local.json) can name them; DYNAMODB_PORT, S3_PORT, SQS_PORT,
// PORT and the inbox's flag change them (infra/cmd/dev). Tests take free ports.
const (
	DevDynamoDBPort = 8000
	DevS3Port       = 7070
	DevSESPort      = 8005
	DevSQSPort      = 9324
	DevPortalPort   = 3000
)

// QueueURLAt is the URL of the queue logicalID in the local stack whose SQS answers at
// endpoint: moto names a queue ENDPOINT/ACCOUNT/NAME after the endpoint it was called at.
func QueueURLAt(endpoint, logicalID string) string {
	return strings.TrimRight(endpoint, "/") + "/" + AccountID + "/" + QueueName(logicalID)
}

// DevQueueURL is the URL of the queue logicalID in `make dev`'s stack (SQS on DevSQSPort), as
// the functions on the same machine call it.
func DevQueueURL(logicalID string) string {
	return QueueURLAt(fmt.Sprintf("http://127.0.0.1:%d", DevSQSPort), logicalID)
}
