package portalapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/erasure"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/store"
)

// userEraser is the one erasure of a portal user (staffportalusers.Service.EraseUser).
type userEraser interface {
	EraseUser(ctx context.Context, r *httpapi.Request, by staffportalusers.Acting, id string) error
}

var _ userEraser = (*staffportalusers.Service)(nil)

// codeVerifier checks a password under the login's throttle (logins.Logins.VerifyCode).
type codeVerifier interface {
	VerifyCode(ctx context.Context, r *httpapi.Request, account, passwordHash string, check func() (bool, error)) (bool, error)
}

type erasureBody struct {
	Password string `json:"password"`
}

// errPreviewErasure refuses an erasure asked in a staff preview: the session is a staff
// member's, not a portal user's, so there is no one to erase.
var errPreviewErasure = httpapi.Errorf(httpapi.Forbidden, "a preview is read-only: only the portal user can ask for the erasure of their account")

// erasureRequests are the pending erasure requests of an organization whose erasure mode is
// approval (store.ErasureRequest), and the organization's mode, read consistently (a
// change of the setting counts from the next request).
type erasureRequests interface {
	GetOrgConsistent(ctx context.Context, id string) (store.Org, error)
	PutErasureRequest(ctx context.Context, req store.ErasureRequest, entry store.AuditEntry) error
	GetErasureRequest(ctx context.Context, org, user string) (store.ErasureRequest, error)
	EndErasureRequest(ctx context.Context, org, user string, entry store.AuditEntry) error
}

var _ erasureRequests = (*store.Store)(nil)

// erasureState is the answer of GET /api/me/erasure and of a request stored as pending: the
// organization's mode, and the user's pending request (State "pending", RequestedAt) or none.
type erasureState struct {
	Mode        string     `json:"mode"`
	State       string     `json:"state"`
	RequestedAt *time.Time `json:"requestedAt,omitempty"`
}

// errErasurePending refuses a second request while one is pending.
var errErasurePending = httpapi.Errorf(httpapi.Conflict, "an erasure request of this account is pending already: one request at a time; withdraw it to ask again")

// RequestErasure answers the session's own portal user's request for the erasure of their
// account (POST /api/me/erasure), confirmed by their password. The password is checked
// under the same throttle and counters as a login's (a wrong one counts as one failed login,
// no more). In an organization whose erasure mode is immediate, the account is erased at
// once (staffportalusers.Service.EraseUser, with the user as the actor under their
// pseudonym) and it answers 204, clearing the session cookie; the CRM record stays. In
// approval mode the request is stored as pending with its audit entry, in one transaction,
// and it answers 202 with the pending state; a second request while one is pending answers
// 409.
func (s *Service) RequestErasure(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	if p.Preview {
		return nil, errPreviewErasure
	}
	var in erasureBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if in.Password == "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: "is required: confirm the erasure with your password"})
	}
	u, err := s.Store.GetPortalUser(ctx, p.OrgID, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, portalguard.ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	ok, err := s.Codes.VerifyCode(ctx, r, "portal "+u.OrgID+" "+store.NormalizeEmail(u.Email), u.PasswordHash, func() (bool, error) {
		ok, _, err := auth.VerifyPassword(u.PasswordHash, in.Password)
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.LoginFailed, Detail: "erasure: wrong password"})
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: "is not your password"})
	}
	org, err := s.Requests.GetOrgConsistent(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	if org.Erasure == erasure.Approval {
		return s.storeErasureRequest(ctx, p, r, u)
	}
	by := staffportalusers.Acting{OrgID: p.OrgID, UserID: p.UserID,
		Actor: store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: erasure.Pseudonym(u.OrgID, u.ID)}}
	if err := s.Eraser.EraseUser(ctx, r, by, u.ID); err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent, Cookies: []string{auth.ClearCookie(auth.PortalCookie)}}, nil
}

// storeErasureRequest stores u's pending request (RequestErasure in approval mode).
func (s *Service) storeErasureRequest(ctx context.Context, p portalguard.Principal, r *httpapi.Request, u store.PortalUser) (*httpapi.Reply, error) {
	entry, err := audit.Prepare(s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.ErasureRequested, RecordID: u.RecordID})
	if err != nil {
		return nil, err
	}
	req := store.ErasureRequest{OrgID: u.OrgID, UserID: u.ID, RecordID: u.RecordID, Name: u.Name, Email: u.Email, RequestedAt: entry.At}
	err = s.Requests.PutErasureRequest(ctx, req, entry)
	if errors.Is(err, store.ErrExists) {
		return nil, errErasurePending
	}
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusAccepted, erasureState{Mode: erasure.Approval, State: "pending", RequestedAt: &req.RequestedAt}), nil
}

// MyErasure answers the organization's erasure mode and the session's user's pending
// request, if any (GET /api/me/erasure). A preview has none.
func (s *Service) MyErasure(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	org, err := s.Requests.GetOrgConsistent(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	out := erasureState{Mode: org.Erasure, State: "none"}
	if p.Preview {
		return httpapi.JSON(http.StatusOK, out), nil
	}
	req, err := s.Requests.GetErasureRequest(ctx, p.OrgID, p.UserID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if err == nil {
		out.State, out.RequestedAt = "pending", &req.RequestedAt
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// WithdrawErasure withdraws the session's user's pending request (DELETE /api/me/erasure),
// with its audit entry in the same transaction: 204, or 404 when there is none.
func (s *Service) WithdrawErasure(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	if p.Preview {
		return nil, errPreviewErasure
	}
	entry, err := audit.Prepare(s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.ErasureWithdrawn})
	if err != nil {
		return nil, err
	}
	err = s.Requests.EndErasureRequest(ctx, p.OrgID, p.UserID, entry)
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.NotFound, "no erasure request of this account is pending")
	}
	if err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}
