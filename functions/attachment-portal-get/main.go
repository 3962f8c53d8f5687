// Command attachment-portal-get is the Lambda function of GET /api/records/{module}/{id}/attachments/{aid}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/attachments"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(attachments.GetFunction(d))
}
