package staffimport

import (
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// PresignedRequest is a signed URL.
type PresignedRequest = v4.PresignedHTTPRequest

var _ Presigner = (*s3.PresignClient)(nil)
