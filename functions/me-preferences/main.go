// Command me-preferences is the Lambda function of PATCH /api/me/preferences.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalfactors"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalfactors.MFAFunction(d))
}
