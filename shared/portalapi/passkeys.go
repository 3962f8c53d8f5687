package portalapi

import (
	"context"
	"errors"

	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/store"
)

// PasskeyLogin is the passwordless sign-in of a portal (POST /api/p/{slug}/login/passkey):
// {"action": "begin"} answers the options of a discoverable-credential assertion;
// {"action": "finish", "credential"} verifies it and starts the session of the user its
// user handle names, exactly as a login does (a passkey with user verification is both
// factors: no second step). Every refusal (an unknown or foreign credential, a user not
// active, a type that does not allow passwordless sign-in) is the one 401 of a wrong
// password, counted by the login throttle and audited once the user is known.
func (s *Service) PasskeyLogin(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in factorapi.PasskeyLoginBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	ctx, pt, err := s.portalOf(ctx, r)
	if err != nil {
		return nil, err
	}
	origin, scope := s.Guard.PortalOrigin(ctx), "portal "+pt.OrgID
	switch in.Action {
	case "begin":
		return s.Factors.BeginPasskeyLogin(ctx, origin, pt.Name, scope)
	case "finish":
		if len(in.Credential) == 0 {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "credential", Message: "is required"})
		}
	default:
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "action", Message: "must be begin or finish"})
	}
	var u store.PortalUser
	_, err = s.Factors.FinishPasskeyLogin(ctx, r, origin, scope, store.FactorPortal, in.Credential,
		func(ctx context.Context, kind, org, user string) (factorapi.Person, bool, bool, error) {
			if org != pt.OrgID {
				return factorapi.Person{}, false, false, nil
			}
			var err error
			u, err = s.Store.GetPortalUser(ctx, org, user)
			if errors.Is(err, store.ErrNotFound) {
				return factorapi.Person{}, false, false, nil
			}
			if err != nil {
				return factorapi.Person{}, false, false, err
			}
			ut, err := s.Store.GetUserType(ctx, org, u.UserTypeID)
			if errors.Is(err, store.ErrNotFound) {
				return factorapi.Person{}, false, false, nil
			}
			if err != nil {
				return factorapi.Person{}, false, false, err
			}
			return person(u, ut, pt.Name), u.Status == invite.Active && ut.PasskeyLogin, true, nil
		})
	if err != nil {
		return nil, err
	}
	// The passkey's use is recorded: a busy table is waited out rather than answered 503,
	// whose retry would find the challenge spent.
	var reply *httpapi.Reply
	err = httpapi.RetryTransient(ctx, SessionAttempts, SessionBackoff, func() (err error) {
		reply, err = s.startSession(ctx, r, u, loginEntry(u))
		return err
	})
	return reply, err
}
