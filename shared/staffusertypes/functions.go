package staffusertypes

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

// UserTypesFunction is the one Lambda function (functions/user-types) of GET and POST
// /api/admin/user-types and GET, PUT and DELETE /api/admin/user-types/{id}: each route keeps
// its handler and guard, and the function answers the route key API Gateway gives it.
func UserTypesFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/user-types":         ListFunction(d),
		"POST /api/admin/user-types":        CreateFunction(d),
		"GET /api/admin/user-types/{id}":    GetFunction(d),
		"PUT /api/admin/user-types/{id}":    PutFunction(d),
		"DELETE /api/admin/user-types/{id}": DeleteFunction(d),
	})
}

// LicensesFunction is the one Lambda function (functions/licenses) of GET and PUT
// /api/admin/licenses and GET /api/admin/usage (the usage dashboard, licence use among it).
func LicensesFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/licenses": GetLicensesFunction(d),
		"PUT /api/admin/licenses": PutLicensesFunction(d),
		"GET /api/admin/usage":    GetUsageFunction(d),
	})
}
