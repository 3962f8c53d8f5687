package modules

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// fakeStore answers customizations and record names from maps and counts the reads.
type fakeStore struct {
	custom  map[string]crm.Customization // by module
	version int
	names   map[store.RefKey]string
	err     error // what every read answers, when set

	gets, consistentGets, batchGets, nameReads int
	batched                                    []string
}

var now = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) GetCustomization(_ context.Context, org, module string) (crm.Customization, int, error) {
	f.gets++
	return f.custom[module], f.version, f.err
}

func (f *fakeStore) GetCustomizationConsistent(_ context.Context, org, module string) (crm.Customization, int, error) {
	f.consistentGets++
	return f.custom[module], f.version, f.err
}

func (f *fakeStore) GetCustomizations(_ context.Context, org string, names []string) (map[string]crm.Customization, error) {
	f.batchGets++
	f.batched = names
	return f.custom, f.err
}

func (f *fakeStore) RecordNames(_ context.Context, org string, refs []store.RefKey) (map[store.RefKey]string, error) {
	f.nameReads++
	return f.names, f.err
}

func customField(name string) crm.Field {
	return crm.Field{APIName: name, Labels: map[string]string{"en": name}, Type: crm.TypeText}
}

func TestModule(t *testing.T) {
	errDown := errors.New("table unavailable")
	tests := []struct {
		name        string
		module      string
		store       *fakeStore
		consistent  bool
		wantStatus  int // of the error; 0 for none
		wantCustom  bool
		wantVersion int
	}{
		{name: "an unknown module is not found without a read", module: "Widgets", store: &fakeStore{}, wantStatus: http.StatusNotFound},
		{name: "a module without customization is the standard one", module: crm.Contacts, store: &fakeStore{}},
		{name: "a customized module has its custom field and version", module: crm.Contacts,
			store:      &fakeStore{custom: map[string]crm.Customization{crm.Contacts: {Fields: []crm.Field{customField("Loyalty_Tier")}}}, version: 3},
			wantCustom: true, wantVersion: 3},
		{name: "the consistent read is the consistent one", module: crm.Contacts, consistent: true,
			store:      &fakeStore{custom: map[string]crm.Customization{crm.Contacts: {Fields: []crm.Field{customField("Loyalty_Tier")}}}, version: 3},
			wantCustom: true, wantVersion: 3},
		{name: "a storage error is returned", module: crm.Contacts, store: &fakeStore{err: errDown}, wantStatus: http.StatusInternalServerError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New(tc.store)
			get := c.Module
			if tc.consistent {
				get = c.ModuleConsistent
			}
			m, version, err := get(t.Context(), "org1", tc.module)
			if tc.wantStatus != 0 {
				if err == nil || httpapi.KindOf(err).Status() != tc.wantStatus {
					t.Fatalf("err = %v, want status %d", err, tc.wantStatus)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, custom := m.Field("Loyalty_Tier")
			if custom != tc.wantCustom || version != tc.wantVersion || m.APIName != tc.module {
				t.Errorf("got %s version %d with custom field %v, want %s version %d with %v", m.APIName, version, custom, tc.module, tc.wantVersion, tc.wantCustom)
			}
			if want := map[bool][2]int{false: {1, 0}, true: {0, 1}}[tc.consistent]; tc.store.gets != want[0] || tc.store.consistentGets != want[1] {
				t.Errorf("reads = %d eventual, %d consistent; want %v", tc.store.gets, tc.store.consistentGets, want)
			}
		})
	}
}

func TestModules(t *testing.T) {
	f := &fakeStore{custom: map[string]crm.Customization{crm.Invoices: {Fields: []crm.Field{customField("Cost_Center")}}}}
	got, err := New(f).Modules(t.Context(), "org1", []string{crm.Contacts, crm.Invoices, "Widgets"})
	if err != nil {
		t.Fatal(err)
	}
	if f.batchGets != 1 || f.gets+f.consistentGets != 0 {
		t.Errorf("reads = %d batches, %d single; want one batch", f.batchGets, f.gets+f.consistentGets)
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	if len(got) != 2 {
		t.Fatalf("modules = %v, want Contacts and Invoices (Widgets is no module)", names)
	}
	if _, ok := got[crm.Invoices].Field("Cost_Center"); !ok {
		t.Errorf("Invoices lacks its custom field")
	}
	if _, ok := got[crm.Contacts].Field("Cost_Center"); ok {
		t.Errorf("Contacts has Invoices' custom field")
	}
}

func TestDecodeBody(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		wantStatus  int
		wantField   string
	}{
		{name: "fields and a layout", contentType: "application/json", body: `{"layoutId":"default","fields":{"Last_Name":"Silva"}}`},
		{name: "an empty fields object", contentType: "application/json", body: `{"fields":{}}`},
		{name: "no fields is 400 naming fields", contentType: "application/json", body: `{"layoutId":"default"}`, wantStatus: http.StatusBadRequest, wantField: "fields"},
		{name: "fields null is 400 naming fields", contentType: "application/json", body: `{"fields":null}`, wantStatus: http.StatusBadRequest, wantField: "fields"},
		{name: "an unknown member is 400", contentType: "application/json", body: `{"fields":{},"owner":"me"}`, wantStatus: http.StatusBadRequest},
		{name: "not JSON is 415", contentType: "text/plain", body: `{"fields":{}}`, wantStatus: http.StatusUnsupportedMediaType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := DecodeBody(&httpapi.Request{Body: tc.body, Headers: map[string]string{"content-type": tc.contentType}})
			if tc.wantStatus == 0 {
				if err != nil || in.Fields == nil {
					t.Fatalf("DecodeBody = %+v, %v; want the fields", in, err)
				}
				return
			}
			if err == nil || httpapi.KindOf(err).Status() != tc.wantStatus {
				t.Fatalf("err = %v, want status %d", err, tc.wantStatus)
			}
			var he *httpapi.Error
			if tc.wantField != "" && (!errors.As(err, &he) || len(he.Fields) != 1 || he.Fields[0].Field != tc.wantField) {
				t.Errorf("err = %#v, want it to name %s", err, tc.wantField)
			}
		})
	}
}

