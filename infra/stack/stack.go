// Package stack starts the local emulators that stand in for AWS: Dynoxide (DynamoDB API and
// its streams), Versity S3 Gateway (S3 API, posix backend), aws-ses-v2-local (SES API with
// a web inbox) and moto's server (SQS), each on a free loopback port or a chosen one, and
// creates the table (with its stream), the buckets and the queues from template.yaml's own
// definitions.
package stack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/infra/childproc"
	"crmportal/infra/iamguard"
	"crmportal/infra/template"
	"crmportal/shared/config"
	"crmportal/shared/platform"
)

// Credentials of the local stack. The S3 gateway checks SigV4 signatures with them; the
// other emulators accept any.
const (
	AccessKey = "local"
	SecretKey = "local-secret-key"
	Region    = "us-east-1"
)

// The local stack's account: the pseudo parameters CloudFormation would give, and the Stage
// parameter the names below assume (template.yaml's default).
const (
	AccountID = "000000000000"
	Partition = "aws"
	StackName = "portal-local"
	Stage     = "dev"
)

// Names of the table and bucket in the local stack. The imports bucket has the name
// template.yaml gives it (BucketName) for this account, region and stage, so the functions'
// policies, which name it literally, apply to it as they would on AWS.
const (
	TableName         = "portal"
	BucketName        = "portal-attachments"
	ImportsBucketName = "portal-imports-" + AccountID + "-" + Region + "-" + Stage
	// SenderEmail is the SenderEmail parameter locally.
	SenderEmail = "no-reply@portal.localhost"
	// MailConfigurationSet is the SES configuration set's name locally (on AWS, CloudFormation
	// names it after the stack).
	MailConfigurationSet = "portal-" + Stage
)

// Deployment is what CloudFormation would know of the local stack: its pseudo parameters,
// its parameters and the physical names of its resources, to resolve the functions' policies.
func Deployment() template.Deployment {
	return template.Deployment{Partition: Partition, Region: Region, AccountID: AccountID, StackName: StackName,
		Names: map[string]string{
			template.TableID:             TableName,
			template.AttachmentsBucketID: BucketName,
			template.ImportsBucketID:     ImportsBucketName,
			"MailConfigurationSet":       MailConfigurationSet,
			"MailEventsTopic":            "arn:" + Partition + ":sns:" + Region + ":" + AccountID + ":portal-mail-events",
			MFAKeyLogicalID:              MFAKeyID,
		},
		QueueName:  QueueName,
		Parameters: map[string]any{"SenderEmail": SenderEmail, "Stage": Stage},
	}
}

// Options choose where the stack keeps its data and which ports it uses.
type Options struct {
	// Root is the repository root (where template.yaml, bin/ and infra/node_modules are).
	Root string
	// DataDir keeps DynamoDB and S3 data across restarts; empty means in memory (S3 in a
	// temporary folder removed on Close).
	DataDir string
	// Ports of DynamoDB, S3, SES and SQS; 0 picks a free port.
	DynamoDBPort, S3Port, SESPort, SQSPort int
	// DynamoDBEndpoint is a DynamoDB the stack uses instead of starting Dynoxide (DynamoDB
	// Local, for a machine without a Dynoxide build); empty means $LOCAL_DYNAMODB_URL, and
	// Dynoxide when that is empty too. The table is created in it as in Dynoxide.
	DynamoDBEndpoint string
	// PortalOrigin is the browser origin the buckets' CORS allows (template.Template.PortalOrigin).
	PortalOrigin string
	// Log receives the emulators' output; nil discards it.
	Log io.Writer
	// NoTableStream turns the table's stream off after creating it, for a run that writes
	// many items and reads no stream (the bench, the load test): Dynoxide numbers each new
	// stream record by reading every record before it, so with the stream on, a write takes
	// longer with every write the run made before (loading 100,000 records does not finish
	// in an hour), where DynamoDB's stream costs a write nothing. The reset mailer, which the
	// stream starts, never runs in such a run.
	NoTableStream bool
}

