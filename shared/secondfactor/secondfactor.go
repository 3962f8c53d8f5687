// Package secondfactor is the second factor's flows, the same for portal users and staff
// (portalapi and staffauth call it with the person and their policy): the pending login a
// login answers 202 with when a factor is due, its second step (a TOTP code, a recovery code,
// or enrolling when the policy requires a factor the person has not), and the self-service
// of /me/mfa. The rules are shared/mfa's; the secrets are sealed by the key service.
package secondfactor

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/mfa"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/store"
)

// The pending login's cookies and how long a pending login and an enrolment last.
const (
	PortalPendingCookie = factorapi.PortalPendingCookie
	StaffPendingCookie  = factorapi.StaffPendingCookie
	PendingLifetime     = factorapi.PendingLifetime
	EnrolmentLifetime   = factorapi.EnrolmentLifetime
)

// Sealer seals and opens the TOTP secrets (sealing.Sealer: KMS).
type Sealer interface {
	Seal(ctx context.Context, plaintext []byte, ec map[string]string) ([]byte, error)
	Open(ctx context.Context, sealed []byte, ec map[string]string) ([]byte, error)
}

// Person is whom a login or a self-service change is about (factorapi.Person).
type Person = factorapi.Person

// encryption is the context p's secret is sealed with: it does not open for anyone else.
func encryption(p Person) map[string]string {
	return map[string]string{"org": p.OrgID, "user": p.Kind + ":" + p.UserID}
}

// Service runs the flows over the store, the key service and the login throttle. Sealer may
// be nil in a function that only begins logins (Begin reads and writes no secret): the steps
// that seal or open one then fail with ErrNoSealer.
type Service struct {
	Store  *store.Store
	Sealer Sealer
	Logins *logins.Logins
}

// ErrNoSealer: the service was built without the key service.
var ErrNoSealer = errors.New("secondfactor: no sealer")

func (s *Service) seal(ctx context.Context, plaintext []byte, ec map[string]string) ([]byte, error) {
	if s.Sealer == nil {
		return nil, ErrNoSealer
	}
	return s.Sealer.Seal(ctx, plaintext, ec)
}

func (s *Service) open(ctx context.Context, sealed []byte, ec map[string]string) ([]byte, error) {
	if s.Sealer == nil {
		return nil, ErrNoSealer
	}
	return s.Sealer.Open(ctx, sealed, ec)
}

// PendingJSON is the 202 of a login a second factor is due for.
type PendingJSON struct {
	SecondFactor PendingState `json:"secondFactor"`
}

// PendingState says what the second step accepts.
type PendingState struct {
	Methods []string `json:"methods"`
	Enrol   bool     `json:"enrol"`
}

// EnrolmentJSON is a new TOTP secret (201).
type EnrolmentJSON struct {
	Secret     string `json:"secret"`
	OTPAuthURI string `json:"otpauthUri"`
	QRSVG      string `json:"qrSvg"`
}

// RecoveryJSON carries recovery codes, shown once.
type RecoveryJSON struct {
	RecoveryCodes []string `json:"recoveryCodes"`
}

// pendingCookie is the Set-Cookie of a pending login (factorapi.PendingCookie).
func pendingCookie(name, value string, maxAge time.Duration) string {
	return factorapi.PendingCookie(name, value, maxAge)
}

// ClearPending is the Set-Cookie that deletes the pending cookie name.
func ClearPending(name string) string { return factorapi.ClearPending(name) }

// factor reads p's factors: hasTOTP false when they have no TOTP secret (f may still hold
// passkeys; f.Version is 0 when they have no item at all).
func (s *Service) factor(ctx context.Context, p Person) (f store.Factor, hasTOTP bool, err error) {
	f, err = s.Store.GetFactor(ctx, p.OrgID, p.Kind, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Factor{}, false, nil
	}
	if err != nil {
		return store.Factor{}, false, err
	}
	return f, f.HasTOTP(), nil
}

