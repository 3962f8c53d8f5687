// Package factorapi holds what the callers of the second factor's flows name (the person a
// flow is about, the step's result, the pending login's cookies, the shapes of /me/mfa and of
// a passwordless sign-in's body) without the flows themselves. The flows (secondfactor) link
// the WebAuthn library, which alone adds about 2.5 MiB to a function's binary; the route
// packages name these types and take the flows as a small interface, so that only the
// functions that run a second factor or a passkey link it. secondfactor re-exports every name
// here, so its callers see one package.
package factorapi

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"crmportal/shared/httpapi"
	"crmportal/shared/mfa"
	"crmportal/shared/store"
)

// The pending login's cookies and how long a pending login and an enrolment last.
const (
	PortalPendingCookie = "__Host-portal_2fa"
	StaffPendingCookie  = "__Host-staff_2fa"
	PendingLifetime     = 5 * time.Minute
	EnrolmentLifetime   = 10 * time.Minute
)

// Person is whom a login or a self-service change is about.
type Person struct {
	OrgID, UserID string
	Kind          string // store.FactorPortal or store.FactorStaff
	Email         string
	// Issuer names the account in authenticator apps: the portal's or the organization's name.
	Issuer string
	Actor  store.Actor
	Policy mfa.Policy
	// PasswordHash is the person's password hash; Throttle is their account's name in the
	// login throttle (logins.VerifyLogin's account): codes are counted with passwords.
	PasswordHash string
	Throttle     string
	// Origin is the portal's origin the request came to (httpapi.PortalOrigin): the passkeys'
	// relying party. Empty: passkeys cannot be used.
	Origin string
}

// PendingCookie is the Set-Cookie of a pending login: SameSite=Strict (nothing cross-site ever
// needs it) and as short-lived as the pending login.
func PendingCookie(name, value string, maxAge time.Duration) string {
	return name + "=" + value + "; Path=/; Max-Age=" + strconv.FormatInt(int64(max(maxAge, 0)/time.Second), 10) + "; Secure; HttpOnly; SameSite=Strict"
}

// ClearPending is the Set-Cookie that deletes the pending cookie name.
func ClearPending(name string) string { return PendingCookie(name, "", 0) }

// ErrPendingGone answers a second step without a live pending login: the client starts over.
var ErrPendingGone = httpapi.Errorf(httpapi.Unauthenticated, "the sign-in has expired or was used; sign in again")

// StepResult is what a second step that passed leaves the caller to do: start the session
// (and, when it enrolled, answer the recovery codes with it). Reply, when set, is the whole
// answer instead (the enrolment's new secret).
type StepResult struct {
	Reply         *httpapi.Reply
	RecoveryCodes []string
}

// StatusJSON is the answer of GET /me/mfa.
type StatusJSON struct {
	Policy            mfa.Policy    `json:"policy"`
	TOTP              TOTPStatus    `json:"totp"`
	RecoveryCodesLeft int           `json:"recoveryCodesLeft"`
	Passkeys          []PasskeyJSON `json:"passkeys"`
}

// TOTPStatus says whether the TOTP factor is on, and since when.
type TOTPStatus struct {
	Enabled   bool       `json:"enabled"`
	EnabledAt *time.Time `json:"enabledAt,omitempty"`
}

// PasskeyJSON is one passkey as its owner sees it.
type PasskeyJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt *time.Time `json:"lastUsedAt,omitempty"`
}

// PasskeyLoginBody is the body of POST /api/p/{slug}/login/passkey and
// /api/admin/login/passkey.
type PasskeyLoginBody struct {
	Action     string          `json:"action"`
	Credential json.RawMessage `json:"credential"`
}

// Resolver finds the person a passwordless sign-in's user handle names (kind, org, user):
// allowed false when they may not sign in so (unknown, inactive, or their type or
// organization does not allow it); ok false when there is no such person at all.
type Resolver func(ctx context.Context, kind, org, user string) (p Person, allowed, ok bool, err error)