// Stack is a running local stack.
type Stack struct {
	DynamoDBURL, S3URL, SESURL, SQSURL string
	// IAM records what the functions of every gateway over this stack were allowed and denied
	// (see infra/iamguard); the test harness fails a run that saw a denial.
	IAM *iamguard.Recorder
	// onS3 receives the S3 gateway's bucket notifications (see OnS3Event).
	onS3    atomic.Pointer[func(events.S3Event)]
	streams streams
	queues  queues
	// queueClaim: the one consumer of the queues (ClaimQueues).
	queueClaim queueClaim
	// noStream: started with NoTableStream, so the table has no stream to consume.
	noStream bool
	// dbPath is Dynoxide's database file ("" when the stack uses an external DynamoDB).
	dbPath  string
	webhook *http.Server
	procs   []*proc
	cleanup []func()
}

// UnavailableError is Start's error when a piece of the local stack is not installed on this
// machine (an emulator's build, node), so nothing was started: `make tools` installs them. Any
// other error of Start is a failure of the stack itself. Test harnesses tell the two apart to
// skip integration tests where the emulators cannot run (infra/stack/stacktest).
type UnavailableError struct {
	// Reason says what is missing and what installs it.
	Reason string
}

func (e *UnavailableError) Error() string { return "local stack: " + e.Reason }

