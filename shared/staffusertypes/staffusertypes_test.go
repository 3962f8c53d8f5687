package staffusertypes

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// fakeStore holds an organization and its user types in memory and records the writes; the
// write functions, when set, answer instead (a failed condition).
type fakeStore struct {
	org   store.Org
	types []store.UserType

	createErr, updateErr, deleteErr, allocErr error

	created     []store.UserType
	updated     []store.UserType
	deleted     []string
	allocations []map[string]int
	audited     []store.AuditEntry
}

var now = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audited = append(f.audited, e)
	return nil
}

func (f *fakeStore) GetOrg(ctx context.Context, id string) (store.Org, error) {
	return f.GetOrgConsistent(ctx, id)
}

func (f *fakeStore) GetOrgConsistent(_ context.Context, id string) (store.Org, error) {
	if id != f.org.ID {
		return store.Org{}, store.ErrNotFound
	}
	return f.org, nil
}

func (f *fakeStore) ListUserTypes(context.Context, string) ([]store.UserType, error) {
	return f.types, nil
}

func (f *fakeStore) GetUserType(_ context.Context, org, id string) (store.UserType, error) {
	for _, ut := range f.types {
		if ut.OrgID == org && ut.ID == id {
			return ut, nil
		}
	}
	return store.UserType{}, store.ErrNotFound
}

func (f *fakeStore) CreateUserType(_ context.Context, _ store.Org, ut store.UserType) error {
	f.created = append(f.created, ut)
	return f.createErr
}

func (f *fakeStore) UpdateUserType(_ context.Context, _ store.Org, _, ut store.UserType) error {
	f.updated = append(f.updated, ut)
	return f.updateErr
}

func (f *fakeStore) DeleteUserType(_ context.Context, _ store.Org, ut store.UserType) error {
	f.deleted = append(f.deleted, ut.ID)
	return f.deleteErr
}

func (f *fakeStore) SetAllocations(_ context.Context, _ store.Org, _ []store.UserType, seats map[string]int) error {
	f.allocations = append(f.allocations, seats)
	return f.allocErr
}

func (f *fakeStore) writes() int {
	return len(f.created) + len(f.updated) + len(f.deleted) + len(f.allocations)
}

// The catalog reads no customization: every module is the standard one.
func (f *fakeStore) GetCustomization(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}

func (f *fakeStore) GetCustomizationConsistent(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}

func (f *fakeStore) GetCustomizations(context.Context, string, []string) (map[string]crm.Customization, error) {
	return map[string]crm.Customization{}, nil
}

func (f *fakeStore) RecordNames(context.Context, string, []store.RefKey) (map[store.RefKey]string, error) {
	return nil, errors.New("fakeStore: no lookups in user types")
}

const (
	freeID     = "free0001"
	partnersID = "partn001"
	resellerID = "resel001"
)

// organization is an org with a pool of 10 licenses, 6 of them allocated: the free type,
// Partners (4 seats, 3 users) and Resellers (2 seats, no users).
func organization() *fakeStore {
	return &fakeStore{
		org: store.Org{ID: "org1", Limits: access.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 10},
			UserTypeCount: 3, SeatsAllocated: 6},
		types: []store.UserType{
			{UserType: access.UserType{ID: freeID, Name: "Customers", Position: 0, BaseModule: crm.Contacts}, OrgID: "org1", Users: 40, Version: 1},
			{UserType: access.UserType{ID: partnersID, Name: "Partners", Position: 1, BaseModule: crm.Contacts, Seats: 4}, OrgID: "org1", Users: 3, Version: 5},
			{UserType: access.UserType{ID: resellerID, Name: "Resellers", Position: 2, BaseModule: crm.Leads, Seats: 2}, OrgID: "org1", Version: 2},
		},
	}
}

func service(f *fakeStore) *Service { return &Service{Store: f, Modules: modules.New(f)} }

var (
	admin  = staffguard.Principal{OrgID: "org1", UserID: "u1", Role: store.RoleAdmin, Name: "Ana Admin"}
	member = staffguard.Principal{OrgID: "org1", UserID: "u2", Role: store.RoleUser, Name: "Uri User"}
)

func request(id, body string, headers ...string) *httpapi.Request {
	r := &httpapi.Request{PathParameters: map[string]string{}, Body: body, Headers: map[string]string{}}
	if id != "" {
		r.PathParameters["id"] = id
	}
	if body != "" {
		r.Headers["content-type"] = "application/json"
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Headers[strings.ToLower(headers[i])] = headers[i+1]
	}
	return r
}

func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

// message is the detail of err and, for a 422, each field and rule.
func message(err error) string {
	var e *httpapi.Error
	if !errors.As(err, &e) {
		return ""
	}
	out := e.Detail
	for _, f := range e.Fields {
		out += "; " + f.Field + " " + f.Message
	}
	return out
}

