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
	module, id := r.PathParameters["module"], r.PathParameters["id"]
	var in invitationBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if _, ok := crm.StandardModule(module); !ok {
		return nil, httpapi.Errorf(httpapi.NotFound, "no module %q", module)
	}
	if msg := invite.CheckModule(module); msg != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "module", Message: msg})
	}
	if !auth.ValidID(id) {
		return nil, errNoRecord
	}
	m, _, err := s.modules.Module(ctx, p.OrgID, module)
	if err != nil {
		return nil, err
	}
	// As it is now: the invitation goes to the email the record has, even one just edited,
	// and a record just created can be invited at once.
	rec, err := s.store.GetRecordConsistent(ctx, m, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoRecord
	}
	if err != nil {
		return nil, err
	}
	badType := httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
	if !auth.ValidID(in.UserTypeID) {
		return nil, badType
	}
	pt, err := s.store.GetPortalConsistent(ctx, p.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.Conflict, "configure the portal first")
	}
	if err != nil {
		return nil, err
	}
	if pt.Disabled {
		return nil, httpapi.Errorf(httpapi.Conflict, "the portal is deactivated; reactivate it to invite users")
	}
	email, _ := rec.Fields["Email"].(string)
	// The record's name becomes the portal user's, shown in emails, lists and audit rows.
	if msg := names.Line(rec.Name); msg != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "name", Message: msg + " (the record's name becomes the portal user's; correct the record first)"})
	}
	for attempt := 0; ; attempt++ {
		ut, err := s.store.GetUserType(ctx, p.OrgID, in.UserTypeID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, badType
		}
		if err != nil {
			return nil, err
		}
		if errs := invite.CanInvite(module, ut.BaseModule, email); len(errs) > 0 {
			return nil, modules.FieldErrors(errs)
		}
		if reply, err := s.existing(ctx, p.OrgID, rec.ID, ut.ID); reply != nil || err != nil {
			return reply, err
		}
		org, err := s.store.GetOrg(ctx, p.OrgID)
		if err != nil {
			return nil, err
		}
		if msg := access.CheckSeats(ut.UserType, org.Limits, ut.Users, 1); msg != "" {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: msg})
		}
		uid, err := auth.NewID()
		if err != nil {
			return nil, err
		}
		now := s.store.Now()
		u := store.PortalUser{OrgID: p.OrgID, ID: uid, Email: store.NormalizeEmail(email), Name: rec.Name,
			RecordID: rec.ID, RecordModule: module, AccountID: accountOf(rec), UserTypeID: ut.ID, Status: invite.Invited,
			Language: org.Language, InvitedBy: p.UserID, InvitedAt: now}
		secret, tok, err := s.newToken(org, u)
		if err != nil {
			return nil, err
		}
		u.TokenHash, u.TokenExpiresAt = tok.Hash, tok.ExpiresAt
		err = s.store.CreateInvitation(ctx, u, tok, seat(org, ut))
		switch {
		case errors.Is(err, store.ErrExists):
			if reply, err := s.existing(ctx, p.OrgID, rec.ID, ut.ID); reply != nil || err != nil {
				return reply, err
			}
			return nil, httpapi.Errorf(httpapi.Conflict, "another portal user of this portal has the email %s", u.Email)
		case errors.Is(err, store.ErrNoSeat) && attempt+1 < seatAttempts:
			continue // read the type again: full (422 above) or changed meanwhile (try again)
		case errors.Is(err, store.ErrNoSeat):
			return nil, httpapi.Errorf(httpapi.Conflict, "the user type changed meanwhile; try again")
		case err != nil:
			return nil, err
		}
		u.Version = 1
		u, err = s.send(ctx, org, pt, u, secret)
		if err != nil {
			return nil, err
		}
		audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.InvitationSent,
			Module: module, RecordID: rec.ID, Detail: ut.Name + ": " + u.Delivery.State})
		return httpapi.JSON(http.StatusCreated, ToJSON(u, ut.Name)), nil
	}
}

// existing answers an invitation of a record that already has a portal user: the same
// invitation repeated moments later is answered as it is (200, no second email); anything
// else is a conflict naming what the admin can do instead. Both nil: the record has none.
func (s *Service) existing(ctx context.Context, org, record, typeID string) (*httpapi.Reply, error) {
	u, err := s.store.PortalUserByRecord(ctx, org, record)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if invite.IsRepeat(u.Status, u.UserTypeID, u.InvitedAt, typeID, s.store.Now()) {
		ut, err := s.store.GetUserType(ctx, org, u.UserTypeID)
		if err != nil {
			return nil, err
		}
		return httpapi.JSON(http.StatusOK, ToJSON(u, ut.Name)), nil
	}
	switch u.Status {
	case invite.Invited:
		return nil, httpapi.Errorf(httpapi.Conflict, "this person is already invited; resend the invitation from the portal users list")
	case invite.Active:
		return nil, httpapi.Errorf(httpapi.Conflict, "this person is already an active portal user")
	}
	return nil, httpapi.Errorf(httpapi.Conflict, "this person's portal user is deactivated; activate it from the portal users list")
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
