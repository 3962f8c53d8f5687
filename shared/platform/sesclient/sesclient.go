// Package sesclient makes a function's SES client. It is apart from platform so that only the
// functions that send email link the SES client.
package sesclient

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"crmportal/shared/platform"
)

// New makes the SES client from d's aws.Config, pointed at d's SES endpoint when one is
// configured and with d's API options for SES.
func New(d platform.Deps) *ses.Client {
	return ses.NewFromConfig(d.AWS, func(o *ses.Options) {
		if e := platform.Endpoint(d.Config.Endpoints.SES); e != nil {
			o.BaseEndpoint = e
		}
		o.APIOptions = append(slices.Clip(o.APIOptions), d.APIOptions[ses.ServiceID]...)
	})
}
