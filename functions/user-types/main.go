// Command user-types is the Lambda function of GET and POST /api/admin/user-types and GET, PUT and
// DELETE /api/admin/user-types/{id} (one function for the five routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffusertypes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffusertypes.UserTypesFunction(d))
}
