// Command unsubscribe is the Lambda function of GET and POST /api/unsubscribe.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notify"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notify.UnsubscribeFunction(d))
}
