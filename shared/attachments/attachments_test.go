package attachments

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

const (
	org     = "org00001"
	user    = "user0001"
	caseID  = "case00001"
	attID   = "att000001"
	upload  = UploadPrefix + "attachments/" + org + "/Cases/" + caseID + "/" + attID
	maxSize = 1000
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeStore is the attachment routes' storage as functions; a call without one fails.
// Writes are recorded by method, in order.
type fakeStore struct {
	attachment  func(org, record, id string) (store.Attachment, error)
	quota       store.Quota
	completeErr error

	writes []string
	audit  []store.AuditEntry
	made   []store.Attachment
	events []store.Event // the events CompleteAttachment was given
	listed string        // which list was asked for: "all" or "shared"
}

var _ attachmentStore = (*fakeStore)(nil)

func (f *fakeStore) Now() time.Time { return now }
func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audit = append(f.audit, e)
	return nil
}
func (f *fakeStore) GetRecordConsistent(context.Context, crm.Module, string, string) (store.Record, error) {
	return store.Record{}, errors.New("fakeStore: unexpected GetRecordConsistent")
}
func (f *fakeStore) ListAttachments(context.Context, string, string, int, string) ([]store.Attachment, string, error) {
	f.listed = "all"
	return nil, "", nil
}
func (f *fakeStore) ListSharedAttachments(context.Context, string, string, int, string) ([]store.Attachment, string, error) {
	f.listed = "shared"
	return nil, "", nil
}
func (f *fakeStore) GetQuota(context.Context, string, string) (store.Quota, error) {
	return f.quota, nil
}
func (f *fakeStore) CreateAttachment(_ context.Context, a store.Attachment) error {
	f.writes = append(f.writes, "CreateAttachment")
	f.made = append(f.made, a)
	return nil
}
func (f *fakeStore) GetAttachment(_ context.Context, o, record, id string) (store.Attachment, error) {
	if f.attachment == nil {
		return store.Attachment{}, errors.New("fakeStore: unexpected GetAttachment")
	}
	return f.attachment(o, record, id)
}
func (f *fakeStore) CompleteAttachment(_ context.Context, a store.Attachment, size int64, served, countOn string, _, _ int64, evs ...store.Event) (store.Attachment, error) {
	f.writes = append(f.writes, "CompleteAttachment")
	f.events = append(f.events, evs...)
	if f.completeErr != nil {
		return store.Attachment{}, f.completeErr
	}
	a.Status, a.Size, a.Key = store.AttachmentReady, size, served
	return a, nil
}
func (f *fakeStore) DeleteAttachment(context.Context, store.Attachment, string) error {
	f.writes = append(f.writes, "DeleteAttachment")
	return nil
}

// fakeBucket is the attachments bucket: objects by key; calls are recorded as "Method key".
type fakeBucket struct {
	objects map[string][]byte
	calls   []string
}

var _ Objects = (*fakeBucket)(nil)

func (b *fakeBucket) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	b.calls = append(b.calls, "HeadObject "+aws.ToString(in.Key))
	o, ok := b.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadObjectOutput{ContentLength: aws.Int64(int64(len(o)))}, nil
}
func (b *fakeBucket) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	b.calls = append(b.calls, "GetObject "+aws.ToString(in.Key))
	o, ok := b.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(string(o)))}, nil
}
func (b *fakeBucket) CopyObject(_ context.Context, in *s3.CopyObjectInput, _ ...func(*s3.Options)) (*s3.CopyObjectOutput, error) {
	src := strings.TrimPrefix(aws.ToString(in.CopySource), "bucket/")
	b.calls = append(b.calls, "CopyObject "+src)
	o, ok := b.objects[src]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	b.objects[aws.ToString(in.Key)] = o
	return &s3.CopyObjectOutput{}, nil
}
func (b *fakeBucket) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	key := aws.ToString(in.Key)
	if key == upload {
		b.calls = append(b.calls, "DeleteObject upload")
	} else {
		b.calls = append(b.calls, "DeleteObject copy")
	}
	delete(b.objects, key)
	return &s3.DeleteObjectOutput{}, nil
}

// fakePresigner signs nothing: it records the upload form's conditions.
type fakePresigner struct{ conditions []any }

func (p *fakePresigner) PresignPostObject(_ context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error) {
	var o s3.PresignPostOptions
	for _, f := range opts {
		f(&o)
	}
	p.conditions = o.Conditions
	return &s3.PresignedPostRequest{URL: "https://bucket.example", Values: map[string]string{"key": aws.ToString(in.Key)}}, nil
}
func (p *fakePresigner) PresignGetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return &v4.PresignedHTTPRequest{URL: "https://bucket.example/" + aws.ToString(in.Key)}, nil
}

// fakeScope reaches the case of the path and records the action asked for.
type fakeScope struct{ actions []string }

