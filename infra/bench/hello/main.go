// Command hello is the smallest useful aws-lambda-go function: the baseline the benchmarks
// compare the portal's functions' cold start and binary size with. It answers the event
// {"name": N} with "hello, N" ("hello, world" without a name).
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

type event struct {
	Name string `json:"name"`
}

func main() {
	lambda.Start(func(_ context.Context, e event) (string, error) {
		if e.Name == "" {
			e.Name = "world"
		}
		return "hello, " + e.Name, nil
	})
}
