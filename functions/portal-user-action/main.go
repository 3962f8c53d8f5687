// Command portal-user-action is the Lambda function of the portal user actions: staff's POST
// /api/admin/portal-users/{id}/{action} and the account admin's GET and POST
// /api/me/colleagues and POST /api/me/colleagues/{id}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalcolleagues"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalcolleagues.Function(d))
}
