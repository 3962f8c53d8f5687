// Package portalfactors builds the portal functions that run the second factor's flows: the
// login's (functions/portal-login) and the user's own settings (functions/me-preferences).
// Their routes are portalapi's; the flows (secondfactor, with the key service and the WebAuthn
// library) are built here, so that no other portal function links them.
package portalfactors

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
	"crmportal/shared/secondfactor"
)

// LoginRoutesFunction is the one function of POST /api/p/{slug}/login, its second step and
// the passwordless sign-in (functions/portal-login).
func LoginRoutesFunction(d platform.Deps) httpapi.LambdaFunc {
	return portalapi.LoginRoutesFunction(d, secondfactor.FromDeps(d))
}

// LoginFunction is the handler of POST /api/p/{slug}/login alone.
func LoginFunction(d platform.Deps) httpapi.LambdaFunc {
	return portalapi.LoginFunction(d, secondfactor.FromDeps(d))
}

// MFAFunction is the one function of /api/me/mfa, PATCH /api/me/preferences and
// /api/me/erasure (functions/me-preferences).
func MFAFunction(d platform.Deps) httpapi.LambdaFunc {
	return portalapi.MFAFunction(d, secondfactor.FromDeps(d))
}
