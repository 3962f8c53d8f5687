package staffportalusers

import (
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
)

// EmailTemplatesFunction is the one Lambda function (functions/email-templates) of GET
// /api/admin/email-templates and PUT and DELETE /api/admin/email-templates/{name}/{lang}: each
// route keeps its handler and guard, and the function answers the route key API Gateway gives it.
func EmailTemplatesFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/email-templates":                  ListTemplatesFunction(d),
		"PUT /api/admin/email-templates/{name}/{lang}":    PutTemplateFunction(d),
		"DELETE /api/admin/email-templates/{name}/{lang}": ResetTemplateFunction(d),
	})
}
