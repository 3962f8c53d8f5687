// Command record-get is the Lambda function of GET /api/admin/records/{module}/{id}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffcrm.GetRecordFunction(d))
}
