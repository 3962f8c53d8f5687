package secondfactor

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/mfa"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/store"
)

// StatusJSON is the answer of GET /me/mfa (factorapi.StatusJSON).
type StatusJSON = factorapi.StatusJSON

// TOTPStatus says whether the TOTP factor is on, and since when.
type TOTPStatus = factorapi.TOTPStatus

// Status answers p's policy and factors.
func (s *Service) Status(ctx context.Context, p Person) (*httpapi.Reply, error) {
	f, ok, err := s.factor(ctx, p)
	if err != nil {
		return nil, err
	}
	st := StatusJSON{Policy: mfa.Of(string(p.Policy)), Passkeys: []PasskeyJSON{}}
	for _, k := range f.Passkeys {
		st.Passkeys = append(st.Passkeys, passkeyJSON(k))
	}
	if ok {
		at := f.EnabledAt
		st.TOTP = TOTPStatus{Enabled: true, EnabledAt: &at}
		st.RecoveryCodesLeft = len(f.Recovery)
	}
	return httpapi.JSON(http.StatusOK, st), nil
}

// ChangeBody is the body of POST /me/mfa.
type ChangeBody struct {
	Action   string `json:"action"`
	Code     string `json:"code"`
	Password string `json:"password"`
	// ID and Name name a passkey (passkey-finish, passkey-rename, passkey-remove);
	// Credential is the browser's new PublicKeyCredential (JSON) of passkey-finish.
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Credential json.RawMessage `json:"credential"`
}

var errNotEnrolled = httpapi.Errorf(httpapi.Conflict, "no second factor is enabled")

// Change runs p's action on their own factor: start (a new secret, 201), confirm (the first
// code enables it: 200 with the recovery codes), disable (password and a current code: 204;
// 409 when the policy requires a factor), recovery-codes (password and a current code: 200
// with new codes, the old ones void). A wrong password or code is 422 naming it, counted by
// the login throttle and audited.
func (s *Service) Change(ctx context.Context, r *httpapi.Request, p Person) (*httpapi.Reply, error) {
	var in ChangeBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if len(in.Code) > 64 || len(in.Password) > 4096 {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "code", Message: "must be at most 64 characters"},
			httpapi.FieldError{Field: "password", Message: "must be at most 4096 bytes"})
	}
	switch in.Action {
	case "start":
		if !mfa.CanEnrol(p.Policy) {
			return nil, httpapi.Errorf(httpapi.Forbidden, "your user type does not use a second factor")
		}
		if _, ok, err := s.factor(ctx, p); err != nil {
			return nil, err
		} else if ok {
			return nil, httpapi.Errorf(httpapi.Conflict, "a second factor is enabled already")
		}
		e, err := s.startEnrolment(ctx, p)
		if err != nil {
			return nil, err
		}
		return httpapi.JSON(http.StatusCreated, e), nil
	case "confirm":
		if !mfa.CanEnrol(p.Policy) {
			return nil, httpapi.Errorf(httpapi.Forbidden, "your user type does not use a second factor")
		}
		if in.Code == "" {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "code", Message: "is required"})
		}
		codes, err := s.confirm(ctx, r, p, in.Code, "")
		if err != nil {
			return nil, asField(err)
		}
		return httpapi.JSON(http.StatusOK, RecoveryJSON{RecoveryCodes: codes}), nil
	case "disable", "recovery-codes":
		return s.guarded(ctx, r, p, in)
	case "passkey-begin":
		return s.beginRegistration(ctx, p)
	case "passkey-finish":
		if len(in.Credential) == 0 {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "credential", Message: "is required"})
		}
		return s.finishRegistration(ctx, r, p, in.Name, in.Credential)
	case "passkey-rename":
		return s.renamePasskey(ctx, r, p, in.ID, in.Name)
	case "passkey-remove":
		return s.removePasskey(ctx, r, p, in.ID, in.Password)
	}
	return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "action",
		Message: "must be start, confirm, disable, recovery-codes, passkey-begin, passkey-finish, passkey-rename or passkey-remove"})
}

// asField turns the login step's 401 for a wrong code into the 422 of a signed-in change (a
// session's 401 would mean the session ended).
func asField(err error) error {
	var e *httpapi.Error
	if errors.As(err, &e) && e.Kind == httpapi.Unauthenticated && len(e.Fields) > 0 {
		return httpapi.FieldErrors(e.Fields...)
	}
	return err
}

// guarded runs disable and recovery-codes: both need the password and a current code.
func (s *Service) guarded(ctx context.Context, r *httpapi.Request, p Person, in ChangeBody) (*httpapi.Reply, error) {
	var missing []httpapi.FieldError
	if in.Password == "" {
		missing = append(missing, httpapi.FieldError{Field: "password", Message: "is required"})
	}
	if in.Code == "" {
		missing = append(missing, httpapi.FieldError{Field: "code", Message: "is required"})
	}
	if len(missing) > 0 {
		return nil, httpapi.FieldErrors(missing...)
	}
	if in.Action == "disable" && !mfa.CanDisable(p.Policy) {
		return nil, httpapi.Errorf(httpapi.Conflict, "your policy requires a second factor; it cannot be turned off")
	}
	f, ok, err := s.factor(ctx, p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotEnrolled
	}
	// The password is checked under the same throttle as a login's.
	pwOK, err := s.Logins.VerifyCode(ctx, r, p.Throttle, p.PasswordHash, func() (bool, error) {
		ok, _, err := auth.VerifyPassword(p.PasswordHash, in.Password)
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	if !pwOK {
		s.failed(ctx, r, p, in.Action+": wrong password")
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: "is not your password"})
	}
	step, _, err := s.check(ctx, r, p, f, "totp", in.Code)
	if err != nil {
		return nil, asField(err)
	}
	if in.Action == "disable" {
		if err := s.Store.DisableTOTP(ctx, f); errors.Is(err, store.ErrVersion) {
			return nil, &httpapi.Error{Kind: httpapi.Unavailable, RetryAfter: 1, Detail: "the second factor changed meanwhile; try again"}
		} else if err != nil {
			return nil, err
		}
		audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFADisabled, Detail: "totp"})
		return &httpapi.Reply{Status: http.StatusNoContent}, nil
	}
	codes, hashes, err := mfa.NewRecoveryCodes()
	if err != nil {
		return nil, err
	}
	if err := s.Store.UseFactor(ctx, f, step, hashes, ""); errors.Is(err, store.ErrVersion) {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "code", Message: "was used already; wait for the next code"})
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFARecoveryCodes})
	return httpapi.JSON(http.StatusOK, RecoveryJSON{RecoveryCodes: codes}), nil
}

// Reset removes the factors of the person (org, kind, user) as an admin's act (actor), audited
// with the person as the entry's record.
func (s *Service) Reset(ctx context.Context, r *httpapi.Request, org, kind, user string, actor store.Actor) error {
	if err := s.Store.DeleteFactor(ctx, org, kind, user, 0); err != nil {
		return err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: org, Actor: actor, Action: audit.MFAReset, RecordID: user, Detail: kind})
	return nil
}
