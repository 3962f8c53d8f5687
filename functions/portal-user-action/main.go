// Command portal-user-action is the Lambda function of POST /api/admin/portal-users/{id}/{action}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.ActionFunction(d))
}
