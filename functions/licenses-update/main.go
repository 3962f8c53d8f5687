// Command licenses-update is the Lambda function of PUT /api/admin/licenses.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffusertypes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffusertypes.PutLicensesFunction(d))
}
