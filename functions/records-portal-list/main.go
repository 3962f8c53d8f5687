// Command records-portal-list is the Lambda function of GET /api/records/{module} and GET /api/search.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalapi.ListOrSearchFunction(d))
}
