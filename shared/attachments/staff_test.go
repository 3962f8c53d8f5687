package attachments

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

const staffID = "staff0001"

var ana = staffguard.Principal{OrgID: org, UserID: staffID, Name: "Ana Staff"}

// fakeCatalog finds the case of the path in the organization org only.
type fakeCatalog struct{}

func (fakeCatalog) Record(_ context.Context, _ modules.RecordReader, o, module, id string) (crm.Module, store.Record, error) {
	if o != org || module != crm.Cases || id != caseID {
		return crm.Module{}, store.Record{}, httpapi.Errorf(httpapi.NotFound, "no record")
	}
	return crm.Module{}, store.Record{OrgID: org, ID: caseID, Module: crm.Cases}, nil
}

type fakeStaff struct{}

func (fakeStaff) Actor(_ context.Context, p staffguard.Principal) store.Actor {
	return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: p.Name}
}

func staffService(fs *fakeStore, b *fakeBucket) *Service {
	s := newService(fs, b, &fakePresigner{}, &fakeScope{})
	s.Modules, s.Staff = fakeCatalog{}, fakeStaff{}
	return s
}

func TestStaffCreate(t *testing.T) {
	tests := []struct {
		name       string
		org, id    string
		body       string
		want       int
		wantShared bool
	}{
		{name: "internal unless shared", org: org, id: caseID, body: `{"filename":"notes.pdf","contentType":"application/pdf","size":500}`,
			want: http.StatusCreated},
		{name: "shared with the customer", org: org, id: caseID, body: `{"filename":"invoice.pdf","contentType":"application/pdf","size":500,"shared":true}`,
			want: http.StatusCreated, wantShared: true},
		{name: "explicitly internal", org: org, id: caseID, body: `{"filename":"notes.pdf","contentType":"application/pdf","size":500,"shared":false}`,
			want: http.StatusCreated},
		{name: "the portal's limits", org: org, id: caseID, body: `{"filename":"big.pdf","contentType":"application/pdf","size":1001,"shared":true}`,
			want: http.StatusUnprocessableEntity},
		{name: "sharing must be a boolean", org: org, id: caseID, body: `{"filename":"a.pdf","contentType":"application/pdf","size":5,"shared":"yes"}`,
			want: http.StatusBadRequest},
		{name: "an unknown record", org: org, id: "case99999", body: `{"filename":"a.pdf","contentType":"application/pdf","size":5}`,
			want: http.StatusNotFound},
		{name: "another organization's record", org: "org00002", id: caseID, body: `{"filename":"a.pdf","contentType":"application/pdf","size":5}`,
			want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{}
			p := ana
			p.OrgID = tt.org
			reply, err := staffService(fs, &fakeBucket{}).StaffCreate(context.Background(), p,
				request("POST", tt.body, map[string]string{"module": crm.Cases, "id": tt.id}))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.want != http.StatusCreated {
				if len(fs.made) != 0 {
					t.Errorf("a refused upload wrote %+v", fs.made)
				}
				return
			}
			a := fs.made[0]
			if a.Shared != tt.wantShared || a.UploadedBy != (store.Actor{Kind: store.ActorStaff, ID: staffID, Name: "Ana Staff"}) {
				t.Errorf("attachment = %+v, want shared %v by the staff member", a, tt.wantShared)
			}
		})
	}
}

