// Command tokens is the Lambda function of GET and POST /api/admin/tokens, DELETE
// /api/admin/tokens/{id} and GET /api/admin/org/tokens (one function for the four routes).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/staffadmin"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(staffadmin.TokensFunction(d))
}
