package staffadmin

import (
	"context"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// ResetMemberMFA removes a member's second factor and recovery codes (POST
// /api/admin/staff/{id}/mfa-reset, admins): they enrol again at their next login when the
// organization requires a factor of them. Audited as mfa_reset with the admin as the actor.
// An admin's own factor is theirs to change (/api/admin/me/mfa, with their password and a
// code): resetting it here is 409, so a stolen admin session cannot strip its own second factor.
func (s *Service) ResetMemberMFA(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	id := r.PathParameters["id"]
	if id == p.UserID {
		return nil, httpapi.Errorf(httpapi.Conflict, "reset your own second factor from your account's security settings")
	}
	u, err := s.Store.GetStaff(ctx, p.OrgID, id)
	if err != nil {
		return nil, named(err, "staff member")
	}
	if err := s.Store.DeleteFactor(ctx, p.OrgID, store.FactorStaff, u.ID, 0); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: s.Guard.Actor(ctx, p), Action: audit.MFAReset,
		RecordID: u.ID, Detail: "staff " + u.Email})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// ResetMemberMFAFunction is the handler of POST /api/admin/staff/{id}/mfa-reset.
func ResetMemberMFAFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.ResetMemberMFA))
}
