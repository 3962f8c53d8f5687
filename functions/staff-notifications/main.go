// Command staff-notifications is the Lambda function of a staff member's notifications: GET
// /api/admin/me/notifications, POST /api/admin/me/notifications/{id}/read and POST
// /api/admin/me/notifications/read-all.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notifications"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notifications.StaffFunction(d))
}
