// Command import-get is the Lambda function of GET /api/admin/import/{module}/{jobId}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/importer"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(importer.GetFunction(d))
}
