package staffportalusers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/mail"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

var (
	errNotFaked = errors.New("fake: call not expected by this case")
	now         = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	admin       = staffguard.Principal{OrgID: "org1", UserID: "admin1", Role: store.RoleAdmin, Name: "Ana Admin"}
	member      = staffguard.Principal{OrgID: "org1", UserID: "user2", Role: store.RoleUser, Name: "Uri User"}
)

// fakeStore is the portal user routes' store as functions over a few values a case sets;
// a call it cannot answer fails with errNotFaked. It records every write.
type fakeStore struct {
	record     *store.Record
	portal     *store.Portal
	org        store.Org
	types      map[string]store.UserType
	users      map[string]store.PortalUser // by id
	failures   int                         // resends counted in this hour
	create     func(u store.PortalUser, tok store.InviteToken, seat store.Seat) error
	change     func(u store.PortalUser, c store.UserChange) (store.PortalUser, error)
	mark       func(messageID string, d store.Delivery) (store.PortalUser, error)
	templates  map[string]store.MailTemplate // name#lang
	typeReads  int
	created    []store.PortalUser
	seats      []store.Seat
	changes    []store.UserChange
	deliveries []store.Delivery
	// deliveryErr fails SetDelivery (after the delivery is appended, as a write that may or
	// may not have happened).
	deliveryErr error
	sessions    int // DeleteUserSessions calls
	counted     int // AddFailure calls
	saved       []store.MailTemplate
	deleted     []string
	audits      []store.AuditEntry
}

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audits = append(f.audits, e)
	return nil
}

func (f *fakeStore) GetRecordConsistent(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
	if f.record == nil || f.record.ID != id || f.record.Module != m.APIName {
		return store.Record{}, store.ErrNotFound
	}
	return *f.record, nil
}

func (f *fakeStore) GetPortal(ctx context.Context, org string) (store.Portal, error) {
	return f.GetPortalConsistent(ctx, org)
}

func (f *fakeStore) GetPortalConsistent(context.Context, string) (store.Portal, error) {
	if f.portal == nil {
		return store.Portal{}, store.ErrNotFound
	}
	return *f.portal, nil
}

func (f *fakeStore) GetOrg(context.Context, string) (store.Org, error) { return f.org, nil }

func (f *fakeStore) GetUserType(_ context.Context, _, id string) (store.UserType, error) {
	f.typeReads++
	ut, ok := f.types[id]
	if !ok {
		return store.UserType{}, store.ErrNotFound
	}
	return ut, nil
}

func (f *fakeStore) ListUserTypes(context.Context, string) ([]store.UserType, error) {
	var out []store.UserType
	for _, ut := range f.types {
		out = append(out, ut)
	}
	return out, nil
}

func (f *fakeStore) GetPortalUser(_ context.Context, _, id string) (store.PortalUser, error) {
	u, ok := f.users[id]
	if !ok {
		return store.PortalUser{}, store.ErrNotFound
	}
	return u, nil
}

func (f *fakeStore) PortalUserByRecord(_ context.Context, _, record string) (store.PortalUser, error) {
	for _, u := range f.users {
		if u.RecordID == record {
			return u, nil
		}
	}
	return store.PortalUser{}, store.ErrNotFound
}

func (f *fakeStore) ListPortalUsers(_ context.Context, _ string, flt store.PortalUserFilter, _ int, _ string) ([]store.PortalUser, string, error) {
	var out []store.PortalUser
	for _, u := range f.users {
		if flt.Status == "" || u.Status == flt.Status {
			out = append(out, u)
		}
	}
	return out, "", nil
}

func (f *fakeStore) CreateInvitation(_ context.Context, u store.PortalUser, tok store.InviteToken, seat store.Seat) error {
	if f.create == nil {
		return errNotFaked
	}
	if err := f.create(u, tok, seat); err != nil {
		return err
	}
	f.created, f.seats = append(f.created, u), append(f.seats, seat)
	return nil
}

