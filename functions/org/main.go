// Command org is the Lambda function of GET and PATCH /api/admin/org (one function for the two
// routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffadmin"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffadmin.OrgFunction(d))
}
