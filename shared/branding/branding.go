// Package branding shows a portal's logo: a short-lived signed link to the logo in the
// attachments bucket. Both sides show it: the staff's portal setup (staffportal) and the
// portal's login page and session (portalapi). The upload and the checks of a logo are the
// setup's own (staffportal).
package branding

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
)

// LogoURLLifetime is how long a logo link works.
const LogoURLLifetime = time.Hour

// Presigner signs logo downloads.
type Presigner interface {
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

var _ Presigner = (*s3.PresignClient)(nil)

// Logos signs links to the logos of one bucket.
type Logos struct {
	Presign Presigner
	Bucket  string // the attachments bucket, where logos live under branding/
}

// New signs links to the logos of d's attachments bucket.
func New(d platform.Deps) Logos {
	return Logos{Presign: s3.NewPresignClient(s3client.New(d)), Bucket: d.Config.AttachmentsBucket}
}

// URL is a link to the logo at key that works for LogoURLLifetime, or "" without a key. A
// link that cannot be signed is logged and left out: the page shows the portal's name instead.
func (l Logos) URL(ctx context.Context, key string) string {
	if key == "" {
		return ""
	}
	link, err := l.Sign(ctx, key)
	if err != nil {
		httpapi.Logger(ctx).Warn("logo link not signed", "err", err.Error())
		return ""
	}
	return link
}

// Sign is a link to the logo at key that works for LogoURLLifetime.
func (l Logos) Sign(ctx context.Context, key string) (string, error) {
	if l.Presign == nil {
		return "", fmt.Errorf("sign logo link %s: this function's logos were not built with New", key)
	}
	req, err := l.Presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(l.Bucket), Key: aws.String(key)},
		s3.WithPresignExpires(LogoURLLifetime))
	if err != nil {
		return "", fmt.Errorf("sign logo link %s: %w", key, err)
	}
	return req.URL, nil
}
