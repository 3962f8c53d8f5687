// Command attachment-portal-complete is the Lambda function of POST /api/records/{module}/{id}/attachments/{aid}/complete.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/attachments"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(attachments.CompleteFunction(d))
}
