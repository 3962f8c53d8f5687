// Command fallback is the Lambda function of the HTTP API's $default route: it answers
// unknown paths with 404 and known paths with a wrong method with 405 and Allow.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/routes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(routes.Function(d))
}
