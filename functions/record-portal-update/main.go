// Command record-portal-update is the Lambda function of PATCH /api/records/{module}/{id}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/customer"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(customer.UpdateRecordFunction(d))
}
