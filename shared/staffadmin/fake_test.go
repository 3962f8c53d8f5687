package staffadmin

import (
	"context"
	"errors"
	"testing"
	"time"

	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

var (
	errNotFaked = errors.New("fake: call not expected by this case")
	now         = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	admin       = staffguard.Principal{OrgID: "org12345", UserID: "admin123", Role: store.RoleAdmin, Name: "Ana Admin"}
	user        = staffguard.Principal{OrgID: "org12345", UserID: "user1234", Role: store.RoleUser, Name: "Uri User"}
)

// fakeStore is the administration routes' store: reads answer from a few values a case
// sets, the rest from functions (nil: a call the case does not expect, errNotFaked); every
// write is recorded.
type fakeStore struct {
	org         store.Org
	staff       []store.Staff
	tokens      []store.APIToken
	createStaff func(store.Staff) error
	changeStaff func(from store.Staff, c store.StaffChange) (store.Staff, error)
	deleteToken func(org, user, id string) (store.APIToken, error) // user "" for an admin's
	auditPage   func(f store.AuditFilter, limit int, after string) (store.Page[store.AuditEntry], error)

	createdStaff  []store.Staff
	changes       []store.StaffChange
	orgChanges    []store.OrgChanges
	createdTokens []store.APIToken
	deletedTokens []string
	audits        []store.AuditEntry
}

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audits = append(f.audits, e)
	return nil
}

func (f *fakeStore) GetOrg(_ context.Context, id string) (store.Org, error) {
	if id != f.org.ID {
		return store.Org{}, store.ErrNotFound
	}
	return f.org, nil
}

func (f *fakeStore) UpdateOrg(_ context.Context, id string, c store.OrgChanges) (store.Org, error) {
	f.orgChanges = append(f.orgChanges, c)
	o := f.org
	if c.Language != nil {
		o.Language = *c.Language
	}
	if c.Name != nil {
		o.Name = *c.Name
	}
	return o, nil
}

func (f *fakeStore) GetStaff(ctx context.Context, org, id string) (store.Staff, error) {
	return f.GetStaffConsistent(ctx, org, id)
}

func (f *fakeStore) GetStaffConsistent(_ context.Context, org, id string) (store.Staff, error) {
	for _, u := range f.staff {
		if u.OrgID == org && u.ID == id {
			return u, nil
		}
	}
	return store.Staff{}, store.ErrNotFound
}

func (f *fakeStore) ListStaff(_ context.Context, org string) ([]store.Staff, error) {
	var out []store.Staff
	for _, u := range f.staff {
		if u.OrgID == org {
			out = append(out, u)
		}
	}
	return out, nil
}

func (f *fakeStore) CreateStaff(_ context.Context, u store.Staff) error {
	if f.createStaff == nil {
		return errNotFaked
	}
	if err := f.createStaff(u); err != nil {
		return err
	}
	f.createdStaff = append(f.createdStaff, u)
	return nil
}

func (f *fakeStore) ChangeStaff(_ context.Context, from store.Staff, c store.StaffChange) (store.Staff, error) {
	f.changes = append(f.changes, c)
	if f.changeStaff == nil {
		return store.Staff{}, errNotFaked
	}
	return f.changeStaff(from, c)
}

func (f *fakeStore) ListAPITokens(_ context.Context, org, user string) ([]store.APIToken, error) {
	var out []store.APIToken
	for _, t := range f.tokens {
		if t.OrgID == org && t.UserID == user {
			out = append(out, t)
		}
	}
	return out, nil
}

func (f *fakeStore) ListOrgAPITokens(_ context.Context, org, _ string) ([]store.APIToken, error) {
	var out []store.APIToken
	for _, t := range f.tokens {
		if t.OrgID == org {
			out = append(out, t)
		}
	}
	return out, nil
}

func (f *fakeStore) CreateAPIToken(_ context.Context, t store.APIToken) error {
	f.createdTokens = append(f.createdTokens, t)
	return nil
}

func (f *fakeStore) DeleteAPIToken(_ context.Context, org, user, id string) (store.APIToken, error) {
	if f.deleteToken == nil {
		return store.APIToken{}, errNotFaked
	}
	t, err := f.deleteToken(org, user, id)
	if err == nil {
		f.deletedTokens = append(f.deletedTokens, id)
	}
	return t, err
}

func (f *fakeStore) DeleteOrgAPIToken(ctx context.Context, org, id string) (store.APIToken, error) {
	return f.DeleteAPIToken(ctx, org, "", id)
}

func (f *fakeStore) ListAuditPage(_ context.Context, _ string, flt store.AuditFilter, limit int, after string) (store.Page[store.AuditEntry], error) {
	if f.auditPage == nil {
		return store.Page[store.AuditEntry]{}, errNotFaked
	}
	return f.auditPage(flt, limit, after)
}

func (f *fakeStore) CountUse(context.Context, string, string, int) (bool, time.Time, error) {
	return false, time.Time{}, errNotFaked
}

func (f *fakeStore) UncountUse(context.Context, string, string, time.Time) error { return errNotFaked }

// fakeLinks records the password links sent; err fails them.
type fakeLinks struct {
	sent []store.Staff
	err  error
}

func (l *fakeLinks) Send(_ context.Context, u store.Staff, setup bool) (string, error) {
	if !setup {
		return "", errors.New("fake: a new member's link is a first-password link")
	}
	l.sent = append(l.sent, u)
	if l.err != nil {
		return "https://portal.example/admin/reset/secret", l.err
	}
	return "https://portal.example/admin/reset/secret", nil
}

func newService(f *fakeStore, l *fakeLinks) *Service {
	// The guard reads nothing here: handlers are called with their principal.
	return &Service{Store: f, Guard: staffguard.New(nil, config.Config{}), Links: l}
}

// request is a JSON request with body (none for "").
func request(method, body string, params map[string]string) *httpapi.Request {
	r := &httpapi.Request{Body: body, PathParameters: params, QueryStringParameters: map[string]string{}}
	if body != "" {
		r.Headers = map[string]string{"content-type": "application/json"}
	}
	r.RequestContext.HTTP.Method = method
	return r
}

// status is the status a handler's answer gets.
func status(t *testing.T, reply *httpapi.Reply, err error) int {
	t.Helper()
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	if reply == nil {
		t.Fatal("no reply and no error")
	}
	return reply.Status
}

// fieldsOf names the fields of a 422.
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

func (f *fakeStore) FactorMethods(context.Context, string, string, []string) (map[string][]string, error) {
	return map[string][]string{}, nil
}

func (f *fakeStore) DeleteFactor(context.Context, string, string, string, int) error { return nil }
