package notes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

const (
	org    = "org00001"
	user   = "user0001"
	caseID = "case00001"
	noteID = "note00001"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeStore is the note routes' storage as functions; a call without one fails. Writes are
// recorded by method, in order.
type fakeStore struct {
	record   func(m crm.Module, org, id string) (store.Record, error)
	note     func(org, record, id string) (store.Note, error)
	list     func(org, record string, internal bool, limit int, after string) (store.Page[store.Note], error)
	writeErr error

	writes  []string
	written []store.Note
	audit   []store.AuditEntry
}

var _ noteStore = (*fakeStore)(nil)

func (f *fakeStore) Now() time.Time { return now }
func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audit = append(f.audit, e)
	return nil
}
func (f *fakeStore) GetRecordConsistent(_ context.Context, m crm.Module, o, id string) (store.Record, error) {
	if f.record == nil {
		return store.Record{}, errors.New("fakeStore: unexpected GetRecordConsistent")
	}
	return f.record(m, o, id)
}
func (f *fakeStore) ListNotesPage(_ context.Context, o, record string, internal bool, limit int, after string) (store.Page[store.Note], error) {
	if f.list == nil {
		return store.Page[store.Note]{}, errors.New("fakeStore: unexpected ListNotesPage")
	}
	return f.list(o, record, internal, limit, after)
}
func (f *fakeStore) CreateNote(_ context.Context, n store.Note, _ ...store.Event) error {
	return f.write("CreateNote", n)
}
func (f *fakeStore) GetNote(_ context.Context, o, record, id string) (store.Note, error) {
	if f.note == nil {
		return store.Note{}, errors.New("fakeStore: unexpected GetNote")
	}
	return f.note(o, record, id)
}
func (f *fakeStore) UpdateNote(_ context.Context, _, n store.Note) error {
	return f.write("UpdateNote", n)
}
func (f *fakeStore) DeleteNote(_ context.Context, n store.Note) error {
	return f.write("DeleteNote", n)
}

func (f *fakeStore) write(method string, n store.Note) error {
	f.writes = append(f.writes, method)
	f.written = append(f.written, n)
	return f.writeErr
}

// fakeScope answers Scoped with scoped, and records the action asked for.
type fakeScope struct {
	scoped  func(r *httpapi.Request, action string) (portalguard.Scope, error)
	actions []string
}

func (f *fakeScope) Scoped(_ context.Context, _ portalguard.Principal, r *httpapi.Request, action string) (portalguard.Scope, error) {
	f.actions = append(f.actions, action)
	return f.scoped(r, action)
}

// inScope is a scope that reaches the case of the path.
func inScope(r *httpapi.Request, _ string) (portalguard.Scope, error) {
	if r.PathParameters["id"] != caseID {
		return portalguard.Scope{}, portalguard.ErrNoRecord
	}
	return portalguard.Scope{Record: store.Record{OrgID: org, ID: caseID, Module: crm.Cases}}, nil
}

// staffNames names staff members in the audit log.
type staffNames struct{}

func (staffNames) Actor(_ context.Context, p staffguard.Principal) store.Actor {
	return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: "Bea"}
}

// noCustomizations is an organization that sees the standard modules only.
type noCustomizations struct{}

func (noCustomizations) GetCustomization(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}

func (noCustomizations) GetCustomizationConsistent(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}

func (noCustomizations) GetCustomizations(context.Context, string, []string) (map[string]crm.Customization, error) {
	return nil, nil
}

func (noCustomizations) RecordNames(context.Context, string, []store.RefKey) (map[store.RefKey]string, error) {
	return nil, nil
}

func (noCustomizations) Now() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

func newService(fs *fakeStore, scope *fakeScope) *Service {
	return &Service{Store: fs, Portal: scope, Staff: staffNames{}, Modules: modules.New(noCustomizations{})}
}

func request(method, body string, params map[string]string, headers ...string) *httpapi.Request {
	h := map[string]string{"content-type": "application/json"}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	r := &httpapi.Request{PathParameters: params, Body: body, Headers: h, QueryStringParameters: map[string]string{}}
	r.RequestContext.HTTP.Method = method
	return r
}

func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

var portalUser = portalguard.Principal{OrgID: org, UserID: user, Name: "Ana"}

func myNote() store.Note {
	return store.Note{OrgID: org, ID: noteID, RecordID: caseID, Module: crm.Cases, Body: "hello", Version: 2,
		Author: store.Actor{Kind: store.ActorPortal, ID: user, Name: "Ana"}}
}

