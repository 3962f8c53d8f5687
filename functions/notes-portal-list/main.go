// Command notes-portal-list is the Lambda function of GET /api/records/{module}/{id}/notes.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notes"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notes.ListFunction(d))
}
