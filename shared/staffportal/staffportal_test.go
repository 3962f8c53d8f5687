package staffportal

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"crmportal/shared/branding"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

var (
	errNotFaked = errors.New("fake: call not expected by this case")
	now         = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	admin       = staffguard.Principal{OrgID: "org1", UserID: "u1", Role: store.RoleAdmin, Name: "Ana Admin"}
	member      = staffguard.Principal{OrgID: "org1", UserID: "u2", Role: store.RoleUser, Name: "Uri User"}
)

// fakeStore is the setup routes' store as functions; a call to one left nil fails with
// errNotFaked. It records the writes: portals created and updated, audit entries.
type fakeStore struct {
	getOrg     func(ctx context.Context, id string) (store.Org, error)
	getPortal  func(ctx context.Context, org string) (store.Portal, error)
	takenSlugs func(ctx context.Context, prefix string) (map[string]bool, error)
	create     func(ctx context.Context, p store.Portal) error
	update     func(ctx context.Context, old, p store.Portal) error

	created []store.Portal
	updated []store.Portal
	audits  []store.AuditEntry
}

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audits = append(f.audits, e)
	return nil
}

func (f *fakeStore) GetOrg(ctx context.Context, id string) (store.Org, error) {
	if f.getOrg == nil {
		return store.Org{}, errNotFaked
	}
	return f.getOrg(ctx, id)
}

func (f *fakeStore) GetPortalConsistent(ctx context.Context, org string) (store.Portal, error) {
	if f.getPortal == nil {
		return store.Portal{}, errNotFaked
	}
	return f.getPortal(ctx, org)
}

func (f *fakeStore) TakenSlugs(ctx context.Context, prefix string) (map[string]bool, error) {
	if f.takenSlugs == nil {
		return nil, errNotFaked
	}
	return f.takenSlugs(ctx, prefix)
}

func (f *fakeStore) CreatePortal(ctx context.Context, p store.Portal) error {
	if f.create == nil {
		return errNotFaked
	}
	if err := f.create(ctx, p); err != nil {
		return err
	}
	f.created = append(f.created, p)
	return nil
}

func (f *fakeStore) UpdatePortal(ctx context.Context, old, p store.Portal) error {
	if f.update == nil {
		return errNotFaked
	}
	if err := f.update(ctx, old, p); err != nil {
		return err
	}
	f.updated = append(f.updated, p)
	return nil
}

// fakeObjects is the logo bucket: objects by key. It records copies and deletions.
type fakeObjects struct {
	objects map[string][]byte
	copied  []string // destination keys
	deleted []string
}

func (f *fakeObjects) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	b, ok := f.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadObjectOutput{ContentLength: aws.Int64(int64(len(b)))}, nil
}

func (f *fakeObjects) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	b, ok := f.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(b))}, nil
}

func (f *fakeObjects) CopyObject(_ context.Context, in *s3.CopyObjectInput, _ ...func(*s3.Options)) (*s3.CopyObjectOutput, error) {
	src := strings.TrimPrefix(aws.ToString(in.CopySource), "att/")
	b, ok := f.objects[src]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	f.objects[aws.ToString(in.Key)] = b
	f.copied = append(f.copied, aws.ToString(in.Key))
	return &s3.CopyObjectOutput{}, nil
}

func (f *fakeObjects) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	delete(f.objects, aws.ToString(in.Key))
	f.deleted = append(f.deleted, aws.ToString(in.Key))
	return &s3.DeleteObjectOutput{}, nil
}

// fakePresign signs nothing: it answers a form for the key asked and keeps the input and
// the options it was given.
type fakePresign struct {
	in   *s3.PutObjectInput
	opts s3.PresignPostOptions
}

func (f *fakePresign) PresignPostObject(_ context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error) {
	f.in = in
	for _, o := range opts {
		o(&f.opts)
	}
	return &s3.PresignedPostRequest{URL: "https://s3.example/att", Values: map[string]string{"key": aws.ToString(in.Key), "policy": "p"}}, nil
}

func (f *fakePresign) PresignGetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return &v4.PresignedHTTPRequest{URL: "https://s3.example/att/" + aws.ToString(in.Key) + "?signed"}, nil
}

func service(f *fakeStore, o *fakeObjects, p *fakePresign) *Service {
	if o == nil {
		o = &fakeObjects{objects: map[string][]byte{}}
	}
	if p == nil {
		p = &fakePresign{}
	}
	return &Service{guard: staffguard.New(nil, config.Config{}), store: f, s3: o, presign: p,
		logos: branding.Logos{Presign: p, Bucket: "att"}, bucket: "att", portalBaseURL: "https://portal.example"}
}

