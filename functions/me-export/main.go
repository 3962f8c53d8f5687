// Command me-export is the Lambda function of GET /api/me/export.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/customer"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(customer.ExportFunction(d))
}
