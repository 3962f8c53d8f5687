package apitest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"crmportal/infra/gateway"
	"crmportal/infra/seed"
	"crmportal/infra/template"
	"crmportal/shared/store"
)

// Fault modes, injected in the SDK's middleware stack (after its retries, so each attempt
// meets the fault and the SDK retries as it would in AWS).
const (
	faultNone = iota
	faultThrottle
	faultServerError
	faultWritesThrottled // reads pass, writes are throttled: a handler fails midway
	faultLatency         // every call 150 ms slower
	faultHang            // calls never answer: the function's deadline ends the request
)

var writeOps = map[string]bool{"PutItem": true, "UpdateItem": true, "DeleteItem": true, "TransactWriteItems": true, "BatchWriteItem": true,
	"PutObject": true, "DeleteObject": true, "SendEmail": true}

// faulty is the fault state of one service's client.
type faulty struct{ mode atomic.Int32 }

func (f *faulty) option(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("fault", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		op := middleware.GetOperationName(ctx)
		switch f.mode.Load() {
		case faultThrottle:
			return middleware.FinalizeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}
		case faultServerError:
			return middleware.FinalizeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "InternalServerError", Message: "Internal server error"}
		case faultWritesThrottled:
			if writeOps[op] {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}
			}
		case faultLatency:
			select {
			case <-time.After(150 * time.Millisecond):
			case <-ctx.Done():
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
		case faultHang:
			<-ctx.Done()
			return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
		}
		return next.HandleFinalize(ctx, in)
	}), middleware.After)
}

// faultEnv is a gateway whose DynamoDB and S3 clients go through db and objects.
func (e *env) faultEnv(t *testing.T, db, objects *faulty) *env {
	t.Helper()
	deps := e.deps
	deps.DynamoDB = dynamodb.New(e.deps.DynamoDB.Options(), func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, db.option) })
	deps = deps.WithAPIOptions(s3.ServiceID, objects.option)
	return e.withDeps(t, deps, gateway.WithDynamoDBFaults(injected))
}

// snapshot is a digest of every item of the table, read with the unfaulted client.
func (e *env) snapshot(t *testing.T) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	var start map[string]types.AttributeValue
	for {
		page, err := e.deps.DynamoDB.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(e.deps.Config.TableName), ExclusiveStartKey: start, ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			b, _ := json.Marshal(it)
			k := fmt.Sprint(it["PK"], "|", it["SK"])
			out[k] = sha256.Sum256(b)
		}
		if len(page.LastEvaluatedKey) == 0 {
			return out
		}
		start = page.LastEvaluatedKey
	}
}

// quiet waits until nothing runs on the table behind the requests: the stream's consumer is
// idle and no notification digest waits or is scheduled (else the digest mailer, which the
// faults do not reach, writes while a test compares the table's snapshots).
func (e *env) quiet(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		waitForMail(t)
		busy := 0
		var start map[string]types.AttributeValue
		for {
			page, err := e.deps.DynamoDB.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(e.deps.Config.TableName),
				ExclusiveStartKey: start, ConsistentRead: aws.Bool(true),
				FilterExpression:          aws.String("contains(PK, :d)"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":d": &types.AttributeValueMemberS{Value: "#DIGEST#"}}})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range page.Items {
				var d store.Digest
				if err := attributevalue.UnmarshalMap(it, &d); err != nil {
					t.Fatal(err)
				}
				if d.Pending() || d.Scheduled {
					busy++
					if time.Now().After(deadline) {
						t.Errorf("digest still waiting: %+v", d)
					}
				}
			}
			if len(page.LastEvaluatedKey) == 0 {
				break
			}
			start = page.LastEvaluatedKey
		}
		if busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d notification digests still wait or are scheduled", busy)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func diff(before, after map[string][32]byte) []string {
	var out []string
	for k, v := range after {
		if w, ok := before[k]; !ok {
			out = append(out, "added "+k)
		} else if w != v {
			out = append(out, "changed "+k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out = append(out, "removed "+k)
		}
	}
	sort.Strings(out)
	return out
}