// Begin decides, after a right password, whether p's login needs a second step; when it does
// it stores a pending login (userVersion: p as the password step read them) and answers the
// 202 with its cookie (cookie: the kind's pending cookie name); otherwise reply is nil and
// the caller starts the session.
func (s *Service) Begin(ctx context.Context, p Person, userVersion, cookie string) (*httpapi.Reply, error) {
	f, _, err := s.factor(ctx, p)
	if err != nil {
		return nil, err
	}
	ask, enrol := mfa.Due(p.Policy, f.Enrolled())
	if !ask {
		return nil, nil
	}
	token, err := auth.NewSecret()
	if err != nil {
		return nil, err
	}
	if err := s.Store.CreatePendingLogin(ctx, store.PendingLogin{Hash: auth.HashSecret(token), OrgID: p.OrgID, UserID: p.UserID,
		Kind: p.Kind, UserVersion: userVersion, Enrol: enrol, ExpiresAt: s.Store.Now().Add(PendingLifetime)}); err != nil {
		return nil, err
	}
	var methods []string
	switch {
	case enrol:
		methods = []string{"totp"}
	case f.HasTOTP():
		methods = []string{"totp", "recovery"}
	}
	if !enrol && len(f.Passkeys) > 0 {
		methods = append(methods, "passkey")
	}
	reply := httpapi.JSON(http.StatusAccepted, PendingJSON{SecondFactor: PendingState{Methods: methods, Enrol: enrol}})
	reply.Cookies = []string{pendingCookie(cookie, token, PendingLifetime)}
	return reply, nil
}

// ErrPendingGone answers a second step without a live pending login: the client starts over.
var ErrPendingGone = factorapi.ErrPendingGone

// Pending returns the live pending login of the request's cookie (of kind), or ErrPendingGone.
func (s *Service) Pending(ctx context.Context, r *httpapi.Request, cookie, kind string) (store.PendingLogin, error) {
	token, ok := auth.Cookie(r.Cookies, cookie)
	if !ok || token == "" || len(token) > 100 {
		return store.PendingLogin{}, ErrPendingGone
	}
	p, err := s.Store.GetPendingLogin(ctx, auth.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.Kind != kind) {
		return store.PendingLogin{}, ErrPendingGone
	}
	return p, err
}

// End deletes a pending login that can never succeed (its person changed meanwhile).
func (s *Service) End(ctx context.Context, pend store.PendingLogin) error {
	return s.Store.DeletePendingLogin(ctx, pend.Hash)
}

// StepBody is the second step's body.
type StepBody struct {
	Method string `json:"method"`
	Code   string `json:"code"`
	// Credential is the browser's PublicKeyCredential (JSON) of the passkey method.
	Credential json.RawMessage `json:"credential"`
}

// StepResult is what a second step that passed leaves the caller to do (factorapi.StepResult).
type StepResult = factorapi.StepResult

func errWrongCode(rule string) *httpapi.Error {
	return &httpapi.Error{Kind: httpapi.Unauthenticated, Detail: "the code is wrong, expired or used",
		Fields: []httpapi.FieldError{{Field: "code", Message: rule}}}
}

