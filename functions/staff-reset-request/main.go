// Command staff-reset-request is the Lambda function of POST /api/admin/password-reset.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffauth.RequestResetFunction(d))
}
