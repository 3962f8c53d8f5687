// Command record-update is the Lambda function of PATCH /api/admin/records/{module}/{id}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/records"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(records.UpdateRecordFunction(d))
}