func raw(fields map[string]any) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range fields {
		out[k], _ = json.Marshal(v)
	}
	return out
}

func fieldNames(err error) string {
	var he *httpapi.Error
	if !errors.As(err, &he) {
		return ""
	}
	var out []string
	for _, f := range he.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

func TestBuild(t *testing.T) {
	contacts, _ := crm.StandardModule(crm.Contacts)
	acct := store.RefKey{Module: crm.Accounts, ID: "acct1234"}
	by := store.Ref{ID: "u1", Name: "Ana"}
	tests := []struct {
		name       string
		layout     string
		fields     map[string]any
		names      map[store.RefKey]string
		wantFields string // the fields a 422 names
		wantReads  int    // RecordNames calls
	}{
		{name: "an unknown layout is refused before any read", layout: "nope", fields: map[string]any{"Last_Name": "Silva"}, wantFields: "layoutId"},
		{name: "invalid fields are refused before any read", fields: map[string]any{"Email": "not an address", "Account_Name": "acct1234"}, wantFields: "Email,Last_Name"},
		{name: "a lookup to no record is refused", fields: map[string]any{"Last_Name": "Silva", "Account_Name": "acct1234"},
			names: map[store.RefKey]string{}, wantFields: "Account_Name", wantReads: 1},
		{name: "a lookup is stored with its record's name", fields: map[string]any{"Last_Name": "Silva", "Account_Name": "acct1234"},
			names: map[store.RefKey]string{acct: "Silva Ltda"}, wantReads: 1},
		{name: "a record without lookups reads nothing", fields: map[string]any{"Last_Name": "Silva", "Email": nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{names: tc.names}
			rec, err := New(f).Build(t.Context(), contacts, "org1", by, tc.layout, raw(tc.fields))
			if got := fieldNames(err); got != tc.wantFields {
				t.Fatalf("fields named = %q (%v), want %q", got, err, tc.wantFields)
			}
			if f.nameReads != tc.wantReads {
				t.Errorf("RecordNames calls = %d, want %d", f.nameReads, tc.wantReads)
			}
			if err != nil {
				return
			}
			if rec.OrgID != "org1" || rec.Module != crm.Contacts || rec.LayoutID != "default" || rec.Version != 1 || rec.ID == "" ||
				rec.CreatedBy != by || rec.ModifiedBy != by || !rec.CreatedAt.Equal(now) || rec.Name != "Silva" {
				t.Errorf("record = %+v, want version 1 of org1 in the default layout, named Silva, made by Ana now", rec)
			}
			if _, has := rec.Fields["Email"]; has {
				t.Errorf("a null field is stored: %v", rec.Fields)
			}
			if tc.names != nil {
				if got, want := rec.Fields["Account_Name"], map[string]any{"id": "acct1234", "name": "Silva Ltda"}; !reflect.DeepEqual(got, want) {
					t.Errorf("Account_Name = %v, want %v", got, want)
				}
			}
		})
	}
}

// TestBuildStartsAtTheDefaults: a new case without a Status is New, whoever builds it; a
// Status given is kept.
func TestBuildStartsAtTheDefaults(t *testing.T) {
	cases, _ := crm.StandardModule(crm.Cases)
	by := store.Ref{ID: "u1", Name: "Ana"}
	tests := []struct {
		name       string
		fields     map[string]any
		wantStatus any
	}{
		{name: "no status: New", fields: map[string]any{"Subject": "Broken"}, wantStatus: "New"},
		{name: "a null status: New", fields: map[string]any{"Subject": "Broken", "Status": nil}, wantStatus: "New"},
		{name: "a status given is kept", fields: map[string]any{"Subject": "Broken", "Status": "Escalated"}, wantStatus: "Escalated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := New(&fakeStore{}).Build(t.Context(), cases, "org1", by, "", raw(tc.fields))
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.Fields["Status"]; got != tc.wantStatus {
				t.Errorf("Status = %v, want %v", got, tc.wantStatus)
			}
			if _, has := rec.Fields["Priority"]; has {
				t.Errorf("Priority = %v, want none (no default)", rec.Fields["Priority"])
			}
		})
	}
}

