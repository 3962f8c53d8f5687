package staffauth

import (
	"context"
	"crmportal/shared/secondfactor"
	"errors"
	"testing"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

var (
	errNotFaked = errors.New("fake: call not expected by this case")
	now         = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
)

const (
	orgID  = "org12345"
	userID = "user1234"
	portal = "https://portal.example"
)

// fakeStore is the sign-in routes' store: reads answer from a few values a case sets (a
// missing value is store.ErrNotFound; a call no case expects is errNotFaked); every write is
// recorded.
type fakeStore struct {
	org      store.Org
	staff    []store.Staff
	sessions map[string]store.Session
	tokens   map[string]store.ResetToken
	useToken func(store.ResetToken, string) error

	reads           int // reads of members, sessions and tokens
	createdSessions []store.Session
	deletedSessions []string
	mailRequests    []store.MailRequest
	mailKeys        []store.ThrottleKey
	finished        map[string]string
	usedTokens      []string // the password hashes set
	audits          []store.AuditEntry
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

func (f *fakeStore) staffWhere(match func(store.Staff) bool) (store.Staff, error) {
	f.reads++
	for _, u := range f.staff {
		if match(u) {
			return u, nil
		}
	}
	return store.Staff{}, store.ErrNotFound
}

func (f *fakeStore) StaffForLogin(ctx context.Context, email string) (store.Staff, error) {
	return f.StaffByEmail(ctx, email)
}

func (f *fakeStore) StaffByEmail(_ context.Context, email string) (store.Staff, error) {
	return f.staffWhere(func(u store.Staff) bool { return u.Email == store.NormalizeEmail(email) })
}

func (f *fakeStore) GetStaff(ctx context.Context, org, id string) (store.Staff, error) {
	return f.GetStaffConsistent(ctx, org, id)
}

func (f *fakeStore) GetStaffConsistent(_ context.Context, org, id string) (store.Staff, error) {
	return f.staffWhere(func(u store.Staff) bool { return u.OrgID == org && u.ID == id })
}

func (f *fakeStore) RehashPassword(context.Context, string, string, string, string) error {
	return errNotFaked
}

func (f *fakeStore) StaffSessionGuard(org, user, hash string) store.SessionGuard {
	return store.SessionGuard{}
}

func (f *fakeStore) CreateSession(_ context.Context, ss store.Session, _ ...store.SessionGuard) error {
	f.createdSessions = append(f.createdSessions, ss)
	return nil
}

// Prefetch reads nothing ahead: the fake answers every read from memory.
func (f *fakeStore) Prefetch(ctx context.Context, _ ...store.ItemKey) (context.Context, error) {
	return ctx, nil
}

func (f *fakeStore) GetSession(_ context.Context, hash string) (store.Session, error) {
	f.reads++
	s, ok := f.sessions[hash]
	if !ok {
		return store.Session{}, store.ErrNotFound
	}
	return s, nil
}

func (f *fakeStore) DeleteSession(_ context.Context, hash string) error {
	f.deletedSessions = append(f.deletedSessions, hash)
	return nil
}

func (f *fakeStore) RequestMail(_ context.Context, r store.MailRequest, k store.ThrottleKey, _, _ time.Time, _ int) (bool, error) {
	f.mailRequests, f.mailKeys = append(f.mailRequests, r), append(f.mailKeys, k)
	return true, nil
}

func (f *fakeStore) FinishMailRequest(_ context.Context, id, outcome string) error {
	if f.finished == nil {
		f.finished = map[string]string{}
	}
	f.finished[id] = outcome
	return nil
}

func (f *fakeStore) GetResetToken(_ context.Context, hash string) (store.ResetToken, error) {
	f.reads++
	t, ok := f.tokens[hash]
	if !ok {
		return store.ResetToken{}, store.ErrNotFound
	}
	return t, nil
}

func (f *fakeStore) UseResetToken(_ context.Context, t store.ResetToken, hash string) error {
	if f.useToken != nil {
		if err := f.useToken(t, hash); err != nil {
			return err
		}
	}
	f.usedTokens = append(f.usedTokens, hash)
	return nil
}

// fakeLoginStore is the throttle's counters: none counted before, failures recorded.
type fakeLoginStore struct {
	counts   store.LoginCounts
	failures int
}

func (f *fakeLoginStore) Now() time.Time { return now }

func (f *fakeLoginStore) LoginState(ctx context.Context, _ time.Time, _ store.LoginKeys, _ ...store.ItemKey) (context.Context, store.LoginCounts, error) {
	return ctx, f.counts, nil
}

func (f *fakeLoginStore) CountLoginFailure(context.Context, time.Time, time.Time, store.LoginKeys) error {
	f.failures++
	return nil
}

func (f *fakeLoginStore) RememberAddress(context.Context, store.LoginKeys, time.Time) error {
	return nil
}

// fakeLinks records the links made and mailed; makeErr fails making them.
type fakeLinks struct {
	made, mailed []store.Staff
	makeErr      error
}

func (l *fakeLinks) Make(_ context.Context, u store.Staff, _ bool, _ string) (string, time.Time, error) {
	if l.makeErr != nil {
		return "", time.Time{}, l.makeErr
	}
	l.made = append(l.made, u)
	return portal + "/admin/reset/secret", now.Add(time.Hour), nil
}

func (l *fakeLinks) Mail(_ context.Context, u store.Staff, _ string, _ time.Time, _ bool) error {
	l.mailed = append(l.mailed, u)
	return nil
}

func newService(f *fakeStore, ls *fakeLoginStore, l *fakeLinks) *Service {
	return &Service{Store: f, Links: l,
		// The guard's CSRF check reads nothing; handlers that need a principal get one.
		Guard:   staffguard.New(nil, config.Config{PortalBaseURL: portal}),
		Logins:  &logins.Logins{Store: ls, Throttle: auth.DefaultThrottle, Sleep: func(context.Context, time.Duration) {}},
		Factors: noFactors{}}
}

// noFactors are second factor flows under which no login asks for one (the flows themselves
// are tested against the local stack, infra/apitest).
type noFactors struct{ FactorFlows }

func (noFactors) Begin(context.Context, secondfactor.Person, string, string) (*httpapi.Reply, error) {
	return nil, nil
}

// request is a request of method with a JSON body (none for ""), with the CSRF header and
// the portal's origin when csrf is set.
func request(method, body string, csrf bool) *httpapi.Request {
	r := &httpapi.Request{Body: body, Headers: map[string]string{}}
	if body != "" {
		r.Headers["content-type"] = "application/json"
	}
	if csrf {
		r.Headers["x-requested-with"] = auth.RequestedWithValue
		r.Headers["origin"] = portal
	}
	r.RequestContext.HTTP.Method = method
	r.RequestContext.HTTP.SourceIP = "192.0.2.7"
	return r
}

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
