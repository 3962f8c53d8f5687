package portal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staff"
)

// Logo limits: a small image of an allowed type, uploaded with a presigned POST.
const (
	MaxLogoBytes    = 512 << 10
	LogoUploadLimit = 10 * time.Minute
	LogoURLLifetime = time.Hour
	logoPrefix      = "branding/"
)

// logoTypes are the allowed logo content types and their magic bytes.
var logoTypes = map[string][]byte{
	"image/png":  {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
	"image/jpeg": {0xff, 0xd8, 0xff},
	"image/webp": []byte("RIFF"),
}

// Objects are the S3 calls the portal routes make for logos.
type Objects interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Presigner signs logo uploads and downloads.
type Presigner interface {
	PresignPostObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error)
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

var (
	_ Objects   = (*s3.Client)(nil)
	_ Presigner = (*s3.PresignClient)(nil)
)

type logoRequest struct {
	ContentType string `json:"contentType"`
}

// LogoUpload is where and how the browser posts the logo file.
type LogoUpload struct {
	URL       string            `json:"url"`
	Fields    map[string]string `json:"fields"`
	Key       string            `json:"key"`
	MaxBytes  int               `json:"maxBytes"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

// LogoUpload answers a presigned POST for a logo (admins): the key is chosen here under the
// organization, the size is at most MaxLogoBytes and the content type exactly the one asked
// for. The logo is used once PATCH /api/admin/portal sets branding.logoKey, which checks it.
func (s *Service) LogoUpload(ctx context.Context, p staff.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staff.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in logoRequest
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if _, ok := logoTypes[in.ContentType]; !ok {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "contentType", Message: "must be image/png, image/jpeg or image/webp"})
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	key := logoPrefix + p.OrgID + "/logo-" + id
	req, err := s.Presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key),
		ContentType: aws.String(in.ContentType)}, func(o *s3.PresignPostOptions) {
		o.Expires = LogoUploadLimit
		o.Conditions = []any{
			[]any{"content-length-range", 1, MaxLogoBytes},
			map[string]string{"Content-Type": in.ContentType},
		}
	})
	if err != nil {
		return nil, fmt.Errorf("presign logo upload: %w", err)
	}
	fields := map[string]string{}
	for k, v := range req.Values {
		fields[k] = v
	}
	fields["Content-Type"] = in.ContentType
	return httpapi.JSON(http.StatusCreated, LogoUpload{URL: req.URL, Fields: fields, Key: key, MaxBytes: MaxLogoBytes,
		ExpiresAt: s.Store.Now().Add(LogoUploadLimit)}), nil
}

// checkLogo verifies an uploaded logo before it is used: the organization's key, at most
// MaxLogoBytes, and magic bytes of an allowed image type.
func (s *Service) checkLogo(ctx context.Context, org, key string) error {
	bad := func(msg string) error {
		return httpapi.FieldErrors(httpapi.FieldError{Field: "branding.logoKey", Message: msg})
	}
	if !strings.HasPrefix(key, logoPrefix+org+"/") || strings.Contains(key, "..") {
		return bad("is not a logo uploaded for this portal")
	}
	head, err := s.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	var nf *s3types.NotFound
	if errors.As(err, &nf) {
		return bad("was not uploaded")
	}
	if err != nil {
		return fmt.Errorf("head logo %s: %w", key, err)
	}
	if aws.ToInt64(head.ContentLength) > MaxLogoBytes {
		return bad(fmt.Sprintf("must be at most %d KB", MaxLogoBytes>>10))
	}
	obj, err := s.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key), Range: aws.String("bytes=0-15")})
	if err != nil {
		return fmt.Errorf("read logo %s: %w", key, err)
	}
	defer obj.Body.Close()
	magic, _ := io.ReadAll(io.LimitReader(obj.Body, 16))
	for _, sig := range logoTypes {
		if bytes.HasPrefix(magic, sig) {
			return nil
		}
	}
	return bad("is not a PNG, JPEG or WebP image")
}

// logoURL is a short-lived link to the portal's logo, or "" without one.
func (s *Service) logoURL(ctx context.Context, key string) string {
	if key == "" {
		return ""
	}
	req, err := s.Presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)},
		s3.WithPresignExpires(LogoURLLifetime))
	if err != nil {
		httpapi.Logger(ctx).Warn("logo link not signed", "err", err.Error())
		return ""
	}
	return req.URL
}

// LogoFunction is the handler of POST /api/admin/portal/logo.
func LogoFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Staff.Guard(s.LogoUpload))
}