// request is a JSON request with a body and headers (name, value, ...).
func request(body string, headers ...string) *httpapi.Request {
	r := &httpapi.Request{Body: body, Headers: map[string]string{"content-type": "application/json"}}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Headers[strings.ToLower(headers[i])] = headers[i+1]
	}
	return r
}

// status is the HTTP status an answer or error of a handler becomes.
func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

func problem(err error) *httpapi.Error {
	var e *httpapi.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

var (
	acme     = store.Org{ID: "org1", Name: "  Acme   Ltda "}
	existing = store.Portal{OrgID: "org1", Name: "Acme Ltda", Slug: "acme-ltda", Version: 3,
		Branding: store.Branding{LogoKey: "branding/org1/logo-a-b"}}
)

func TestGet(t *testing.T) {
	tests := []struct {
		name        string
		getPortal   func(context.Context, string) (store.Portal, error)
		want        int
		wantURL     string
		wantLogo    string
		wantDefault string // the problem's defaultName
	}{
		{name: "not configured: 404 with the company's name as default",
			getPortal: func(context.Context, string) (store.Portal, error) { return store.Portal{}, store.ErrNotFound },
			want:      http.StatusNotFound, wantDefault: "Acme Ltda"},
		{name: "configured: the address and a link to the logo",
			getPortal: func(context.Context, string) (store.Portal, error) { return existing, nil },
			want:      http.StatusOK, wantURL: "https://portal.example/p/acme-ltda", wantLogo: "https://s3.example/att/branding/org1/logo-a-b?signed"},
		{name: "storage failure is not a 404",
			getPortal: func(context.Context, string) (store.Portal, error) { return store.Portal{}, errors.New("down") },
			want:      http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeStore{getPortal: tt.getPortal, getOrg: func(context.Context, string) (store.Org, error) { return acme, nil }}
			reply, err := service(f, nil, nil).Get(context.Background(), member, request(""))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.wantDefault != "" {
				if e := problem(err); e == nil || e.Extra["defaultName"] != tt.wantDefault {
					t.Errorf("problem = %+v, want defaultName %q", e, tt.wantDefault)
				}
			}
			if tt.want != http.StatusOK {
				return
			}
			j := reply.Body.(JSON)
			if j.URL != tt.wantURL || j.LogoURL != tt.wantLogo {
				t.Errorf("url, logoUrl = %q, %q; want %q, %q", j.URL, j.LogoURL, tt.wantURL, tt.wantLogo)
			}
			if got := reply.Headers["ETag"]; got != `"3"` {
				t.Errorf("ETag = %q, want \"3\"", got)
			}
		})
	}
}

func TestCreate(t *testing.T) {
	tests := []struct {
		name     string
		who      staffguard.Principal
		body     string
		create   func(context.Context, store.Portal) error
		taken    map[string]bool
		want     int
		wantSlug string // the slug written
		field    string // the field a 422 names
		suggest  string // the 409's suggestion
	}{
		{name: "a member may not", who: member, body: `{}`, want: http.StatusForbidden},
		{name: "the company's name gives the slug", who: admin, body: `{}`,
			create: func(context.Context, store.Portal) error { return nil }, want: http.StatusCreated, wantSlug: "acme-ltda"},
		{name: "a slug asked for", who: admin, body: `{"name":"Clientes","slug":"clientes-acme"}`,
			create: func(context.Context, store.Portal) error { return nil }, want: http.StatusCreated, wantSlug: "clientes-acme"},
		{name: "a bad colour names its field", who: admin, body: `{"branding":{"primaryColor":"red"}}`,
			want: http.StatusUnprocessableEntity, field: "branding.primaryColor"},
		{name: "a welcome text in no language", who: admin, body: `{"branding":{"welcome":{"???":"oi"}}}`,
			want: http.StatusUnprocessableEntity, field: "branding.welcome.???"},
		{name: "a bad slug names its field", who: admin, body: `{"slug":"A B"}`,
			want: http.StatusUnprocessableEntity, field: "slug"},
		{name: "a taken slug: 409 with a free one", who: admin, body: `{}`,
			create: func(context.Context, store.Portal) error { return store.ErrSlugTaken },
			taken:  map[string]bool{"acme-ltda": true, "acme-ltda-portal": true}, want: http.StatusConflict},
		{name: "configured already: 409", who: admin, body: `{}`,
			create: func(context.Context, store.Portal) error { return store.ErrExists }, want: http.StatusConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeStore{create: tt.create, getOrg: func(context.Context, string) (store.Org, error) { return acme, nil },
				takenSlugs: func(context.Context, string) (map[string]bool, error) { return tt.taken, nil }}
			reply, err := service(f, nil, nil).Create(context.Background(), tt.who, request(tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.field != "" {
				if e := problem(err); e == nil || len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
					t.Errorf("problem = %+v, want one error on %s", e, tt.field)
				}
			}
			if tt.taken != nil {
				s := problem(err).Extra["suggestion"]
				if s == "" || tt.taken[s] {
					t.Errorf("suggestion = %q, want a slug not taken", s)
				}
			}
			if tt.want != http.StatusCreated {
				if len(f.created) != 0 || len(f.audits) != 0 {
					t.Errorf("written %v and audited %v on a refused request", f.created, f.audits)
				}
				return
			}
			if len(f.created) != 1 || f.created[0].Slug != tt.wantSlug || f.created[0].OrgID != "org1" || !f.created[0].CreatedAt.Equal(now) {
				t.Fatalf("created = %+v, want one portal of org1 at /p/%s", f.created, tt.wantSlug)
			}
			if len(f.audits) != 1 || f.audits[0].Detail != "created /p/"+tt.wantSlug || f.audits[0].Actor.ID != admin.UserID {
				t.Errorf("audits = %+v, want one naming the new address and the admin", f.audits)
			}
			if j := reply.Body.(JSON); j.Version != 1 || j.URL != "https://portal.example/p/"+tt.wantSlug {
				t.Errorf("answer = %+v, want version 1 at the new address", j)
			}
		})
	}
}

