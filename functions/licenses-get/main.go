// Command licenses-get is the Lambda function of GET /api/admin/licenses.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffusertypes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffusertypes.GetLicensesFunction(d))
}