func TestApply(t *testing.T) {
	contacts, _ := crm.StandardModule(crm.Contacts)
	old := store.Record{OrgID: "org1", Module: crm.Contacts, ID: "rec12345", LayoutID: "default", Version: 4, Name: "Silva",
		Fields:    map[string]any{"Last_Name": "Silva", "Email": "silva@example.com"},
		CreatedBy: store.Ref{ID: "u0", Name: "Creator"}, CreatedAt: now.Add(-time.Hour)}
	by := store.Ref{ID: "u1", Name: "Ana"}
	tests := []struct {
		name       string
		layout     string
		fields     map[string]any
		wantFields string
		want       map[string]any // the fields after
	}{
		{name: "a field sent is changed, the others kept", fields: map[string]any{"First_Name": "Ana"},
			want: map[string]any{"First_Name": "Ana", "Last_Name": "Silva", "Email": "silva@example.com"}},
		{name: "null clears a field", fields: map[string]any{"Email": nil}, want: map[string]any{"Last_Name": "Silva"}},
		{name: "clearing a required field is refused", fields: map[string]any{"Last_Name": nil}, wantFields: "Last_Name"},
		{name: "an unknown layout is refused", layout: "nope", fields: map[string]any{}, wantFields: "layoutId"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next, err := New(&fakeStore{}).Apply(t.Context(), contacts, old, by, tc.layout, raw(tc.fields))
			if got := fieldNames(err); got != tc.wantFields {
				t.Fatalf("fields named = %q (%v), want %q", got, err, tc.wantFields)
			}
			if err != nil {
				return
			}
			if !reflect.DeepEqual(next.Fields, tc.want) {
				t.Errorf("fields = %v, want %v", next.Fields, tc.want)
			}
			if next.Version != 5 || next.ModifiedBy != by || !next.ModifiedAt.Equal(now) || next.CreatedBy != old.CreatedBy || next.ID != old.ID {
				t.Errorf("next = %+v, want version 5 modified by Ana now, created and identified as before", next)
			}
			if old.Fields["Email"] != "silva@example.com" {
				t.Errorf("Apply changed the old record: %v", old.Fields)
			}
		})
	}
}