// Step runs the second step of pend for p (the caller read p and checked they are still as the
// password step found them). A wrong, expired or used code is 401 naming "code", counted by
// the login throttle and audited; the pending login stays until it expires, so the person may
// type the code again.
func (s *Service) Step(ctx context.Context, r *httpapi.Request, pend store.PendingLogin, p Person) (StepResult, error) {
	var in StepBody
	if err := httpapi.Decode(r, &in); err != nil {
		return StepResult{}, err
	}
	if len(in.Code) > 64 {
		return StepResult{}, httpapi.FieldErrors(httpapi.FieldError{Field: "code", Message: "must be at most 64 characters"})
	}
	switch {
	case in.Method == "enrol" && pend.Enrol:
		e, err := s.startEnrolment(ctx, p)
		if err != nil {
			return StepResult{}, err
		}
		return StepResult{Reply: httpapi.JSON(http.StatusCreated, e)}, nil
	case in.Method == "totp" && pend.Enrol:
		codes, err := s.confirm(ctx, r, p, in.Code, pend.Hash)
		return StepResult{RecoveryCodes: codes}, err
	case in.Method == "totp" || in.Method == "recovery":
		if pend.Enrol {
			break
		}
		return StepResult{}, s.use(ctx, r, p, in.Method, in.Code, pend.Hash)
	case in.Method == "passkey-begin" && !pend.Enrol:
		f, _, err := s.factor(ctx, p)
		if err != nil {
			return StepResult{}, err
		}
		if len(f.Passkeys) == 0 {
			return StepResult{}, httpapi.FieldErrors(httpapi.FieldError{Field: "method", Message: "you have no passkey"})
		}
		reply, err := s.beginAssertion(ctx, p, f, pend.Hash)
		return StepResult{Reply: reply}, err
	case in.Method == "passkey" && !pend.Enrol:
		if len(in.Credential) == 0 {
			return StepResult{}, httpapi.FieldErrors(httpapi.FieldError{Field: "credential", Message: "is required"})
		}
		return StepResult{}, s.usePasskey(ctx, r, p, in.Credential, pend.Hash)
	}
	allowed := "must be totp, recovery, passkey-begin or passkey"
	if pend.Enrol {
		allowed = "must be enrol or totp while enrolling"
	}
	return StepResult{}, httpapi.FieldErrors(httpapi.FieldError{Field: "method", Message: allowed})
}

// startEnrolment makes p a new secret, stored sealed as their enrolment in progress.
func (s *Service) startEnrolment(ctx context.Context, p Person) (EnrolmentJSON, error) {
	k, err := mfa.NewKey(p.Issuer, p.Email)
	if err != nil {
		return EnrolmentJSON{}, err
	}
	qr, err := mfa.QRSVG(k.URI)
	if err != nil {
		return EnrolmentJSON{}, err
	}
	sealed, err := s.seal(ctx, []byte(k.Secret), encryption(p))
	if err != nil {
		return EnrolmentJSON{}, err
	}
	if err := s.Store.PutEnrolment(ctx, store.Enrolment{OrgID: p.OrgID, UserID: p.UserID, Kind: p.Kind, TOTP: sealed,
		ExpiresAt: s.Store.Now().Add(EnrolmentLifetime)}); err != nil {
		return EnrolmentJSON{}, err
	}
	return EnrolmentJSON{Secret: k.Secret, OTPAuthURI: k.URI, QRSVG: qr}, nil
}

// failed audits a failed second factor of p (method, and why).
func (s *Service) failed(ctx context.Context, r *httpapi.Request, p Person, detail string) {
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFAFailed, Detail: detail})
}