func TestPortalNotes(t *testing.T) {
	path := map[string]string{"module": crm.Cases, "id": caseID, "noteId": noteID}
	elsewhere := map[string]string{"module": crm.Cases, "id": "case99999", "noteId": noteID}
	tests := []struct {
		name       string
		call       func(*Service, context.Context, portalguard.Principal, *httpapi.Request) (*httpapi.Reply, error)
		req        *httpapi.Request
		note       store.Note
		noteErr    error
		writeErr   error
		want       int
		wantWrites []string
		wantAudit  string
	}{
		{name: "create on a record in scope", call: (*Service).Create, req: request("POST", `{"body":"  the printer is back  "}`, path),
			want: http.StatusCreated, wantWrites: []string{"CreateNote"}, wantAudit: audit.NoteCreate},
		{name: "create on a record out of scope", call: (*Service).Create, req: request("POST", `{"body":"x"}`, elsewhere),
			want: http.StatusNotFound},
		{name: "an empty body", call: (*Service).Create, req: request("POST", `{"body":"   "}`, path), want: http.StatusUnprocessableEntity},
		{name: "a portal user cannot mark a note internal", call: (*Service).Create, req: request("POST", `{"body":"x","internal":false}`, path),
			want: http.StatusUnprocessableEntity},
		{name: "edit one's own note", call: (*Service).Update, req: request("PATCH", `{"body":"edited"}`, path, "if-match", `"2"`),
			note: myNote(), want: http.StatusOK, wantWrites: []string{"UpdateNote"}, wantAudit: audit.NoteUpdate},
		{name: "edit without If-Match", call: (*Service).Update, req: request("PATCH", `{"body":"edited"}`, path),
			note: myNote(), want: http.StatusPreconditionRequired},
		{name: "edit a stale version", call: (*Service).Update, req: request("PATCH", `{"body":"edited"}`, path, "if-match", `"1"`),
			note: myNote(), want: http.StatusPreconditionFailed},
		{name: "edit changed meanwhile", call: (*Service).Update, req: request("PATCH", `{"body":"edited"}`, path, "if-match", `"2"`),
			note: myNote(), writeErr: store.ErrVersion, want: http.StatusPreconditionFailed, wantWrites: []string{"UpdateNote"}},
		{name: "edit a colleague's note", call: (*Service).Update, req: request("PATCH", `{"body":"mine now"}`, path, "if-match", `"2"`),
			note: func() store.Note { n := myNote(); n.Author.ID = "user0002"; return n }(), want: http.StatusForbidden},
		{name: "edit a staff note of the same id", call: (*Service).Update, req: request("PATCH", `{"body":"x"}`, path, "if-match", `"2"`),
			note: func() store.Note { n := myNote(); n.Author.Kind = store.ActorStaff; return n }(), want: http.StatusForbidden},
		{name: "an internal note is 404, not 403", call: (*Service).Delete, req: request("DELETE", "", path),
			note: func() store.Note { n := myNote(); n.Author.ID = "staff001"; n.Internal = true; return n }(), want: http.StatusNotFound},
		{name: "a missing note", call: (*Service).Delete, req: request("DELETE", "", path), noteErr: store.ErrNotFound, want: http.StatusNotFound},
		{name: "delete one's own note", call: (*Service).Delete, req: request("DELETE", "", path), note: myNote(),
			want: http.StatusNoContent, wantWrites: []string{"DeleteNote"}, wantAudit: audit.NoteDelete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{writeErr: tt.writeErr, note: func(o, record, id string) (store.Note, error) {
				if o != org || record != caseID || id != noteID {
					t.Errorf("GetNote(%s, %s, %s)", o, record, id)
				}
				return tt.note, tt.noteErr
			}}
			scope := &fakeScope{scoped: inScope}
			reply, err := tt.call(newService(fs, scope), context.Background(), portalUser, tt.req)
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if !slices.Equal(fs.writes, tt.wantWrites) {
				t.Errorf("writes = %v, want %v", fs.writes, tt.wantWrites)
			}
			if !slices.Equal(scope.actions, []string{access.ActionNotes}) {
				t.Errorf("scope asked for %v, want the notes action", scope.actions)
			}
			var actions []string
			for _, e := range fs.audit {
				actions = append(actions, e.Action)
			}
			if (tt.wantAudit == "" && len(actions) > 0) || (tt.wantAudit != "" && !slices.Equal(actions, []string{tt.wantAudit})) {
				t.Errorf("audit = %v, want %q", actions, tt.wantAudit)
			}
			if tt.want == http.StatusCreated {
				n := fs.written[0]
				if n.Body != "the printer is back" || n.Internal || n.Author != portalUser.Actor() || n.RecordID != caseID || n.Version != 1 {
					t.Errorf("note written = %+v", n)
				}
				if !reply.Body.(NoteJSON).Mine {
					t.Error("the author's new note is not marked mine")
				}
			}
			if tt.want == http.StatusOK && (fs.written[0].Body != "edited" || reply.Body.(NoteJSON).Version != 3) {
				t.Errorf("edit wrote %+v and answered %+v", fs.written[0], reply.Body)
			}
		})
	}
}