func (f *fakeStore) ChangePortalUser(_ context.Context, u store.PortalUser, c store.UserChange) (store.PortalUser, error) {
	if f.change == nil {
		return store.PortalUser{}, errNotFaked
	}
	saved, err := f.change(u, c)
	if err == nil {
		f.changes = append(f.changes, c)
	}
	return saved, err
}

func (f *fakeStore) SetDelivery(_ context.Context, _ store.PortalUser, d store.Delivery) error {
	f.deliveries = append(f.deliveries, d)
	return f.deliveryErr
}

func (f *fakeStore) MarkDelivery(_ context.Context, messageID string, d store.Delivery) (store.PortalUser, error) {
	if f.mark == nil {
		return store.PortalUser{}, errNotFaked
	}
	u, err := f.mark(messageID, d)
	if err == nil {
		f.deliveries = append(f.deliveries, d)
	}
	return u, err
}

func (f *fakeStore) DeleteUserSessions(context.Context, string, string) error {
	f.sessions++
	return nil
}

func (f *fakeStore) Failures(context.Context, time.Time, ...store.ThrottleKey) ([]int, error) {
	return []int{f.failures}, nil
}

func (f *fakeStore) AddFailure(context.Context, time.Time, time.Time, ...store.ThrottleKey) error {
	f.counted++
	return nil
}

func (f *fakeStore) GetMailTemplate(_ context.Context, _, name, lang string) (store.MailTemplate, error) {
	t, ok := f.templates[name+"#"+lang]
	if !ok {
		return store.MailTemplate{}, store.ErrNotFound
	}
	return t, nil
}

func (f *fakeStore) ListMailTemplates(context.Context, string) ([]store.MailTemplate, error) {
	var out []store.MailTemplate
	for _, t := range f.templates {
		out = append(out, t)
	}
	return out, nil
}

func (f *fakeStore) PutMailTemplate(_ context.Context, _ string, t store.MailTemplate) error {
	f.saved = append(f.saved, t)
	return nil
}

func (f *fakeStore) DeleteMailTemplate(_ context.Context, _, name, lang string) error {
	f.deleted = append(f.deleted, name+"#"+lang)
	return nil
}

// standardModules is the catalog of an organization without customizations.
type standardModules struct{}

func (standardModules) Module(_ context.Context, _, name string) (crm.Module, int, error) {
	m, ok := crm.StandardModule(name)
	if !ok {
		return crm.Module{}, 0, store.ErrNotFound
	}
	return m, 0, nil
}

// fakeMail keeps the messages sent; with fail set it sends nothing and answers fail.
type fakeMail struct {
	sent []mail.Message
	fail error
}

func (f *fakeMail) Send(_ context.Context, m mail.Message) (string, error) {
	if f.fail != nil {
		return "", f.fail
	}
	f.sent = append(f.sent, m)
	return "ses-1", nil
}

func service(f *fakeStore, m *fakeMail) *Service {
	return &Service{guard: staffguard.New(nil, config.Config{}), store: f, modules: standardModules{}, mail: m,
		portalBaseURL: "https://portal.example", factors: &fakeFactors{}}
}

