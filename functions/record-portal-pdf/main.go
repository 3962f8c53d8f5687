// Command record-portal-pdf is the Lambda function of GET /api/records/{module}/{id}/pdf.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/recorddocs"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(recorddocs.PortalFunction(d))
}
