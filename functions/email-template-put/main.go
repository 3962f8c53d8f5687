// Command email-template-put is the Lambda function of PUT /api/admin/email-templates/{name}/{lang}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.PutTemplateFunction(d))
}
