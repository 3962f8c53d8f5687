// Command note-portal-update is the Lambda function of PATCH /api/records/{module}/{id}/notes/{noteId}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notes"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notes.UpdateFunction(d))
}
