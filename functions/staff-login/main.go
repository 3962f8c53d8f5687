// Command staff-login is the Lambda function of POST /api/admin/login and its second step, POST /api/admin/login/second-factor.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/stafffactors"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(stafffactors.LoginRoutesFunction(d))
}
