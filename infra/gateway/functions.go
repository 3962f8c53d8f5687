package gateway

import (
	"crmportal/shared/health"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/routes"
)

// Functions maps each function folder of template.yaml (its CodeUri) to the constructor its
// main.go calls, so the gateway runs the same handler in process. A test fails when a
// template function is missing here or an entry here has no template function.
var Functions = map[string]func(platform.Deps) httpapi.LambdaFunc{
	"functions/fallback": routes.Function,
	"functions/health":   health.Function,
}
