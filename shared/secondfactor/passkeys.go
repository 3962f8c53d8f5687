package secondfactor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/mfa"
	"crmportal/shared/secondfactor/factorapi"
	"crmportal/shared/store"
)

// ChallengeLifetime is how long a passkey ceremony may take between its begin and finish.
const ChallengeLifetime = 5 * time.Minute

// PasskeyJSON is one passkey as its owner sees it (factorapi.PasskeyJSON).
type PasskeyJSON = factorapi.PasskeyJSON

func passkeyJSON(k store.Passkey) PasskeyJSON {
	return PasskeyJSON{ID: k.ID, Name: k.Name, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt}
}

// ErrNoOrigin: passkeys need the portal's origin (their relying party), which the deployment
// does not know yet (no PORTAL_BASE_URL and a request the origin guard did not prove).
var ErrNoOrigin = httpapi.Errorf(httpapi.Conflict, "passkeys need the portal's origin, which is not known yet")

// relyingParty is the WebAuthn relying party of the portal at origin (httpapi.PortalOrigin:
// configured, or proven by the origin guard; never a request's own Origin header): its ID is
// the origin's host, its one allowed origin the origin itself. User verification is required
// and resident keys preferred (a discoverable credential is what signs in without a password).
func relyingParty(origin, name string) (*webauthn.WebAuthn, error) {
	if origin == "" {
		return nil, ErrNoOrigin
	}
	u, err := url.Parse(origin)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("passkeys: portal origin %q: %w", origin, err)
	}
	if name == "" {
		name = u.Hostname()
	}
	return webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: name, RPOrigins: []string{origin},
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{ResidentKey: protocol.ResidentKeyRequirementPreferred,
			RequireResidentKey: protocol.ResidentKeyNotRequired(), UserVerification: protocol.VerificationRequired}})
}

// UserHandle is the WebAuthn user handle of a person: their kind, organization and id (43
// bytes, no personal data). A discoverable credential answers it at sign-in, naming whom it
// belongs to.
func UserHandle(kind, org, user string) []byte { return []byte(kind[:1] + ":" + org + ":" + user) }

// ParseUserHandle is UserHandle's inverse; ok false for anything else.
func ParseUserHandle(h []byte) (kind, org, user string, ok bool) {
	parts := strings.Split(string(h), ":")
	if len(parts) != 3 || !auth.ValidID(parts[1]) || !auth.ValidID(parts[2]) {
		return "", "", "", false
	}
	switch parts[0] {
	case "p":
		return store.FactorPortal, parts[1], parts[2], true
	case "s":
		return store.FactorStaff, parts[1], parts[2], true
	}
	return "", "", "", false
}

// webUser is a person as the WebAuthn library sees them.
type webUser struct {
	p     Person
	creds []webauthn.Credential
}

