package staffportalusers

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// AccountAdminAction is the action of POST /api/admin/portal-users/{id}/{action} that makes a
// portal user an admin of their Account in the portal, or no longer one: the body's
// accountAdmin says which.
const AccountAdminAction = "account-admin"

// setAccountAdmin sets or clears a portal user's account admin mark (admins). Only the user
// of a Contact whose record has an Account now can be marked; clearing is always allowed. The
// mark is read on each of the account admin's requests, so a change applies to the next one
// without ending sessions.
func (s *Service) setAccountAdmin(ctx context.Context, p staffguard.Principal, r *httpapi.Request, id string, in actionBody) (*httpapi.Reply, error) {
	if in.AccountAdmin == nil {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "accountAdmin", Message: "is required: true or false"})
	}
	if !auth.ValidID(id) {
		return nil, errNoUser
	}
	u, err := s.store.GetPortalUser(ctx, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoUser
	}
	if err != nil {
		return nil, err
	}
	on := *in.AccountAdmin
	if on && !u.AccountAdmin {
		account, err := s.accountNow(ctx, u)
		if err != nil {
			return nil, err
		}
		if account == "" {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "accountAdmin",
				Message: "can be set only for the user of a Contact whose record has an Account"})
		}
	}
	ut, err := s.store.GetUserType(ctx, p.OrgID, u.UserTypeID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if u.AccountAdmin == on {
		return httpapi.JSON(http.StatusOK, ToJSON(u, ut.Name)), nil
	}
	next := u
	next.AccountAdmin = on
	saved, err := s.store.ChangePortalUser(ctx, u, store.UserChange{Next: next})
	if errors.Is(err, store.ErrVersion) {
		return nil, httpapi.Errorf(httpapi.Conflict, "the portal user changed meanwhile; reload and try again")
	}
	if err != nil {
		return nil, err
	}
	detail := u.Email + ": off"
	if on {
		detail = u.Email + ": on"
	}
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.PortalUserAction + AccountAdminAction,
		Module: u.RecordModule, RecordID: u.RecordID, Detail: detail})
	return httpapi.JSON(http.StatusOK, ToJSON(saved, ut.Name)), nil
}

// accountNow is the Account of u's record as the CRM has it now ("" for a Lead, a record
// without an Account, or a record that is gone).
func (s *Service) accountNow(ctx context.Context, u store.PortalUser) (string, error) {
	if u.RecordModule != crm.Contacts {
		return "", nil
	}
	m, _, err := s.modules.Module(ctx, u.OrgID, crm.Contacts)
	if err != nil {
		return "", err
	}
	rec, err := s.store.GetRecordConsistent(ctx, m, u.OrgID, u.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return accountOf(rec), nil
}