func TestCreate(t *testing.T) {
	tests := []struct {
		name        string
		p           staffguard.Principal
		body        string
		change      func(*fakeStore)
		wantStatus  int
		wantMessage string // contained in the answer's detail and field errors
	}{
		{name: "a member who is not an admin is refused", p: member, body: `{"name":"Agents","baseModule":"Leads","seats":1}`,
			wantStatus: http.StatusForbidden},
		{name: "past the organization's number of types is 409", p: admin, body: `{"name":"Agents","baseModule":"Leads","seats":1}`,
			change: func(f *fakeStore) { f.org.Limits.UserTypes = 3 }, wantStatus: http.StatusConflict, wantMessage: "at most 3 user types"},
		{name: "a licensed type past the pool is 422 naming seats", p: admin, body: `{"name":"Agents","baseModule":"Leads","seats":5}`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "seats the license pool has 4 seats left"},
		{name: "a licensed type based on Accounts is 422 naming baseModule", p: admin, body: `{"name":"Agents","baseModule":"Accounts","seats":1}`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "baseModule must be Leads or Contacts"},
		{name: "a concurrent change is 409", p: admin, body: `{"name":"Agents","baseModule":"Leads","seats":4}`,
			change: func(f *fakeStore) { f.createErr = store.ErrVersion }, wantStatus: http.StatusConflict, wantMessage: "changed meanwhile"},
		{name: "a licensed type within the pool is created", p: admin, body: `{"name":" Agents ","baseModule":"Leads","seats":4}`,
			wantStatus: http.StatusCreated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := organization()
			if tc.change != nil {
				tc.change(f)
			}
			reply, err := service(f).Create(t.Context(), tc.p, request("", tc.body))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := message(err); !strings.Contains(got, tc.wantMessage) {
				t.Errorf("answer = %q, want it to say %q", got, tc.wantMessage)
			}
			if err != nil {
				if f.createErr == nil && f.writes() != 0 {
					t.Errorf("a refused create wrote %+v", f.created)
				}
				return
			}
			if len(f.created) != 1 || len(f.audited) != 1 {
				t.Fatalf("created %d types and %d audit entries, want 1 and 1", len(f.created), len(f.audited))
			}
			ut := f.created[0]
			if ut.Name != "Agents" || ut.Position != 3 || ut.Seats != 4 || ut.BaseModule != crm.Leads || len(ut.Tabs) == 0 {
				t.Errorf("created %+v, want Agents at position 3 with 4 seats and the candidate tabs of Leads", ut.UserType)
			}
			for _, tab := range ut.Tabs {
				if tab.Enabled {
					t.Errorf("candidate tab %s starts enabled", tab.Module)
				}
			}
			if got := f.audited[0].Detail; got != "created Agents" {
				t.Errorf("audit detail = %q, want %q", got, "created Agents")
			}
		})
	}
}

