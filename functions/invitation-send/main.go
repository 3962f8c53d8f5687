// Command invitation-send is the Lambda function of POST /api/admin/records/{module}/{id}/invitation.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.SendInvitationFunction(d))
}
