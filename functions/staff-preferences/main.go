// Command staff-preferences is the Lambda function of a staff member's own preferences: GET
// and PUT /api/admin/me/preferences.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffauth.PreferencesFunction(d))
}
