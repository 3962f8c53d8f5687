// Package stafffactors builds the staff functions that run the second factor's flows: the
// login's (functions/staff-login) and the member's own routes (functions/staff-me). Their
// routes are staffauth's; the flows (secondfactor, with the key service and the WebAuthn
// library) are built here, so that no other staff function links them.
package stafffactors

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/secondfactor"
	"crmportal/shared/staffauth"
)

// LoginRoutesFunction is the one function of POST /api/admin/login, its second step and the
// passwordless sign-in (functions/staff-login).
func LoginRoutesFunction(d platform.Deps) httpapi.LambdaFunc {
	return staffauth.LoginRoutesFunction(d, secondfactor.FromDeps(d))
}

// MeFunction is the one function of GET /api/admin/me, of GET and PUT
// /api/admin/me/preferences and of GET and POST /api/admin/me/mfa (functions/staff-me).
func MeFunction(d platform.Deps) httpapi.LambdaFunc {
	return staffauth.MeFunction(d, secondfactor.FromDeps(d))
}
