// Command portal-users-bulk works through the bulk actions on portal users (SQS: one message
// per chunk of a job's ids).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffportalusers"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffportalusers.BulkWorkerFunction(d))
}