func TestUpdate(t *testing.T) {
	tests := []struct {
		name        string
		who         staffguard.Principal
		body        string
		ifMatch     string
		update      func(context.Context, store.Portal, store.Portal) error
		want        int
		wantSlug    string
		wantOld     []string // the old slugs kept
		wantDisable bool
		wantDetail  string
	}{
		{name: "a member may not", who: member, body: `{"name":"X"}`, ifMatch: `"3"`, want: http.StatusForbidden},
		{name: "no If-Match: 428", who: admin, body: `{"name":"X"}`, want: http.StatusPreconditionRequired},
		{name: "an older version: 412", who: admin, body: `{"name":"X"}`, ifMatch: `"2"`, want: http.StatusPreconditionFailed},
		{name: "a rename keeps the address", who: admin, body: `{"name":"Novo nome"}`, ifMatch: `"3"`,
			update: func(context.Context, store.Portal, store.Portal) error { return nil },
			want:   http.StatusOK, wantSlug: "acme-ltda", wantDetail: "changed"},
		{name: "a new slug keeps the old one leading here", who: admin, body: `{"slug":"acme-novo"}`, ifMatch: `"3"`,
			update: func(context.Context, store.Portal, store.Portal) error { return nil },
			want:   http.StatusOK, wantSlug: "acme-novo", wantOld: []string{"acme-ltda"}, wantDetail: "changed"},
		{name: "deactivation is audited as such", who: admin, body: `{"disabled":true}`, ifMatch: `"3"`,
			update: func(context.Context, store.Portal, store.Portal) error { return nil },
			want:   http.StatusOK, wantSlug: "acme-ltda", wantDisable: true, wantDetail: "deactivated"},
		{name: "changed meanwhile: 412", who: admin, body: `{"name":"X"}`, ifMatch: `"3"`,
			update: func(context.Context, store.Portal, store.Portal) error { return store.ErrVersion }, want: http.StatusPreconditionFailed},
		{name: "a logo of another organization names its field", who: admin, body: `{"branding":{"logoKey":"branding/org2/logo-x"}}`, ifMatch: `"3"`,
			want: http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeStore{update: tt.update, getPortal: func(context.Context, string) (store.Portal, error) { return existing, nil },
				takenSlugs: func(context.Context, string) (map[string]bool, error) { return nil, nil }}
			var headers []string
			if tt.ifMatch != "" {
				headers = []string{"If-Match", tt.ifMatch}
			}
			reply, err := service(f, nil, nil).Update(context.Background(), tt.who, request(tt.body, headers...))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.want != http.StatusOK {
				if len(f.updated) != 0 || len(f.audits) != 0 {
					t.Errorf("written %v and audited %v on a refused request", f.updated, f.audits)
				}
				return
			}
			if len(f.updated) != 1 {
				t.Fatalf("updated = %+v, want one write", f.updated)
			}
			next := f.updated[0]
			if next.Slug != tt.wantSlug || strings.Join(next.OldSlugs, ",") != strings.Join(tt.wantOld, ",") ||
				next.Version != 4 || next.Disabled != tt.wantDisable {
				t.Errorf("written = %+v, want slug %s, old slugs %v, version 4, disabled %v", next, tt.wantSlug, tt.wantOld, tt.wantDisable)
			}
			if len(f.audits) != 1 || f.audits[0].Detail != tt.wantDetail {
				t.Errorf("audits = %+v, want one %q", f.audits, tt.wantDetail)
			}
			if got := reply.Headers["ETag"]; got != `"4"` {
				t.Errorf("ETag = %q, want \"4\"", got)
			}
		})
	}
}

