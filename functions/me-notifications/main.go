// Command me-notifications is the Lambda function of the portal user's notifications: GET
// /api/me/notifications, POST /api/me/notifications/{id}/read and POST
// /api/me/notifications/read-all.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notifications"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notifications.PortalFunction(d))
}
