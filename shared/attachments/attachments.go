// Package attachments serves files attached to records: to portal users where their tab
// enables attachments and the record is in scope (upload through a presigned POST whose key
// the server chooses, completion that copies the upload to a key no upload form covers and
// checks the copy's size and first bytes, download of that copy through a short presigned
// GET, delete of their own), and to staff (list and download).
package attachments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/files"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/outbox"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// Lifetimes of the presigned requests. The browser asks for the upload form right before it
// posts the file, and S3 checks the form's expiry when the post arrives, so five minutes is
// ample; nothing it writes is served anyway (see Complete).
const (
	UploadLifetime   = 5 * time.Minute
	DownloadLifetime = 5 * time.Minute
)

// UploadPrefix is where upload forms put files in the attachments bucket (for attachments
// and logos). Nothing under it is ever served, and the bucket's lifecycle expires what is left
// there after a day.
const UploadPrefix = "uploads/"

// Objects are the S3 calls the attachment routes make.
type Objects interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	CopyObject(ctx context.Context, in *s3.CopyObjectInput, opts ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
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

// attachmentStore is the storage the attachment routes read and write.
type attachmentStore interface {
	Now() time.Time
	AppendAudit(ctx context.Context, e store.AuditEntry) error
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	ListAttachments(ctx context.Context, org, record string, limit int, after string) ([]store.Attachment, string, error)
	ListSharedAttachments(ctx context.Context, org, record string, limit int, after string) ([]store.Attachment, string, error)
	GetQuota(ctx context.Context, org, user string) (store.Quota, error)
	CreateAttachment(ctx context.Context, a store.Attachment) error
	GetAttachment(ctx context.Context, org, record, id string) (store.Attachment, error)
	CompleteAttachment(ctx context.Context, a store.Attachment, size int64, servedKey, countOn string, maxFiles, maxBytes int64, evs ...store.Event) (store.Attachment, error)
	DeleteAttachment(ctx context.Context, a store.Attachment, countOn string) error
}

var _ attachmentStore = (*store.Store)(nil)

// portalScope is what the portal user's attachment routes need to know about the request's
// record.
type portalScope interface {
	Scoped(ctx context.Context, p portalguard.Principal, r *httpapi.Request, action string) (portalguard.Scope, error)
}

// moduleCatalog is the modules as the organization sees them (the staff routes' records).
type moduleCatalog interface {
	Record(ctx context.Context, st modules.RecordReader, org, module, id string) (crm.Module, store.Record, error)
}

// staffActor names a staff member as the attachment's uploader and in the audit log.
type staffActor interface {
	Actor(ctx context.Context, p staffguard.Principal) store.Actor
}

var (
	_ portalScope   = (*portalguard.Guard)(nil)
	_ moduleCatalog = (*modules.Catalog)(nil)
	_ staffActor    = (*staffguard.Guard)(nil)
)

// Service holds what the attachment routes share.
type Service struct {
	Store    attachmentStore
	Portal   portalScope
	Staff    staffActor
	Modules  moduleCatalog
	S3       Objects
	Presign  Presigner
	Bucket   string
	MaxBytes int64
}

// wired is the service of a function with the guards its routes go through.
type wired struct {
	*Service
	portal *portalguard.Guard
	staff  *staffguard.Guard
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service { return wire(d).Service }

func wire(d platform.Deps) wired {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	max := d.Config.AttachmentMaxBytes
	if max == 0 {
		max = files.DefaultMaxBytes
	}
	w := wired{portal: portalguard.New(st, d.Config), staff: staffguard.New(st, d.Config)}
	objects := s3client.New(d)
	w.Service = &Service{Store: st, Portal: w.portal, Staff: w.staff, Modules: modules.New(st), S3: objects, Presign: s3.NewPresignClient(objects),
		Bucket: d.Config.AttachmentsBucket, MaxBytes: max}
	return w
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
	// Shared is staff's choice (the portal's uploads are always shared); absent is internal.
	Shared *bool `json:"shared"`
}

var errNoAttachment = httpapi.Errorf(httpapi.NotFound, "no attachment with that id")

// record loads the path's record in the portal user's scope where the tab enables
// attachments (404 outside scope, 403 without attachments).
func (s *Service) record(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (store.Record, error) {
	sc, err := s.Portal.Scoped(ctx, p, r, access.ActionAttachments)
	return sc.Record, err
}

func page(r *httpapi.Request) (int, error) {
	limit, fe := httpapi.Limit(r.QueryStringParameters, 100)
	if fe != nil {
		return 0, httpapi.InvalidQuery(*fe)
	}
	return limit, nil
}

// list answers a page of a record's ready attachments: for the portal (me is the portal
// user) only those shared with customers, for staff (me is "") all of them.
func (s *Service) list(ctx context.Context, org, record, me string, r *httpapi.Request) (*httpapi.Reply, error) {
	limit, err := page(r)
	if err != nil {
		return nil, err
	}
	listFn := s.Store.ListAttachments
	if me != "" {
		listFn = s.Store.ListSharedAttachments
	}
	atts, next, err := listFn(ctx, org, record, limit, r.QueryStringParameters["cursor"])
	if err != nil {
		return nil, err // a bad cursor is 400 (httpapi's store errors)
	}
	out := list{Items: make([]AttachmentJSON, len(atts)), NextCursor: next}
	for i, a := range atts {
		out.Items[i] = AttachmentJSON{Attachment: a, Mine: me != "" && a.UploadedBy.Kind == store.ActorPortal && a.UploadedBy.ID == me}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// List answers the ready attachments of a record in the portal user's scope that are shared
// with customers (never an internal file).
func (s *Service) List(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, p.OrgID, rec.ID, p.UserID, r)
}

// Create answers a presigned POST for a new attachment of a record in scope (see declare);
// the file is the customer's own, so it is shared, and it counts on the portal user's quota.
func (s *Service) Create(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	var in uploadBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if in.Shared != nil {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "shared", Message: "is not a field you can change; your files are shared with the company"})
	}
	return s.declare(ctx, p.OrgID, rec, in, p.Actor(), p.UserID, true)
}

// declare checks a new upload's declared name, type and size and the room in quotaOf's
// quota, and answers a presigned POST for it: the key is chosen here under UploadPrefix, the
// organization and the record, the size is at most MaxBytes, the content type exactly the
// declared one (on the allowlist, with a matching extension) and the form works for
// UploadLifetime. The attachment stays pending, invisible, until it is completed.
func (s *Service) declare(ctx context.Context, org string, rec store.Record, in uploadBody, by store.Actor, quotaOf string, shared bool) (*httpapi.Reply, error) {
	name := files.Sanitize(in.Filename)
	if field, msg := files.CheckDeclared(name, in.ContentType, in.Size, s.MaxBytes); field != "" {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: field, Message: msg})
	}
	q, err := s.Store.GetQuota(ctx, org, quotaOf)
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
	a := store.Attachment{OrgID: org, ID: id, RecordID: rec.ID, Module: rec.Module, Filename: name, ContentType: in.ContentType,
		Size: in.Size, Key: fmt.Sprintf("%sattachments/%s/%s/%s/%s", UploadPrefix, org, rec.Module, rec.ID, id), UploadedBy: by,
		CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour), Shared: shared}
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

