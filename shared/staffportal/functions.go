package staffportal

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

// AdminFunction is the one Lambda function (functions/portal-admin) of GET, POST and PATCH
// /api/admin/portal: each route keeps its handler and guard, and the function answers the
// route key API Gateway gives it. The logo's presigned POST (POST /api/admin/portal/logo)
// keeps its own function: it alone may sign writes under uploads/branding/.
func AdminFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/portal":   GetFunction(d),
		"POST /api/admin/portal":  CreateFunction(d),
		"PATCH /api/admin/portal": UpdateFunction(d),
	})
}
