// Command portal-login is the Lambda function of POST /api/p/{slug}/login and its second step, POST /api/p/{slug}/login/second-factor.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalfactors"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalfactors.LoginRoutesFunction(d))
}