// TestFaultsGiveCleanAnswers: with DynamoDB throttled, failing or failing only its writes,
// every route answers 503 with Retry-After (or its usual answer when it needs no storage)
// well inside API Gateway's 30 s, never a 500, and the table holds no change at all; with
// added latency every route still answers; with S3 down the attachment routes answer 503 and
// nothing changes; a call that never answers ends at the function's deadline with a 503.
func TestFaultsGiveCleanAnswers(t *testing.T) {
	base := MustEnv(t)
	d := base.mustDemo(t)
	base.quiet(t) // the notifications of the tests before
	var db, objects faulty
	e := base.faultEnv(t, &db, &objects)
	customer := e.customer(t, d, base.demoContacts(t)[24])
	admin := e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	anon := e.Client(t)
	r := customer.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Falhas"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	r = customer.Do("POST", "/api/records/Cases/"+cs.ID+"/notes", map[string]any{"body": "nota"})
	MustStatus(t, r, http.StatusCreated)
	var note struct{ ID string }
	r.JSON(t, &note)
	pdf := []byte("%PDF-1.4\nfalhas")
	file := upload(t, customer, "/api/records/Cases/"+cs.ID+"/attachments", "f.pdf", "application/pdf", int64(len(pdf)), pdf)
	f := fixtures{caseOf: map[string]string{"own": cs.ID}, note: note.ID, file: file, clientes: d.clientes}

	tmpl, err := template.Load(filepath.Join("../..", "template.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, rt := range tmpl.Routes() {
		if rt.Key() != "POST /api/logout" {
			routes = append(routes, rt.Key())
		}
	}
	sort.Strings(routes)
	clientFor := func(route string) *client {
		_, path, _ := strings.Cut(route, " ")
		switch {
		case strings.HasPrefix(path, "/api/admin/"):
			return admin
		case strings.HasPrefix(path, "/api/records/"), strings.HasPrefix(path, "/api/me"), path == "/api/search":
			return customer
		}
		return anon
	}
	send := func(route string) (response, time.Duration) {
		method, path := cellRequest(route, "own", f)
		start := time.Now()
		got := clientFor(route).Do(method, path, cellBody(route), "If-Match", `"1"`)
		return got, time.Since(start)
	}
	check := func(t *testing.T, route string, got response, took time.Duration, wantUnavailable bool) {
		t.Helper()
		if took > 12*time.Second {
			t.Errorf("%s took %v", route, took)
		}
		switch {
		case got.Status == http.StatusServiceUnavailable:
			ra, err := strconv.Atoi(got.Header.Get("Retry-After"))
			if err != nil || ra < 1 || ra > 30 {
				t.Errorf("%s: 503 with Retry-After %q", route, got.Header.Get("Retry-After"))
			}
		case got.Status >= 500:
			t.Errorf("%s: status %d; body %s", route, got.Status, got.Body)
		case wantUnavailable && needsStorage(route):
			t.Errorf("%s: status %d with storage down, want 503", route, got.Status)
		}
	}
	tried := 0
	for _, mode := range []struct {
		name string
		mode int32
	}{{"DynamoDB throttled", faultThrottle}, {"DynamoDB failing", faultServerError}, {"DynamoDB writes throttled", faultWritesThrottled}} {
		t.Run(mode.name, func(t *testing.T) {
			base.quiet(t)
			before := base.snapshot(t)
			db.mode.Store(mode.mode)
			for _, route := range routes {
				got, took := send(route)
				tried++
				check(t, route, got, took, mode.mode != faultWritesThrottled)
			}
			db.mode.Store(faultNone)
			if changes := diff(before, base.snapshot(t)); len(changes) > 0 {
				t.Errorf("the table changed under faults: %v", changes)
			}
		})
	}
	t.Run("S3 failing", func(t *testing.T) {
		before := base.snapshot(t)
		objects.mode.Store(faultServerError)
		for _, route := range []string{"POST /api/records/{module}/{id}/attachments/{aid}/complete", "DELETE /api/records/{module}/{id}/attachments/{aid}",
			"GET /api/records/{module}/{id}/attachments/{aid}", "POST /api/admin/portal/logo", "GET /api/p/{slug}"} {
			got, took := send(route)
			tried++
			check(t, route, got, took, false)
		}
		objects.mode.Store(faultNone)
		// Deleting an attachment whose object cannot be removed still removes the item (the
		// object is logged for removal); nothing else changes but the sessions' once-a-minute
		// slide (DynamoDB works here, and a slow machine takes the test past the minute).
		var changes []string
		for _, c := range diff(before, base.snapshot(t)) {
			if !strings.Contains(c, "#FILES#") && !strings.Contains(c, "#QUOTA#") && !strings.Contains(c, "#AUDIT") && !strings.HasPrefix(c, "changed &{SESSION#") {
				changes = append(changes, c)
			}
		}
		if len(changes) > 0 {
			t.Errorf("the table changed under S3 faults: %v", changes)
		}
	})
	t.Run("DynamoDB slow", func(t *testing.T) {
		db.mode.Store(faultLatency)
		defer db.mode.Store(faultNone)
		for _, route := range []string{"GET /api/me", "GET /api/records/{module}", "GET /api/records/{module}/{id}", "GET /api/admin/records/{module}", "GET /api/admin/portal-users"} {
			got, took := send(route)
			tried++
			if got.Status != http.StatusOK {
				t.Errorf("%s with 150 ms more per call: status %d", route, got.Status)
			}
			if took > 5*time.Second {
				t.Errorf("%s took %v", route, took)
			}
		}
	})
	t.Run("DynamoDB not answering", func(t *testing.T) {
		db.mode.Store(faultHang)
		defer db.mode.Store(faultNone)
		got, took := send("GET /api/records/{module}/{id}")
		tried++
		if got.Status != http.StatusServiceUnavailable || took > 11*time.Second || took < 9*time.Second {
			t.Errorf("a hanging DynamoDB: status %d after %v, want 503 at the 10 s deadline", got.Status, took)
		}
	})
	t.Logf("%d faulted requests", tried)
}

// needsStorage tells whether a route reads the table before answering an anonymous or
// authenticated caller (every route but the shallow health check).
// needsStorage says whether a route reads the table: all but the health check (shallow), the
// published API description (embedded in the function) and GET /api/domain, which under the
// deployment's own host answers 404 before any read.
func needsStorage(route string) bool {
	// A staff login's second step without its pending cookie is refused before any read.
	return route != "GET /api/health" && route != "GET /api/domain" && route != "GET /api/openapi.yaml" && route != "POST /api/admin/login/second-factor"
}