func (f *fakeScope) Scoped(_ context.Context, _ portalguard.Principal, r *httpapi.Request, action string) (portalguard.Scope, error) {
	f.actions = append(f.actions, action)
	if r.PathParameters["id"] != caseID {
		return portalguard.Scope{}, portalguard.ErrNoRecord
	}
	return portalguard.Scope{Record: store.Record{OrgID: org, ID: caseID, Module: crm.Cases}}, nil
}

func newService(fs *fakeStore, b *fakeBucket, p *fakePresigner, scope *fakeScope) *Service {
	return &Service{Store: fs, Portal: scope, S3: b, Presign: p, Bucket: "bucket", MaxBytes: maxSize}
}

func request(method, body string, params map[string]string) *httpapi.Request {
	r := &httpapi.Request{PathParameters: params, Body: body, Headers: map[string]string{"content-type": "application/json"}}
	r.RequestContext.HTTP.Method = method
	return r
}

func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

var me = portalguard.Principal{OrgID: org, UserID: user, Name: "Ana"}

func TestCreate(t *testing.T) {
	path := map[string]string{"module": crm.Cases, "id": caseID}
	tests := []struct {
		name      string
		path      map[string]string
		body      string
		quota     store.Quota
		want      int
		wantField string
	}{
		{name: "a PDF within the limit", body: `{"filename":"bill.pdf","contentType":"application/pdf","size":500}`, want: http.StatusCreated},
		{name: "a type off the allowlist", body: `{"filename":"run.exe","contentType":"application/x-msdownload","size":500}`,
			want: http.StatusUnprocessableEntity, wantField: "contentType"},
		{name: "an extension of another type", body: `{"filename":"bill.exe","contentType":"application/pdf","size":500}`,
			want: http.StatusUnprocessableEntity, wantField: "filename"},
		{name: "over the size limit", body: `{"filename":"bill.pdf","contentType":"application/pdf","size":1001}`,
			want: http.StatusUnprocessableEntity, wantField: "size"},
		{name: "past the user's quota", body: `{"filename":"bill.pdf","contentType":"application/pdf","size":500}`,
			quota: store.Quota{Files: 200}, want: http.StatusUnprocessableEntity, wantField: "size"},
		{name: "a record out of scope", path: map[string]string{"module": crm.Cases, "id": "case99999"},
			body: `{"filename":"bill.pdf","contentType":"application/pdf","size":500}`, want: http.StatusNotFound},
		{name: "the portal cannot choose sharing", body: `{"filename":"bill.pdf","contentType":"application/pdf","size":500,"shared":false}`,
			want: http.StatusUnprocessableEntity, wantField: "shared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, p, scope := &fakeStore{quota: tt.quota}, &fakePresigner{}, &fakeScope{}
			params := tt.path
			if params == nil {
				params = path
			}
			reply, err := newService(fs, &fakeBucket{}, p, scope).Create(context.Background(), me, request("POST", tt.body, params))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if !slices.Equal(scope.actions, []string{access.ActionAttachments}) {
				t.Errorf("scope asked for %v", scope.actions)
			}
			if tt.wantField != "" {
				var e *httpapi.Error
				if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != tt.wantField {
					t.Errorf("error %v, want one field error naming %s", err, tt.wantField)
				}
			}
			if tt.want != http.StatusCreated {
				if len(fs.writes) > 0 {
					t.Errorf("a refused upload wrote %v", fs.writes)
				}
				return
			}
			a := fs.made[0]
			if !strings.HasPrefix(a.Key, UploadPrefix+"attachments/"+org+"/Cases/"+caseID+"/") || a.UploadedBy != me.Actor() || !a.Shared {
				t.Errorf("attachment = %+v", a)
			}
			if len(p.conditions) != 2 || !slices.Equal(p.conditions[0].([]any), []any{"content-length-range", 1, int64(maxSize)}) {
				t.Errorf("form conditions = %v, want the size range and the content type", p.conditions)
			}
		})
	}
}