func TestStaffComplete(t *testing.T) {
	pdf := []byte("%PDF-1.7 ...")
	pending := store.Attachment{OrgID: org, ID: attID, RecordID: caseID, Module: crm.Cases, Filename: "invoice.pdf",
		ContentType: "application/pdf", Size: int64(len(pdf)), Key: upload, Status: store.AttachmentPending,
		UploadedBy: store.Actor{Kind: store.ActorStaff, ID: staffID, Name: "Ana Staff"}}
	with := func(f func(*store.Attachment)) store.Attachment { a := pending; f(&a); return a }
	tests := []struct {
		name       string
		att        store.Attachment
		uploaded   []byte
		want       int
		wantEvents []string
	}{
		{name: "a shared file adds file.shared", att: with(func(a *store.Attachment) { a.Shared = true }), uploaded: pdf,
			want: http.StatusOK, wantEvents: []string{store.EventFileShared}},
		{name: "an internal file adds no event", att: pending, uploaded: pdf, want: http.StatusOK},
		{name: "a shared file that is not what it says adds nothing", att: with(func(a *store.Attachment) { a.Shared = true }),
			uploaded: []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00"), want: http.StatusUnprocessableEntity},
		{name: "a colleague's upload is 404", att: with(func(a *store.Attachment) { a.UploadedBy.ID = "staff0002" }), uploaded: pdf,
			want: http.StatusNotFound},
		{name: "a portal user's upload of the same id is 404", att: with(func(a *store.Attachment) { a.UploadedBy.Kind = store.ActorPortal }),
			uploaded: pdf, want: http.StatusNotFound},
		{name: "completed already: no second event", att: with(func(a *store.Attachment) { a.Shared, a.Status = true, store.AttachmentReady }),
			want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{attachment: func(string, string, string) (store.Attachment, error) { return tt.att, nil }}
			b := &fakeBucket{objects: map[string][]byte{}}
			if tt.uploaded != nil {
				b.objects[upload] = tt.uploaded
			}
			reply, err := staffService(fs, b).StaffComplete(context.Background(), ana,
				request("POST", "", map[string]string{"module": crm.Cases, "id": caseID, "aid": attID}))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			var kinds []string
			for _, e := range fs.events {
				kinds = append(kinds, e.Kind)
				if e.OrgID != org || e.Module != crm.Cases || e.RecordID != caseID || e.AttachmentID != attID || e.Actor.ID != staffID {
					t.Errorf("event = %+v", e)
				}
			}
			if !slices.Equal(kinds, tt.wantEvents) {
				t.Errorf("events = %v, want %v", kinds, tt.wantEvents)
			}
		})
	}
}

func TestPortalNeverSeesAnInternalFile(t *testing.T) {
	internal := store.Attachment{OrgID: org, ID: attID, RecordID: caseID, Module: crm.Cases, Filename: "margin.pdf", Key: "attachments/x",
		Status: store.AttachmentReady, UploadedBy: store.Actor{Kind: store.ActorStaff, ID: staffID}}
	shared := internal
	shared.Shared = true
	params := map[string]string{"module": crm.Cases, "id": caseID, "aid": attID}
	tests := []struct {
		name string
		att  store.Attachment
		want int
	}{
		{"an internal file is 404", internal, http.StatusNotFound},
		{"a shared file is served", shared, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{attachment: func(string, string, string) (store.Attachment, error) { return tt.att, nil }}
			reply, err := newService(fs, &fakeBucket{}, &fakePresigner{}, &fakeScope{}).Get(context.Background(), me, request("GET", "", params))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("download: status = %d (%v), want %d", got, err, tt.want)
			}
		})
	}
	t.Run("the list asks for shared files only", func(t *testing.T) {
		fs := &fakeStore{}
		s := newService(fs, &fakeBucket{}, &fakePresigner{}, &fakeScope{})
		if _, err := s.List(context.Background(), me, request("GET", "", params)); err != nil || fs.listed != "shared" {
			t.Errorf("portal list: %v, listed %q, want shared", err, fs.listed)
		}
		fs.listed = ""
		if _, err := staffService(fs, &fakeBucket{}).StaffList(context.Background(), ana, request("GET", "", params)); err != nil || fs.listed != "all" {
			t.Errorf("staff list: %v, listed %q, want all", err, fs.listed)
		}
	})
}

func TestStaffUploadDispatchesByRoute(t *testing.T) {
	tests := []struct {
		name, route string
		want        int
	}{
		{"the declaration", StaffCreateRoute, http.StatusCreated},
		{"the completion", StaffCompleteRoute, http.StatusOK},
		{"another route", "GET /api/admin/records/{module}/{id}/attachments", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ready := store.Attachment{OrgID: org, ID: attID, RecordID: caseID, Status: store.AttachmentReady,
				UploadedBy: store.Actor{Kind: store.ActorStaff, ID: staffID}}
			fs := &fakeStore{attachment: func(string, string, string) (store.Attachment, error) { return ready, nil }}
			r := request("POST", `{"filename":"a.pdf","contentType":"application/pdf","size":5}`,
				map[string]string{"module": crm.Cases, "id": caseID, "aid": attID})
			r.RouteKey = tt.route
			reply, err := staffService(fs, &fakeBucket{}).StaffUpload(context.Background(), ana, r)
			if got := status(reply, err); got != tt.want {
				t.Errorf("status = %d (%v), want %d", got, err, tt.want)
			}
		})
	}
}
