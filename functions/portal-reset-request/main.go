// Command portal-reset-request is the Lambda function of POST /api/p/{slug}/password-reset.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalapi.RequestResetFunction(d))
}
