package staffportalusers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// Bulk actions: POST /api/admin/portal-users/bulk stores a job with its ids in chunks and
// queues one message per chunk; the bulk worker (BulkWorker) applies the action to each id
// through the very function the single action uses (Apply, EraseUser), so seats, licences,
// status rules, resend limits and audit entries are exactly the single action's; GET
// /api/admin/portal-users/bulk/{jobId} answers the counts and the per-item report.
//
// The invite action names CRM records instead of portal users: each record's person is
// invited through Invite, the single invitation's own function (POST
// /api/admin/records/{module}/{id}/invitation), so a seat or a licence is taken, or refused,
// record by record in the order of the request, and each invitation email is sent as the single
// one is.

// MaxBulkIDs is the most ids one bulk request may name.
const MaxBulkIDs = 5000

// BulkChunkSize is the most ids of one chunk (one stored item, one queue message): a chunk is
// well under DynamoDB's 400 KB item and is worked through well within the worker's timeout.
const BulkChunkSize = 100

// maxBulkBody bounds a bulk request's body: room for far more ids than MaxBulkIDs, so that an
// oversized list is answered with the cap it breaks rather than the body's size.
const maxBulkBody = 4 << 20

// BulkInvite is the bulk action that invites the people of CRM records (ids are record ids of
// the request's module), as POST /api/admin/records/{module}/{id}/invitation does one.
const BulkInvite = "invite"

// BulkActions are the actions a bulk request may name: the single actions of
// POST /api/admin/portal-users/{id}/{action}, the erase of DELETE /api/admin/portal-users/{id}
// and the invitation of records.
var BulkActions = []string{BulkInvite, invite.Resend, invite.Revoke, invite.Deactivate, invite.Activate, invite.ChangeType, invite.Erase}

// BulkRequest is the body of POST /api/admin/portal-users/bulk. IDs are portal user ids, or
// for the invite action record ids of Module (Contacts or Leads).
type BulkRequest struct {
	Action     string   `json:"action"`
	Module     string   `json:"module"`
	IDs        []string `json:"ids"`
	UserTypeID string   `json:"userTypeId"`
}

// needsType reports whether action names a user type: the new one, or the one to invite as.
func needsType(action string) bool {
	return action == invite.ChangeType || action == BulkInvite
}

// errBulkCap is the answer to a list over MaxBulkIDs: a 400 naming ids and the cap.
func errBulkCap(n int) error {
	return &httpapi.Error{Kind: httpapi.Invalid, Detail: fmt.Sprintf("ids has %d ids; one bulk request may name at most %d", n, MaxBulkIDs),
		Fields: []httpapi.FieldError{{Field: "ids", Message: fmt.Sprintf("must hold at most %d ids", MaxBulkIDs)}}}
}

// ValidateBulk checks a bulk request's shape: a known action, 1 to MaxBulkIDs well-formed
// ids, none repeated, a user type id for change-type and invite (and none for any other
// action), and for invite a module whose records can be invited (and none for any other
// action). A list over the cap is a 400 naming ids and the cap; the other rules are field
// errors (422).
func ValidateBulk(in BulkRequest) error {
	if len(in.IDs) > MaxBulkIDs {
		return errBulkCap(len(in.IDs))
	}
	var errs []httpapi.FieldError
	if !slices.Contains(BulkActions, in.Action) {
		errs = append(errs, httpapi.FieldError{Field: "action", Message: "must be one of " + strings.Join(BulkActions, ", ")})
	}
	if len(in.IDs) == 0 {
		errs = append(errs, httpapi.FieldError{Field: "ids", Message: fmt.Sprintf("is required: 1 to %d portal user ids", MaxBulkIDs)})
	}
	notID := "is not a portal user id"
	if in.Action == BulkInvite {
		notID = "is not a record id"
	}
	seen := make(map[string]int, len(in.IDs))
	for i, id := range in.IDs {
		field := "ids[" + strconv.Itoa(i) + "]"
		if !auth.ValidID(id) {
			errs = append(errs, httpapi.FieldError{Field: field, Message: notID})
			continue
		}
		if j, ok := seen[id]; ok {
			errs = append(errs, httpapi.FieldError{Field: field, Message: fmt.Sprintf("repeats ids[%d]; name each user once", j)})
			continue
		}
		seen[id] = i
	}
	switch {
	case in.Action == BulkInvite && in.Module == "":
		errs = append(errs, httpapi.FieldError{Field: "module", Message: "is required: the module of the records to invite"})
	case in.Action == BulkInvite:
		if msg := invite.CheckModule(in.Module); msg != "" {
			errs = append(errs, httpapi.FieldError{Field: "module", Message: msg})
		}
	case in.Module != "":
		errs = append(errs, httpapi.FieldError{Field: "module", Message: "is only for invite"})
	}
	switch {
	case in.Action == invite.ChangeType && !auth.ValidID(in.UserTypeID):
		errs = append(errs, httpapi.FieldError{Field: "userTypeId", Message: "is required: the new user type"})
	case in.Action == BulkInvite && !auth.ValidID(in.UserTypeID):
		errs = append(errs, httpapi.FieldError{Field: "userTypeId", Message: "is required: the user type to invite as"})
	case !needsType(in.Action) && in.UserTypeID != "":
		errs = append(errs, httpapi.FieldError{Field: "userTypeId", Message: "is only for change-type and invite"})
	}
	if len(errs) > 0 {
		return httpapi.FieldErrors(errs...)
	}
	return nil
}

