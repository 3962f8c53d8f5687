// Command invitation-get is the Lambda function of GET /api/invitations/{token}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalapi.InvitationFunction(d))
}
