package portalapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/logins"
	"crmportal/shared/mfa"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/store"
)

// FactorFlows are the second factor's flows (factorapi.Service). The package names only
// their types (factorapi), so that a function links the flows, and their WebAuthn library,
// only when its builder gives them (portalfactors: the login's and /me/mfa's functions).
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

// person is u (of type ut, in portal pt) as the second factor's flows see them.
func person(u store.PortalUser, ut store.UserType, portalName string) factorapi.Person {
	return factorapi.Person{OrgID: u.OrgID, UserID: u.ID, Kind: store.FactorPortal, Email: u.Email, Issuer: portalName,
		Actor: store.Actor{Kind: store.ActorPortal, ID: u.ID, Name: u.Name}, Policy: mfa.Of(ut.MFA),
		PasswordHash: u.PasswordHash, Throttle: "portal " + u.OrgID + " " + store.NormalizeEmail(u.Email)}
}

// beginSecondFactor answers the 202 of a login whose password was right when u's type asks
// a second factor of them; nil when none is due (the caller starts the session).
func (s *Service) beginSecondFactor(ctx context.Context, u store.PortalUser, pt store.Portal) (*httpapi.Reply, error) {
	if s.Factors == nil {
		return nil, errors.New("portal login: no second factor service")
	}
	ut, err := s.Store.GetUserType(ctx, u.OrgID, u.UserTypeID)
	if err != nil {
		return nil, err
	}
	return s.Factors.Begin(ctx, person(u, ut, pt.Name), strconv.Itoa(u.Version), factorapi.PortalPendingCookie)
}

// SecondFactor is the second step of a portal login (POST /api/p/{slug}/login/second-factor):
// the pending login of the request's cookie, for a user of this portal still as the password
// step found them (same version, active), and a code of their factor (or their enrolment).
// Success starts the session exactly as a login does and clears the pending cookie.
func (s *Service) SecondFactor(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	ctx, pt, err := s.portalOf(ctx, r)
	if err != nil {
		return nil, err
	}
	pend, err := s.Factors.Pending(ctx, r, factorapi.PortalPendingCookie, store.FactorPortal)
	if err != nil {
		return nil, err
	}
	if pend.OrgID != pt.OrgID {
		return nil, factorapi.ErrPendingGone
	}
	u, err := s.Store.GetPortalUser(ctx, pend.OrgID, pend.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Status != invite.Active || strconv.Itoa(u.Version) != pend.UserVersion)) {
		// Changed since the password step (a reset, deactivation, change of type): start over.
		if err := s.Factors.End(ctx, pend); err != nil {
			return nil, err
		}
		return nil, factorapi.ErrPendingGone
	}
	if err != nil {
		return nil, err
	}
	ut, err := s.Store.GetUserType(ctx, u.OrgID, u.UserTypeID)
	if err != nil {
		return nil, err
	}
	who := person(u, ut, pt.Name)
	who.Origin = s.Guard.PortalOrigin(ctx)
	res, err := s.Factors.Step(ctx, r, pend, who)
	if err != nil {
		return nil, err
	}
	if res.Reply != nil {
		return res.Reply, nil
	}
	// The pending login is spent: answered 503 now, the browser's retry would find it gone
	// (401) and the user would start over. A busy table is waited out here instead.
	var reply *httpapi.Reply
	err = httpapi.RetryTransient(ctx, SessionAttempts, SessionBackoff, func() (err error) {
		reply, err = s.startSession(ctx, r, u, loginEntry(u))
		return err
	})
	if err != nil {
		return nil, err
	}
	if res.RecoveryCodes != nil {
		m, ok := reply.Body.(MeJSON)
		if !ok {
			return nil, errors.New("portal second factor: the session's answer is not a MeJSON")
		}
		reply = withCookies(httpapi.JSON(http.StatusOK, struct {
			MeJSON
			RecoveryCodes []string `json:"recoveryCodes"`
		}{m, res.RecoveryCodes}), reply.Cookies)
	}
	reply.Cookies = append(reply.Cookies, factorapi.ClearPending(factorapi.PortalPendingCookie))
	return reply, nil
}

func withCookies(r *httpapi.Reply, cookies []string) *httpapi.Reply {
	r.Cookies = cookies
	return r
}

// myPerson is the session's user as the second factor's flows see them.
func (s *Service) myPerson(ctx context.Context, p portalguard.Principal) (factorapi.Person, error) {
	u, err := s.Store.GetPortalUser(ctx, p.OrgID, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return factorapi.Person{}, portalguard.ErrNoSession
	}
	if err != nil {
		return factorapi.Person{}, err
	}
	pt, err := s.Store.GetPortal(ctx, p.OrgID)
	if err != nil {
		return factorapi.Person{}, err
	}
	who := person(u, p.UserType, pt.Name)
	who.Origin = s.Guard.PortalOrigin(ctx)
	return who, nil
}

// MyMFA answers the user's second factor (GET /api/me/mfa). A preview shows the type's
// policy and no factor.
func (s *Service) MyMFA(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if p.Preview {
		return httpapi.JSON(http.StatusOK, factorapi.StatusJSON{Policy: mfa.Of(p.UserType.MFA), Passkeys: []factorapi.PasskeyJSON{}}), nil
	}
	who, err := s.myPerson(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Factors.Status(ctx, who)
}

// ChangeMyMFA changes the user's own second factor (POST /api/me/mfa; factorapi.Change).
// A preview is read-only.
func (s *Service) ChangeMyMFA(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	if p.Preview {
		return nil, httpapi.Errorf(httpapi.Forbidden, "a preview is read-only")
	}
	who, err := s.myPerson(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Factors.Change(ctx, r, who)
}

// MFAFunction is the one function of GET and POST /api/me/mfa, PATCH /api/me/preferences
// and POST /api/me/erasure (functions/me-preferences): the user's own settings and account.
func MFAFunction(d platform.Deps, flows FactorFlows) httpapi.LambdaFunc {
	s := withEraser(withFactors(newShowingLogo(d), flows), d)
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"PATCH /api/me/preferences": d.Adapt(s.Guard.Guard(s.SetPreferences)),
		"GET /api/me/mfa":           d.Adapt(s.Guard.Guard(s.MyMFA)),
		"POST /api/me/mfa":          d.Adapt(s.Guard.Guard(s.ChangeMyMFA)),
		"POST /api/me/erasure":      d.Adapt(s.Guard.Guard(s.RequestErasure)),
		"GET /api/me/erasure":       d.Adapt(s.Guard.Guard(s.MyErasure)),
		"DELETE /api/me/erasure":    d.Adapt(s.Guard.Guard(s.WithdrawErasure)),
	})
}

// withEraser is s with the erasure of portal users over d (no email sender: an erasure
// sends none) and the login's throttle for the password that confirms it.
func withEraser(s *Service, d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	throttle, ok := s.Logins.(*logins.Logins)
	if !ok {
		throttle = logins.New(st)
	}
	s.Eraser, s.Codes, s.Requests = staffportalusers.NewFrom(st, nil, d.Config), throttle, st
	return s
}

// LoginRoutesFunction is the one function of POST /api/p/{slug}/login and its second step
// (functions/portal-login).
func LoginRoutesFunction(d platform.Deps, flows FactorFlows) httpapi.LambdaFunc {
	s := withFactors(newShowingLogo(d), flows)
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"POST /api/p/{slug}/login":               d.Adapt(s.Login),
		"POST /api/p/{slug}/login/second-factor": d.Adapt(s.SecondFactor),
		"POST /api/p/{slug}/login/passkey":       d.Adapt(s.PasskeyLogin),
	})
}