// Start starts the four emulators, waits until DynamoDB, S3 and SES answer and creates the
// table and the buckets as template.yaml defines them (when they do not exist yet); SQS and
// the template's queues become ready in the background, and calls to them wait until they are
// (see queues). On error everything started is stopped.
func Start(ctx context.Context, o Options) (_ *Stack, err error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	s := &Stack{IAM: iamguard.NewRecorder()}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	tmpl, err := LoadTemplate(o.Root, o.PortalOrigin)
	if err != nil {
		return nil, err
	}
	external := o.DynamoDBEndpoint
	if external == "" {
		external = os.Getenv(ExternalDynamoDBVar)
	}
	if external, err = externalDynamoDB(external); err != nil {
		return nil, err
	}
	versitygw := filepath.Join(o.Root, "bin/versitygw")
	sesLocal := filepath.Join(o.Root, "infra/node_modules/aws-ses-v2-local/dist/cli.js")
	moto, err := motoServer(o.Root)
	if err != nil {
		return nil, err
	}
	needed := []string{versitygw, sesLocal}
	dynoxide := ""
	if external == "" {
		if dynoxide, err = DynoxideBinary(o.Root, runtime.GOOS, runtime.GOARCH); err != nil {
			return nil, &UnavailableError{Reason: strings.TrimPrefix(err.Error(), "local stack: ")}
		}
		needed = append(needed, dynoxide)
	}
	for _, p := range needed {
		if _, err := os.Stat(p); err != nil {
			return nil, &UnavailableError{Reason: p + " is missing; run `make tools`"}
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, &UnavailableError{Reason: "node (for aws-ses-v2-local) is not on PATH; install Node.js and run `make tools`"}
	}
	if o.DataDir != "" {
		if err := os.MkdirAll(o.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("local stack: %w", err)
		}
	}

	// Each endpoint is waited for below, with the process serving it (nil: not started here).
	type endpoint struct {
		url  string
		proc *proc
	}
	var endpoints []endpoint
	dbPath := "" // Dynoxide's database file, when the stack starts Dynoxide
	if external != "" {
		s.DynamoDBURL = external
		endpoints = append(endpoints, endpoint{external, nil})
	} else {
		dp, err := portOr(o.DynamoDBPort)
		if err != nil {
			return nil, err
		}
		// Always a file, even for a stack that keeps nothing: the stream records need the
		// indexes indexStreamRecords adds to it.
		dbDir := o.DataDir
		if dbDir == "" {
			if dbDir, err = os.MkdirTemp(memoryDir(), "portal-dynamodb-"); err != nil {
				return nil, fmt.Errorf("local stack: %w", err)
			}
			dir := dbDir
			s.cleanup = append(s.cleanup, func() { os.RemoveAll(dir) })
		}
		dbPath = filepath.Join(dbDir, "dynamodb.sqlite")
		s.dbPath = dbPath
		args := []string{"serve", "--host", "127.0.0.1", "--port", strconv.Itoa(dp), "--db-path", dbPath}
		if err := s.spawn(o.Log, "dynamodb", dynoxide, args...); err != nil {
			return nil, err
		}
		s.DynamoDBURL = fmt.Sprintf("http://127.0.0.1:%d", dp)
		endpoints = append(endpoints, endpoint{s.DynamoDBURL, s.procs[len(s.procs)-1]})
	}

	s3Dir := filepath.Join(o.DataDir, "s3")
	if o.DataDir == "" {
		if s3Dir, err = os.MkdirTemp("", "portal-s3-"); err != nil {
			return nil, fmt.Errorf("local stack: %w", err)
		}
		dir := s3Dir
		s.cleanup = append(s.cleanup, func() { os.RemoveAll(dir) })
	}
	// Buckets live in s3/buckets, the gateway's metadata beside it (it must be outside the root).
	bucketsDir, metaDir := filepath.Join(s3Dir, "buckets"), filepath.Join(s3Dir, "meta")
	for _, d := range []string{bucketsDir, metaDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("local stack: %w", err)
		}
	}
	sp, err := portOr(o.S3Port)
	if err != nil {
		return nil, err
	}
	hook, err := s.startWebhook()
	if err != nil {
		return nil, err
	}
	if err := s.spawnEnv(o.Log, []string{"ROOT_ACCESS_KEY=" + AccessKey, "ROOT_SECRET_KEY=" + SecretKey},
		"s3", versitygw, "--port", fmt.Sprintf("127.0.0.1:%d", sp), "--region", Region, "--quiet",
		"--event-webhook-url", hook,
		"posix", "--sidecar", metaDir, bucketsDir); err != nil {
		return nil, err
	}
	s.S3URL = fmt.Sprintf("http://127.0.0.1:%d", sp)
	endpoints = append(endpoints, endpoint{s.S3URL, s.procs[len(s.procs)-1]})

	ep, err := portOr(o.SESPort)
	if err != nil {
		return nil, err
	}
	if err := s.spawn(o.Log, "ses", "node", sesLocal, "--host", "127.0.0.1", "--port", strconv.Itoa(ep)); err != nil {
		return nil, err
	}
	s.SESURL = fmt.Sprintf("http://127.0.0.1:%d", ep)
	endpoints = append(endpoints, endpoint{s.SESURL, s.procs[len(s.procs)-1]})

	for _, e := range endpoints {
		if err := waitHTTP(ctx, e.url, e.proc, 30*time.Second); err != nil {
			return nil, err
		}
	}
	if dbPath != "" {
		if err := indexStreamRecords(ctx, o.Root, dbPath); err != nil {
			return nil, err
		}
	}
	s.noStream = o.NoTableStream
	if err := s.createTable(ctx, tmpl, o.NoTableStream); err != nil {
		return nil, err
	}
	for _, b := range []struct{ name, id string }{{BucketName, template.AttachmentsBucketID}, {ImportsBucketName, template.ImportsBucketID}} {
		if err := s.createBucket(ctx, tmpl, b.name, b.id); err != nil {
			return nil, err
		}
	}
	// Started last and not waited for (see queues): Python loading moto would otherwise take
	// the CPU the other emulators start with. Calls to it wait until it is ready.
	qs, err := tmpl.Queues()
	if err != nil {
		return nil, fmt.Errorf("local stack: %w", err)
	}
	if err := s.startSQS(o, moto, qs); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadTemplate reads root's template.yaml with the parameters of a local stack whose portal
// is at portalOrigin (the buckets' CORS origin).
func LoadTemplate(root, portalOrigin string) (*template.Template, error) {
	t, err := template.Load(filepath.Join(root, "template.yaml"), nil)
	if err != nil {
		return nil, err
	}
	t.PortalOrigin = portalOrigin
	return t, nil
}

// Buckets maps the local bucket names to their logical ids in template.yaml.
var Buckets = map[string]string{BucketName: template.AttachmentsBucketID, ImportsBucketName: template.ImportsBucketID}

// OnS3Event sets the receiver of the S3 gateway's bucket notifications (the local gateway,
// which hands them to the functions template.yaml subscribes). Until it is set they are
// dropped.
func (s *Stack) OnS3Event(f func(events.S3Event)) { s.onS3.Store(&f) }

// decodeS3Event reads a notification of the S3 gateway. Its records carry an empty
// glacierEventData expiry time, which aws-lambda-go's time field cannot parse, so that
// member (meaningless for uploads) is dropped before decoding.
func decodeS3Event(r io.Reader) (events.S3Event, error) {
	var raw struct {
		Records []map[string]json.RawMessage
	}
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return events.S3Event{}, err
	}
	for _, rec := range raw.Records {
		delete(rec, "glacierEventData")
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return events.S3Event{}, err
	}
	var ev events.S3Event
	err = json.Unmarshal(b, &ev)
	return ev, err
}