func (u webUser) WebAuthnID() []byte                         { return UserHandle(u.p.Kind, u.p.OrgID, u.p.UserID) }
func (u webUser) WebAuthnName() string                       { return u.p.Email }
func (u webUser) WebAuthnDisplayName() string                { return u.p.Email }
func (u webUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// credentials decodes f's passkeys' credentials.
func credentials(f store.Factor) ([]webauthn.Credential, error) {
	out := make([]webauthn.Credential, 0, len(f.Passkeys))
	for _, k := range f.Passkeys {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(k.Credential), &c); err != nil {
			return nil, fmt.Errorf("passkey %s of %s: %w", k.ID, f.UserID, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// putChallenge stores a ceremony's session data for purpose and answers options (201: a new
// challenge).
func (s *Service) putChallenge(ctx context.Context, purpose string, sess *webauthn.SessionData, options any) (*httpapi.Reply, error) {
	data, err := json.Marshal(sess)
	if err != nil {
		return nil, fmt.Errorf("passkey challenge: %w", err)
	}
	if err := s.Store.PutPasskeyChallenge(ctx, store.PasskeyChallenge{Hash: auth.HashSecret(sess.Challenge), Purpose: purpose,
		Session: string(data), ExpiresAt: s.Store.Now().Add(ChallengeLifetime)}); err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, options), nil
}

// errCeremony is a passkey ceremony that failed for a reason a client may learn.
type errCeremony struct{ why string }

func (e errCeremony) Error() string { return e.why }

// consume uses up the challenge the browser signed (challenge, base64url as in the client
// data) if it was made for purpose; errCeremony otherwise.
func (s *Service) consume(ctx context.Context, challenge, purpose string) (webauthn.SessionData, error) {
	c, err := s.Store.ConsumePasskeyChallenge(ctx, auth.HashSecret(challenge))
	if errors.Is(err, store.ErrNotFound) {
		return webauthn.SessionData{}, errCeremony{"the challenge is unknown, used or expired"}
	}
	if err != nil {
		return webauthn.SessionData{}, err
	}
	if c.Purpose != purpose {
		return webauthn.SessionData{}, errCeremony{"the challenge was made for another ceremony"}
	}
	var sess webauthn.SessionData
	if err := json.Unmarshal([]byte(c.Session), &sess); err != nil {
		return webauthn.SessionData{}, fmt.Errorf("passkey challenge: %w", err)
	}
	return sess, nil
}

func registerPurpose(p Person) string { return "register " + p.Kind + " " + p.OrgID + " " + p.UserID }

// beginRegistration answers the creation options for a new passkey of p (the passkey-begin
// action).
func (s *Service) beginRegistration(ctx context.Context, p Person) (*httpapi.Reply, error) {
	if !mfa.CanEnrol(p.Policy) {
		return nil, httpapi.Errorf(httpapi.Forbidden, "your user type does not use a second factor")
	}
	_, wa, creds, err := s.registering(ctx, p)
	if err != nil {
		return nil, err
	}
	opts, sess, err := wa.BeginRegistration(webUser{p, creds}, webauthn.WithExclusions(webauthn.Credentials(creds).CredentialDescriptors()),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
	if err != nil {
		return nil, fmt.Errorf("passkey registration of %s: %w", p.UserID, err)
	}
	return s.putChallenge(ctx, registerPurpose(p), sess, opts)
}

// registering reads p's factor for a registration step: refused (422 naming passkeys) when
// p holds as many passkeys as allowed; else the factor, p's relying party and its passkeys
// as WebAuthn credentials.
func (s *Service) registering(ctx context.Context, p Person) (store.Factor, *webauthn.WebAuthn, []webauthn.Credential, error) {
	f, _, err := s.factor(ctx, p)
	if err != nil {
		return f, nil, nil, err
	}
	if msg := mfa.CheckPasskeyCount(len(f.Passkeys)); msg != "" {
		return f, nil, nil, httpapi.FieldErrors(httpapi.FieldError{Field: "passkeys", Message: msg})
	}
	wa, err := relyingParty(p.Origin, p.Issuer)
	if err != nil {
		return f, nil, nil, err
	}
	creds, err := credentials(f)
	return f, wa, creds, err
}

// finishRegistration verifies the browser's new credential against p's challenge and adds
// it as a passkey named name (201).
func (s *Service) finishRegistration(ctx context.Context, r *httpapi.Request, p Person, name string, raw json.RawMessage) (*httpapi.Reply, error) {
	name = strings.TrimSpace(name)
	if msg := mfa.CheckPasskeyName(name); msg != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "name", Message: msg})
	}
	if !mfa.CanEnrol(p.Policy) {
		return nil, httpapi.Errorf(httpapi.Forbidden, "your user type does not use a second factor")
	}
	fail := func(why string) error {
		s.failed(ctx, r, p, "passkey registration: "+why)
		return httpapi.FieldErrors(httpapi.FieldError{Field: "credential", Message: "was not accepted: " + why})
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(raw)
	if err != nil {
		return nil, fail("it is not a WebAuthn registration")
	}
	sess, err := s.consume(ctx, parsed.Response.CollectedClientData.Challenge, registerPurpose(p))
	var ce errCeremony
	if errors.As(err, &ce) {
		return nil, fail(ce.why)
	} else if err != nil {
		return nil, err
	}
	f, wa, creds, err := s.registering(ctx, p)
	if err != nil {
		return nil, err
	}
	cred, err := wa.CreateCredential(webUser{p, creds}, sess, parsed)
	if err != nil {
		return nil, fail(protocolReason(err))
	}
	for _, c := range creds {
		if bytes.Equal(c.ID, cred.ID) {
			return nil, fail("the passkey is registered already")
		}
	}
	// What is kept of the attestation: enough to verify assertions, not the raw objects.
	cred.Attestation = webauthn.CredentialAttestation{}
	data, err := json.Marshal(cred)
	if err != nil {
		return nil, fmt.Errorf("passkey of %s: %w", p.UserID, err)
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	k := store.Passkey{ID: id, Name: name, CredentialID: cred.ID, Credential: string(data), CreatedAt: s.Store.Now()}
	if err := s.Store.SavePasskeys(ctx, p.OrgID, p.Kind, p.UserID, f.Version, append(f.Passkeys, k), ""); errors.Is(err, store.ErrVersion) {
		return nil, &httpapi.Error{Kind: httpapi.Unavailable, RetryAfter: 1, Detail: "your passkeys changed meanwhile; add it again"}
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFAEnrolled, Detail: "passkey: " + name})
	return httpapi.JSON(http.StatusCreated, passkeyJSON(k)), nil
}

// protocolReason is what a client may learn of the library's refusal.
func protocolReason(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.Details != "" {
		return pe.Details
	}
	return "the credential did not verify"
}

// renamePasskey renames p's passkey id (200 with it).
func (s *Service) renamePasskey(ctx context.Context, r *httpapi.Request, p Person, id, name string) (*httpapi.Reply, error) {
	name = strings.TrimSpace(name)
	if msg := mfa.CheckPasskeyName(name); msg != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "name", Message: msg})
	}
	f, _, err := s.factor(ctx, p)
	if err != nil {
		return nil, err
	}
	i := passkeyIndex(f, id)
	if i < 0 {
		return nil, errNoPasskey
	}
	keys := append([]store.Passkey{}, f.Passkeys...)
	keys[i].Name = name
	if err := s.Store.SavePasskeys(ctx, p.OrgID, p.Kind, p.UserID, f.Version, keys, ""); errors.Is(err, store.ErrVersion) {
		return nil, &httpapi.Error{Kind: httpapi.Unavailable, RetryAfter: 1, Detail: "your passkeys changed meanwhile; try again"}
	} else if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, passkeyJSON(keys[i])), nil
}

