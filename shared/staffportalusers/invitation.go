package staffportalusers

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/modules"
	"crmportal/shared/names"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

type invitationBody struct {
	UserTypeID string `json:"userTypeId"`
}

// seatAttempts bounds the retries of an invitation whose seat condition failed because the
// type's configuration changed meanwhile (not because it is full).
const seatAttempts = 3

var errNoRecord = httpapi.Errorf(httpapi.NotFound, "no record with that id")

// SendInvitation invites the person of a Contact or Lead record as a user type (staff): it
// creates the invited portal user with a seat and a token in one transaction, then emails
// the link. A repeat within invite.RepeatWindow answers the first invitation (200).
func (s *Service) SendInvitation(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	var in invitationBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	by := Acting{OrgID: p.OrgID, UserID: p.UserID, Actor: s.guard.Actor(ctx, p)}
	u, typeName, status, err := s.Invite(ctx, r, by, r.PathParameters["module"], r.PathParameters["id"], in.UserTypeID)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(status, ToJSON(u, typeName)), nil
}

// Acting is who invites or acts on a portal user: the organization, the inviter's id (a staff
// member's, or an account admin's portal user id) and the actor the audit log names. The
// hooks, when set, narrow what they reach: AllowRecord is asked about the record to invite
// (Invite) and AllowUser about the portal user to act on (Apply) as soon as it is read,
// AllowType about the user type the invitation or action concerns; a hook's error is the
// answer, and nothing is changed.
type Acting struct {
	OrgID       string
	UserID      string
	Actor       store.Actor
	AllowRecord func(rec store.Record) error
	AllowUser   func(u store.PortalUser) error
	AllowType   func(ut store.UserType) error
}

// allowType is by.AllowType's answer (nil without one).
func (by Acting) allowType(ut store.UserType) error {
	if by.AllowType == nil {
		return nil
	}
	return by.AllowType(ut)
}

