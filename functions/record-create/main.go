// Command record-create is the Lambda function of POST /api/admin/records/{module}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffcrm.CreateRecordFunction(d))
}