// startWebhook serves the endpoint the S3 gateway posts its notifications to.
func (s *Stack) startWebhook() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("local stack: webhook: %w", err)
	}
	s.webhook = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := decodeS3Event(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "not an S3 event", http.StatusBadRequest)
			return
		}
		if f := s.onS3.Load(); f != nil {
			(*f)(ev)
		}
		w.WriteHeader(http.StatusNoContent)
	})}
	go func() { _ = s.webhook.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/", nil
}

// Config is the functions' configuration for this stack: the same variables a deployed
// function reads, pointed at the emulators (the digest queue's, the notifier's dead-letter
// queue's and the bulk queue's URLs when the template has them).
func (s *Stack) Config(portalOrigin string) config.Config {
	digests, _ := s.QueueURL("DigestQueue")
	parked, _ := s.QueueURL("NotifierDeadLetters")
	bulk, _ := s.QueueURL("BulkQueue")
	return config.Config{
		DigestQueueURL:         digests,
		NotifierDeadLettersURL: parked,
		BulkQueueURL:           bulk,
		// The digests' window of the local stack: short, so that a test sees its email in
		// seconds (NOTIFY_WINDOW_SECONDS; 300 when deployed).
		NotifyWindow:      2 * time.Second,
		Stage:             "local",
		TableName:         TableName,
		AttachmentsBucket: BucketName,
		ImportsBucket:     ImportsBucketName,
		SenderEmail:       SenderEmail,
		PortalBaseURL:     portalOrigin,
		Region:            Region,
		Endpoints:         config.Endpoints{DynamoDB: s.DynamoDBURL, S3: s.S3URL, SES: s.SESURL, SQS: s.SQSURL, KMS: s.SQSURL},
		MFAKeyID:          MFAKeyID,
	}
}

// Env is Config as environment variables, for processes and for `sam local`.
func (s *Stack) Env(portalOrigin string) []string {
	c := s.Config(portalOrigin)
	return []string{
		"TABLE_NAME=" + c.TableName, "ATTACHMENTS_BUCKET=" + c.AttachmentsBucket, "IMPORTS_BUCKET=" + c.ImportsBucket, "SENDER_EMAIL=" + c.SenderEmail,
		"PORTAL_BASE_URL=" + c.PortalBaseURL, "LOG_LEVEL=info", "STAGE=" + c.Stage, "AWS_REGION=" + c.Region,
		"AWS_ACCESS_KEY_ID=" + AccessKey, "AWS_SECRET_ACCESS_KEY=" + SecretKey,
		"AWS_ENDPOINT_URL_DYNAMODB=" + c.Endpoints.DynamoDB, "AWS_ENDPOINT_URL_S3=" + c.Endpoints.S3,
		"AWS_ENDPOINT_URL_SES=" + c.Endpoints.SES, "AWS_ENDPOINT_URL_SQS=" + c.Endpoints.SQS,
		"AWS_ENDPOINT_URL_KMS=" + c.Endpoints.KMS, "MFA_KEY_ID=" + c.MFAKeyID,
		"NOTIFY_WINDOW_SECONDS=" + strconv.Itoa(int(c.NotifyWindow/time.Second)),
		"BULK_QUEUE_URL=" + c.BulkQueueURL,
	}
}

// Deps builds the functions' dependencies against this stack, as a deployed function builds
// them against AWS: the same configuration variables, clients and retry settings, with the
// stack's static credentials. Function logs go to logOut.
func (s *Stack) Deps(ctx context.Context, portalOrigin string, logOut io.Writer) (platform.Deps, error) {
	return platform.New(s.Config(portalOrigin), logOut, aws.Config{Credentials: Credentials(), HTTPClient: s.HTTPClient()}), nil
}

// Credentials are the static credentials clients of this stack sign with.
func Credentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, "")
}

