// Command reset-mailer carries out the password reset requests the reset routes store: the
// table's stream starts it with each new mail request (DynamoDB stream event).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/resetmail"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(resetmail.Function(d))
}
