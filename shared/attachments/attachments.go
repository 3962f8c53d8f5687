// Package attachments serves files attached to records: to portal users where their tab
// enables attachments and the record is in scope (upload through a presigned POST whose key
// the server chooses, completion that checks the object's size and first bytes, download
// through a short presigned GET, delete of their own), and to staff (list and download).
package attachments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/customer"
	"crmportal/shared/files"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staff"
	"crmportal/shared/store"
)

// Lifetimes of the presigned requests.
const (
	UploadLifetime   = 10 * time.Minute
	DownloadLifetime = 5 * time.Minute
)

// Objects are the S3 calls the attachment routes make.
type Objects interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, opts ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
}

// Presigner signs uploads and downloads.
type Presigner interface {
	PresignPostObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error)
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

var (
	_ Objects   = (*s3.Client)(nil)
	_ Presigner = (*s3.PresignClient)(nil)
)

// Service holds what the attachment routes share.
type Service struct {
	Customer *customer.Service
	Store    *store.Store
	S3       Objects
	Presign  Presigner
	Bucket   string
	MaxBytes int64
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	c := customer.New(d)
	max := d.Config.AttachmentMaxBytes
	if max == 0 {
		max = files.DefaultMaxBytes
	}
	return &Service{Customer: c, Store: c.Store, S3: d.S3, Presign: s3.NewPresignClient(d.S3), Bucket: d.Config.AttachmentsBucket, MaxBytes: max}
}

// AttachmentJSON is an attachment as the API answers it; Mine tells a portal user which
// uploads are theirs (they may delete those).
type AttachmentJSON struct {
	store.Attachment
	Mine bool `json:"mine"`
}

type list struct {
	Items      []AttachmentJSON `json:"items"`
	NextCursor string           `json:"nextCursor,omitempty"`
}

// Upload is where and how the browser posts the file.
type Upload struct {
	URL       string            `json:"url"`
	Fields    map[string]string `json:"fields"`
	MaxBytes  int64             `json:"maxBytes"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

type uploadJSON struct {
	Attachment AttachmentJSON `json:"attachment"`
	Upload     Upload         `json:"upload"`
}

type uploadBody struct {
	Filename    string `json:"filename"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
}

var errNoAttachment = httpapi.Errorf(httpapi.NotFound, "no attachment with that id")

func (s *Service) record(ctx context.Context, p customer.Principal, r *httpapi.Request) (store.Record, error) {
	_, _, _, rec, err := s.Customer.Scoped(ctx, p, r, access.ActionAttachments)
	return rec, err
}

func page(r *httpapi.Request) (int, error) {
	limit, fe := httpapi.Limit(r.QueryStringParameters, 100)
	if fe != nil {
		return 0, httpapi.InvalidQuery(*fe)
	}
	return limit, nil
}

func (s *Service) list(ctx context.Context, org, record, me string, r *httpapi.Request) (*httpapi.Reply, error) {
	limit, err := page(r)
	if err != nil {
		return nil, err
	}
	atts, next, err := s.Store.ListAttachments(ctx, org, record, limit, r.QueryStringParameters["cursor"])
	if errors.Is(err, store.ErrBadCursor) {
		return nil, httpapi.ErrBadCursor
	}
	if err != nil {
		return nil, err
	}
	out := list{Items: make([]AttachmentJSON, len(atts)), NextCursor: next}
	for i, a := range atts {
		out.Items[i] = AttachmentJSON{Attachment: a, Mine: me != "" && a.UploadedBy.Kind == store.ActorPortal && a.UploadedBy.ID == me}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// List answers the ready attachments of a record in the portal user's scope.
func (s *Service) List(ctx context.Context, p customer.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, p.OrgID, rec.ID, p.UserID, r)
}

// Create answers a presigned POST for a new attachment of a record in scope: the key is
// chosen here under the organization and the record, the size is at most MaxBytes, the
// content type exactly the declared one (on the allowlist, with a matching extension) and
// the form works for 10 minutes. The attachment stays pending, invisible, until Complete.
func (s *Service) Create(ctx context.Context, p customer.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	var in uploadBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	name := files.Sanitize(in.Filename)
	if field, msg := files.CheckDeclared(name, in.ContentType, in.Size, s.MaxBytes); field != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: field, Message: msg})
	}
	q, err := s.Store.GetQuota(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, err
	}
	if msg := files.CheckQuota(q.Files, q.Bytes, in.Size); msg != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "size", Message: msg})
	}
	now := s.Store.Now()
	id, err := auth.NewTimeID(now)
	if err != nil {
		return nil, err
	}
	a := store.Attachment{OrgID: p.OrgID, ID: id, RecordID: rec.ID, Module: rec.Module, Filename: name, ContentType: in.ContentType,
		Size: in.Size, Key: fmt.Sprintf("attachments/%s/%s/%s/%s", p.OrgID, rec.Module, rec.ID, id), UploadedBy: p.Actor(),
		CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}
	req, err := s.Presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key),
		ContentType: aws.String(in.ContentType)}, func(o *s3.PresignPostOptions) {
		o.Expires = UploadLifetime
		o.Conditions = []any{
			[]any{"content-length-range", 1, s.MaxBytes},
			map[string]string{"Content-Type": in.ContentType},
		}
	})
	if err != nil {
		return nil, fmt.Errorf("presign attachment upload: %w", err)
	}
	if err := s.Store.CreateAttachment(ctx, a); err != nil {
		return nil, err
	}
	a.Status = store.AttachmentPending
	fields := map[string]string{}
	for k, v := range req.Values {
		fields[k] = v
	}
	fields["Content-Type"] = in.ContentType
	return httpapi.JSON(http.StatusCreated, uploadJSON{Attachment: AttachmentJSON{Attachment: a, Mine: true},
		Upload: Upload{URL: req.URL, Fields: fields, MaxBytes: s.MaxBytes, ExpiresAt: now.Add(UploadLifetime)}}), nil
}

