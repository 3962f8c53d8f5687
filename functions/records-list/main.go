// Command records-list is the Lambda function of GET /api/admin/records/{module} and GET /api/admin/search.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffcrm.ListOrSearchFunction(d))
}
