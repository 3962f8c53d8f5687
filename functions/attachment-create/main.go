// Command attachment-create is the Lambda function of POST /api/admin/records/{module}/{id}/attachments.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/attachments"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(attachments.StaffCreateFunction(d))
}