// Chunks splits ids into chunks of at most size ids, each with its index and the position
// of its first id.
func Chunks(ids []string, size int) []store.BulkChunk {
	var out []store.BulkChunk
	for first := 0; first < len(ids); first += size {
		out = append(out, store.BulkChunk{Index: len(out), First: first, IDs: ids[first:min(first+size, len(ids))]})
	}
	return out
}

// BulkMessage is one queue message: a chunk of a job.
type BulkMessage struct {
	OrgID string `json:"orgId"`
	JobID string `json:"jobId"`
	Chunk int    `json:"chunk"`
}

// queue is the bulk queue's client (sqs.Client).
type queue interface {
	SendMessageBatch(ctx context.Context, in *sqs.SendMessageBatchInput, opts ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
}

// bulkStore is what the bulk routes and worker read and write besides usersStore.
type bulkStore interface {
	CreateBulkJob(ctx context.Context, j store.BulkJob, chunks []store.BulkChunk) error
	SetBulkJobStatus(ctx context.Context, org, id, from, to string) error
	GetBulkJob(ctx context.Context, org, id string) (store.BulkJob, error)
	GetBulkChunk(ctx context.Context, org, id string, i int) (store.BulkChunk, error)
	BulkResultsFrom(ctx context.Context, org, id string, first, n int) (map[int]bool, error)
	AddBulkResult(ctx context.Context, org, id string, expires time.Time, r store.BulkResult) error
	ListBulkResults(ctx context.Context, org, id string, failedOnly bool, limit int, after string) (store.Page[store.BulkResult], error)
}

var _ bulkStore = (*store.Store)(nil)

// Bulk serves the bulk routes: the portal user service, the job store and the queue.
type Bulk struct {
	users    *Service
	store    bulkStore
	queue    queue
	queueURL string
}

// Job states.
const (
	bulkQueued  = "queued"
	bulkRunning = "running"
	bulkFailed  = "failed"
	bulkDone    = "done"
)

// Create answers POST /api/admin/portal-users/bulk (admins, as the single actions; any staff
// member for invite, as the single invitation): it checks the request, stores the job and its
// chunks, queues one message per chunk and answers 202 with the job's id and its Location.
// Ids of another organization are not refused here: each is reported "not found", exactly as
// an unknown id (or record), so the answer says nothing of them.
func (b *Bulk) Create(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	var in BulkRequest
	if err := decodeBulk(r, &in); err != nil {
		return nil, err
	}
	if in.Action != BulkInvite {
		if err := staffguard.RequireAdmin(p); err != nil {
			return nil, err
		}
	}
	if err := ValidateBulk(in); err != nil {
		return nil, err
	}
	if needsType(in.Action) {
		// A type that does not exist (or, for invite, is for another module) fails every item
		// the same way: refuse the request instead.
		ut, err := b.users.store.GetUserType(ctx, p.OrgID, in.UserTypeID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
		} else if err != nil {
			return nil, err
		}
		if in.Action == BulkInvite && ut.BaseModule != in.Module {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: fmt.Sprintf(
				"is a user type based on %s; these records are in %s", ut.BaseModule, in.Module)})
		}
	}
	now := b.users.store.Now()
	id, err := auth.NewTimeID(now)
	if err != nil {
		return nil, err
	}
	chunks := Chunks(in.IDs, BulkChunkSize)
	j := store.BulkJob{OrgID: p.OrgID, ID: id, Action: in.Action, Module: in.Module, UserTypeID: in.UserTypeID, Status: bulkQueued,
		Total: len(in.IDs), Chunks: len(chunks), CreatedBy: b.users.guard.Actor(ctx, p),
		Origin: b.users.portalOrigin(ctx), IP: httpapi.ClientIP(*r), CreatedAt: now, ExpiresAt: now.Add(store.BulkJobLifetime)}
	j.CreatedBy.ID = p.UserID
	if err := b.store.CreateBulkJob(ctx, j, chunks); err != nil {
		return nil, err
	}
	if err := b.enqueue(ctx, j); err != nil {
		httpapi.Logger(ctx).Error("bulk job not queued", "jobId", j.ID, "err", err.Error())
		// The job exists but no message will run it: mark it failed so that it does not show
		// as waiting for ever, then answer the error (503 when SQS is busy).
		if serr := httpapi.RetryTransient(ctx, 3, 100*time.Millisecond, func() error {
			return b.store.SetBulkJobStatus(ctx, p.OrgID, j.ID, bulkQueued, bulkFailed)
		}); serr != nil {
			httpapi.Logger(ctx).Error("bulk job not marked failed", "jobId", j.ID, "err", serr.Error())
		}
		return nil, err
	}
	if err := httpapi.RetryTransient(ctx, 3, 100*time.Millisecond, func() error {
		return b.store.SetBulkJobStatus(ctx, p.OrgID, j.ID, bulkQueued, bulkRunning)
	}); err != nil && !errors.Is(err, store.ErrVersion) {
		// The messages are sent: the job runs whatever its stored status (GET derives the
		// status from the counts once items are done).
		httpapi.Logger(ctx).Error("bulk job status not recorded", "jobId", j.ID, "err", err.Error())
	}
	audit.Record(ctx, b.users.store, r, audit.Entry{OrgID: p.OrgID, Actor: j.CreatedBy, Action: audit.PortalUserAction + "bulk",
		Detail: fmt.Sprintf("%s, job %s: %d %s", in.Action, j.ID, j.Total, bulkNoun(in))})
	reply := httpapi.JSON(http.StatusAccepted, map[string]string{"jobId": j.ID})
	reply.Headers = map[string]string{"Location": "/api/admin/portal-users/bulk/" + j.ID}
	return reply, nil
}