// portalAttachment is attachment for a portal user: a file that is not shared with customers
// (staff's internal file) is answered exactly like a missing one.
func (s *Service) portalAttachment(ctx context.Context, org string, rec store.Record, r *httpapi.Request, uploader string) (store.Attachment, error) {
	a, err := s.attachment(ctx, org, rec, r, uploader)
	if err == nil && !a.SharedWithCustomers() {
		return store.Attachment{}, errNoAttachment
	}
	return a, err
}

// Complete checks the portal user's upload and makes it visible (see complete); the file
// counts on their quota.
func (s *Service) Complete(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
	// The customer's file tells staff (customer.file.added), in the completion's transaction.
	done, fresh, err := s.complete(ctx, a, p.UserID, outbox.File(a)...)
	if err != nil {
		return nil, err
	}
	if fresh {
		audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.AttachmentUpload, Module: rec.Module,
			RecordID: rec.ID, Detail: done.Filename + " (" + strconv.FormatInt(done.Size, 10) + " bytes)"})
	}
	return httpapi.JSON(http.StatusOK, AttachmentJSON{Attachment: done, Mine: true}), nil
}

// complete checks an uploaded file before it becomes visible, and makes it ready counted on
// countOn's quota, with evs (the events it makes happen) in the same transaction. The
// upload is copied to a key of this completion's own, which no upload form covers, and the
// copy is checked: it exists, its size is the declared one and within the limit, and its
// first bytes are what its content type says (so an executable renamed .pdf is refused).
// Only the copy whose completion marks the attachment ready is ever served, so the bytes
// served are the bytes checked: posting the form again changes nothing that is served. A
// refused file is deleted, upload and copy, with its pending attachment; nothing is left
// behind (the refusal is a 422 naming the field "file"). Attachments made before uploads had
// a prefix of their own complete the same way (their upload key is their old key). The
// answer is the ready attachment and whether this call made it ready (false when it was
// already, or a completion running at the same time did: its events were added by that one).
func (s *Service) complete(ctx context.Context, a store.Attachment, countOn string, evs ...store.Event) (store.Attachment, bool, error) {
	if a.Status == store.AttachmentReady {
		return a, false, nil
	}
	notUploaded := httpapi.FieldErrors(httpapi.FieldError{Field: "file", Message: "was not uploaded; post the file to the upload form first"})
	head, err := s.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key)})
	var nf *s3types.NotFound
	if errors.As(err, &nf) {
		return store.Attachment{}, false, notUploaded
	}
	if err != nil {
		return store.Attachment{}, false, fmt.Errorf("head attachment upload %s: %w", a.Key, err)
	}
	served, err := servedKey(a.Key)
	if err != nil {
		return store.Attachment{}, false, err
	}
	copied, kept := false, false
	defer func() {
		if copied && !kept {
			s.deleteObject(ctx, served, "attachment copy not deleted")
		}
	}()
	refuse := func(msg string) (store.Attachment, bool, error) {
		if copied {
			if _, err := s.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(served)}); err != nil {
				return store.Attachment{}, false, fmt.Errorf("delete refused attachment copy %s: %w", served, err)
			}
			copied = false
		}
		if _, err := s.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(a.Key)}); err != nil {
			return store.Attachment{}, false, fmt.Errorf("delete refused attachment %s: %w", a.Key, err)
		}
		if err := s.Store.DeleteAttachment(ctx, a, ""); err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Attachment{}, false, err
		}
		return store.Attachment{}, false, httpapi.FieldErrors(httpapi.FieldError{Field: "file", Message: msg})
	}
	wrongSize := func(size int64) string {
		return fmt.Sprintf("has %d bytes, not the %d declared; upload it again", size, a.Size)
	}
	if size := aws.ToInt64(head.ContentLength); size != a.Size || size > s.MaxBytes {
		return refuse(wrongSize(size))
	}
	_, err = s.S3.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(served),
		CopySource: aws.String(copySource(s.Bucket, a.Key))})
	if isNoSuchKey(err) {
		// A completion running at the same time took the upload (it deletes it once done).
		return s.completedMeanwhile(ctx, a, notUploaded)
	}
	if err != nil {
		return store.Attachment{}, false, fmt.Errorf("copy attachment %s to %s: %w", a.Key, served, err)
	}
	copied = true
	size, ok, err := s.check(ctx, served, a.ContentType)
	if err != nil {
		return store.Attachment{}, false, err
	}
	if size != a.Size || size > s.MaxBytes {
		return refuse(wrongSize(size))
	}
	if !ok {
		return refuse("is not a " + a.ContentType + " file; its content does not match its type")
	}
	done, err := s.Store.CompleteAttachment(ctx, a, size, served, countOn, files.MaxFilesPerUser, files.MaxBytesPerUser, evs...)
	if errors.Is(err, store.ErrQuota) {
		return refuse("would take you past your attachment quota; delete some first")
	}
	if errors.Is(err, store.ErrVersion) {
		return s.completedMeanwhile(ctx, a, errNoAttachment)
	}
	if err != nil {
		return store.Attachment{}, false, err
	}
	kept = true
	s.deleteObject(ctx, a.Key, "attachment upload not deleted")
	return done, true, nil
}

