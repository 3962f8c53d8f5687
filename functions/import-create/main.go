// Command import-create is the Lambda function of POST /api/admin/import/{module}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/importer"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(importer.CreateFunction(d))
}
