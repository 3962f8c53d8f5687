// Command record-portal-update is the Lambda function of PATCH /api/records/{module}/{id} and
// POST /api/records/{module}/{id}/decision (a quote's acceptance or decline).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(portalapi.UpdateRecordFunction(d))
}
