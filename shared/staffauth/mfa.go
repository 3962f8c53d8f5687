package staffauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/mfa"
	"crmportal/shared/platform"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// FactorFlows are the second factor's flows (factorapi.Service). The package names only
// their types (factorapi), so that a function links the flows, and their WebAuthn library,
// only when its builder gives them (stafffactors: the login's and /me's functions).
type FactorFlows interface {
	Begin(ctx context.Context, p factorapi.Person, userVersion, cookie string) (*httpapi.Reply, error)
	Pending(ctx context.Context, r *httpapi.Request, cookie, kind string) (store.PendingLogin, error)
	End(ctx context.Context, pend store.PendingLogin) error
	Step(ctx context.Context, r *httpapi.Request, pend store.PendingLogin, p factorapi.Person) (factorapi.StepResult, error)
	Status(ctx context.Context, p factorapi.Person) (*httpapi.Reply, error)
	Change(ctx context.Context, r *httpapi.Request, p factorapi.Person) (*httpapi.Reply, error)
	BeginPasskeyLogin(ctx context.Context, origin, rpName, scope string) (*httpapi.Reply, error)
	FinishPasskeyLogin(ctx context.Context, r *httpapi.Request, origin, scope, kind string, raw json.RawMessage, resolve factorapi.Resolver) (factorapi.Person, error)
}

// withFactors is s with the second factor's flows.
func withFactors(s *Service, flows FactorFlows) *Service {
	s.Factors = flows
	return s
}

// StaffPerson is member user of org as the second factor's flows see them: their policy is
// the organization's for their role.
func StaffPerson(user store.Staff, org store.Org) factorapi.Person {
	return factorapi.Person{OrgID: user.OrgID, UserID: user.ID, Kind: store.FactorStaff, Email: user.Email, Issuer: org.Name,
		Actor:        store.Actor{Kind: store.ActorStaff, ID: user.ID, Name: user.Name},
		Policy:       mfa.StaffPolicy(org.StaffMFA).For(user.Role == store.RoleAdmin),
		PasswordHash: user.PasswordHash, Throttle: "staff " + store.NormalizeEmail(user.Email)}
}

// staffVersion is what a pending login remembers of a member: their password hash (a reset
// or a change of password voids it), hashed again.
func staffVersion(user store.Staff) string { return auth.HashSecret(user.PasswordHash) }

// beginSecondFactor answers the 202 of a login whose password was right when the
// organization asks a second factor of user; nil when none is due.
func (s *Service) beginSecondFactor(ctx context.Context, user store.Staff, org store.Org) (*httpapi.Reply, error) {
	if s.Factors == nil {
		return nil, errors.New("staff login: no second factor service")
	}
	return s.Factors.Begin(ctx, StaffPerson(user, org), staffVersion(user), factorapi.StaffPendingCookie)
}

// SecondFactor is the second step of a staff login (POST /api/admin/login/second-factor): the
// pending login of the request's cookie, for a member still active with the password the
// first step verified, and a code of their factor (or their enrolment). Success starts the
// session exactly as a login does and clears the pending cookie.
func (s *Service) SecondFactor(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	pend, err := s.Factors.Pending(ctx, r, factorapi.StaffPendingCookie, store.FactorStaff)
	if err != nil {
		return nil, err
	}
	user, err := s.Store.GetStaffConsistent(ctx, pend.OrgID, pend.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (user.Status != "active" || staffVersion(user) != pend.UserVersion)) {
		if err := s.Factors.End(ctx, pend); err != nil {
			return nil, err
		}
		return nil, factorapi.ErrPendingGone
	}
	if err != nil {
		return nil, err
	}
	org, err := s.Store.GetOrg(ctx, user.OrgID)
	if err != nil {
		return nil, err
	}
	who := StaffPerson(user, org)
	who.Origin = s.Guard.PortalOrigin(ctx)
	res, err := s.Factors.Step(ctx, r, pend, who)
	if err != nil {
		return nil, err
	}
	if res.Reply != nil {
		return res.Reply, nil
	}
	// The pending login is spent: answered 503 now, the browser's retry would find it gone
	// (401) and the member would start over. A busy table is waited out here instead.
	var reply *httpapi.Reply
	err = httpapi.RetryTransient(ctx, 3, 200*time.Millisecond, func() (err error) {
		reply, err = s.startSession(ctx, r, user, org, user.PasswordHash)
		return err
	})
	if err != nil {
		return nil, err
	}
	if res.RecoveryCodes != nil {
		info, ok := reply.Body.(SessionInfo)
		if !ok {
			return nil, errors.New("staff second factor: the session's answer is not a SessionInfo")
		}
		cookies := reply.Cookies
		reply = httpapi.JSON(http.StatusOK, struct {
			SessionInfo
			RecoveryCodes []string `json:"recoveryCodes"`
		}{info, res.RecoveryCodes})
		reply.Cookies = cookies
	}
	reply.Cookies = append(reply.Cookies, factorapi.ClearPending(factorapi.StaffPendingCookie))
	return reply, nil
}

// me is the signed-in member (a session's: an API token manages no second factor).
func (s *Service) me(ctx context.Context, p staffguard.Principal) (factorapi.Person, error) {
	if p.SessionHash == "" {
		return factorapi.Person{}, httpapi.Errorf(httpapi.Forbidden, "an API token cannot manage a second factor; sign in")
	}
	user, err := s.Store.GetStaffConsistent(ctx, p.OrgID, p.UserID)
	if err != nil {
		return factorapi.Person{}, named(err, "user")
	}
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return factorapi.Person{}, named(err, "organization")
	}
	who := StaffPerson(user, org)
	who.Origin = s.Guard.PortalOrigin(ctx)
	return who, nil
}

// MyMFA answers the member's second factor (GET /api/admin/me/mfa).
func (s *Service) MyMFA(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	who, err := s.me(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Factors.Status(ctx, who)
}

// ChangeMyMFA changes the member's own second factor (POST /api/admin/me/mfa;
// factorapi.Change).
func (s *Service) ChangeMyMFA(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	who, err := s.me(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Factors.Change(ctx, r, who)
}

// LoginRoutesFunction is the one function of POST /api/admin/login and its second step
// (functions/staff-login).
func LoginRoutesFunction(d platform.Deps, flows FactorFlows) httpapi.LambdaFunc {
	s := withFactors(New(d), flows)
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"POST /api/admin/login":               d.Adapt(s.Login),
		"POST /api/admin/login/second-factor": d.Adapt(s.SecondFactor),
		"POST /api/admin/login/passkey":       d.Adapt(s.PasskeyLogin),
	})
}
