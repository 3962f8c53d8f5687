// Command email-events is the Lambda function SES's SNS notifications (deliveries, bounces,
// complaints) start.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notify"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notify.EmailEventsFunction(d))
}
