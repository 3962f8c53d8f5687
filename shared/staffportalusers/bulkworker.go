package staffportalusers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/store"
)

// resultAttempts and resultBackoff bound the retries of an item's result write: the action
// is done by then, and a redelivered chunk would apply it again.
const (
	resultAttempts = 5
	resultBackoff  = 100 * time.Millisecond
)

// Handle works through the queue messages of ev, one chunk each: every id of the chunk that
// has no outcome yet gets the job's action through the single action's own function, then
// its outcome (done, or failed with the problem the single action answers) and its count, in
// one transaction that only the first outcome of an id passes. A chunk delivered twice thus
// skips what is done and counts nothing twice. An error of a dependency (busy, down) leaves the
// message for another delivery (a batch item failure), after the queue's visibility timeout;
// five failed deliveries park it in the dead-letter queue (docs/operations.md: redrive).
func (b *Bulk) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, msg := range ev.Records {
		if err := b.chunk(ctx, msg.Body); err != nil {
			httpapi.Logger(ctx).Error("bulk chunk not finished; it will be delivered again", "messageId", msg.MessageId, "err", err.Error())
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
	}
	return resp, nil
}

// errPoison is a message that no delivery can ever process.
var errPoison = errors.New("bulk message names no job chunk")

// chunk processes one message's chunk.
func (b *Bulk) chunk(ctx context.Context, body string) error {
	var m BulkMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil || m.OrgID == "" || m.JobID == "" {
		// Logged and dropped: redelivering it would fail the same way.
		httpapi.Logger(ctx).Error("bulk message dropped", "err", errPoison.Error(), "body", body)
		return nil
	}
	j, err := b.store.GetBulkJob(ctx, m.OrgID, m.JobID)
	if errors.Is(err, store.ErrNotFound) {
		httpapi.Logger(ctx).Error("bulk message dropped: its job is gone", "org", m.OrgID, "jobId", m.JobID)
		return nil
	}
	if err != nil {
		return err
	}
	c, err := b.store.GetBulkChunk(ctx, m.OrgID, m.JobID, m.Chunk)
	if errors.Is(err, store.ErrNotFound) {
		httpapi.Logger(ctx).Error("bulk message dropped: its chunk is gone", "org", m.OrgID, "jobId", m.JobID, "chunk", m.Chunk)
		return nil
	}
	if err != nil {
		return err
	}
	done, err := b.store.BulkResultsFrom(ctx, m.OrgID, m.JobID, c.First, len(c.IDs))
	if err != nil {
		return err
	}
	// The job's request: its origin for the emails' links, its address for the audit entries.
	ctx = httpapi.WithRequestOrigin(ctx, j.Origin)
	r := &httpapi.Request{}
	r.RequestContext.HTTP.SourceIP = j.IP
	by := Acting{OrgID: j.OrgID, UserID: j.CreatedBy.ID, Actor: j.CreatedBy}
	for i, id := range c.IDs {
		pos := c.First + i
		if done[pos] {
			continue
		}
		res := store.BulkResult{Position: pos, ID: id, Outcome: store.BulkDone}
		if err := b.attempt(ctx, r, by, j, id); err != nil {
			if httpapi.Transient(err) {
				return fmt.Errorf("bulk job %s position %d: %w", j.ID, pos, err)
			}
			p := httpapi.ProblemOf(err)
			if p.Status >= 500 {
				httpapi.Logger(ctx).Error("bulk item failed", "jobId", j.ID, "position", pos, "err", err.Error())
			}
			res.Outcome, res.Status, res.Code, res.Params, res.Detail = store.BulkFailed, p.Status, p.Code, p.Params, p.Detail
			if len(p.Errors) > 0 {
				// The field rule is the useful part ("userTypeId: has no free seat").
				f := p.Errors[0]
				res.Code, res.Params, res.Detail = f.Code, f.Params, f.Field+" "+f.Message
			}
		}
		err := httpapi.RetryTransient(ctx, resultAttempts, resultBackoff, func() error {
			return b.store.AddBulkResult(ctx, j.OrgID, j.ID, j.ExpiresAt, res)
		})
		if err != nil && !errors.Is(err, store.ErrExists) {
			return err
		}
	}
	return nil
}

// attempt applies the job's action to id, a busy dependency being tried again here rather
// than by a redelivery of the whole chunk after the queue's visibility timeout. The single
// action can fail after its point of no return (the user changed, then ending the sessions
// failed): tried again it would be refused as done ("already deactivated"). So an attempt
// that fails for a busy dependency after the user changed (a new version, or the user gone)
// counts as done; a resend is tried again instead, so that its email is sent.
//
// An invitation needs no such care: tried again after its point of no return (the invited
// user stored) it finds that user and answers the same invitation, as a repeated single
// invitation does; its email is sent, or its failure recorded for a resend, before then.
func (b *Bulk) attempt(ctx context.Context, r *httpapi.Request, by Acting, j store.BulkJob, id string) error {
	if j.Action == BulkInvite {
		return httpapi.RetryTransient(ctx, resultAttempts, resultBackoff, func() error {
			return b.one(ctx, r, by, j, id)
		})
	}
	return httpapi.RetryTransient(ctx, resultAttempts, resultBackoff, func() error {
		before, err := b.users.store.GetPortalUser(ctx, j.OrgID, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		known := err == nil
		err = b.one(ctx, r, by, j, id)
		if err == nil || !known || j.Action == invite.Resend || !httpapi.Transient(err) {
			return err
		}
		after, gerr := b.users.store.GetPortalUser(ctx, j.OrgID, id)
		if errors.Is(gerr, store.ErrNotFound) || (gerr == nil && after.Version != before.Version) {
			httpapi.Logger(ctx).Warn("bulk item changed before a dependency failed; counted as done", "jobId", j.ID, "userId", id, "err", err.Error())
			return nil
		}
		return err
	})
}

// one applies the job's action to one id through the single action's function.
func (b *Bulk) one(ctx context.Context, r *httpapi.Request, by Acting, j store.BulkJob, id string) error {
	switch j.Action {
	case invite.Erase:
		return b.users.EraseUser(ctx, r, by, id)
	case BulkInvite:
		_, _, _, err := b.users.Invite(ctx, r, by, j.Module, id, j.UserTypeID)
		return err
	}
	_, _, _, err := b.users.Apply(ctx, r, by, id, j.Action, j.UserTypeID)
	return err
}
