// Command staff-me is the Lambda function of GET /api/admin/me.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/stafffactors"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(stafffactors.MeFunction(d))
}
