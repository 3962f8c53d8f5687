// Command user-type-delete is the Lambda function of DELETE /api/admin/user-types/{id}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffusertypes"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffusertypes.DeleteFunction(d))
}
