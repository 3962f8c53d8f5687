// Package s3client makes a function's S3 client. It is apart from platform so that only the
// functions that call S3 link the S3 client.
package s3client

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/platform"
)

// New makes the S3 client from d's aws.Config, pointed at d's S3 endpoint when one is
// configured (by path, as emulators serve buckets) and with d's API options for S3.
func New(d platform.Deps) *s3.Client {
	return s3.NewFromConfig(d.AWS, func(o *s3.Options) {
		if e := platform.Endpoint(d.Config.Endpoints.S3); e != nil {
			o.BaseEndpoint = e
			// Emulators serve buckets by path, not by virtual host.
			o.UsePathStyle = true
		}
		o.APIOptions = append(slices.Clip(o.APIOptions), d.APIOptions[s3.ServiceID]...)
	})
}
