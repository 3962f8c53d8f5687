package portalapi

import (
	"context"
	"errors"
	"net/http"

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

// RequestErasure erases the session's own portal user on their request (POST
// /api/me/erasure), confirmed by their password: staffportalusers.Service.EraseUser, with
// the user as the actor under their pseudonym. The password is checked under the same
// throttle and counters as a login's (a wrong one counts as one failed login, no more). It
// answers 204 and clears the session cookie; the CRM record stays.
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
	by := staffportalusers.Acting{OrgID: p.OrgID, UserID: p.UserID,
		Actor: store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: erasure.Pseudonym(u.OrgID, u.ID)}}
	if err := s.Eraser.EraseUser(ctx, r, by, u.ID); err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent, Cookies: []string{auth.ClearCookie(auth.PortalCookie)}}, nil
}
