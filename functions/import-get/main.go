// Command import-get is the Lambda function of GET /api/admin/import/{module}/{jobId}.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffimport"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffimport.GetFunction(d))
}
