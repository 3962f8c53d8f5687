// Command modules-list is the Lambda function of GET /api/admin/modules.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffcrm.ListModulesFunction(d))
}
