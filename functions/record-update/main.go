// Command record-update is the Lambda function of PATCH /api/admin/records/{module}/{id}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffcrm.UpdateRecordFunction(d))
}
