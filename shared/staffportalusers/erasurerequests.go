package staffportalusers

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/erasure"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// requestStore is what the decisions on erasure requests read and write
// (store.ErasureRequest).
type requestStore interface {
	ListErasureRequests(ctx context.Context, org string, limit int, after string) (store.Page[store.ErasureRequest], error)
	GetErasureRequest(ctx context.Context, org, user string) (store.ErasureRequest, error)
	EndErasureRequest(ctx context.Context, org, user string, entry store.AuditEntry) error
}

var _ requestStore = (*store.Store)(nil)

// errNoRequest answers an id without a pending request in the staff member's organization
// (another organization's among them).
var errNoRequest = httpapi.Errorf(httpapi.NotFound, "no pending erasure request of that portal user")

type erasureRequestList struct {
	Items      []store.ErasureRequest `json:"items"`
	NextCursor string                 `json:"nextCursor,omitempty"`
}

// ListErasureRequests answers a page of the organization's pending erasure requests
// (admins; GET /api/admin/erasure-requests).
func (s *Service) ListErasureRequests(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	limit, fe := httpapi.Limit(r.QueryStringParameters, 50)
	if fe != nil {
		return nil, httpapi.InvalidQuery(*fe)
	}
	page, err := s.requests.ListErasureRequests(ctx, p.OrgID, limit, r.QueryStringParameters["cursor"])
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, erasureRequestList{Items: page.Items, NextCursor: page.Next}), nil
}

type decisionBody struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// DecideErasureRequest approves or rejects the pending erasure request of the portal user id
// (admins; POST /api/admin/erasure-requests/{id}). An approval is EraseUser on behalf of
// the admin (which deletes the request last); a rejection deletes the request with an
// erasure_rejected entry (the reason its detail) in one transaction, and tells the customer
// nothing more. Both answer 204; an id without a pending request of the admin's
// organization answers 404.
func (s *Service) DecideErasureRequest(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in decisionBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	var errs []httpapi.FieldError
	if msg := erasure.CheckDecision(in.Decision); msg != "" {
		errs = append(errs, httpapi.FieldError{Field: "decision", Message: msg})
	}
	if msg := erasure.CheckReason(in.Reason); msg != "" {
		errs = append(errs, httpapi.FieldError{Field: "reason", Message: msg})
	}
	if len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	id := r.PathParameters["id"]
	if !auth.ValidID(id) {
		return nil, errNoRequest
	}
	req, err := s.requests.GetErasureRequest(ctx, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoRequest
	}
	if err != nil {
		return nil, err
	}
	by := Acting{OrgID: p.OrgID, UserID: p.UserID, Actor: s.guard.Actor(ctx, p)}
	if in.Decision == erasure.Approve {
		if err := s.EraseUser(ctx, r, by, id); err != nil {
			return nil, err
		}
		return &httpapi.Reply{Status: http.StatusNoContent}, nil
	}
	entry, err := audit.Prepare(s.store, r, audit.Entry{OrgID: p.OrgID, Actor: by.Actor, Action: audit.ErasureRejected,
		RecordID: req.RecordID, Detail: in.Reason})
	if err != nil {
		return nil, err
	}
	if err := s.requests.EndErasureRequest(ctx, p.OrgID, id, entry); errors.Is(err, store.ErrNotFound) {
		return nil, errNoRequest
	} else if err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// EraseFunction is the one function of DELETE /api/admin/portal-users/{id} and of the
// erasure requests' routes (functions/portal-user-erase).
func EraseFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"DELETE /api/admin/portal-users/{id}":   d.Adapt(s.guard.Guard(s.Erase)),
		"GET /api/admin/erasure-requests":       d.Adapt(s.guard.Guard(s.ListErasureRequests)),
		"POST /api/admin/erasure-requests/{id}": d.Adapt(s.guard.Guard(s.DecideErasureRequest)),
	})
}