// completedMeanwhile answers a completion that lost to another one of the same upload: the
// attachment as the winner made it, or otherwise when it is no longer there or not ready.
func (s *Service) completedMeanwhile(ctx context.Context, a store.Attachment, otherwise error) (store.Attachment, bool, error) {
	now, err := s.Store.GetAttachment(ctx, a.OrgID, a.RecordID, a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Attachment{}, false, errNoAttachment
	}
	if err != nil {
		return store.Attachment{}, false, err
	}
	if now.Status != store.AttachmentReady {
		return store.Attachment{}, false, otherwise
	}
	return now, false, nil
}

// servedKey is a new key for the checked copy of the upload at upload: the upload's key
// without UploadPrefix, with a random folder of its own after the organization
// (attachments/<org>/<random>/<module>/<record>/<id>), so no upload form covers it and
// completions running at the same time never write each other's copy.
func servedKey(upload string) (string, error) {
	nonce, err := auth.NewID()
	if err != nil {
		return "", err
	}
	parts := strings.SplitN(strings.TrimPrefix(upload, UploadPrefix), "/", 3) // attachments, org, module/record/id
	if len(parts) != 3 {
		return "", fmt.Errorf("attachment upload key %q names no organization", upload)
	}
	return parts[0] + "/" + parts[1] + "/" + nonce + "/" + parts[2], nil
}