func TestComplete(t *testing.T) {
	pdf := []byte("%PDF-1.7 ...")
	pending := store.Attachment{OrgID: org, ID: attID, RecordID: caseID, Module: crm.Cases, Filename: "bill.pdf",
		ContentType: "application/pdf", Size: int64(len(pdf)), Key: upload, Status: store.AttachmentPending,
		UploadedBy: store.Actor{Kind: store.ActorPortal, ID: user}}
	tests := []struct {
		name        string
		att         store.Attachment
		uploaded    []byte // nil: nothing posted
		completeErr error
		want        int
		wantWrites  []string
		wantCalls   []string
	}{
		{name: "the bytes declared", att: pending, uploaded: pdf, want: http.StatusOK, wantWrites: []string{"CompleteAttachment"},
			wantCalls: []string{"HeadObject upload", "CopyObject upload", "HeadObject copy", "GetObject copy", "DeleteObject upload"}},
		{name: "nothing was posted", att: pending, want: http.StatusUnprocessableEntity, wantCalls: []string{"HeadObject upload"}},
		{name: "another size than declared: upload and item deleted", att: pending, uploaded: []byte("%PDF-1.7 and more"),
			want: http.StatusUnprocessableEntity, wantWrites: []string{"DeleteAttachment"},
			wantCalls: []string{"HeadObject upload", "DeleteObject upload"}},
		{name: "an executable renamed .pdf: copy, upload and item deleted", att: pending, uploaded: []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00"),
			want: http.StatusUnprocessableEntity, wantWrites: []string{"DeleteAttachment"},
			wantCalls: []string{"HeadObject upload", "CopyObject upload", "HeadObject copy", "GetObject copy", "DeleteObject copy", "DeleteObject upload"}},
		{name: "past the quota at completion", att: pending, uploaded: pdf, completeErr: store.ErrQuota,
			want: http.StatusUnprocessableEntity, wantWrites: []string{"CompleteAttachment", "DeleteAttachment"},
			wantCalls: []string{"HeadObject upload", "CopyObject upload", "HeadObject copy", "GetObject copy", "DeleteObject copy", "DeleteObject upload"}},
		{name: "someone else's pending upload is 404", att: func() store.Attachment { a := pending; a.UploadedBy.ID = "user0002"; return a }(),
			uploaded: pdf, want: http.StatusNotFound},
		{name: "completed already", att: func() store.Attachment { a := pending; a.Status = store.AttachmentReady; return a }(),
			want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{completeErr: tt.completeErr, attachment: func(o, record, id string) (store.Attachment, error) {
				if o != org || record != caseID || id != attID {
					t.Errorf("GetAttachment(%s, %s, %s)", o, record, id)
				}
				return tt.att, nil
			}}
			b := &fakeBucket{objects: map[string][]byte{}}
			if tt.uploaded != nil {
				b.objects[upload] = tt.uploaded
			}
			reply, err := newService(fs, b, &fakePresigner{}, &fakeScope{}).Complete(context.Background(), me,
				request("POST", "", map[string]string{"module": crm.Cases, "id": caseID, "aid": attID}))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if !slices.Equal(fs.writes, tt.wantWrites) {
				t.Errorf("writes = %v, want %v", fs.writes, tt.wantWrites)
			}
			var calls []string
			for _, c := range b.calls {
				method, key, _ := strings.Cut(c, " ")
				switch key {
				case upload:
					key = "upload"
				case "upload", "copy":
				default:
					key = "copy"
				}
				calls = append(calls, method+" "+key)
			}
			if !slices.Equal(calls, tt.wantCalls) {
				t.Errorf("bucket calls = %v, want %v", calls, tt.wantCalls)
			}
			if tt.want == http.StatusOK && len(tt.wantWrites) > 0 {
				if len(b.objects) != 1 {
					t.Errorf("objects left: %d, want the checked copy only", len(b.objects))
				}
				if len(fs.audit) != 1 || fs.audit[0].Action != audit.AttachmentUpload {
					t.Errorf("audit = %+v", fs.audit)
				}
			}
			if tt.want != http.StatusOK && len(b.objects) != 0 && tt.uploaded != nil && tt.want != http.StatusNotFound {
				t.Errorf("a refused file left %d objects", len(b.objects))
			}
		})
	}
}

func TestDeleteOnlyOnesOwnUpload(t *testing.T) {
	ready := store.Attachment{OrgID: org, ID: attID, RecordID: caseID, Key: "attachments/x", Status: store.AttachmentReady}
	tests := []struct {
		name       string
		by         store.Actor
		want       int
		wantWrites []string
	}{
		{"one's own", store.Actor{Kind: store.ActorPortal, ID: user}, http.StatusNoContent, []string{"DeleteAttachment"}},
		{"a colleague's", store.Actor{Kind: store.ActorPortal, ID: "user0002"}, http.StatusForbidden, nil},
		{"a staff member's shared file of the same id", store.Actor{Kind: store.ActorStaff, ID: user}, http.StatusForbidden, nil},
		{"a staff member's internal file is 404", store.Actor{Kind: store.ActorStaff, ID: user}, http.StatusNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ready
			a.UploadedBy = tt.by
			a.Shared = tt.by.Kind == store.ActorStaff && !strings.Contains(tt.name, "internal")
			fs := &fakeStore{attachment: func(string, string, string) (store.Attachment, error) { return a, nil }}
			b := &fakeBucket{objects: map[string][]byte{a.Key: []byte("x")}}
			reply, err := newService(fs, b, &fakePresigner{}, &fakeScope{}).Delete(context.Background(), me,
				request("DELETE", "", map[string]string{"module": crm.Cases, "id": caseID, "aid": attID}))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if !slices.Equal(fs.writes, tt.wantWrites) {
				t.Errorf("writes = %v, want %v", fs.writes, tt.wantWrites)
			}
			if _, kept := b.objects[a.Key]; kept != (tt.want != http.StatusNoContent) {
				t.Errorf("object kept: %v", kept)
			}
		})
	}
}
