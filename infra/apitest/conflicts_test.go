package apitest

import (
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"crmportal/infra/gateway"
	"crmportal/infra/stack"
	"crmportal/infra/template"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// transactionConflicts answers the functions' TransactWriteItems calls as DynamoDB answers a
// transaction that meets another one on the same item: HTTP 400 with a
// TransactionCanceledException whose reasons hold TransactionConflict, decoded by the SDK's
// own deserializer. left is how many calls conflict (negative: every call); calls counts the
// TransactWriteItems calls.
type transactionConflicts struct{ left, calls atomic.Int32 }

// conflictBody is DynamoDB's answer to a two-item transaction whose second item is held by
// another transaction.
const conflictBody = `{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",` +
	`"Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]",` +
	`"CancellationReasons":[{"Code":"None"},{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]}`

func (c *transactionConflicts) option(stack *middleware.Stack) error {
	// Innermost in the deserialize step: in place of the HTTP round trip, under the SDK's
	// deserializer and its retries.
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("transactionConflict", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		if middleware.GetOperationName(ctx) != "TransactWriteItems" {
			return next.HandleDeserialize(ctx, in)
		}
		c.calls.Add(1)
		if c.left.Load() == 0 {
			return next.HandleDeserialize(ctx, in)
		}
		c.left.Add(-1)
		resp := &http.Response{StatusCode: http.StatusBadRequest, Status: "400 Bad Request", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"CONFLICTTEST"},
				"X-Amz-Crc32": {strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(conflictBody))), 10)}},
			Body: io.NopCloser(strings.NewReader(conflictBody)), ContentLength: int64(len(conflictBody))}
		return middleware.DeserializeOutput{RawResponse: &smithyhttp.Response{Response: resp}}, middleware.Metadata{}, nil
	}), middleware.After)
}

// dynamoDBOptionEnv is a gateway over the test stack whose functions' DynamoDB client has opt
// in its middleware stack (faultEnv's pattern).
func (e *env) dynamoDBOptionEnv(t *testing.T, opt func(*middleware.Stack) error) *env {
	t.Helper()
	deps := e.deps
	deps.DynamoDB = dynamodb.New(e.deps.DynamoDB.Options(), func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, opt) })
	return e.withDeps(t, deps)
}

// withDeps is a gateway of its own over deps (clients the test wraps), on the same stack,
// its IAM guard recording in the stack's recorder, with opts besides.
func (e *env) withDeps(t *testing.T, deps platform.Deps, opts ...gateway.Option) *env {
	t.Helper()
	tmpl, err := template.Load(filepath.Join("../..", "template.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(tmpl, deps, t.TempDir(), stack.Buckets, append([]gateway.Option{gateway.WithIAMRecorder(st.IAM)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	track(gw)
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	return &env{srv: srv, gw: gw, deps: deps, store: e.store}
}

// A record edit whose transaction DynamoDB cancels for TransactionConflict is tried 3 times,
// then answers 503 with Retry-After and changes nothing; a conflict on the first try only is
// retried and the edit passes.
func TestTransactionConflicts(t *testing.T) {
	base := MustEnv(t)
	o := base.MustOrg(t, "Conflicts")
	var conflicts transactionConflicts
	e := base.dynamoDBOptionEnv(t, conflicts.option)
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	// This gateway injects no faults of its own; the 503 and the calls behind it are what
	// the test counts, so the client must not follow the 503 (as it does with DDB_FAULTS).
	admin.answer503 = true
	acct := admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conflicted"})
	path := "/api/admin/records/Accounts/" + acct.ID
	etag := func(v int) string { return `"` + strconv.Itoa(v) + `"` }

	t.Run("conflicting every time", func(t *testing.T) {
		before := base.snapshot(t)
		conflicts.calls.Store(0)
		conflicts.left.Store(-1)
		r := admin.Do("PATCH", path, map[string]any{"fields": map[string]any{"Account_Name": "Never written"}}, "If-Match", etag(acct.Version))
		conflicts.left.Store(0)
		MustStatus(t, r, http.StatusServiceUnavailable)
		if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		if n := conflicts.calls.Load(); n != 3 {
			t.Errorf("%d TransactWriteItems calls, want 3 (the store's bounded retries)", n)
		}
		var changes []string
		for _, c := range diff(before, base.snapshot(t)) {
			if !strings.Contains(c, "SESSION#") { // the session's lastSeenAt
				changes = append(changes, c)
			}
		}
		if len(changes) > 0 {
			t.Errorf("a cancelled edit changed the table: %v", changes)
		}
		var got record
		r = admin.Do("GET", path, nil)
		MustStatus(t, r, http.StatusOK)
		r.JSON(t, &got)
		if got.Version != acct.Version || got.Fields["Account_Name"] != "Conflicted" {
			t.Errorf("after the cancelled edit: version %d, name %v; want %d, Conflicted", got.Version, got.Fields["Account_Name"], acct.Version)
		}
	})

	t.Run("conflicting once", func(t *testing.T) {
		conflicts.calls.Store(0)
		conflicts.left.Store(1)
		r := admin.Do("PATCH", path, map[string]any{"fields": map[string]any{"Account_Name": "Written on the second try"}}, "If-Match", etag(acct.Version))
		conflicts.left.Store(0)
		MustStatus(t, r, http.StatusOK)
		if n := conflicts.calls.Load(); n != 2 {
			t.Errorf("%d TransactWriteItems calls, want 2", n)
		}
		var got record
		r.JSON(t, &got)
		if got.Version != acct.Version+1 || got.Fields["Account_Name"] != "Written on the second try" {
			t.Errorf("after the retried edit: version %d, name %v", got.Version, got.Fields["Account_Name"])
		}
	})

	t.Run("a failed condition is still a 412", func(t *testing.T) {
		r := admin.Do("PATCH", path, map[string]any{"fields": map[string]any{"Account_Name": "Stale"}}, "If-Match", etag(acct.Version))
		if r.Status != http.StatusPreconditionFailed && r.Status != http.StatusConflict {
			t.Errorf("a stale If-Match: status %d, want 412 (or 409)", r.Status)
		}
	})
}

// ListStaff reads every page: an organization with more staff than a Query page holds (the
// old cap was 100) lists them all.
func TestListStaffReadsEveryPage(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Many staff")
	ctx := context.Background()
	const extra = 130
	for i := range extra {
		u := store.Staff{OrgID: o.ID, ID: fmt.Sprintf("%s-%03d", o.ID, i), Email: fmt.Sprintf("staff-%d-%s@staff.example", i, o.ID),
			Name: fmt.Sprintf("Staff %d", i), Role: store.RoleUser, PasswordHash: "x"}
		if err := e.store.CreateStaff(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.store.ListStaff(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, s := range got {
		ids[s.ID] = true
	}
	if len(got) != extra+2 || len(ids) != extra+2 || !ids[o.AdminID] || !ids[fmt.Sprintf("%s-%03d", o.ID, extra-1)] {
		t.Errorf("ListStaff: %d staff (%d distinct), want %d", len(got), len(ids), extra+2)
	}
}