// confirm checks code against p's enrolment in progress and, when right, enables it with new
// recovery codes (returned, to show once); pending, when set, is used up with it.
func (s *Service) confirm(ctx context.Context, r *httpapi.Request, p Person, code, pending string) ([]string, error) {
	e, err := s.Store.GetEnrolment(ctx, p.OrgID, p.Kind, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &httpapi.Error{Kind: httpapi.Conflict, Detail: "no enrolment is in progress (or it expired); start it again"}
	}
	if err != nil {
		return nil, err
	}
	secret, err := s.open(ctx, e.TOTP, encryption(p))
	if err != nil {
		return nil, err
	}
	var step int64
	var verr error
	ok, err := s.Logins.VerifyCode(ctx, r, p.Throttle, p.PasswordHash, func() (bool, error) {
		step, verr = mfa.Verify(string(secret), code, s.Store.Now(), 0)
		if verr != nil && !errors.Is(verr, mfa.ErrWrongCode) && !errors.Is(verr, mfa.ErrCodeUsed) {
			return false, verr
		}
		return verr == nil, nil
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		s.failed(ctx, r, p, "totp enrolment: "+verr.Error())
		return nil, errWrongCode("is not the app's current code")
	}
	codes, hashes, err := mfa.NewRecoveryCodes()
	if err != nil {
		return nil, err
	}
	f := store.Factor{OrgID: p.OrgID, UserID: p.UserID, Kind: p.Kind, TOTP: e.TOTP, EnabledAt: s.Store.Now(), LastStep: step, Recovery: hashes}
	switch err := s.Store.EnableFactor(ctx, f, pending); {
	case errors.Is(err, store.ErrPendingGone):
		return nil, ErrPendingGone
	case errors.Is(err, store.ErrExists):
		return nil, httpapi.Errorf(httpapi.Conflict, "a second factor is enabled already")
	case errors.Is(err, store.ErrNotFound):
		return nil, httpapi.Errorf(httpapi.Conflict, "no enrolment is in progress (or it expired); start it again")
	case err != nil:
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFAEnrolled, Detail: "totp"})
	return codes, nil
}

// check verifies a code of method ("totp" or "recovery") against f under the throttle; it
// returns the factor's new last step and recovery codes, or the 401 naming "code" (audited).
func (s *Service) check(ctx context.Context, r *httpapi.Request, p Person, f store.Factor, method, code string) (int64, []string, error) {
	step, left := f.LastStep, f.Recovery
	var verr error
	ok, err := s.Logins.VerifyCode(ctx, r, p.Throttle, p.PasswordHash, func() (bool, error) {
		switch method {
		case "totp":
			secret, err := s.open(ctx, f.TOTP, encryption(p))
			if err != nil {
				return false, err
			}
			step, verr = mfa.Verify(string(secret), code, s.Store.Now(), f.LastStep)
			if verr != nil && !errors.Is(verr, mfa.ErrWrongCode) && !errors.Is(verr, mfa.ErrCodeUsed) {
				return false, verr
			}
		case "recovery":
			left, verr = mfa.UseRecovery(f.Recovery, code)
		}
		return verr == nil, nil
	})
	if err != nil {
		return 0, nil, err
	}
	if !ok {
		s.failed(ctx, r, p, method+": "+verr.Error())
		if errors.Is(verr, mfa.ErrCodeUsed) {
			return 0, nil, errWrongCode("was used already; wait for the next code")
		}
		if method == "recovery" {
			return 0, nil, errWrongCode("is not one of your unused recovery codes")
		}
		return 0, nil, errWrongCode("is not the app's current code")
	}
	return step, left, nil
}

// use checks a code of p's enabled factor and records its use (the step, or the recovery
// code spent) with the pending login used up, in one transaction.
func (s *Service) use(ctx context.Context, r *httpapi.Request, p Person, method, code, pending string) error {
	f, ok, err := s.factor(ctx, p)
	if err != nil {
		return err
	}
	if !ok {
		// Reset or turned off meanwhile: the pending login asked for a factor that is gone.
		return ErrPendingGone
	}
	step, left, err := s.check(ctx, r, p, f, method, code)
	if err != nil {
		return err
	}
	switch err := s.Store.UseFactor(ctx, f, step, left, pending); {
	case errors.Is(err, store.ErrPendingGone):
		return ErrPendingGone
	case errors.Is(err, store.ErrVersion):
		// Another use committed first (the same code twice at once): this one is the replay.
		s.failed(ctx, r, p, method+": "+mfa.ErrCodeUsed.Error())
		return errWrongCode("was used already; wait for the next code")
	case err != nil:
		return err
	}
	detail := method
	if method == "recovery" {
		detail += ": " + strconv.Itoa(len(left)) + " left"
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFAUsed, Detail: detail})
	return nil
}