// Close stops the stream's consumer and the emulators (SIGTERM, then SIGKILL after 5 s) and
// removes temporary data.
func (s *Stack) Close() {
	s.streams.claim.Lock()
	s.stopConsumer()
	s.streams.claim.Unlock()
	s.queueClaim.claim.Lock()
	s.stopQueueConsumer()
	s.queueClaim.claim.Unlock()
	s.stopSQS()
	if s.webhook != nil {
		_ = s.webhook.Close()
		s.webhook = nil
	}
	for i := len(s.procs) - 1; i >= 0; i-- {
		stop(s.procs[i])
	}
	s.procs = nil
	for _, f := range s.cleanup {
		f()
	}
	s.cleanup = nil
}

// proc is a started emulator; done closes when it exits.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

func stop(p *proc) {
	// Each emulator runs in its own process group, so children (node's) stop too.
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

func (s *Stack) spawn(log io.Writer, name, bin string, args ...string) error {
	return s.spawnEnv(log, nil, name, bin, args...)
}

func (s *Stack) spawnEnv(log io.Writer, env []string, name, bin string, args ...string) error {
	c := exec.Command(bin, args...)
	c.Env = append(os.Environ(), env...)
	w := prefixWriter{name: name, w: log}
	c.Stdout, c.Stderr = w, w
	c.SysProcAttr = childproc.Group()
	if err := c.Start(); err != nil {
		return fmt.Errorf("local stack: start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: c, done: make(chan struct{})}
	go func() { _ = c.Wait(); close(p.done) }()
	s.procs = append(s.procs, p)
	return nil
}

type prefixWriter struct {
	name string
	w    io.Writer
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if p.w == io.Discard {
		return len(b), nil
	}
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		fmt.Fprintf(p.w, "[%s] %s\n", p.name, line)
	}
	return len(b), nil
}

// FreePort asks the kernel for a free loopback port.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// portOr is p, checked free (an emulator that cannot bind its port exits, and something else
// answering there would pass for it), or a free port when p is 0.
func portOr(p int) (int, error) {
	if p == 0 {
		return FreePort()
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
	if err != nil {
		return 0, fmt.Errorf("local stack: port %d is taken (%w); choose another (make dev: DYNAMODB_PORT, S3_PORT, SQS_PORT, -inbox-port)", p, err)
	}
	l.Close()
	return p, nil
}

// waitHTTP waits until something answers HTTP at u (any status), failing early when the
// emulator p exits (p is nil for an endpoint the stack did not start).
func waitHTTP(ctx context.Context, u string, p *proc, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var exited <-chan struct{} // nil: never ready
	name := ExternalDynamoDBVar
	if p != nil {
		exited, name = p.done, p.name
	}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("local stack: %s exited before answering at %s (%v); run with STACK_LOG=1 to see its output", p.name, u, p.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("local stack: %s did not answer at %s within %s: %w", name, u, limit, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// StreamOff reports whether the stack was started with NoTableStream: its table has no
// stream, and nothing consumes one.
func (s *Stack) StreamOff() bool { return s.noStream }

// DynamoDB is a client of this stack's DynamoDB.
func (s *Stack) DynamoDB() *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(s.DynamoDBURL)})
}

// S3 is a client of this stack's S3.
func (s *Stack) S3() *s3.Client {
	return s3.New(s3.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(s.S3URL), UsePathStyle: true})
}

func (s *Stack) createTable(ctx context.Context, tmpl *template.Template, noStream bool) error {
	db := s.DynamoDB()
	if _, err := CreateTable(ctx, db, tmpl, TableName, false); err != nil {
		return fmt.Errorf("local stack: %w", err)
	}
	if !noStream {
		return nil
	}
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(TableName),
		StreamSpecification: &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(false)}}); err != nil {
		return fmt.Errorf("local stack: turn off the stream of table %s: %w", TableName, err)
	}
	return nil
}

func (s *Stack) createBucket(ctx context.Context, tmpl *template.Template, name, logicalID string) error {
	if err := CreateBucket(ctx, s.S3(), tmpl, name, logicalID); err != nil {
		return fmt.Errorf("local stack: %w", err)
	}
	return nil
}

// FindRoot walks up from the working directory to the folder holding template.yaml and
// go.mod: the repository root, wherever a test or command runs from.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		_, e1 := os.Stat(filepath.Join(dir, "template.yaml"))
		_, e2 := os.Stat(filepath.Join(dir, "go.mod"))
		if e1 == nil && e2 == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root (template.yaml and go.mod) not found above the working directory")
		}
		dir = parent
	}
}