// request is a JSON request with path parameters and a body.
func request(params map[string]string, body string) *httpapi.Request {
	r := &httpapi.Request{PathParameters: params, Body: body, Headers: map[string]string{}}
	if body != "" {
		r.Headers["content-type"] = "application/json"
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

const (
	recID    = "rec12345"
	typeID   = "type1234"
	otherID  = "type5678"
	leadType = "type9999"
	roomyID  = "type2222"
	userID   = "user1234"
)

func customers(users int) store.UserType {
	return store.UserType{UserType: access.UserType{ID: typeID, Name: "Customers", Position: 1, BaseModule: crm.Contacts, Seats: 5}, Users: users}
}

// world is an organization with a configured portal, a Contact record with an email and the
// Customers type (Contacts, 5 seats, 1 taken); a case changes what it needs.
func world() *fakeStore {
	return &fakeStore{
		record: &store.Record{OrgID: "org1", Module: crm.Contacts, ID: recID, Name: "Bia Souza",
			Fields: map[string]any{"Email": "Bia@Example.com", "Account_Name": map[string]any{"id": "acc12345"}}},
		portal: &store.Portal{OrgID: "org1", Name: "Acme portal", Slug: "acme"},
		org:    store.Org{ID: "org1", Name: "Acme", Language: "en", TimeZone: "UTC"},
		types: map[string]store.UserType{typeID: customers(1),
			otherID:  {UserType: access.UserType{ID: otherID, Name: "Partners", Position: 2, BaseModule: crm.Contacts, Seats: 1}, Users: 1},
			leadType: {UserType: access.UserType{ID: leadType, Name: "Prospects", Position: 3, BaseModule: crm.Leads, Seats: 3}},
			roomyID:  {UserType: access.UserType{ID: roomyID, Name: "Members", Position: 4, BaseModule: crm.Contacts, Seats: 3}}},
		users:  map[string]store.PortalUser{},
		create: func(store.PortalUser, store.InviteToken, store.Seat) error { return nil },
	}
}

func TestSendInvitation(t *testing.T) {
	tests := []struct {
		name      string
		module    string
		body      string
		setup     func(f *fakeStore)
		mailFails bool
		want      int
		field     string // the field a 422 names
		detail    string // a part of the problem's detail
		wantState string // the delivery state answered and written
	}{
		{name: "an unknown module", module: "Widgets", body: `{"userTypeId":"` + typeID + `"}`, want: http.StatusNotFound},
		{name: "an Account is not a person", module: crm.Accounts, body: `{"userTypeId":"` + typeID + `"}`,
			want: http.StatusUnprocessableEntity, field: "module"},
		{name: "no such record", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			setup: func(f *fakeStore) { f.record = nil }, want: http.StatusNotFound, detail: "no record with that id"},
		{name: "the portal is not configured", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			setup: func(f *fakeStore) { f.portal = nil }, want: http.StatusConflict, detail: "configure the portal first"},
		{name: "the portal is deactivated", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			setup: func(f *fakeStore) { f.portal.Disabled = true }, want: http.StatusConflict, detail: "deactivated"},
		{name: "no such type", module: crm.Contacts, body: `{"userTypeId":"nosuchtype"}`,
			want: http.StatusUnprocessableEntity, field: "userTypeId"},
		{name: "a type of Leads for a Contact", module: crm.Contacts, body: `{"userTypeId":"` + leadType + `"}`,
			want: http.StatusUnprocessableEntity, field: "userTypeId"},
		{name: "a record without an email", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			setup: func(f *fakeStore) { delete(f.record.Fields, "Email") }, want: http.StatusUnprocessableEntity, field: "email"},
		{name: "a full type", module: crm.Contacts, body: `{"userTypeId":"` + otherID + `"}`,
			want: http.StatusUnprocessableEntity, field: "userTypeId"},
		{name: "already invited (not a repeat)", module: crm.Contacts, body: `{"userTypeId":"` + otherID + `"}`,
			setup: func(f *fakeStore) {
				f.users[userID] = store.PortalUser{ID: userID, RecordID: recID, UserTypeID: typeID, Status: invite.Invited, InvitedAt: now.Add(-time.Hour)}
			}, want: http.StatusConflict, detail: "already invited"},
		{name: "invited and emailed", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			want: http.StatusCreated, wantState: invite.Sent},
		{name: "an email that fails leaves the invitation for a resend", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			mailFails: true, want: http.StatusCreated, wantState: invite.SendFailed},
		// Answering an error would have the client repeat an invitation that was made.
		{name: "a delivery state not written still answers the invitation made", module: crm.Contacts, body: `{"userTypeId":"` + typeID + `"}`,
			setup: func(f *fakeStore) { f.deliveryErr = errors.New("throttled") }, want: http.StatusCreated, wantState: invite.Sent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := world()
			if tt.setup != nil {
				tt.setup(f)
			}
			m := &fakeMail{}
			if tt.mailFails {
				m.fail = errors.New("connection refused")
			}
			reply, err := service(f, m).SendInvitation(context.Background(), admin,
				request(map[string]string{"module": tt.module, "id": recID}, tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if e := problem(err); tt.field != "" && (e == nil || len(e.Fields) != 1 || e.Fields[0].Field != tt.field) {
				t.Errorf("problem = %+v, want one error on %s", e, tt.field)
			}
			if e := problem(err); tt.detail != "" && (e == nil || !strings.Contains(e.Detail, tt.detail)) {
				t.Errorf("problem = %+v, want a detail with %q", e, tt.detail)
			}
			if tt.want != http.StatusCreated {
				if len(f.created) != 0 || len(m.sent) != 0 || len(f.audits) != 0 {
					t.Errorf("created %v, sent %v, audited %v on a refused request", f.created, m.sent, f.audits)
				}
				return
			}
			if len(f.created) != 1 {
				t.Fatalf("created = %v, want one invitation", f.created)
			}
			u := f.created[0]
			if u.Email != "bia@example.com" || u.Status != invite.Invited || u.RecordID != recID || u.AccountID != "acc12345" ||
				u.UserTypeID != typeID || u.InvitedBy != admin.UserID || u.TokenHash == "" || !u.TokenExpiresAt.Equal(now.Add(invite.DefaultLifetime)) {
				t.Errorf("created = %+v", u)
			}
			if s := f.seats[0]; s.Delta != 1 || s.Capacity != 5 || s.UserType.ID != typeID {
				t.Errorf("seat = %+v, want one of Customers' 5", s)
			}
			if len(f.deliveries) != 1 || f.deliveries[0].State != tt.wantState {
				t.Errorf("deliveries written = %+v, want one %s", f.deliveries, tt.wantState)
			}
			j := reply.Body.(UserJSON)
			if j.Delivery == nil || j.Delivery.State != tt.wantState || j.UserType.Name != "Customers" || j.Version != 1 {
				t.Errorf("answer = %+v, want %s as Customers, version 1", j, tt.wantState)
			}
			if tt.mailFails {
				if f.deliveries[0].Reason != "the email service could not be reached" {
					t.Errorf("reason = %q", f.deliveries[0].Reason)
				}
				return
			}
			if len(m.sent) != 1 || m.sent[0].To != "bia@example.com" || !strings.Contains(m.sent[0].Text, "https://portal.example/p/acme/invite/") {
				t.Errorf("sent = %+v, want the link to the portal's invitation page to the record's email", m.sent)
			}
			if len(f.audits) != 1 || f.audits[0].Action != audit.InvitationSent || f.audits[0].Detail != "Customers: sent" {
				t.Errorf("audits = %+v, want one invitation naming the type", f.audits)
			}
		})
	}
}

// TestSendInvitationRepeat: the same invitation moments later answers the first (200) and
// writes and sends nothing.
func TestSendInvitationRepeat(t *testing.T) {
	f := world()
	f.users[userID] = store.PortalUser{ID: userID, RecordID: recID, UserTypeID: typeID, Status: invite.Invited, InvitedAt: now.Add(-time.Minute), Version: 1}
	m := &fakeMail{}
	reply, err := service(f, m).SendInvitation(context.Background(), admin,
		request(map[string]string{"module": crm.Contacts, "id": recID}, `{"userTypeId":"`+typeID+`"}`))
	if got := status(reply, err); got != http.StatusOK {
		t.Fatalf("status = %d (%v), want 200", got, err)
	}
	if j := reply.Body.(UserJSON); j.ID != userID {
		t.Errorf("answer = %+v, want the first invitation", j)
	}
	if len(f.created) != 0 || len(m.sent) != 0 {
		t.Errorf("created %v, sent %v; want nothing", f.created, m.sent)
	}
}

// TestSendInvitationSeatRace: a seat condition that keeps failing (the type changing under
// the request) is tried seatAttempts times, reading the type again each time, then is 409.
func TestSendInvitationSeatRace(t *testing.T) {
	f := world()
	tries := 0
	f.create = func(store.PortalUser, store.InviteToken, store.Seat) error { tries++; return store.ErrNoSeat }
	m := &fakeMail{}
	reply, err := service(f, m).SendInvitation(context.Background(), admin,
		request(map[string]string{"module": crm.Contacts, "id": recID}, `{"userTypeId":"`+typeID+`"}`))
	if got := status(reply, err); got != http.StatusConflict {
		t.Fatalf("status = %d (%v), want 409", got, err)
	}
	if tries != seatAttempts || f.typeReads != seatAttempts {
		t.Errorf("tried %d times reading the type %d times, want %d each", tries, f.typeReads, seatAttempts)
	}
	if len(m.sent) != 0 {
		t.Errorf("sent %v", m.sent)
	}
}

func TestAct(t *testing.T) {
	active := store.PortalUser{OrgID: "org1", ID: userID, Email: "bia@example.com", RecordID: recID, RecordModule: crm.Contacts,
		UserTypeID: typeID, Status: invite.Active, PasswordHash: "h", Version: 4}
	invited := active
	invited.Status, invited.PasswordHash = invite.Invited, ""
	deactivatedFull := active
	deactivatedFull.Status, deactivatedFull.UserTypeID = invite.Deactivated, otherID
	tests := []struct {
		name         string
		who          staffguard.Principal
		action, body string
		user         store.PortalUser
		failures     int
		changeErr    error
		want         int
		detail       string
		wantStatus   string // the status written
		wantSeats    []int  // the seat deltas written
		wantSessions int    // DeleteUserSessions calls
		wantSent     int
	}{
		{name: "a member may not", who: member, action: invite.Deactivate, user: active, want: http.StatusForbidden},
		{name: "an unknown action", who: admin, action: "promote", user: active, want: http.StatusNotFound},
		{name: "a change of type names the type", who: admin, action: invite.ChangeType, body: `{}`, user: active, want: http.StatusUnprocessableEntity},
		{name: "no such user", who: admin, action: invite.Deactivate, want: http.StatusNotFound, detail: "no portal user with that id"},
		{name: "an active user gets no new invitation", who: admin, action: invite.Resend, user: active, want: http.StatusConflict,
			detail: "only an invited user"},
		{name: "deactivation frees the seat and ends the sessions", who: admin, action: invite.Deactivate, user: active,
			want: http.StatusOK, wantStatus: invite.Deactivated, wantSeats: []int{-1}, wantSessions: 2},
		{name: "a type of another base module", who: admin, action: invite.ChangeType, body: `{"userTypeId":"` + leadType + `"}`, user: active,
			want: http.StatusUnprocessableEntity},
		{name: "a full type", who: admin, action: invite.ChangeType, body: `{"userTypeId":"` + otherID + `"}`, user: active,
			want: http.StatusUnprocessableEntity},
		{name: "a change of type moves the seat and ends the sessions", who: admin, action: invite.ChangeType, body: `{"userTypeId":"` + roomyID + `"}`, user: active,
			want: http.StatusOK, wantStatus: invite.Active, wantSeats: []int{-1, 1}, wantSessions: 2},
		{name: "activating into a full type", who: admin, action: invite.Activate, user: deactivatedFull,
			want: http.StatusUnprocessableEntity},
		{name: "a resend emails a new link", who: admin, action: invite.Resend, user: invited,
			want: http.StatusOK, wantStatus: invite.Invited, wantSent: 1},
		{name: "the fourth resend in an hour", who: admin, action: invite.Resend, user: invited, failures: invite.ResendsPerHour,
			want: http.StatusTooManyRequests},
		{name: "changed meanwhile", who: admin, action: invite.Deactivate, user: active, changeErr: store.ErrVersion,
			want: http.StatusConflict, detail: "the portal user changed meanwhile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := world()
			if tt.user.ID != "" {
				f.users[tt.user.ID] = tt.user
			}
			f.failures = tt.failures
			f.change = func(u store.PortalUser, c store.UserChange) (store.PortalUser, error) {
				if tt.changeErr != nil {
					return store.PortalUser{}, tt.changeErr
				}
				n := c.Next
				n.Version = u.Version + 1
				return n, nil
			}
			m := &fakeMail{}
			reply, err := service(f, m).Act(context.Background(), tt.who,
				request(map[string]string{"id": userID, "action": tt.action}, tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if e := problem(err); tt.detail != "" && (e == nil || !strings.Contains(e.Detail, tt.detail)) {
				t.Errorf("problem = %+v, want a detail with %q", e, tt.detail)
			}
			if len(m.sent) != tt.wantSent {
				t.Errorf("sent %d emails, want %d", len(m.sent), tt.wantSent)
			}
			if tt.want != http.StatusOK {
				if len(f.changes) != 0 || len(f.audits) != 0 || f.counted != 0 {
					t.Errorf("changed %v, audited %v, counted %d on a refused request", f.changes, f.audits, f.counted)
				}
				return
			}
			if len(f.changes) != 1 || f.changes[0].Next.Status != tt.wantStatus {
				t.Fatalf("changes = %+v, want one to %s", f.changes, tt.wantStatus)
			}
			var deltas []int
			for _, s := range f.changes[0].Seats {
				deltas = append(deltas, s.Delta)
			}
			if fmt.Sprint(deltas) != fmt.Sprint(tt.wantSeats) {
				t.Errorf("seat deltas = %v, want %v", deltas, tt.wantSeats)
			}
			if f.sessions != tt.wantSessions {
				t.Errorf("DeleteUserSessions called %d times, want %d", f.sessions, tt.wantSessions)
			}
			if len(f.audits) != 1 || f.audits[0].Action != audit.PortalUserAction+tt.action || f.audits[0].Detail != tt.user.Email {
				t.Errorf("audits = %+v, want one naming the user", f.audits)
			}
			if tt.action == invite.Resend && (f.counted != 1 || f.changes[0].NewToken == nil) {
				t.Errorf("counted %d resends, new token %v; want one and a token", f.counted, f.changes[0].NewToken)
			}
		})
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		name   string
		who    staffguard.Principal
		query  map[string]string
		want   int
		fields []string
		items  int
	}{
		{"a member may not", member, nil, http.StatusForbidden, nil, 0},
		{"a bad status and type", admin, map[string]string{"status": "gone", "userTypeId": "x"}, http.StatusBadRequest, []string{"status", "userTypeId"}, 0},
		{"active users with their type's name", admin, map[string]string{"status": "active"}, http.StatusOK, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := world()
			f.users[userID] = store.PortalUser{ID: userID, UserTypeID: typeID, Status: invite.Active, TokenHash: "secret-hash"}
			f.users["user5678"] = store.PortalUser{ID: "user5678", UserTypeID: typeID, Status: invite.Invited}
			r := request(nil, "")
			r.QueryStringParameters = tt.query
			reply, err := service(f, &fakeMail{}).List(context.Background(), tt.who, r)
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.fields != nil {
				var got []string
				for _, fe := range problem(err).Fields {
					got = append(got, fe.Field)
				}
				if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
					t.Errorf("fields = %v, want %v", got, tt.fields)
				}
			}
			if tt.want != http.StatusOK {
				return
			}
			l := reply.Body.(userList)
			if len(l.Items) != tt.items || l.Items[0].UserType.Name != "Customers" {
				t.Errorf("items = %+v, want %d with the type's name", l.Items, tt.items)
			}
		})
	}
}

func TestPutTemplate(t *testing.T) {
	good := `{"subject":"{{.Company}}","text":"Go: {{.Link}}","html":"<a href=\"{{.Link}}\">go</a>"}`
	tests := []struct {
		name, tmpl, lang, body string
		who                    staffguard.Principal
		want                   int
	}{
		{"a member may not", "invitation", "en", good, member, http.StatusForbidden},
		{"not an editable email", "staff-reset", "en", good, admin, http.StatusNotFound},
		{"not a language of the emails", "invitation", "fr", good, admin, http.StatusNotFound},
		{"without the link", "invitation", "en", `{"subject":"s","text":"no link","html":"<p>{{.Link}}</p>"}`, admin, http.StatusUnprocessableEntity},
		{"saved", "invitation", "pt-BR", good, admin, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := world()
			reply, err := service(f, &fakeMail{}).PutTemplate(context.Background(), tt.who,
				request(map[string]string{"name": tt.tmpl, "lang": tt.lang}, tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.want != http.StatusOK {
				if len(f.saved) != 0 || len(f.audits) != 0 {
					t.Errorf("saved %v, audited %v on a refused request", f.saved, f.audits)
				}
				return
			}
			if len(f.saved) != 1 || f.saved[0].Name != tt.tmpl || f.saved[0].Language != tt.lang || f.saved[0].UpdatedBy != admin.UserID {
				t.Errorf("saved = %+v", f.saved)
			}
			if j := reply.Body.(TemplateJSON); !j.Custom {
				t.Errorf("answer = %+v, want custom", j)
			}
		})
	}
}

// TestInvitationUsesTheOrganizationsEmail: the invitation goes out in the organization's own
// version of the email when it has one.
func TestInvitationUsesTheOrganizationsEmail(t *testing.T) {
	f := world()
	f.templates = map[string]store.MailTemplate{"invitation#en": {Subject: "Welcome {{.Name}}", Text: "Here: {{.Link}}", HTML: "<a href=\"{{.Link}}\">x</a>"}}
	m := &fakeMail{}
	_, err := service(f, m).SendInvitation(context.Background(), admin,
		request(map[string]string{"module": crm.Contacts, "id": recID}, `{"userTypeId":"`+typeID+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.sent) != 1 || m.sent[0].Subject != "Welcome Bia Souza" || !strings.HasPrefix(m.sent[0].Text, "Here: https://portal.example/p/acme/invite/") {
		t.Errorf("sent = %+v, want the organization's version", m.sent)
	}
}

func TestEmailEvents(t *testing.T) {
	bounce := `{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"NoEmail"},"mail":{"messageId":"m1"}}`
	delivered := `{"eventType":"Delivery","mail":{"messageId":"m2"}}`
	tests := []struct {
		name       string
		messages   []string
		mark       func(string, store.Delivery) (store.PortalUser, error)
		wantErr    bool
		wantStates []string
		wantAudits int
	}{
		{name: "a bounce is marked and audited", messages: []string{bounce},
			mark: func(string, store.Delivery) (store.PortalUser, error) {
				return store.PortalUser{ID: userID, OrgID: "org1"}, nil
			},
			wantStates: []string{invite.Bounced}, wantAudits: 1},
		{name: "a delivery is marked, not audited", messages: []string{delivered},
			mark: func(string, store.Delivery) (store.PortalUser, error) {
				return store.PortalUser{ID: userID, OrgID: "org1"}, nil
			},
			wantStates: []string{invite.Delivered}},
		{name: "unreadable and untracked ones are skipped", messages: []string{"not json", `{"eventType":"Open","mail":{"messageId":"m3"}}`, bounce},
			mark: func(id string, _ store.Delivery) (store.PortalUser, error) {
				return store.PortalUser{}, store.ErrNotFound // a staff email
			}},
		{name: "a storage failure fails the batch", messages: []string{bounce},
			mark: func(string, store.Delivery) (store.PortalUser, error) {
				return store.PortalUser{}, errors.New("throttled")
			},
			wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := world()
			f.mark = tt.mark
			var ev events.SNSEvent
			for _, msg := range tt.messages {
				ev.Records = append(ev.Records, events.SNSEventRecord{SNS: events.SNSEntity{Message: msg}})
			}
			err := service(f, &fakeMail{}).EmailEvents(context.Background(), ev)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			var states []string
			for _, d := range f.deliveries {
				states = append(states, d.State)
				if !d.At.Equal(now) {
					t.Errorf("marked at %v, want %v", d.At, now)
				}
			}
			if strings.Join(states, ",") != strings.Join(tt.wantStates, ",") || len(f.audits) != tt.wantAudits {
				t.Errorf("marked %v with %d audits, want %v with %d", states, len(f.audits), tt.wantStates, tt.wantAudits)
			}
		})
	}
}