// check reads the object at key as the completion checks it: its size, and whether its first
// bytes are what contentType says.
func (s *Service) check(ctx context.Context, key, contentType string) (size int64, matches bool, err error) {
	head, err := s.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	if err != nil {
		return 0, false, fmt.Errorf("head attachment %s: %w", key, err)
	}
	obj, err := s.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key),
		Range: aws.String("bytes=0-" + strconv.Itoa(files.SniffBytes-1))})
	if err != nil {
		return 0, false, fmt.Errorf("read attachment %s: %w", key, err)
	}
	sniff, err := io.ReadAll(io.LimitReader(obj.Body, files.SniffBytes))
	obj.Body.Close()
	if err != nil {
		return 0, false, fmt.Errorf("read attachment %s: %w", key, err)
	}
	return aws.ToInt64(head.ContentLength), files.Matches(contentType, sniff), nil
}

// deleteObject deletes an object nothing links to any more; a failure is logged (the
// answer does not depend on it, and the bucket's lifecycle removes leftover uploads).
func (s *Service) deleteObject(ctx context.Context, key, msg string) {
	if _, err := s.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)}); err != nil {
		httpapi.Logger(ctx).Error(msg, "key", key, "err", err.Error())
	}
}

// copySource is CopyObject's x-amz-copy-source for key in bucket: bucket/key, URL-encoded.
func copySource(bucket, key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return bucket + "/" + strings.Join(parts, "/")
}

// isNoSuchKey tells whether err is S3's answer that the object does not exist (CopyObject
// answers it as an error code, not as a modeled error type).
func isNoSuchKey(err error) bool {
	var nsk *s3types.NoSuchKey
	var api smithy.APIError
	return errors.As(err, &nsk) || (errors.As(err, &api) && api.ErrorCode() == "NoSuchKey")
}

// Link is a short-lived download link.
type Link struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// link signs a 5-minute GET that makes the browser save the file under its sanitized name.
func (s *Service) link(ctx context.Context, a store.Attachment) (Link, error) {
	return SignDownload(ctx, s.Presign, s.Bucket, a, s.Store.Now(), DownloadLifetime)
}

// SignDownload signs a GET of a's object in bucket, valid for lifetime from now, whose
// answer makes the browser save the file under its sanitized name (ASCII filename, and the
// UTF-8 one) with its stored content type. The portal's data export signs its files with it.
func SignDownload(ctx context.Context, presign Presigner, bucket string, a store.Attachment, now time.Time, lifetime time.Duration) (Link, error) {
	disposition := fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, files.ASCII(a.Filename), url.PathEscape(a.Filename))
	req, err := presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(a.Key),
		ResponseContentDisposition: aws.String(disposition), ResponseContentType: aws.String(a.ContentType)},
		s3.WithPresignExpires(lifetime))
	if err != nil {
		return Link{}, fmt.Errorf("presign attachment download %s: %w", a.ID, err)
	}
	return Link{URL: req.URL, ExpiresAt: now.Add(lifetime)}, nil
}

// Get answers a download link of a ready attachment of a record in scope that is shared with
// customers (an internal file is 404).
func (s *Service) Get(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.portalAttachment(ctx, p.OrgID, rec, r, "")
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
func (s *Service) Delete(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.record(ctx, p, r)
	if err != nil {
		return nil, err
	}
	a, err := s.portalAttachment(ctx, p.OrgID, rec, r, p.UserID)
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
	// The item is gone, so nothing links to the object any more; a failure is logged.
	s.deleteObject(ctx, a.Key, "attachment object not deleted")
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.AttachmentDelete, Module: rec.Module, RecordID: rec.ID, Detail: a.Filename})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// staffRecord loads the record the path names ({module}, {id}) in the staff member's
// organization (modules.Catalog.Record: an unknown module, a malformed id and a missing
// record are 404).
func (s *Service) staffRecord(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (store.Record, error) {
	_, rec, err := s.Modules.Record(ctx, s.Store, p.OrgID, r.PathParameters["module"], r.PathParameters["id"])
	return rec, err
}

// StaffList answers the ready attachments of a record (staff).
func (s *Service) StaffList(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	rec, err := s.staffRecord(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, p.OrgID, rec.ID, "", r)
}

// StaffGet answers a download link of a ready attachment (staff).
func (s *Service) StaffGet(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
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
	portalHandler = func(*Service, context.Context, portalguard.Principal, *httpapi.Request) (*httpapi.Reply, error)
	staffHandler  = func(*Service, context.Context, staffguard.Principal, *httpapi.Request) (*httpapi.Reply, error)
)

// portal serves h to portal users.
func portal(d platform.Deps, h portalHandler) httpapi.LambdaFunc {
	w := wire(d)
	return d.Adapt(w.portal.Guard(func(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(w.Service, ctx, p, r)
	}))
}

// staffSide serves h to staff.
func staffSide(d platform.Deps, h staffHandler) httpapi.LambdaFunc {
	w := wire(d)
	return d.Adapt(w.staff.Guard(func(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
		return h(w.Service, ctx, p, r)
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