var errNoPasskey = httpapi.Errorf(httpapi.NotFound, "you have no passkey with that id")

func passkeyIndex(f store.Factor, id string) int {
	for i, k := range f.Passkeys {
		if k.ID == id {
			return i
		}
	}
	return -1
}

// removePasskey removes p's passkey id with their password (204); 409 when it is their last
// factor and their policy requires one.
func (s *Service) removePasskey(ctx context.Context, r *httpapi.Request, p Person, id, password string) (*httpapi.Reply, error) {
	if password == "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: "is required"})
	}
	f, _, err := s.factor(ctx, p)
	if err != nil {
		return nil, err
	}
	i := passkeyIndex(f, id)
	if i < 0 {
		return nil, errNoPasskey
	}
	if !f.HasTOTP() && len(f.Passkeys) == 1 && !mfa.CanRemoveLast(p.Policy) {
		return nil, httpapi.Errorf(httpapi.Conflict, "your policy requires a second factor and this passkey is your last; add another first")
	}
	pwOK, err := s.Logins.VerifyCode(ctx, r, p.Throttle, p.PasswordHash, func() (bool, error) {
		ok, _, err := auth.VerifyPassword(p.PasswordHash, password)
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	if !pwOK {
		s.failed(ctx, r, p, "passkey-remove: wrong password")
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: "is not your password"})
	}
	name := f.Passkeys[i].Name
	keys := append(append([]store.Passkey{}, f.Passkeys[:i]...), f.Passkeys[i+1:]...)
	if err := s.Store.SavePasskeys(ctx, p.OrgID, p.Kind, p.UserID, f.Version, keys, ""); errors.Is(err, store.ErrVersion) {
		return nil, &httpapi.Error{Kind: httpapi.Unavailable, RetryAfter: 1, Detail: "your passkeys changed meanwhile; try again"}
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFADisabled, Detail: "passkey: " + name})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

func secondPurpose(pending string) string { return "second " + pending }

