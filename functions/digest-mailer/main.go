// Command digest-mailer sends the notification digests: the digest queue starts it with each
// digest whose window has passed (SQS event).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notify"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notify.MailerFunction(d))
}