// Invite invites the person of the record id of module as the user type typeID on behalf of
// by: it creates the invited portal user with a seat and a token in one transaction, then
// emails the link, and audits invitation_sent with by's actor. It answers the user, its
// type's name and the status to answer: 201, or 200 for the same invitation repeated within
// invite.RepeatWindow (the first one, no second email).
func (s *Service) Invite(ctx context.Context, r *httpapi.Request, by Acting, module, id, typeID string) (store.PortalUser, string, int, error) {
	var none store.PortalUser
	if _, ok := crm.StandardModule(module); !ok {
		return none, "", 0, httpapi.Errorf(httpapi.NotFound, "no module %q", module)
	}
	if msg := invite.CheckModule(module); msg != "" {
		return none, "", 0, httpapi.FieldErrors(httpapi.FieldError{Field: "module", Message: msg})
	}
	if !auth.ValidID(id) {
		return none, "", 0, errNoRecord
	}
	m, _, err := s.modules.Module(ctx, by.OrgID, module)
	if err != nil {
		return none, "", 0, err
	}
	// As it is now: the invitation goes to the email the record has, even one just edited,
	// and a record just created can be invited at once.
	rec, err := s.store.GetRecordConsistent(ctx, m, by.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return none, "", 0, errNoRecord
	}
	if err != nil {
		return none, "", 0, err
	}
	if by.AllowRecord != nil {
		if err := by.AllowRecord(rec); err != nil {
			return none, "", 0, err
		}
	}
	badType := httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
	if !auth.ValidID(typeID) {
		return none, "", 0, badType
	}
	pt, err := s.store.GetPortalConsistent(ctx, by.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return none, "", 0, httpapi.Errorf(httpapi.Conflict, "configure the portal first")
	}
	if err != nil {
		return none, "", 0, err
	}
	if pt.Disabled {
		return none, "", 0, httpapi.Errorf(httpapi.Conflict, "the portal is deactivated; reactivate it to invite users")
	}
	email, _ := rec.Fields["Email"].(string)
	// The record's name becomes the portal user's, shown in emails, lists and audit rows.
	if msg := names.Line(rec.Name); msg != "" {
		return none, "", 0, httpapi.FieldErrors(httpapi.FieldError{Field: "name", Message: msg + " (the record's name becomes the portal user's; correct the record first)"})
	}
	for attempt := 0; ; attempt++ {
		ut, err := s.store.GetUserType(ctx, by.OrgID, typeID)
		if errors.Is(err, store.ErrNotFound) {
			return none, "", 0, badType
		}
		if err != nil {
			return none, "", 0, err
		}
		if err := by.allowType(ut); err != nil {
			return none, "", 0, err
		}
		if errs := invite.CanInvite(module, ut.BaseModule, email); len(errs) > 0 {
			return none, "", 0, modules.FieldErrors(errs)
		}
		if u, name, found, err := s.existing(ctx, by.OrgID, rec.ID, ut.ID); found || err != nil {
			return u, name, http.StatusOK, err
		}
		org, err := s.store.GetOrg(ctx, by.OrgID)
		if err != nil {
			return none, "", 0, err
		}
		if msg := access.CheckSeats(ut.UserType, org.Limits, ut.Users, 1); msg != "" {
			return none, "", 0, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: msg})
		}
		uid, err := auth.NewID()
		if err != nil {
			return none, "", 0, err
		}
		now := s.store.Now()
		u := store.PortalUser{OrgID: by.OrgID, ID: uid, Email: store.NormalizeEmail(email), Name: rec.Name,
			RecordID: rec.ID, RecordModule: module, AccountID: accountOf(rec), UserTypeID: ut.ID, Status: invite.Invited,
			Language: org.Language, InvitedBy: by.UserID, InvitedAt: now}
		secret, tok, err := s.newToken(org, u)
		if err != nil {
			return none, "", 0, err
		}
		u.TokenHash, u.TokenExpiresAt = tok.Hash, tok.ExpiresAt
		err = s.store.CreateInvitation(ctx, u, tok, seat(org, ut))
		switch {
		case errors.Is(err, store.ErrExists):
			if u, name, found, err := s.existing(ctx, by.OrgID, rec.ID, ut.ID); found || err != nil {
				return u, name, http.StatusOK, err
			}
			return none, "", 0, httpapi.Errorf(httpapi.Conflict, "another portal user of this portal has the email %s", u.Email)
		case errors.Is(err, store.ErrNoSeat) && attempt+1 < seatAttempts:
			continue // read the type again: full (422 above) or changed meanwhile (try again)
		case errors.Is(err, store.ErrNoSeat):
			return none, "", 0, httpapi.Errorf(httpapi.Conflict, "the user type changed meanwhile; try again")
		case err != nil:
			return none, "", 0, err
		}
		u.Version = 1
		u, err = s.send(ctx, org, pt, u, secret)
		if err != nil {
			return none, "", 0, err
		}
		audit.Record(ctx, s.store, r, audit.Entry{OrgID: by.OrgID, Actor: by.Actor, Action: audit.InvitationSent,
			Module: module, RecordID: rec.ID, Detail: ut.Name + ": " + u.Delivery.State})
		return u, ut.Name, http.StatusCreated, nil
	}
}

// existing answers an invitation of a record that already has a portal user: the same
// invitation repeated moments later is answered as it is (found, no second email); anything
// else is a conflict naming what the admin can do instead. Not found and no error: the
// record has none.
func (s *Service) existing(ctx context.Context, org, record, typeID string) (store.PortalUser, string, bool, error) {
	u, err := s.store.PortalUserByRecord(ctx, org, record)
	if errors.Is(err, store.ErrNotFound) {
		return store.PortalUser{}, "", false, nil
	}
	if err != nil {
		return store.PortalUser{}, "", false, err
	}
	if invite.IsRepeat(u.Status, u.UserTypeID, u.InvitedAt, typeID, s.store.Now()) {
		ut, err := s.store.GetUserType(ctx, org, u.UserTypeID)
		if err != nil {
			return store.PortalUser{}, "", false, err
		}
		return u, ut.Name, true, nil
	}
	switch u.Status {
	case invite.Invited:
		return store.PortalUser{}, "", false, httpapi.Errorf(httpapi.Conflict, "this person is already invited; resend the invitation from the portal users list")
	case invite.Active:
		return store.PortalUser{}, "", false, httpapi.Errorf(httpapi.Conflict, "this person is already an active portal user")
	}
	return store.PortalUser{}, "", false, httpapi.Errorf(httpapi.Conflict, "this person's portal user is deactivated; activate it from the portal users list")
}

func accountOf(r store.Record) string {
	if ref, ok := r.Fields["Account_Name"].(map[string]any); ok {
		id, _ := ref["id"].(string)
		return id
	}
	return ""
}

// SendInvitationFunction is the handler of POST /api/admin/records/{module}/{id}/invitation.
func SendInvitationFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.guard.Guard(s.SendInvitation))
}
