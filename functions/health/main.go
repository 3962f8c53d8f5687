// Command health is the Lambda function of GET /api/health.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/health"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(health.Function(d))
}
