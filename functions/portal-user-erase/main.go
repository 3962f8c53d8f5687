// Command portal-user-erase is the Lambda function of DELETE /api/admin/portal-users/{id} and
// of the erasure requests (GET /api/admin/erasure-requests, POST .../{id}).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.EraseFunction(d))
}
