package staffcrm

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

// ModulesFunction is the one Lambda function (functions/modules) of GET /api/admin/modules and
// GET and PATCH /api/admin/modules/{module}: each route keeps its handler and guard, and the
// function answers the route key API Gateway gives it.
func ModulesFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/modules":            ListModulesFunction(d),
		"GET /api/admin/modules/{module}":   GetModuleFunction(d),
		"PATCH /api/admin/modules/{module}": UpdateModuleFunction(d),
	})
}
