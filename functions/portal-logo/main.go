// Command portal-logo is the Lambda function of POST /api/admin/portal/logo.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportal"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportal.LogoFunction(d))
}
