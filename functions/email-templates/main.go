// Command email-templates is the Lambda function of GET /api/admin/email-templates and PUT and
// DELETE /api/admin/email-templates/{name}/{lang} (one function for the three routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.EmailTemplatesFunction(d))
}
