package staffcrm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// fakeStore is the store of the module and record routes (and of their catalog) as
// functions; a call to one left nil fails with errNotFaked, which no case expects.
type fakeStore struct {
	getCustomization func(ctx context.Context, org, module string) (crm.Customization, int, error)
	putCustomization func(ctx context.Context, org, module string, c crm.Customization, version int) (int, error)
	listRecordsPage  func(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (store.Page[store.Record], error)
	createRecord     func(ctx context.Context, m crm.Module, r store.Record) error
	getRecord        func(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	updateRecord     func(ctx context.Context, m crm.Module, old, r store.Record) error
	deleteRecord     func(ctx context.Context, m crm.Module, r store.Record) error
	recordNames      func(ctx context.Context, org string, refs []store.RefKey) (map[store.RefKey]string, error)
	userTypes        []store.UserType
	staff            map[string]store.Staff
	// events are the events the writes were given.
	events []store.Event
}

func (f *fakeStore) ListUserTypes(ctx context.Context, org string) ([]store.UserType, error) {
	return f.userTypes, nil
}

func (f *fakeStore) GetStaff(ctx context.Context, org, id string) (store.Staff, error) {
	m, ok := f.staff[id]
	if !ok {
		return store.Staff{}, store.ErrNotFound
	}
	return m, nil
}

var errNotFaked = errors.New("fakeStore: call not expected by this case")

var now = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) GetCustomization(ctx context.Context, org, module string) (crm.Customization, int, error) {
	return f.GetCustomizationConsistent(ctx, org, module)
}

func (f *fakeStore) GetCustomizationConsistent(ctx context.Context, org, module string) (crm.Customization, int, error) {
	if f.getCustomization == nil {
		return crm.Customization{}, 0, nil // no customization: the standard module
	}
	return f.getCustomization(ctx, org, module)
}

func (f *fakeStore) GetCustomizations(ctx context.Context, org string, names []string) (map[string]crm.Customization, error) {
	return nil, errNotFaked
}

func (f *fakeStore) PutCustomization(ctx context.Context, org, module string, c crm.Customization, version int) (int, error) {
	if f.putCustomization == nil {
		return 0, errNotFaked
	}
	return f.putCustomization(ctx, org, module, c, version)
}

func (f *fakeStore) ListRecordsPage(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (store.Page[store.Record], error) {
	if f.listRecordsPage == nil {
		return store.Page[store.Record]{}, errNotFaked
	}
	return f.listRecordsPage(ctx, m, org, q)
}

func (f *fakeStore) CreateRecord(ctx context.Context, m crm.Module, r store.Record, evs ...store.Event) error {
	if f.createRecord == nil {
		return errNotFaked
	}
	f.events = append(f.events, evs...)
	return f.createRecord(ctx, m, r)
}

func (f *fakeStore) GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error) {
	if f.getRecord == nil {
		return store.Record{}, errNotFaked
	}
	return f.getRecord(ctx, m, org, id)
}

func (f *fakeStore) UpdateRecord(ctx context.Context, m crm.Module, old, r store.Record, evs ...store.Event) error {
	if f.updateRecord == nil {
		return errNotFaked
	}
	f.events = append(f.events, evs...)
	return f.updateRecord(ctx, m, old, r)
}

func (f *fakeStore) DeleteRecord(ctx context.Context, m crm.Module, r store.Record) error {
	if f.deleteRecord == nil {
		return errNotFaked
	}
	return f.deleteRecord(ctx, m, r)
}

func (f *fakeStore) RecordNames(ctx context.Context, org string, refs []store.RefKey) (map[store.RefKey]string, error) {
	if f.recordNames == nil {
		return nil, errNotFaked
	}
	return f.recordNames(ctx, org, refs)
}

func service(f *fakeStore) *Service {
	return &Service{Store: f, Modules: modules.New(f)}
}

var (
	admin  = staffguard.Principal{OrgID: "org1", UserID: "u1", Role: store.RoleAdmin, Name: "Ana Admin"}
	member = staffguard.Principal{OrgID: "org1", UserID: "u2", Role: store.RoleUser, Name: "Uri User"}
)

const recID = "rec12345"

// request is a JSON request with path parameters and headers (name, value, ...).
func request(params map[string]string, body string, headers ...string) *httpapi.Request {
	r := &httpapi.Request{PathParameters: params, Body: body, Headers: map[string]string{}}
	if body != "" {
		r.Headers["content-type"] = "application/json"
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Headers[strings.ToLower(headers[i])] = headers[i+1]
	}
	return r
}

func contact(version int) store.Record {
	return store.Record{OrgID: "org1", Module: crm.Contacts, ID: recID, LayoutID: "default", Version: version, Name: "Silva",
		Fields: map[string]any{"Last_Name": "Silva", "Email": "silva@example.com"}}
}

// status is the status err is answered with (200 for nil: the reply's own).
func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

func detail(err error) string {
	var e *httpapi.Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return ""
}

func fieldsOf(err error) []string {
	var e *httpapi.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestUpdateModule(t *testing.T) {
	custom := `{"fields":[{"apiName":"Loyalty_Tier","labels":{"en":"Loyalty tier"},"type":"text"}]}`
	tests := []struct {
		name       string
		p          staffguard.Principal
		module     string
		body       string
		ifMatch    string
		stored     int // the customization's version now
		wantStatus int
		wantWrite  bool
		wantField  string // a field the 422 names
	}{
		{name: "a member who is not an admin is refused", p: member, module: crm.Contacts, body: custom, ifMatch: `"3"`, stored: 3, wantStatus: http.StatusForbidden},
		{name: "an unknown module is not found", p: admin, module: "Widgets", body: custom, ifMatch: `"3"`, stored: 3, wantStatus: http.StatusNotFound},
		{name: "without If-Match the change is refused", p: admin, module: crm.Contacts, body: custom, stored: 3, wantStatus: http.StatusPreconditionRequired},
		{name: "a stale version is refused", p: admin, module: crm.Contacts, body: custom, ifMatch: `"2"`, stored: 3, wantStatus: http.StatusPreconditionFailed},
		{name: "a custom field named like a standard one is 422 naming it", p: admin, module: crm.Contacts,
			body: `{"fields":[{"apiName":"Email","labels":{"en":"E"},"type":"text"}]}`, ifMatch: `"3"`, stored: 3,
			wantStatus: http.StatusUnprocessableEntity, wantField: "fields[0].apiName"},
		{name: "an admin with the current version writes it", p: admin, module: crm.Contacts, body: custom, ifMatch: `"3"`, stored: 3,
			wantStatus: http.StatusOK, wantWrite: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var wrote []crm.Customization
			var wroteAt []int
			f := &fakeStore{
				getCustomization: func(_ context.Context, org, module string) (crm.Customization, int, error) {
					return crm.Customization{}, tc.stored, nil
				},
				putCustomization: func(_ context.Context, org, module string, c crm.Customization, version int) (int, error) {
					wrote, wroteAt = append(wrote, c), append(wroteAt, version)
					return version + 1, nil
				},
			}
			reply, err := service(f).UpdateModule(t.Context(), tc.p, request(map[string]string{"module": tc.module}, tc.body, "If-Match", tc.ifMatch))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := len(wrote) == 1; got != tc.wantWrite {
				t.Fatalf("written = %v, want %v", wrote, tc.wantWrite)
			}
			if tc.wantField != "" {
				if got := fieldsOf(err); len(got) == 0 || got[0] != tc.wantField {
					t.Errorf("fields named = %v, want %s", got, tc.wantField)
				}
			}
			if tc.wantWrite {
				if wroteAt[0] != tc.stored || len(wrote[0].Fields) != 1 || wrote[0].Fields[0].APIName != "Loyalty_Tier" {
					t.Errorf("wrote %+v at version %d, want Loyalty_Tier at %d", wrote[0], wroteAt[0], tc.stored)
				}
				m := reply.Body.(moduleJSON)
				if _, ok := m.Field("Loyalty_Tier"); !ok || m.Version != tc.stored+1 || reply.Headers["ETag"] != `"4"` {
					t.Errorf("answer = version %d, ETag %s, fields %d; want the merged module at version 4", m.Version, reply.Headers["ETag"], len(m.Fields))
				}
			}
		})
	}
}

func TestCreateRecord(t *testing.T) {
	tests := []struct {
		name       string
		module     string
		body       string
		names      map[store.RefKey]string // the records lookups may point to
		wantStatus int
		wantFields []string // the fields a 422 names
	}{
		{name: "an unknown module is not found", module: "Widgets", body: `{"fields":{"Last_Name":"Silva"}}`, wantStatus: http.StatusNotFound},
		{name: "a body without fields is 400 naming fields", module: crm.Contacts, body: `{"layoutId":"default"}`,
			wantStatus: http.StatusBadRequest, wantFields: []string{"fields"}},
		{name: "an unknown layout is 422 naming layoutId", module: crm.Contacts, body: `{"layoutId":"nope","fields":{"Last_Name":"Silva"}}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"layoutId"}},
		{name: "a missing required field is 422 naming it", module: crm.Contacts, body: `{"fields":{"Email":"silva@example.com"}}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"Last_Name"}},
		{name: "a lookup to no record is 422 naming it", module: crm.Contacts, body: `{"fields":{"Last_Name":"Silva","Account_Name":"acct1234"}}`,
			names: map[store.RefKey]string{}, wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"Account_Name"}},
		{name: "a valid record is created", module: crm.Contacts, body: `{"fields":{"Last_Name":"Silva","Account_Name":"acct1234"}}`,
			names: map[store.RefKey]string{{Module: crm.Accounts, ID: "acct1234"}: "Silva Ltda"}, wantStatus: http.StatusCreated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var created []store.Record
			f := &fakeStore{
				createRecord: func(_ context.Context, m crm.Module, r store.Record) error { created = append(created, r); return nil },
				recordNames: func(_ context.Context, org string, refs []store.RefKey) (map[store.RefKey]string, error) {
					return tc.names, nil
				},
			}
			reply, err := service(f).CreateRecord(t.Context(), member, request(map[string]string{"module": tc.module}, tc.body))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := fieldsOf(err); strings.Join(got, ",") != strings.Join(tc.wantFields, ",") {
				t.Errorf("fields named = %v, want %v", got, tc.wantFields)
			}
			if err != nil {
				if len(created) != 0 {
					t.Errorf("a refused create wrote %+v", created)
				}
				return
			}
			if len(created) != 1 {
				t.Fatalf("created %d records, want 1", len(created))
			}
			rec := created[0]
			if rec.OrgID != "org1" || rec.Version != 1 || rec.CreatedBy != (store.Ref{ID: "u2", Name: "Uri User"}) || !rec.CreatedAt.Equal(now) {
				t.Errorf("created %+v, want version 1 of org1 made by Uri User at %v", rec, now)
			}
			if got, want := rec.Fields["Account_Name"], map[string]any{"id": "acct1234", "name": "Silva Ltda"}; !jsonEqual(got, want) {
				t.Errorf("Account_Name = %v, want %v", got, want)
			}
			if got, want := reply.Headers["Location"], "/api/admin/records/Contacts/"+rec.ID; got != want {
				t.Errorf("Location = %q, want %q", got, want)
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestGetRecord(t *testing.T) {
	tests := []struct {
		name       string
		id         string
		stored     error // what the store answers; nil: the record
		wantStatus int
		wantDetail string
		wantReads  int
	}{
		{name: "a malformed id is not found without a read", id: "../x", wantStatus: http.StatusNotFound, wantDetail: "no Contacts record with that id"},
		{name: "a missing record is not found, naming the module", id: recID, stored: store.ErrNotFound, wantStatus: http.StatusNotFound,
			wantDetail: "no Contacts record with that id", wantReads: 1},
		{name: "a record is answered with its version as ETag", id: recID, wantStatus: http.StatusOK, wantReads: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reads := 0
			f := &fakeStore{getRecord: func(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
				reads++
				if org != "org1" || id != tc.id {
					return store.Record{}, errNotFaked
				}
				return contact(7), tc.stored
			}}
			reply, err := service(f).GetRecord(t.Context(), member, request(map[string]string{"module": crm.Contacts, "id": tc.id}, ""))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := detail(err); got != tc.wantDetail {
				t.Errorf("detail = %q, want %q", got, tc.wantDetail)
			}
			if reads != tc.wantReads {
				t.Errorf("reads = %d, want %d", reads, tc.wantReads)
			}
			if err == nil && (reply.Headers["ETag"] != `"7"` || reply.Body.(RecordJSON).Fields["Last_Name"] != "Silva") {
				t.Errorf("answer = %+v, want the record with ETag \"7\"", reply)
			}
		})
	}
}

func TestUpdateRecord(t *testing.T) {
	tests := []struct {
		name       string
		ifMatch    string
		body       string
		writeErr   error
		wantStatus int
		wantWrite  bool
	}{
		{name: "without If-Match nothing is written", body: `{"fields":{"Email":null}}`, wantStatus: http.StatusPreconditionRequired},
		{name: "a stale version is refused", ifMatch: `"1"`, body: `{"fields":{"Email":null}}`, wantStatus: http.StatusPreconditionFailed},
		{name: "clearing a required field is 422", ifMatch: `"2"`, body: `{"fields":{"Last_Name":null}}`, wantStatus: http.StatusUnprocessableEntity},
		{name: "a record changed meanwhile is 412", ifMatch: `"2"`, body: `{"fields":{"Email":null}}`, writeErr: store.ErrVersion,
			wantStatus: http.StatusPreconditionFailed, wantWrite: true},
		{name: "the current version is changed", ifMatch: `"2"`, body: `{"fields":{"Email":null}}`, wantStatus: http.StatusOK, wantWrite: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var wrote []store.Record
			f := &fakeStore{
				getRecord: func(context.Context, crm.Module, string, string) (store.Record, error) { return contact(2), nil },
				updateRecord: func(_ context.Context, m crm.Module, old, next store.Record) error {
					wrote = append(wrote, next)
					return tc.writeErr
				},
			}
			reply, err := service(f).UpdateRecord(t.Context(), member,
				request(map[string]string{"module": crm.Contacts, "id": recID}, tc.body, "If-Match", tc.ifMatch))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := len(wrote) == 1; got != tc.wantWrite {
				t.Fatalf("written = %+v, want a write: %v", wrote, tc.wantWrite)
			}
			if tc.wantWrite {
				next := wrote[0]
				if _, has := next.Fields["Email"]; has || next.Version != 3 || next.ModifiedBy.Name != "Uri User" || !next.ModifiedAt.Equal(now) {
					t.Errorf("wrote %+v, want version 3 without Email, modified by Uri User", next)
				}
			}
		})
	}
}

func TestDeleteRecord(t *testing.T) {
	tests := []struct {
		name       string
		ifMatch    string
		deleteErr  error
		wantStatus int
		wantDelete bool
	}{
		{name: "a stale If-Match is refused", ifMatch: `"1"`, wantStatus: http.StatusPreconditionFailed},
		{name: "without If-Match the record is deleted", wantStatus: http.StatusNoContent, wantDelete: true},
		{name: "with the current version it is deleted", ifMatch: `"2"`, wantStatus: http.StatusNoContent, wantDelete: true},
		{name: "a record changed meanwhile is 412", deleteErr: store.ErrVersion, wantStatus: http.StatusPreconditionFailed, wantDelete: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			deleted := 0
			f := &fakeStore{
				getRecord:    func(context.Context, crm.Module, string, string) (store.Record, error) { return contact(2), nil },
				deleteRecord: func(context.Context, crm.Module, store.Record) error { deleted++; return tc.deleteErr },
			}
			reply, err := service(f).DeleteRecord(t.Context(), member,
				request(map[string]string{"module": crm.Contacts, "id": recID}, "", "If-Match", tc.ifMatch))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := deleted == 1; got != tc.wantDelete {
				t.Errorf("deleted %d times, want a delete: %v", deleted, tc.wantDelete)
			}
		})
	}
}

func TestListRecords(t *testing.T) {
	tests := []struct {
		name       string
		query      map[string]string
		pageErr    error
		wantStatus int
		wantItems  int
	}{
		{name: "an unknown sort field is 400", query: map[string]string{"sort": "Nope"}, wantStatus: http.StatusBadRequest},
		{name: "a cursor the store refuses is 400", query: map[string]string{"cursor": "garbage"}, pageErr: store.ErrBadCursor, wantStatus: http.StatusBadRequest},
		{name: "a page is answered", wantStatus: http.StatusOK, wantItems: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{listRecordsPage: func(_ context.Context, m crm.Module, org string, q crm.ListQuery) (store.Page[store.Record], error) {
				if tc.pageErr != nil {
					return store.Page[store.Record]{}, tc.pageErr
				}
				return store.Page[store.Record]{Items: []store.Record{contact(1), contact(2)}}, nil
			}}
			r := request(map[string]string{"module": crm.Contacts}, "")
			r.QueryStringParameters = tc.query
			reply, err := service(f).ListRecords(t.Context(), member, r)
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if err == nil {
				if got := len(reply.Body.(recordList).Items); got != tc.wantItems {
					t.Errorf("items = %d, want %d", got, tc.wantItems)
				}
			}
		})
	}
}
