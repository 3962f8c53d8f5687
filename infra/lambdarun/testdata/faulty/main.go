// Command faulty is a test-only Lambda function that fails as asked by the request's path:
// /panic panics, /error returns an error, /sleep runs far past any test's timeout, /exit
// exits the process, /hold waits until the file FAULTY_RELEASE names exists; anything else
// answers 200 with the process id, so a test can tell a fresh execution environment from a
// reused one.
package main

import (
	"context"
	"errors"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		switch ev.RawPath {
		case "/panic":
			panic("faulty: asked to panic")
		case "/error":
			return events.APIGatewayV2HTTPResponse{}, errors.New("faulty: asked to fail")
		case "/sleep":
			time.Sleep(time.Hour)
		case "/exit":
			os.Exit(3)
		case "/hold":
			for {
				if _, err := os.Stat(os.Getenv("FAULTY_RELEASE")); err == nil {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain"},
			Body: strconv.Itoa(os.Getpid()) + " " + os.Getenv("FAULTY_GREETING")}, nil
	})
}