// bulkNoun names what a request's ids are, for its audit entry.
func bulkNoun(in BulkRequest) string {
	if in.Action == BulkInvite {
		return in.Module + " records"
	}
	return "users"
}

// enqueue sends one message per chunk of j, ten to a call; an entry SQS refuses is an error.
func (b *Bulk) enqueue(ctx context.Context, j store.BulkJob) error {
	for first := 0; first < j.Chunks; first += 10 {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i := first; i < min(first+10, j.Chunks); i++ {
			body, err := json.Marshal(BulkMessage{OrgID: j.OrgID, JobID: j.ID, Chunk: i})
			if err != nil {
				return err
			}
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(string(body))})
		}
		out, err := b.queue.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(b.queueURL), Entries: entries})
		if err != nil {
			return fmt.Errorf("queue bulk job %s: %w", j.ID, err)
		}
		if len(out.Failed) > 0 {
			f := out.Failed[0]
			return fmt.Errorf("queue bulk job %s: %d messages refused, first %s: %s", j.ID, len(out.Failed), aws.ToString(f.Code), aws.ToString(f.Message))
		}
	}
	return nil
}

// decodeBulk reads a bulk request's JSON body (up to maxBulkBody bytes), unknown members
// refused, as httpapi.Decode does for smaller bodies.
func decodeBulk(r *httpapi.Request, dst *BulkRequest) error {
	mt, _, err := mime.ParseMediaType(httpapi.Header(r, "Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return httpapi.Errorf(httpapi.UnsupportedMediaType, "the body must be application/json")
	}
	body, err := httpapi.Body(r, maxBulkBody)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return httpapi.Errorf(httpapi.Invalid, "the body is not a bulk request: %s", jsonProblem(err))
	}
	if dec.More() {
		return httpapi.Errorf(httpapi.Invalid, "the body must hold a single JSON value")
	}
	return nil
}

