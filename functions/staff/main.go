// Command staff is the Lambda function of GET and POST /api/admin/staff and PATCH
// /api/admin/staff/{id} (one function for the three routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffadmin"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffadmin.StaffFunction(d))
}