// attachment loads the path's attachment of rec; pending ones only for their uploader.
func (s *Service) attachment(ctx context.Context, org string, rec store.Record, r *httpapi.Request, uploader string) (store.Attachment, error) {
	id := r.PathParameters["aid"]
	if !auth.ValidID(id) {
		return store.Attachment{}, errNoAttachment
	}
	a, err := s.Store.GetAttachment(ctx, org, rec.ID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.Status != store.AttachmentReady && a.UploadedBy.ID != uploader) {
		return store.Attachment{}, errNoAttachment
	}
	return a, err
}

// Complete checks an uploaded file before it becomes visible: the object exists, its size
// is the declared one and within the limit, and its first bytes are what its content type
// says (so an executable renamed .pdf is refused). A refused file is deleted with its
// pending attachment; nothing is left behind.
func (s *Service) Complete(ctx context.Context, p customer.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.attachment(ctx, p.OrgID, rec, r, p.UserID)
	if err != nil {
		return nil, err
	}
	if a.UploadedBy.ID != p.UserID {
		return nil, errNoAttachment
	}
	if a.Status == store.AttachmentReady {
		return httpapi.JSON(http.StatusOK, AttachmentJSON{Attachment: a, Mine: true}), nil
	}
	head, err := s.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key)})
	var nf *s3types.NotFound
	if errors.As(err, &nf) {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "file", Message: "was not uploaded; post the file to the upload form first"})
	}
	if err != nil {
		return nil, fmt.Errorf("head attachment %s: %w", a.Key, err)
	}
	size := aws.ToInt64(head.ContentLength)
	refuse := func(msg string) (*httpapi.Reply, error) {
		if _, err := s.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key)}); err != nil {
			return nil, fmt.Errorf("delete refused attachment %s: %w", a.Key, err)
		}
		if err := s.Store.DeleteAttachment(ctx, a, ""); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "file", Message: msg})
	}
	if size != a.Size || size > s.MaxBytes {
		return refuse(fmt.Sprintf("has %d bytes, not the %d declared; upload it again", size, a.Size))
	}
	obj, err := s.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key),
		Range: aws.String("bytes=0-" + strconv.Itoa(files.SniffBytes-1))})
	if err != nil {
		return nil, fmt.Errorf("read attachment %s: %w", a.Key, err)
	}
	sniff, err := io.ReadAll(io.LimitReader(obj.Body, files.SniffBytes))
	obj.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read attachment %s: %w", a.Key, err)
	}
	if !files.Matches(a.ContentType, sniff) {
		return refuse("is not a " + a.ContentType + " file; its content does not match its type")
	}
	a, err = s.Store.CompleteAttachment(ctx, a, size, p.UserID, files.MaxFilesPerUser, files.MaxBytesPerUser)
	if errors.Is(err, store.ErrQuota) {
		return refuse("would take you past your attachment quota; delete some first")
	}
	if errors.Is(err, store.ErrVersion) {
		return nil, errNoAttachment
	}
	if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.AttachmentUpload, Module: rec.Module,
		RecordID: rec.ID, Detail: a.Filename + " (" + strconv.FormatInt(a.Size, 10) + " bytes)"})
	return httpapi.JSON(http.StatusOK, AttachmentJSON{Attachment: a, Mine: true}), nil
}

