// Command note-portal-delete is the Lambda function of DELETE /api/records/{module}/{id}/notes/{noteId}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notes"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notes.DeleteFunction(d))
}
