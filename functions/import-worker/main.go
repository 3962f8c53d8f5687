// Command import-worker runs a CSV import when its file arrives in the imports bucket (S3
// event).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffimport"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffimport.WorkerFunction(d))
}
