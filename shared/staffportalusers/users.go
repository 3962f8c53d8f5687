package staffportalusers

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/erasure"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

type userList struct {
	Items      []UserJSON `json:"items"`
	NextCursor string     `json:"nextCursor,omitempty"`
}

// List answers a page of the organization's portal users, newest first, filtered by status
// and user type (admins).
func (s *Service) List(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	q := r.QueryStringParameters
	f := store.PortalUserFilter{Status: q["status"], UserTypeID: q["userTypeId"]}
	var errs []httpapi.FieldError
	if f.Status != "" && f.Status != invite.Invited && f.Status != invite.Active && f.Status != invite.Deactivated {
		errs = append(errs, httpapi.FieldError{Field: "status", Message: "must be invited, active or deactivated"})
	}
	if f.UserTypeID != "" && !auth.ValidID(f.UserTypeID) {
		errs = append(errs, httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
	}
	limit, fe := httpapi.Limit(q, 25)
	if fe != nil {
		errs = append(errs, *fe)
	}
	if len(errs) > 0 {
		return nil, httpapi.InvalidQuery(errs...)
	}
	users, next, err := s.store.ListPortalUsers(ctx, p.OrgID, f, limit, q["cursor"])
	if err != nil {
		return nil, err
	}
	types, err := s.userTypes(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	factors, err := s.factors.FactorMethods(ctx, p.OrgID, store.FactorPortal, ids)
	if err != nil {
		return nil, err
	}
	out := userList{Items: make([]UserJSON, len(users)), NextCursor: next}
	for i, u := range users {
		out.Items[i] = ToJSON(u, types[u.UserTypeID].Name)
		out.Items[i].MFA = factors[u.ID]
		if out.Items[i].MFA == nil {
			out.Items[i].MFA = []string{}
		}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

type actionBody struct {
	UserTypeID string `json:"userTypeId"`
	// AccountAdmin is the account-admin action's new value.
	AccountAdmin *bool `json:"accountAdmin"`
}

var errNoUser = httpapi.Errorf(httpapi.NotFound, "no portal user with that id")

// Act applies an action to a portal user (admins): resend, revoke, deactivate, activate or
// change-type. The status rules are invite.Next's; seats move in the same transaction as
// the user; sessions end right after a deactivation or a change of type.
func (s *Service) Act(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	action := r.PathParameters["action"]
	if action == MFAResetAction {
		return s.resetMFA(ctx, p, r, r.PathParameters["id"])
	}
	if !slices.Contains(invite.Actions, action) && action != AccountAdminAction {
		return nil, httpapi.Errorf(httpapi.NotFound, "no action %q; use one of resend, revoke, deactivate, activate, change-type", action)
	}
	var in actionBody
	body, err := httpapi.Body(r, httpapi.MaxBodyBytes)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := httpapi.Decode(r, &in); err != nil {
			return nil, err
		}
	}
	if action == invite.ChangeType && !auth.ValidID(in.UserTypeID) {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is required: the new user type"})
	}
	if action == AccountAdminAction {
		return s.setAccountAdmin(ctx, p, r, r.PathParameters["id"], in)
	}
	return s.apply(ctx, p, r, r.PathParameters["id"], action, in)
}

// Erase removes a portal user's portal data (admins): EraseUser on behalf of the admin.
func (s *Service) Erase(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	by := Acting{OrgID: p.OrgID, UserID: p.UserID, Actor: s.guard.Actor(ctx, p)}
	if err := s.EraseUser(ctx, r, by, r.PathParameters["id"]); err != nil {
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// apply is Apply for a staff admin, answered as the console sees the user.
func (s *Service) apply(ctx context.Context, p staffguard.Principal, r *httpapi.Request, id, action string, in actionBody) (*httpapi.Reply, error) {
	by := Acting{OrgID: p.OrgID, UserID: p.UserID, Actor: s.guard.Actor(ctx, p)}
	saved, typeName, removed, err := s.Apply(ctx, r, by, id, action, in.UserTypeID)
	if err != nil {
		return nil, err
	}
	if removed {
		return &httpapi.Reply{Status: http.StatusNoContent}, nil
	}
	return httpapi.JSON(http.StatusOK, ToJSON(saved, typeName)), nil
}

// Apply applies action (one of invite.Actions but erase, or invite.Erase) to the portal user
// id of by's organization on behalf of by, toUserType being change-type's new type. The
// status rules are invite.Next's; seats move in the same transaction as the user; sessions
// end right after a deactivation or a change of type; the action is audited with by's actor.
// It answers the user as saved and their type's name, or removed when the user is gone
// (revoke, erase).
func (s *Service) Apply(ctx context.Context, r *httpapi.Request, by Acting, id, action, toUserType string) (saved store.PortalUser, typeName string, removed bool, err error) {
	p := by
	in := actionBody{UserTypeID: toUserType}
	var none store.PortalUser
	if !auth.ValidID(id) {
		return none, "", false, errNoUser
	}
	u, err := s.store.GetPortalUser(ctx, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return none, "", false, errNoUser
	}
	if err != nil {
		return none, "", false, err
	}
	if by.AllowUser != nil {
		if err := by.AllowUser(u); err != nil {
			return none, "", false, err
		}
	}
	ut, err := s.store.GetUserType(ctx, p.OrgID, u.UserTypeID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return none, "", false, err
	}
	ut.ID = u.UserTypeID
	if err := by.allowType(ut); err != nil {
		return none, "", false, err
	}
	tr, rule := invite.Next(u.Status, action, u.PasswordHash != "")
	if rule != "" {
		return none, "", false, httpapi.Errorf(httpapi.Conflict, "%s", rule)
	}
	if action == invite.Resend {
		if err := s.limitResends(ctx, u); err != nil {
			return none, "", false, err
		}
	}
	org, err := s.store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return none, "", false, err
	}
	next := u
	next.Status = tr.Status
	change := store.UserChange{Remove: tr.Status == invite.Removed}
	switch {
	case tr.Seats < 0:
		change.Seats = []store.Seat{{UserType: ut, Delta: -1}}
	case tr.Seats > 0:
		if msg := access.CheckSeats(ut.UserType, org.Limits, ut.Users, 1); msg != "" {
			return none, "", false, httpapi.Errorf(httpapi.Unprocessable, "the user type %s", msg)
		}
		change.Seats = []store.Seat{seat(org, ut)}
	}
	if action == invite.ChangeType {
		to, err := s.store.GetUserType(ctx, p.OrgID, in.UserTypeID)
		if errors.Is(err, store.ErrNotFound) {
			return none, "", false, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
		}
		if err != nil {
			return none, "", false, err
		}
		if to.BaseModule != u.RecordModule {
			return none, "", false, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is based on " + to.BaseModule + "; this user is a " + u.RecordModule + " record"})
		}
		if to.ID == u.UserTypeID {
			return none, "", false, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is the user's type already"})
		}
		if invite.MovesSeat(u.Status) {
			if msg := access.CheckSeats(to.UserType, org.Limits, to.Users, 1); msg != "" {
				return none, "", false, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: msg})
			}
			change.Seats = []store.Seat{{UserType: ut, Delta: -1}, seat(org, to)}
		}
		next.UserTypeID, ut = to.ID, to
	}
	if tr.Status == invite.Deactivated {
		next.TokenHash, next.TokenExpiresAt = "", u.TokenExpiresAt
	}
	var secret string
	if tr.NewToken {
		var tok store.InviteToken
		if secret, tok, err = s.newToken(org, u); err != nil {
			return none, "", false, err
		}
		next.TokenHash, next.TokenExpiresAt, next.Delivery = tok.Hash, tok.ExpiresAt, nil
		next.InvitedAt = s.store.Now()
		change.NewToken = &tok
	}
	change.Next = next
	if tr.EndSessions {
		// Before the change as well as after it: should the change fail midway, the user
		// keeps no session that the change meant to end.
		if err := s.store.DeleteUserSessions(ctx, p.OrgID, u.ID); err != nil {
			return none, "", false, err
		}
	}
	saved, err = s.store.ChangePortalUser(ctx, u, change)
	switch {
	case errors.Is(err, store.ErrVersion):
		return none, "", false, httpapi.Errorf(httpapi.Conflict, "the portal user changed meanwhile; reload and try again")
	case errors.Is(err, store.ErrNoSeat):
		return none, "", false, httpapi.Errorf(httpapi.Conflict, "the user type changed meanwhile; reload and try again")
	case err != nil:
		return none, "", false, err
	}
	if tr.EndSessions {
		if err := s.store.DeleteUserSessions(ctx, p.OrgID, u.ID); err != nil {
			return none, "", false, err
		}
	}
	detail := u.Email
	if action == invite.Erase {
		detail = erasure.Pseudonym(u.OrgID, u.ID) // the entry of an erasure names no one
	}
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: by.Actor, Action: audit.PortalUserAction + action,
		Module: u.RecordModule, RecordID: u.RecordID, Detail: detail})
	if change.Remove {
		return none, "", true, nil
	}
	if tr.NewToken {
		pt, err := s.store.GetPortal(ctx, p.OrgID)
		if err != nil {
			return none, "", false, err
		}
		if saved, err = s.send(ctx, org, pt, saved, secret); err != nil {
			return none, "", false, err
		}
	}
	return saved, ut.Name, false, nil
}

// limitResends allows invite.ResendsPerHour new links per recipient per hour: 429 after.
func (s *Service) limitResends(ctx context.Context, u store.PortalUser) error {
	now := s.store.Now()
	window := now.Truncate(time.Hour)
	k := store.ThrottleKey{Kind: "resend", Hash: auth.HashSecret(u.OrgID + "#" + u.Email)}
	counts, err := s.store.Failures(ctx, window, k)
	if err != nil {
		return err
	}
	if counts[0] >= invite.ResendsPerHour {
		return &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: int(window.Add(time.Hour).Sub(now).Seconds()) + 1,
			Detail: "this person was sent 3 invitations in the last hour; try again later"}
	}
	return s.store.AddFailure(ctx, window, window.Add(time.Hour), k)
}

// ListFunction is the handler of GET /api/admin/portal-users.
func ListFunction(d platform.Deps) httpapi.LambdaFunc {
	s := newUnsent(d)
	return d.Adapt(s.guard.Guard(s.List))
}

// ActionFunction is the handler of POST /api/admin/portal-users/{id}/{action}.
func ActionFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.guard.Guard(s.Act))
}
