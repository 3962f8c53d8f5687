// Command portal-public is the Lambda function of GET /api/p/{slug} and GET /api/domain.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalapi.PublicFunction(d))
}
