// Command usage-counter maintains the usage counters: the table's stream starts it with each
// new portal session, invitation token and customer.record.created event item.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/platform"
	"crmportal/shared/usagecounter"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(usagecounter.Function(d))
}