// jsonProblem names what is wrong with a body for the client, without Go's type names.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field + " has the wrong type"
	}
	if strings.HasPrefix(err.Error(), "json: unknown field ") {
		return "unknown member " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "it is not valid JSON"
}

// BulkJobJSON is a bulk job as GET answers it.
type BulkJobJSON struct {
	store.BulkJob
	Status string `json:"status"`
	// Items are the per-item report's page (failures only unless ?all=true).
	Items      []store.BulkResult `json:"items"`
	NextCursor string             `json:"nextCursor,omitempty"`
}

// Get answers GET /api/admin/portal-users/bulk/{jobId} (admins, and the staff member who
// asked for the job): the job's status (queued, running, done, failed), its counts and a page
// of its per-item report, the failures only unless the query says all=true. Another
// organization's job, or another member's for staff who are not admins, is not found.
func (b *Bulk) Get(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	id := r.PathParameters["jobId"]
	errNoJob := httpapi.Errorf(httpapi.NotFound, "no bulk job with that id")
	if !auth.ValidID(id) {
		return nil, errNoJob
	}
	q := r.QueryStringParameters
	var errs []httpapi.FieldError
	limit, fe := httpapi.Limit(q, 100)
	if fe != nil {
		errs = append(errs, *fe)
	}
	all := q["all"] == "true"
	if v := q["all"]; v != "" && v != "true" && v != "false" {
		errs = append(errs, httpapi.FieldError{Field: "all", Message: "must be true or false"})
	}
	if len(errs) > 0 {
		return nil, httpapi.InvalidQuery(errs...)
	}
	j, err := b.store.GetBulkJob(ctx, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoJob
	}
	if err != nil {
		return nil, err
	}
	if !p.IsAdmin() && j.CreatedBy.ID != p.UserID {
		return nil, errNoJob
	}
	page, err := b.store.ListBulkResults(ctx, p.OrgID, id, !all, limit, q["cursor"])
	if err != nil {
		return nil, err
	}
	out := BulkJobJSON{BulkJob: j, Status: JobStatus(j), Items: page.Items, NextCursor: page.Next}
	if out.Items == nil {
		out.Items = []store.BulkResult{}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// JobStatus is the status a job shows: done once every item has an outcome, else its stored
// status (queued, running, or failed when it could not be queued).
func JobStatus(j store.BulkJob) string {
	if j.Total > 0 && j.Done+j.Failed >= j.Total {
		return bulkDone
	}
	if j.Status == bulkQueued && j.Done+j.Failed > 0 {
		return bulkRunning
	}
	return j.Status
}

// NewBulk builds the bulk routes and worker from a function's dependencies: the portal user
// service with its email sender (a bulk resend emails), the store and the bulk queue
// (BULK_QUEUE_URL).
func NewBulk(d platform.Deps) *Bulk {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Bulk{users: New(d), store: st, queue: newSQS(d), queueURL: d.Config.BulkQueueURL}
}

// newSQS is the function's SQS client (its endpoint and API options from d).
func newSQS(d platform.Deps) *sqs.Client {
	return sqs.NewFromConfig(d.AWS, func(o *sqs.Options) {
		if e := platform.Endpoint(d.Config.Endpoints.SQS); e != nil {
			o.BaseEndpoint = e
		}
		o.APIOptions = append(slices.Clip(o.APIOptions), d.APIOptions[sqs.ServiceID]...)
	})
}

// BulkCreateFunction is the handler of POST /api/admin/portal-users/bulk.
func BulkCreateFunction(d platform.Deps) httpapi.LambdaFunc {
	b := NewBulk(d)
	return d.Adapt(b.users.guard.Guard(b.Create))
}

// BulkGetFunction is the handler of GET /api/admin/portal-users/bulk/{jobId}.
func BulkGetFunction(d platform.Deps) httpapi.LambdaFunc {
	b := NewBulk(d)
	return d.Adapt(b.users.guard.Guard(b.Get))
}

// BulkWorkerFunction is the handler of functions/portal-users-bulk, started by the bulk queue.
func BulkWorkerFunction(d platform.Deps) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	b := NewBulk(d)
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return b.Handle(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}