// beginAssertion answers the request options of a pending login's passkey step: p's
// passkeys allowed, user verification required.
func (s *Service) beginAssertion(ctx context.Context, p Person, f store.Factor, pending string) (*httpapi.Reply, error) {
	wa, err := relyingParty(p.Origin, p.Issuer)
	if err != nil {
		return nil, err
	}
	creds, err := credentials(f)
	if err != nil {
		return nil, err
	}
	opts, sess, err := wa.BeginLogin(webUser{p, creds}, webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, fmt.Errorf("passkey assertion of %s: %w", p.UserID, err)
	}
	return s.putChallenge(ctx, secondPurpose(pending), sess, opts)
}

// verifyAssertion checks an assertion of one of p's passkeys (f as read) against the session
// of its challenge, under the login throttle; it returns p's passkeys with the one used
// updated (sign count, last use), or the reason it failed (audited, counted).
func (s *Service) verifyAssertion(ctx context.Context, r *httpapi.Request, p Person, f store.Factor, parsed *protocol.ParsedCredentialAssertionData, sess webauthn.SessionData, what string) ([]store.Passkey, error) {
	wa, err := relyingParty(p.Origin, p.Issuer)
	if err != nil {
		return nil, err
	}
	creds, err := credentials(f)
	if err != nil {
		return nil, err
	}
	var why string
	var used *webauthn.Credential
	ok, err := s.Logins.VerifyCode(ctx, r, p.Throttle, p.PasswordHash, func() (bool, error) {
		u := webUser{p, creds}
		var c *webauthn.Credential
		var err error
		if len(sess.UserID) == 0 {
			// A discoverable sign-in's session names nobody: the user handle does (the
			// library checks it against the person it was resolved to).
			c, err = wa.ValidateDiscoverableLogin(func(_, _ []byte) (webauthn.User, error) { return u, nil }, sess, parsed)
		} else {
			c, err = wa.ValidateLogin(u, sess, parsed)
		}
		switch {
		case err != nil:
			why = protocolReason(err)
		case c.Authenticator.CloneWarning:
			// The authenticator's counter went backwards: a cloned key, or a replayed assertion.
			why = "the sign count went backwards"
		default:
			used = c
		}
		return used != nil, nil
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		s.failed(ctx, r, p, what+": "+why)
		return nil, errCeremony{why}
	}
	keys := append([]store.Passkey{}, f.Passkeys...)
	for i := range keys {
		if bytes.Equal(keys[i].CredentialID, used.ID) {
			data, err := json.Marshal(used)
			if err != nil {
				return nil, fmt.Errorf("passkey of %s: %w", p.UserID, err)
			}
			now := s.Store.Now()
			keys[i].Credential, keys[i].LastUsedAt = string(data), &now
		}
	}
	return keys, nil
}

// errWrongPasskey is the second step's answer to an assertion that failed.
func errWrongPasskey(why string) *httpapi.Error {
	return &httpapi.Error{Kind: httpapi.Unauthenticated, Detail: "the passkey was not accepted",
		Fields: []httpapi.FieldError{{Field: "credential", Message: "was not accepted: " + why}}}
}

// usePasskey is the pending login's passkey step: the assertion of one of p's passkeys for
// the challenge passkey-begin made for this pending login; its use is recorded with the
// pending login used up, in one transaction.
func (s *Service) usePasskey(ctx context.Context, r *httpapi.Request, p Person, raw json.RawMessage, pending string) error {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(raw)
	if err != nil {
		s.failed(ctx, r, p, "passkey: not a WebAuthn assertion")
		return errWrongPasskey("it is not a WebAuthn assertion")
	}
	sess, err := s.consume(ctx, parsed.Response.CollectedClientData.Challenge, secondPurpose(pending))
	var ce errCeremony
	if errors.As(err, &ce) {
		s.failed(ctx, r, p, "passkey: "+ce.why)
		return errWrongPasskey(ce.why)
	} else if err != nil {
		return err
	}
	f, _, err := s.factor(ctx, p)
	if err != nil {
		return err
	}
	if len(f.Passkeys) == 0 {
		return ErrPendingGone // removed or reset meanwhile
	}
	keys, err := s.verifyAssertion(ctx, r, p, f, parsed, sess, "passkey")
	if errors.As(err, &ce) {
		return errWrongPasskey(ce.why)
	} else if err != nil {
		return err
	}
	switch err := s.Store.SavePasskeys(ctx, p.OrgID, p.Kind, p.UserID, f.Version, keys, pending); {
	case errors.Is(err, store.ErrPendingGone):
		return ErrPendingGone
	case errors.Is(err, store.ErrVersion):
		return &httpapi.Error{Kind: httpapi.Unavailable, RetryAfter: 1, Detail: "your passkeys changed meanwhile; try again"}
	case err != nil:
		return err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFAUsed, Detail: "passkey"})
	return nil
}

