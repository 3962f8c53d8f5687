// Command attachment-upload is the Lambda function of the staff's uploads: POST
// /api/admin/records/{module}/{id}/attachments and POST
// /api/admin/records/{module}/{id}/attachments/{aid}/complete.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/attachments"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(attachments.StaffUploadFunction(d))
}
