// Command portal-users-list is the Lambda function of GET /api/admin/portal-users.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.ListFunction(d))
}
