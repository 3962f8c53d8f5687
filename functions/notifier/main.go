// Command notifier delivers the events the writes record (store.Event): the table's stream
// starts it with each new event item (DynamoDB stream event).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"crmportal/shared/notify"
	"crmportal/shared/platform"
)

func main() {
	d := platform.MustLoad() // configuration and AWS clients, once per process
	lambda.Start(notify.NotifierFunction(d))
}
