// Command email-template-reset is the Lambda function of DELETE /api/admin/email-templates/{name}/{lang}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.ResetTemplateFunction(d))
}