func TestSetLookup(t *testing.T) {
	ref := map[string]any{"id": "p1", "name": "Widget"}
	tests := []struct {
		name   string
		path   string
		fields map[string]any
		want   map[string]any
	}{
		{name: "a field", path: "Account_Name", fields: map[string]any{}, want: map[string]any{"Account_Name": ref}},
		{name: "a line item's field", path: "Items[1].Product",
			fields: map[string]any{"Items": []any{map[string]any{}, map[string]any{"Qty": 2}}},
			want:   map[string]any{"Items": []any{map[string]any{}, map[string]any{"Qty": 2, "Product": ref}}}},
		{name: "a line past the end is left alone", path: "Items[5].Product",
			fields: map[string]any{"Items": []any{map[string]any{}}}, want: map[string]any{"Items": []any{map[string]any{}}}},
		{name: "a malformed index is left alone", path: "Items[x].Product",
			fields: map[string]any{"Items": []any{map[string]any{}}}, want: map[string]any{"Items": []any{map[string]any{}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			setLookup(tc.fields, tc.path, ref)
			if !reflect.DeepEqual(tc.fields, tc.want) {
				t.Errorf("got %v, want %v", tc.fields, tc.want)
			}
		})
	}
}

// recordReader answers one record by id and counts its reads.
type recordReader struct {
	rec   store.Record
	err   error
	reads int
}

func (r *recordReader) GetRecordConsistent(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
	r.reads++
	if r.err != nil {
		return store.Record{}, r.err
	}
	if id != r.rec.ID || org != r.rec.OrgID || m.APIName != r.rec.Module {
		return store.Record{}, store.ErrNotFound
	}
	return r.rec, nil
}

// TestRecord: the record a staff path names; a malformed id is the same 404 as a missing
// record and costs no read; an unknown module is 404 naming it; storage errors pass through.
func TestRecord(t *testing.T) {
	stored := store.Record{OrgID: "org00001", ID: "case0001", Module: crm.Cases}
	boom := errors.New("boom")
	tests := []struct {
		name, module, id string
		readErr          error
		wantStatus       int
		wantDetail       string
		wantReads        int
	}{
		{"found", crm.Cases, "case0001", nil, http.StatusOK, "", 1},
		{"missing", crm.Cases, "case0002", nil, http.StatusNotFound, "no Cases record with that id", 1},
		{"malformed id", crm.Cases, "../case", nil, http.StatusNotFound, "no Cases record with that id", 0},
		{"unknown module", "Spaceships", "case0001", nil, http.StatusNotFound, `no module "Spaceships"`, 0},
		{"storage error", crm.Cases, "case0001", boom, http.StatusInternalServerError, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr := &recordReader{rec: stored, err: tt.readErr}
			m, rec, err := New(&fakeStore{}).Record(t.Context(), rr, "org00001", tt.module, tt.id)
			status, detail := http.StatusOK, ""
			if err != nil {
				status = httpapi.KindOf(err).Status()
				var e *httpapi.Error
				if errors.As(err, &e) {
					detail = e.Detail
				}
			}
			if got, want := status, tt.wantStatus; got != want {
				t.Fatalf("status = %d, want %d (%v)", got, want, err)
			}
			if got, want := detail, tt.wantDetail; got != want {
				t.Errorf("detail = %q, want %q", got, want)
			}
			if got, want := rr.reads, tt.wantReads; got != want {
				t.Errorf("reads = %d, want %d", got, want)
			}
			if err == nil && (rec.ID != stored.ID || m.APIName != crm.Cases) {
				t.Errorf("got %s %s, want Cases %s", m.APIName, rec.ID, stored.ID)
			}
			if tt.readErr != nil && !errors.Is(err, boom) {
				t.Errorf("err = %v, want the storage error", err)
			}
		})
	}
}
