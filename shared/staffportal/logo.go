package staffportal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
)

// Logo limits: a small image of an allowed type, uploaded with a presigned POST that works
// for five minutes (the console asks for it right before it posts the file).
const (
	MaxLogoBytes    = 512 << 10
	LogoUploadLimit = 5 * time.Minute
	logoPrefix      = "branding/"
	// uploadPrefix is where upload forms put files in the attachments bucket (as
	// attachments.UploadPrefix): nothing under it is served, and the bucket's lifecycle
	// expires it after a day.
	uploadPrefix = "uploads/"
)

// logoTypes are the allowed logo content types and their magic bytes.
var logoTypes = map[string][]byte{
	"image/png":  {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
	"image/jpeg": {0xff, 0xd8, 0xff},
	"image/webp": []byte("RIFF"),
}

// LogoTypes are the content types a logo may have, sorted.
func LogoTypes() []string {
	out := make([]string, 0, len(logoTypes))
	for ct := range logoTypes {
		out = append(out, ct)
	}
	sort.Strings(out)
	return out
}

// Objects are the S3 calls the portal routes make for logos.
type Objects interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	CopyObject(ctx context.Context, in *s3.CopyObjectInput, opts ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, opts ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
}

// Presigner signs logo uploads (the links that show a logo are branding.Logos').
type Presigner interface {
	PresignPostObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error)
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
// for. The form writes under uploadPrefix, which is never served; the answer's Key is the
// logo's name for branding.logoKey, and setting it (adoptLogo) serves a checked copy.
func (s *Service) LogoUpload(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
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
	req, err := s.presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(uploadPrefix + key),
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
		ExpiresAt: s.store.Now().Add(LogoUploadLimit)}), nil
}

// adoptLogo answers the key to store and serve for the logo key names, after checking it
// (checkLogo). A key whose upload is there (uploadPrefix+key, what LogoUpload's form wrote)
// is copied to a key of its own, key-<random>, which no upload form covers, and the copy is
// what is checked and served: the form posted again later changes nothing that is served, and
// two adoptions at once never write each other's copy. A refused copy is deleted with its
// upload. A key without an upload is a logo adopted before (or uploaded before uploads had a
// prefix of their own) and is checked where it is. The upload is left to the bucket's
// lifecycle, so a request that fails after this can be sent again.
func (s *Service) adoptLogo(ctx context.Context, org, key string) (string, error) {
	bad := func(msg string) error {
		return httpapi.FieldErrors(httpapi.FieldError{Field: "branding.logoKey", Message: msg})
	}
	if !strings.HasPrefix(key, logoPrefix+org+"/") || strings.Contains(key, "..") {
		return "", bad("is not a logo uploaded for this portal")
	}
	upload := uploadPrefix + key
	_, err := s.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(upload)})
	var nf *s3types.NotFound
	if errors.As(err, &nf) {
		return key, s.checkLogo(ctx, key)
	}
	if err != nil {
		return "", fmt.Errorf("head logo upload %s: %w", upload, err)
	}
	nonce, err := auth.NewID()
	if err != nil {
		return "", err
	}
	served := key + "-" + nonce
	_, err = s.s3.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(served),
		CopySource: aws.String(s.bucket + "/" + upload)}) // keys are [a-z0-9/-]: nothing to encode
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "NoSuchKey" {
		return "", bad("was not uploaded")
	}
	if err != nil {
		return "", fmt.Errorf("copy logo %s to %s: %w", upload, served, err)
	}
	if err := s.checkLogo(ctx, served); err != nil {
		for _, k := range []string{served, upload} {
			if _, derr := s.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(k)}); derr != nil {
				return "", errors.Join(err, fmt.Errorf("delete refused logo %s: %w", k, derr))
			}
		}
		return "", err
	}
	return served, nil
}

// checkLogo verifies the logo at key before it is used: it exists, has at most MaxLogoBytes
// and starts with the magic bytes of an allowed image type.
func (s *Service) checkLogo(ctx context.Context, key string) error {
	bad := func(msg string) error {
		return httpapi.FieldErrors(httpapi.FieldError{Field: "branding.logoKey", Message: msg})
	}
	head, err := s.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
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
	obj, err := s.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key), Range: aws.String("bytes=0-15")})
	if err != nil {
		return fmt.Errorf("read logo %s: %w", key, err)
	}
	defer obj.Body.Close()
	magic, err := io.ReadAll(io.LimitReader(obj.Body, 16))
	if err != nil {
		return fmt.Errorf("read logo %s: %w", key, err)
	}
	for _, sig := range logoTypes {
		if bytes.HasPrefix(magic, sig) {
			return nil
		}
	}
	return bad("is not a PNG, JPEG or WebP image")
}

// LogoFunction is the handler of POST /api/admin/portal/logo.
func LogoFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.guard.Guard(s.LogoUpload))
}