// Link is a short-lived download link.
type Link struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// link signs a 5-minute GET that makes the browser save the file under its sanitized name.
func (s *Service) link(ctx context.Context, a store.Attachment) (Link, error) {
	disposition := fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, files.ASCII(a.Filename), url.PathEscape(a.Filename))
	req, err := s.Presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key),
		ResponseContentDisposition: aws.String(disposition), ResponseContentType: aws.String(a.ContentType)},
		s3.WithPresignExpires(DownloadLifetime))
	if err != nil {
		return Link{}, fmt.Errorf("presign attachment download: %w", err)
	}
	return Link{URL: req.URL, ExpiresAt: s.Store.Now().Add(DownloadLifetime)}, nil
}

// Get answers a download link of a ready attachment of a record in scope.
func (s *Service) Get(ctx context.Context, p customer.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.attachment(ctx, p.OrgID, rec, r, "")
	if err != nil {
		return nil, err
	}
	l, err := s.link(ctx, a)
	if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.AttachmentGet, Module: rec.Module, RecordID: rec.ID, Detail: a.Filename})
	return httpapi.JSON(http.StatusOK, l), nil
}

// Delete deletes the portal user's own attachment (item, object and its room in the quota).
func (s *Service) Delete(ctx context.Context, p customer.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.attachment(ctx, p.OrgID, rec, r, p.UserID)
	if err != nil {
		return nil, err
	}
	if a.UploadedBy.Kind != store.ActorPortal || a.UploadedBy.ID != p.UserID {
		return nil, httpapi.Errorf(httpapi.Forbidden, "only the person who uploaded a file may delete it")
	}
	if err := s.Store.DeleteAttachment(ctx, a, p.UserID); errors.Is(err, store.ErrNotFound) {
		return nil, errNoAttachment
	} else if err != nil {
		return nil, err
	}
	if _, err := s.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key)}); err != nil {
		// The item is gone, so nothing links to the object any more; the log lets it be removed.
		httpapi.Logger(ctx).Error("attachment object not deleted", "key", a.Key, "err", err.Error())
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.AttachmentDelete, Module: rec.Module, RecordID: rec.ID, Detail: a.Filename})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

func (s *Service) staffRecord(ctx context.Context, p staff.Principal, r *httpapi.Request) (store.Record, error) {
	_, rec, err := s.Customer.Records.Load(ctx, p, r)
	return rec, err
}

// StaffList answers the ready attachments of a record (staff).
func (s *Service) StaffList(ctx context.Context, p staff.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, p.OrgID, rec.ID, "", r)
}

// StaffGet answers a download link of a ready attachment (staff).
func (s *Service) StaffGet(ctx context.Context, p staff.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.attachment(ctx, p.OrgID, rec, r, "")
	if err != nil {
		return nil, err
	}
	l, err := s.link(ctx, a)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, l), nil
}

type (
	portalHandler = func(*Service, context.Context, customer.Principal, *httpapi.Request) (*httpapi.Reply, error)
	staffHandler  = func(*Service, context.Context, staff.Principal, *httpapi.Request) (*httpapi.Reply, error)
)

func portal(d platform.Deps, h portalHandler) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Guard(func(ctx context.Context, p customer.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(s, ctx, p, r)
	}))
}

func staffSide(d platform.Deps, h staffHandler) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Customer.Staff.Guard(func(ctx context.Context, p staff.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(s, ctx, p, r)
	}))
}

// ListFunction is the handler of GET /api/records/{module}/{id}/attachments.
func ListFunction(d platform.Deps) httpapi.LambdaFunc { return portal(d, (*Service).List) }

// CreateFunction is the handler of POST /api/records/{module}/{id}/attachments.
func CreateFunction(d platform.Deps) httpapi.LambdaFunc { return portal(d, (*Service).Create) }

// CompleteFunction is the handler of POST /api/records/{module}/{id}/attachments/{aid}/complete.
func CompleteFunction(d platform.Deps) httpapi.LambdaFunc { return portal(d, (*Service).Complete) }

// GetFunction is the handler of GET /api/records/{module}/{id}/attachments/{aid}.
func GetFunction(d platform.Deps) httpapi.LambdaFunc { return portal(d, (*Service).Get) }

// DeleteFunction is the handler of DELETE /api/records/{module}/{id}/attachments/{aid}.
func DeleteFunction(d platform.Deps) httpapi.LambdaFunc { return portal(d, (*Service).Delete) }

// StaffListFunction is the handler of GET /api/admin/records/{module}/{id}/attachments.
func StaffListFunction(d platform.Deps) httpapi.LambdaFunc { return staffSide(d, (*Service).StaffList) }

// StaffGetFunction is the handler of GET /api/admin/records/{module}/{id}/attachments/{aid}.
func StaffGetFunction(d platform.Deps) httpapi.LambdaFunc { return staffSide(d, (*Service).StaffGet) }