func TestPut(t *testing.T) {
	const partners = `{"name":"Partners","baseModule":"Contacts","seats":%s,"tabs":[]}`
	body := func(seats string) string { return strings.Replace(partners, "%s", seats, 1) }
	tests := []struct {
		name        string
		id          string
		body        string
		ifMatch     string
		wantStatus  int
		wantMessage string
		wantSeats   int
	}{
		{name: "a malformed id is not found", id: "..", body: body("4"), ifMatch: `"5"`, wantStatus: http.StatusNotFound, wantMessage: "no user type with that id"},
		{name: "an unknown id is not found", id: "nope0001", body: body("4"), ifMatch: `"5"`, wantStatus: http.StatusNotFound, wantMessage: "no user type with that id"},
		{name: "without If-Match it is refused", id: partnersID, body: body("4"), wantStatus: http.StatusPreconditionRequired},
		{name: "a stale version is refused", id: partnersID, body: body("4"), ifMatch: `"4"`, wantStatus: http.StatusPreconditionFailed},
		{name: "the base module of a type with users cannot change", id: partnersID,
			body: `{"name":"Partners","baseModule":"Leads","seats":4,"tabs":[]}`, ifMatch: `"5"`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "baseModule 3 users have this type"},
		{name: "seats below the users are 422", id: partnersID, body: body("2"), ifMatch: `"5"`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "seats 3 users already have this type"},
		{name: "seats past the pool are 422 naming what the type may have", id: partnersID, body: body("9"), ifMatch: `"5"`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "seats the license pool has 8 seats for this type"},
		{name: "seats within the pool are written", id: partnersID, body: body("8"), ifMatch: `"5"`,
			wantStatus: http.StatusOK, wantSeats: 8},
		{name: "the free type's seats are ignored", id: freeID,
			body: `{"name":"Customers","baseModule":"Contacts","seats":99,"tabs":[]}`, ifMatch: `"1"`, wantStatus: http.StatusOK, wantSeats: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := organization()
			reply, err := service(f).Put(t.Context(), admin, request(tc.id, tc.body, "If-Match", tc.ifMatch))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := message(err); !strings.Contains(got, tc.wantMessage) {
				t.Errorf("answer = %q, want it to say %q", got, tc.wantMessage)
			}
			if err != nil {
				if f.writes() != 0 {
					t.Errorf("a refused change wrote %+v", f.updated)
				}
				return
			}
			if len(f.updated) != 1 {
				t.Fatalf("updated %d types, want 1", len(f.updated))
			}
			if got := f.updated[0]; got.Seats != tc.wantSeats || got.Version != reply.Body.(JSON).Version {
				t.Errorf("wrote seats %d version %d, want seats %d and the version answered", got.Seats, got.Version, tc.wantSeats)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	tests := []struct {
		name        string
		id          string
		p           staffguard.Principal
		wantStatus  int
		wantMessage string
	}{
		{name: "a member who is not an admin is refused", id: resellerID, p: member, wantStatus: http.StatusForbidden},
		{name: "a type with users is kept", id: partnersID, p: admin, wantStatus: http.StatusConflict, wantMessage: "3 users have this type"},
		{name: "the free type goes last", id: freeID, p: admin, wantStatus: http.StatusConflict, wantMessage: "delete the licensed types first"},
		{name: "a type without users is deleted", id: resellerID, p: admin, wantStatus: http.StatusNoContent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := organization()
			f.types[0].Users = 0 // the free type's users are not what keeps it
			reply, err := service(f).Delete(t.Context(), tc.p, request(tc.id, ""))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := message(err); !strings.Contains(got, tc.wantMessage) {
				t.Errorf("answer = %q, want it to say %q", got, tc.wantMessage)
			}
			want := []string(nil)
			if err == nil {
				want = []string{tc.id}
			}
			if !reflect.DeepEqual(f.deleted, want) {
				t.Errorf("deleted %v, want %v", f.deleted, want)
			}
		})
	}
}

func TestPutLicenses(t *testing.T) {
	tests := []struct {
		name        string
		p           staffguard.Principal
		body        string
		allocErr    error
		wantStatus  int
		wantMessage string
	}{
		{name: "a member who is not an admin is refused", p: member, body: `{"allocations":{"` + resellerID + `":3}}`, wantStatus: http.StatusForbidden},
		{name: "the free type is 422", p: admin, body: `{"allocations":{"` + freeID + `":3}}`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "allocations." + freeID + " is the free type"},
		{name: "an unknown type is 422", p: admin, body: `{"allocations":{"nope0001":3}}`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "allocations.nope0001 is not a user type"},
		{name: "below a type's users is 422", p: admin, body: `{"allocations":{"` + partnersID + `":1}}`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "3 users already have this type"},
		{name: "past the pool is 422", p: admin, body: `{"allocations":{"` + partnersID + `":5,"` + resellerID + `":6}}`,
			wantStatus: http.StatusUnprocessableEntity, wantMessage: "seats add up to 11, more than the 10 licenses in the pool"},
		{name: "a concurrent change is 409", p: admin, body: `{"allocations":{"` + resellerID + `":3}}`, allocErr: store.ErrVersion,
			wantStatus: http.StatusConflict, wantMessage: "changed meanwhile"},
		{name: "allocations within the pool are written", p: admin, body: `{"allocations":{"` + partnersID + `":5,"` + resellerID + `":5}}`,
			wantStatus: http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := organization()
			f.allocErr = tc.allocErr
			reply, err := service(f).PutLicenses(t.Context(), tc.p, request("", tc.body))
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := message(err); !strings.Contains(got, tc.wantMessage) {
				t.Errorf("answer = %q, want it to say %q", got, tc.wantMessage)
			}
			if tc.wantStatus == http.StatusOK || tc.allocErr != nil {
				if len(f.allocations) != 1 {
					t.Fatalf("SetAllocations called %d times, want 1", len(f.allocations))
				}
				if tc.allocErr == nil && len(f.audited) != 1 {
					t.Errorf("audit entries = %d, want 1", len(f.audited))
				}
				return
			}
			if f.writes() != 0 {
				t.Errorf("a refused change wrote %v", f.allocations)
			}
		})
	}
}

func TestGetLicenses(t *testing.T) {
	f := organization()
	reply, err := service(f).GetLicenses(t.Context(), member, request("", ""))
	if err != nil {
		t.Fatal(err)
	}
	got := reply.Body.(Licenses)
	want := Licenses{Pool: 10, Allocated: 6, Free: &SeatUse{ID: freeID, Name: "Customers", Seats: 3000, Users: 40},
		Types: []Allocation{{ID: partnersID, Name: "Partners", Seats: 4, Users: 3}, {ID: resellerID, Name: "Resellers", Seats: 2}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("licenses = %+v, want %+v", got, want)
	}
}
