// Command record-portal-create is the Lambda function of POST /api/records/{module}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/customer"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(customer.CreateRecordFunction(d))
}
