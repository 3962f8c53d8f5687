// Package recorddocs serves the PDF of an invoice or a quote (recordpdf) to portal users and
// staff as a short-lived download link. A file is generated on the first request for a
// record version, language and view (the fields the reader may see), stored in the
// attachments bucket under CachePrefix, and served from there afterwards: the same version
// gives the same bytes, so the cache never needs invalidating, and an edit (a new version)
// gives a new key. The bucket's lifecycle rule expires the cached files.
package recorddocs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/files"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/portalguard"
	"crmportal/shared/recordpdf"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// CachePrefix is where the generated files live in the attachments bucket:
// pdf/{org}/{module}/{record}/v{version}/{lang}-{digest}.pdf.
const CachePrefix = "pdf/"

// LinkLifetime is how long a download link works.
const LinkLifetime = 5 * time.Minute

// Objects is the S3 calls the routes make: the cache's, and the read of the logo.
type Objects interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// maxLogoBytes bounds the read of a logo: staffportal.MaxLogoBytes (a checked logo is at
// most that) with room to spare; importing staffportal here would bring its handlers along.
const maxLogoBytes = 1 << 20

// Presigner signs the download links.
type Presigner interface {
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

var (
	_ Objects   = (*s3.Client)(nil)
	_ Presigner = (*s3.PresignClient)(nil)
)

// docStore is what the routes read: the organization (its name heads the document) and its
// portal (whose logo does).
type docStore interface {
	Now() time.Time
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetPortal(ctx context.Context, org string) (store.Portal, error)
}

// portalScope loads the request's record in the portal user's scope, exactly as the record view.
type portalScope interface {
	Scoped(ctx context.Context, p portalguard.Principal, r *httpapi.Request, action string) (portalguard.Scope, error)
}

// moduleCatalog loads a record of the staff member's organization.
type moduleCatalog interface {
	Record(ctx context.Context, st modules.RecordReader, org, module, id string) (crm.Module, store.Record, error)
}

var (
	_ docStore      = (*store.Store)(nil)
	_ portalScope   = (*portalguard.Guard)(nil)
	_ moduleCatalog = (*modules.Catalog)(nil)
)

// Service holds what the document routes share.
type Service struct {
	Store   docStore
	Records modules.RecordReader
	Scope   portalScope
	Modules moduleCatalog
	S3      Objects
	Presign Presigner
	Bucket  string
}

// Link is a short-lived download link of a document.
type Link struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

var errNoDocument = httpapi.Errorf(httpapi.NotFound, "only invoices and quotes have a PDF")

// Portal answers a link to the PDF of the path's invoice or quote in the portal user's scope
// (out of scope: 404), with only the fields the user's type may see, in the language of
// ?lang= (the portal's language; the organization's when absent).
func (s *Service) Portal(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if !recordpdf.Supports(r.PathParameters["module"]) {
		return nil, errNoDocument
	}
	sc, err := s.Scope.Scoped(ctx, p, r, access.ActionView)
	if err != nil {
		return nil, err
	}
	lang := r.QueryStringParameters["lang"]
	fields := access.Project(p.UserType.UserType, sc.Tab, sc.Module, sc.Record.Fields, string(recordpdf.LangOf(lang)))
	return s.answer(ctx, p.OrgID, sc.Module, sc.Record, fields, lang)
}

// Staff answers a link to the PDF of the path's invoice or quote with all its fields.
func (s *Service) Staff(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if !recordpdf.Supports(r.PathParameters["module"]) {
		return nil, errNoDocument
	}
	m, rec, err := s.Modules.Record(ctx, s.Records, p.OrgID, r.PathParameters["module"], r.PathParameters["id"])
	if err != nil {
		return nil, err
	}
	return s.answer(ctx, p.OrgID, m, rec, rec.Fields, r.QueryStringParameters["lang"])
}

// answer builds the Doc of rec, stores its file unless the cache has it, and signs a link.
func (s *Service) answer(ctx context.Context, org string, m crm.Module, rec store.Record, fields map[string]any, lang string) (*httpapi.Reply, error) {
	o, err := s.Store.GetOrg(ctx, org)
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = o.Language
	}
	l := recordpdf.LangOf(lang)
	doc := recordpdf.FromRecord(recordpdf.Record{Module: m, Name: rec.Name, Version: rec.Version, ModifiedAt: rec.ModifiedAt, Fields: fields}, l, o.Name)
	// The portal's logo heads the document: its key is in the Doc, so a new logo (a new key)
	// names a new file. An organization without a portal has no logo.
	pt, err := s.Store.GetPortal(ctx, org)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	doc.Logo = pt.Branding.LogoKey
	key := fmt.Sprintf("%s%s/%s/%s/v%d/%s-%s.pdf", CachePrefix, org, m.APIName, rec.ID, rec.Version, l, doc.Digest())
	if err := s.ensure(ctx, key, doc); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s %s.pdf", doc.Kind, rec.Name)
	disposition := fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, files.ASCII(name), url.PathEscape(name))
	req, err := s.Presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key),
		ResponseContentDisposition: aws.String(disposition), ResponseContentType: aws.String("application/pdf")},
		s3.WithPresignExpires(LinkLifetime))
	if err != nil {
		return nil, fmt.Errorf("presign document %s: %w", key, err)
	}
	return httpapi.JSON(http.StatusOK, Link{URL: req.URL, ExpiresAt: s.Store.Now().Add(LinkLifetime)}), nil
}

