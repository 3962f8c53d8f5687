package staffadmin

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

// TokensFunction is the one Lambda function (functions/tokens) of GET and POST
// /api/admin/tokens, DELETE /api/admin/tokens/{id} and GET /api/admin/org/tokens: each route
// keeps its handler and guard (the organization's list stays for admins), and the function
// answers the route key API Gateway gives it.
func TokensFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/tokens":         ListTokensFunction(d),
		"POST /api/admin/tokens":        CreateTokenFunction(d),
		"DELETE /api/admin/tokens/{id}": RevokeTokenFunction(d),
		"GET /api/admin/org/tokens":     ListOrgTokensFunction(d),
	})
}

// StaffFunction is the one Lambda function (functions/staff) of GET and POST /api/admin/staff,
// PATCH /api/admin/staff/{id} and POST /api/admin/staff/{id}/mfa-reset.
func StaffFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/staff":                 ListMembersFunction(d),
		"POST /api/admin/staff":                CreateMemberFunction(d),
		"PATCH /api/admin/staff/{id}":          UpdateMemberFunction(d),
		"POST /api/admin/staff/{id}/mfa-reset": ResetMemberMFAFunction(d),
	})
}

// OrgFunction is the one Lambda function (functions/org) of GET and PATCH /api/admin/org.
func OrgFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/org":   GetOrgFunction(d),
		"PATCH /api/admin/org": UpdateOrgFunction(d),
	})
}
