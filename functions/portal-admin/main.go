// Command portal-admin is the Lambda function of GET, POST and PATCH /api/admin/portal (one
// function for the three routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportal"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportal.AdminFunction(d))
}
