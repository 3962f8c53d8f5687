// Command modules is the Lambda function of GET /api/admin/modules and GET and PATCH
// /api/admin/modules/{module} (one function for the three routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffcrm.ModulesFunction(d))
}
