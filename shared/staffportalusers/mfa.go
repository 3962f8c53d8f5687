package staffportalusers

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// MFAResetAction is the action of POST /api/admin/portal-users/{id}/mfa-reset.
const MFAResetAction = "mfa-reset"

// factorStore is the users' second factors as the console lists and resets them.
type factorStore interface {
	FactorMethods(ctx context.Context, org, kind string, users []string) (map[string][]string, error)
	DeleteFactor(ctx context.Context, org, kind, user string, version int) error
}

var _ factorStore = (*store.Store)(nil)

// resetMFA removes portal user id's second factor and recovery codes (admins; p is one): the
// user enrols again at their next login when their type requires a factor. Their sessions
// stay. Audited as mfa_reset with the admin as the actor.
func (s *Service) resetMFA(ctx context.Context, p staffguard.Principal, r *httpapi.Request, id string) (*httpapi.Reply, error) {
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
	if err := s.factors.DeleteFactor(ctx, p.OrgID, store.FactorPortal, u.ID, 0); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.MFAReset,
		Module: u.RecordModule, RecordID: u.RecordID, Detail: "portal " + u.Email})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}
