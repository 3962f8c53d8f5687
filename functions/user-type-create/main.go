// Command user-type-create is the Lambda function of POST /api/admin/user-types.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffusertypes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffusertypes.CreateFunction(d))
}
