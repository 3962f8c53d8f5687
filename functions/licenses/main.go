// Command licenses is the Lambda function of GET and PUT /api/admin/licenses (one function for the
// two routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffusertypes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffusertypes.LicensesFunction(d))
}