func TestLogoUpload(t *testing.T) {
	tests := []struct {
		name, body string
		who        staffguard.Principal
		want       int
	}{
		{"a member may not", `{"contentType":"image/png"}`, member, http.StatusForbidden},
		{"svg is not a logo type", `{"contentType":"image/svg+xml"}`, admin, http.StatusUnprocessableEntity},
		{"png", `{"contentType":"image/png"}`, admin, http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &fakePresign{}
			reply, err := service(&fakeStore{}, nil, p).LogoUpload(context.Background(), tt.who, request(tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.want != http.StatusCreated {
				if p.in != nil {
					t.Errorf("signed a form for %s on a refused request", aws.ToString(p.in.Key))
				}
				return
			}
			up := reply.Body.(LogoUpload)
			if !strings.HasPrefix(up.Key, "branding/org1/logo-") || aws.ToString(p.in.Key) != uploadPrefix+up.Key {
				t.Errorf("key = %q, form key = %q; want branding/org1/logo-… under %s", up.Key, aws.ToString(p.in.Key), uploadPrefix)
			}
			if up.Fields["Content-Type"] != "image/png" || up.MaxBytes != MaxLogoBytes || !up.ExpiresAt.Equal(now.Add(LogoUploadLimit)) {
				t.Errorf("upload = %+v, want image/png up to %d bytes for %v", up, MaxLogoBytes, LogoUploadLimit)
			}
			if p.opts.Expires != LogoUploadLimit || len(p.opts.Conditions) != 2 {
				t.Errorf("form options = %+v, want %v and two conditions", p.opts, LogoUploadLimit)
			}
		})
	}
}

func TestAdoptLogo(t *testing.T) {
	png := []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0}
	key := "branding/org1/logo-abc"
	tests := []struct {
		name        string
		key         string
		objects     map[string][]byte
		wantErr     bool
		wantServed  bool // a copy of its own is served
		wantDeleted int
	}{
		{name: "another organization's key", key: "branding/org2/logo-abc", wantErr: true},
		{name: "a key that climbs", key: "branding/org1/../org2/logo", wantErr: true},
		{name: "never uploaded", key: key, objects: map[string][]byte{}, wantErr: true},
		{name: "an upload is copied to a key of its own", key: key, objects: map[string][]byte{uploadPrefix + key: png}, wantServed: true},
		{name: "an upload that is no image is deleted with its copy", key: key,
			objects: map[string][]byte{uploadPrefix + key: []byte("<svg onload=alert(1)>")}, wantErr: true, wantDeleted: 2},
		{name: "a logo adopted before is checked where it is", key: key, objects: map[string][]byte{key: png}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &fakeObjects{objects: tt.objects}
			if o.objects == nil {
				o.objects = map[string][]byte{}
			}
			got, err := service(&fakeStore{}, o, nil).adoptLogo(context.Background(), "org1", tt.key)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if e := problem(err); e == nil || e.Kind != httpapi.Unprocessable || e.Fields[0].Field != "branding.logoKey" {
					t.Errorf("error = %v, want 422 on branding.logoKey", err)
				}
			}
			if len(o.deleted) != tt.wantDeleted {
				t.Errorf("deleted = %v, want %d objects", o.deleted, tt.wantDeleted)
			}
			if tt.wantErr {
				return
			}
			if tt.wantServed {
				if !strings.HasPrefix(got, key+"-") || len(o.copied) != 1 || o.copied[0] != got {
					t.Errorf("served %q (copies %v), want a copy of its own under %s-", got, o.copied, key)
				}
			} else if got != key || len(o.copied) != 0 {
				t.Errorf("served %q (copies %v), want %q as it is", got, o.copied, key)
			}
		})
	}
}
