// Command staff-create is the Lambda function of POST /api/admin/staff.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffadmin"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffadmin.CreateMemberFunction(d))
}
