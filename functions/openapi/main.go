// Command openapi is the Lambda function of GET /api/openapi.yaml: the API's OpenAPI document.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/apispec"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and logger, once per process
	lambda.Start(apispec.Function(d))
}