func TestListsKeepInternalNotesFromThePortal(t *testing.T) {
	notes := []store.Note{myNote(), {ID: "note00002", Author: store.Actor{Kind: store.ActorStaff, ID: "staff001"}, Body: "internal", Internal: true}}
	tests := []struct {
		name         string
		list         func(s *Service, r *httpapi.Request) (*httpapi.Reply, error)
		wantInternal bool
		wantMine     []bool
	}{
		{name: "portal user", list: func(s *Service, r *httpapi.Request) (*httpapi.Reply, error) {
			return s.List(context.Background(), portalUser, r)
		}, wantMine: []bool{true}},
		{name: "staff", list: func(s *Service, r *httpapi.Request) (*httpapi.Reply, error) {
			return s.StaffList(context.Background(), staffguard.Principal{OrgID: org, UserID: "staff001"}, r)
		}, wantInternal: true, wantMine: []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{
				record: func(m crm.Module, o, id string) (store.Record, error) {
					return store.Record{OrgID: o, ID: id, Module: m.APIName}, nil
				},
				list: func(o, record string, internal bool, limit int, after string) (store.Page[store.Note], error) {
					if internal != tt.wantInternal || record != caseID || limit != 100 || after != "" {
						t.Errorf("ListNotesPage(internal %v, %s, limit %d, %q)", internal, record, limit, after)
					}
					if internal {
						return store.Page[store.Note]{Items: notes}, nil
					}
					return store.Page[store.Note]{Items: notes[:1]}, nil
				}}
			reply, err := tt.list(newService(fs, &fakeScope{scoped: inScope}), request("GET", "", map[string]string{"module": crm.Cases, "id": caseID}))
			if err != nil {
				t.Fatal(err)
			}
			var mine []bool
			for _, n := range reply.Body.(noteList).Items {
				mine = append(mine, n.Mine)
			}
			if !slices.Equal(mine, tt.wantMine) {
				t.Errorf("notes answered (mine) = %v, want %v", mine, tt.wantMine)
			}
		})
	}
}

func TestStaffRecordOfThePath(t *testing.T) {
	tests := []struct {
		name      string
		module    string
		id        string
		stored    error
		want      int
		wantReads int
	}{
		{"a record of the organization", crm.Cases, caseID, nil, http.StatusCreated, 1},
		{"no such module", "Nope", caseID, nil, http.StatusNotFound, 0},
		{"a malformed id", crm.Cases, "../x", nil, http.StatusNotFound, 0},
		{"a missing record", crm.Cases, caseID, store.ErrNotFound, http.StatusNotFound, 1},
		{"a storage failure is no 404", crm.Cases, caseID, fmt.Errorf("throttled"), http.StatusInternalServerError, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := 0
			fs := &fakeStore{record: func(m crm.Module, o, id string) (store.Record, error) {
				reads++
				return store.Record{OrgID: o, ID: id, Module: m.APIName}, tt.stored
			}}
			p := staffguard.Principal{OrgID: org, UserID: "staff001"}
			reply, err := newService(fs, nil).StaffCreate(context.Background(), p,
				request("POST", `{"body":"call them","internal":true}`, map[string]string{"module": tt.module, "id": tt.id}))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if reads != tt.wantReads {
				t.Errorf("record reads = %d, want %d", reads, tt.wantReads)
			}
			if tt.want != http.StatusCreated {
				if len(fs.writes) > 0 {
					t.Errorf("wrote %v", fs.writes)
				}
				return
			}
			if n := fs.written[0]; !n.Internal || n.Author != (store.Actor{Kind: store.ActorStaff, ID: "staff001", Name: "Bea"}) {
				t.Errorf("note written = %+v, want an internal note by Bea", n)
			}
		})
	}
}