// Passwordless sign-in.

// PasskeyLoginBody is the body of POST /api/p/{slug}/login/passkey and
// /api/admin/login/passkey (factorapi.PasskeyLoginBody).
type PasskeyLoginBody = factorapi.PasskeyLoginBody

// BeginPasskeyLogin answers the options of a discoverable-credential assertion (no
// allowCredentials: the authenticator offers the passkeys it holds for the portal) for
// scope (the sign-in's side: "portal <org>" or "staff"), the challenge stored.
func (s *Service) BeginPasskeyLogin(ctx context.Context, origin, rpName, scope string) (*httpapi.Reply, error) {
	wa, err := relyingParty(origin, rpName)
	if err != nil {
		return nil, err
	}
	opts, sess, err := wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, fmt.Errorf("passkey sign-in: %w", err)
	}
	return s.putChallenge(ctx, "login "+scope, sess, opts)
}

// Resolver finds the person a passwordless sign-in's user handle names (factorapi.Resolver).
type Resolver = factorapi.Resolver

// FinishPasskeyLogin verifies a passwordless sign-in's assertion for scope (the challenge
// used up first: an assertion works once) and returns the person it proves, to start the
// session for. Every failure is the same 401 as a wrong password (logins.ErrBadCredentials
// is the caller's to answer: err is errBadPasskey), counted by the login throttle (the
// person's account once known, else the client's address) and audited when the person is.
func (s *Service) FinishPasskeyLogin(ctx context.Context, r *httpapi.Request, origin, scope, kind string, raw json.RawMessage, resolve Resolver) (Person, error) {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(raw)
	if err != nil {
		return Person{}, s.unknownFailure(ctx, r, scope)
	}
	sess, err := s.consume(ctx, parsed.Response.CollectedClientData.Challenge, "login "+scope)
	var ce errCeremony
	if errors.As(err, &ce) {
		return Person{}, s.unknownFailure(ctx, r, scope)
	} else if err != nil {
		return Person{}, err
	}
	k, org, user, ok := ParseUserHandle(parsed.Response.UserHandle)
	if !ok || k != kind {
		return Person{}, s.unknownFailure(ctx, r, scope)
	}
	p, allowed, ok, err := resolve(ctx, k, org, user)
	if err != nil {
		return Person{}, err
	}
	if !ok {
		return Person{}, s.unknownFailure(ctx, r, scope)
	}
	p.Origin = origin
	f, _, err := s.factor(ctx, p)
	if err != nil {
		return Person{}, err
	}
	keys, err := s.verifyAssertion(ctx, r, p, f, parsed, sess, "passkey sign-in")
	if errors.As(err, &ce) {
		return Person{}, ErrBadPasskey
	} else if err != nil {
		return Person{}, err
	}
	if !allowed {
		s.failed(ctx, r, p, "passkey sign-in: not allowed for this person")
		return Person{}, ErrBadPasskey
	}
	if err := s.Store.SavePasskeys(ctx, p.OrgID, p.Kind, p.UserID, f.Version, keys, ""); errors.Is(err, store.ErrVersion) {
		return Person{}, &httpapi.Error{Kind: httpapi.Unavailable, RetryAfter: 1, Detail: "your passkeys changed meanwhile; try again"}
	} else if err != nil {
		return Person{}, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor, Action: audit.MFAUsed, Detail: "passkey sign-in"})
	return p, nil
}

// ErrBadPasskey is a passwordless sign-in's one answer to any failure: the same 401 as a
// wrong password.
var ErrBadPasskey = httpapi.Errorf(httpapi.Unauthenticated, "the email or the password is wrong")

// unknownFailure counts a passwordless sign-in that names no known person against the
// client's address (the account is the sign-in's scope, which no person's login uses).
func (s *Service) unknownFailure(ctx context.Context, r *httpapi.Request, scope string) error {
	if _, err := s.Logins.VerifyCode(ctx, r, "passkey "+scope, "", func() (bool, error) { return false, nil }); err != nil {
		return err
	}
	return ErrBadPasskey
}