// ensure stores doc's file at key unless it is there already. Two requests at once may both
// render and put: they put the same bytes.
func (s *Service) ensure(ctx context.Context, key string, doc recordpdf.Doc) error {
	_, err := s.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	if err == nil {
		return nil
	}
	var nf *s3types.NotFound
	if !errors.As(err, &nf) {
		return fmt.Errorf("head document %s: %w", key, err)
	}
	logo, err := s.logo(ctx, doc.Logo)
	if err != nil {
		return err
	}
	body, err := recordpdf.Render(doc, logo)
	if errors.Is(err, recordpdf.ErrTooManyLines) {
		return httpapi.Errorf(httpapi.Unprocessable, "%s", recordpdf.RuleTooManyLines)
	}
	if err != nil {
		return fmt.Errorf("render document %s: %w", key, err)
	}
	if _, err := s.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key),
		Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String("application/pdf")}); err != nil {
		return fmt.Errorf("put document %s: %w", key, err)
	}
	return nil
}

// logo reads the logo at key ("": none). A logo that is gone (deleted after the portal was
// read) leaves the document without one, logged; any other error fails the request (a
// transient one answers 503 with Retry-After). The type is the one the file's first bytes
// show (what the logo's check looked at), not its stored Content-Type: recordpdf draws PNG and
// JPEG and leaves out what it cannot draw.
func (s *Service) logo(ctx context.Context, key string) (recordpdf.Image, error) {
	if key == "" {
		return recordpdf.Image{}, nil
	}
	obj, err := s.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	var nsk *s3types.NoSuchKey
	if errors.As(err, &nsk) {
		httpapi.Logger(ctx).Warn("the portal's logo is gone; the document has none", "key", key)
		return recordpdf.Image{}, nil
	}
	if err != nil {
		return recordpdf.Image{}, fmt.Errorf("read logo %s: %w", key, err)
	}
	defer obj.Body.Close()
	data, err := io.ReadAll(io.LimitReader(obj.Body, maxLogoBytes+1))
	if err != nil {
		return recordpdf.Image{}, fmt.Errorf("read logo %s: %w", key, err)
	}
	if len(data) > maxLogoBytes {
		httpapi.Logger(ctx).Warn("the portal's logo is too large; the document has none", "key", key)
		return recordpdf.Image{}, nil
	}
	return recordpdf.Image{Type: http.DetectContentType(data), Data: data}, nil
}

// wired is the service with the guards its routes go through.
type wired struct {
	*Service
	portal *portalguard.Guard
	staff  *staffguard.Guard
}

func wire(d platform.Deps) wired {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	w := wired{portal: portalguard.New(st, d.Config), staff: staffguard.New(st, d.Config)}
	objects := s3client.New(d)
	w.Service = &Service{Store: st, Records: st, Scope: w.portal, Modules: modules.New(st), S3: objects,
		Presign: s3.NewPresignClient(objects), Bucket: d.Config.AttachmentsBucket}
	return w
}

// PortalFunction is the handler of GET /api/records/{module}/{id}/pdf.
func PortalFunction(d platform.Deps) httpapi.LambdaFunc {
	w := wire(d)
	return d.Adapt(w.portal.GuardReading(portalguard.ReadOrg, w.Service.Portal))
}

// StaffFunction is the handler of GET /api/admin/records/{module}/{id}/pdf.
func StaffFunction(d platform.Deps) httpapi.LambdaFunc {
	w := wire(d)
	return d.Adapt(w.staff.Guard(w.Service.Staff))
}
