package staffauth

import (
	"context"
	"errors"
	"time"

	"crmportal/shared/httpapi"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/store"
)

// PasskeyLogin is the passwordless sign-in of staff (POST /api/admin/login/passkey):
// {"action": "begin"} answers the options of a discoverable-credential assertion;
// {"action": "finish", "credential"} verifies it and starts the session of the member its
// user handle names, exactly as a login does (no second step: a passkey with user
// verification is both factors). Every refusal (an unknown credential, a member not active,
// an organization that does not allow passwordless sign-in) is the one 401 of a wrong
// password, counted by the login throttle and audited once the member is known.
func (s *Service) PasskeyLogin(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in factorapi.PasskeyLoginBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	origin := s.Guard.PortalOrigin(ctx)
	switch in.Action {
	case "begin":
		return s.Factors.BeginPasskeyLogin(ctx, origin, "", "staff")
	case "finish":
		if len(in.Credential) == 0 {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "credential", Message: "is required"})
		}
	default:
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "action", Message: "must be begin or finish"})
	}
	var user store.Staff
	var org store.Org
	_, err := s.Factors.FinishPasskeyLogin(ctx, r, origin, "staff", store.FactorStaff, in.Credential,
		func(ctx context.Context, kind, orgID, id string) (factorapi.Person, bool, bool, error) {
			var err error
			user, err = s.Store.GetStaffConsistent(ctx, orgID, id)
			if errors.Is(err, store.ErrNotFound) {
				return factorapi.Person{}, false, false, nil
			}
			if err != nil {
				return factorapi.Person{}, false, false, err
			}
			if org, err = s.Store.GetOrg(ctx, orgID); err != nil {
				return factorapi.Person{}, false, false, err
			}
			return StaffPerson(user, org), user.Status == "active" && org.StaffPasskeyLogin, true, nil
		})
	if err != nil {
		return nil, err
	}
	var reply *httpapi.Reply
	err = httpapi.RetryTransient(ctx, 3, 200*time.Millisecond, func() (err error) {
		reply, err = s.startSession(ctx, r, user, org, user.PasswordHash)
		return err
	})
	return reply, err
}
