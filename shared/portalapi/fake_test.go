package portalapi

import (
	"context"
	"crmportal/shared/secondfactor"
	"errors"
	"fmt"
	"time"

	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/modules"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// fakeStore is the storage of the portal user's routes (and of their guard and module
// catalog) as functions: a test sets the reads it expects; a call without a function fails
// with an error naming it. Writes are recorded in writes, by method, in order, so a test sees
// what was written and that nothing was on a refused request.
type fakeStore struct {
	// loginErrs are the answers of the next CreatePortalLogin calls, in turn (then success).
	loginErrs []error
	now       time.Time

	session      func(hash string) (store.Session, error)
	userType     func(org, id string) (store.UserType, error)
	org          func(id string) (store.Org, error)
	portal       func(org string) (store.Portal, error)
	portalBySlug func(slug string) (store.Portal, error)
	portalUser   func(org, id string) (store.PortalUser, error)
	forLogin     func(org, email string) (store.PortalUser, error)
	record       func(m crm.Module, org, id string) (store.Record, error)
	consistent   func(m crm.Module, org, id string) (store.Record, error)
	countUse     func(kind, who string, max int) (bool, time.Time, error)
	updateRecord func(old, next store.Record) error
	inviteToken  func(hash string) (store.InviteToken, error)
	all          func(max int) ([]store.Record, error) // a whole list (ListAll...)

	writes   []string
	audit    []store.AuditEntry
	created  []store.Record
	updated  []store.Record
	sessions []store.Session
}

var _ portalStore = (*fakeStore)(nil)
var _ modules.Store = (*fakeStore)(nil)

func unexpected(method string) error { return fmt.Errorf("fakeStore: unexpected %s", method) }

func (f *fakeStore) wrote(method string) { f.writes = append(f.writes, method) }

func (f *fakeStore) Now() time.Time { return f.now }
func (f *fakeStore) AppendAudit(_ context.Context, e store.AuditEntry) error {
	f.audit = append(f.audit, e)
	return nil
}
func (f *fakeStore) GetMailTemplate(context.Context, string, string, string) (store.MailTemplate, error) {
	return store.MailTemplate{}, store.ErrNotFound
}

// Prefetch reads nothing ahead: the fake answers every read from memory.
func (f *fakeStore) Prefetch(ctx context.Context, _ ...store.ItemKey) (context.Context, error) {
	return ctx, nil
}

func (f *fakeStore) GetSession(_ context.Context, hash string) (store.Session, error) {
	if f.session == nil {
		return store.Session{}, unexpected("GetSession")
	}
	return f.session(hash)
}
func (f *fakeStore) TouchSession(context.Context, string, time.Time) error {
	f.wrote("TouchSession")
	return nil
}
func (f *fakeStore) GetOrg(_ context.Context, id string) (store.Org, error) {
	if f.org == nil {
		return store.Org{}, unexpected("GetOrg")
	}
	return f.org(id)
}
func (f *fakeStore) GetPortal(_ context.Context, org string) (store.Portal, error) {
	if f.portal == nil {
		return store.Portal{}, unexpected("GetPortal")
	}
	return f.portal(org)
}
func (f *fakeStore) PortalBySlug(_ context.Context, slug string) (store.Portal, error) {
	if f.portalBySlug == nil {
		return store.Portal{}, unexpected("PortalBySlug")
	}
	return f.portalBySlug(slug)
}

// OrgBySlug answers the organization of the portal portalBySlug gives.
func (f *fakeStore) OrgBySlug(_ context.Context, slug string) (string, error) {
	if f.portalBySlug == nil {
		return "", unexpected("OrgBySlug")
	}
	pt, err := f.portalBySlug(slug)
	return pt.OrgID, err
}
func (f *fakeStore) GetUserType(_ context.Context, org, id string) (store.UserType, error) {
	if f.userType == nil {
		return store.UserType{}, unexpected("GetUserType")
	}
	return f.userType(org, id)
}
func (f *fakeStore) GetPortalUser(_ context.Context, org, id string) (store.PortalUser, error) {
	if f.portalUser == nil {
		return store.PortalUser{}, unexpected("GetPortalUser")
	}
	return f.portalUser(org, id)
}
func (f *fakeStore) PortalUserForLogin(_ context.Context, org, email string) (store.PortalUser, error) {
	if f.forLogin == nil {
		return store.PortalUser{}, unexpected("PortalUserForLogin")
	}
	return f.forLogin(org, email)
}
func (f *fakeStore) PortalUserByEmail(context.Context, string, string) (store.PortalUser, error) {
	return store.PortalUser{}, unexpected("PortalUserByEmail")
}
func (f *fakeStore) SetPreferences(context.Context, string, string, store.Preferences) error {
	f.wrote("SetPreferences")
	return nil
}
func (f *fakeStore) CreateSession(_ context.Context, ss store.Session, _ ...store.SessionGuard) error {
	f.wrote("CreateSession")
	f.sessions = append(f.sessions, ss)
	return nil
}
func (f *fakeStore) CreatePortalLogin(_ context.Context, ss store.Session, _ store.PortalUser, e *store.AuditEntry) error {
	f.wrote("CreatePortalLogin")
	if len(f.loginErrs) > 0 {
		err := f.loginErrs[0]
		f.loginErrs = f.loginErrs[1:]
		return err
	}
	f.sessions = append(f.sessions, ss)
	if e != nil {
		f.audit = append(f.audit, *e)
	}
	return nil
}
func (f *fakeStore) PortalSessionGuard(store.PortalUser) store.SessionGuard {
	return store.SessionGuard{}
}
func (f *fakeStore) DeleteSession(context.Context, string) error {
	f.wrote("DeleteSession")
	return nil
}
func (f *fakeStore) GetInviteToken(_ context.Context, hash string) (store.InviteToken, error) {
	if f.inviteToken == nil {
		return store.InviteToken{}, unexpected("GetInviteToken")
	}
	return f.inviteToken(hash)
}
func (f *fakeStore) AcceptInvitation(_ context.Context, _ store.InviteToken, u store.PortalUser, _ string) (store.PortalUser, error) {
	f.wrote("AcceptInvitation")
	u.Status = "active"
	return u, nil
}
func (f *fakeStore) RequestMail(context.Context, store.MailRequest, store.ThrottleKey, time.Time, time.Time, int) (bool, error) {
	f.wrote("RequestMail")
	return true, nil
}
func (f *fakeStore) FinishMailRequest(context.Context, string, string) error {
	f.wrote("FinishMailRequest")
	return nil
}
func (f *fakeStore) CreateResetToken(context.Context, store.ResetToken, string, string) error {
	f.wrote("CreateResetToken")
	return nil
}
func (f *fakeStore) GetResetToken(context.Context, string) (store.ResetToken, error) {
	return store.ResetToken{}, unexpected("GetResetToken")
}
func (f *fakeStore) UsePortalResetToken(context.Context, store.ResetToken, string) error {
	f.wrote("UsePortalResetToken")
	return nil
}
func (f *fakeStore) CountUse(_ context.Context, kind, who string, max int) (bool, time.Time, error) {
	f.wrote("CountUse")
	if f.countUse == nil {
		return false, time.Time{}, unexpected("CountUse")
	}
	return f.countUse(kind, who, max)
}
func (f *fakeStore) UncountUse(context.Context, string, string, time.Time) error {
	f.wrote("UncountUse")
	return nil
}
func (f *fakeStore) GetRecord(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
	if f.record == nil {
		return store.Record{}, unexpected("GetRecord")
	}
	return f.record(m, org, id)
}
func (f *fakeStore) GetRecordConsistent(_ context.Context, m crm.Module, org, id string) (store.Record, error) {
	if f.consistent == nil {
		return store.Record{}, unexpected("GetRecordConsistent")
	}
	return f.consistent(m, org, id)
}
func (f *fakeStore) ListLinkedPage(context.Context, crm.Module, string, string, string, crm.ListQuery) (store.Page[store.Record], error) {
	return store.Page[store.Record]{}, unexpected("ListLinkedPage")
}
func (f *fakeStore) ListAllLinked(_ context.Context, _ crm.Module, _, _, _ string, _ crm.ListQuery, max int) ([]store.Record, error) {
	if f.all == nil {
		return nil, unexpected("ListAllLinked")
	}
	return f.all(max)
}
func (f *fakeStore) ListAllRecords(_ context.Context, _ crm.Module, _ string, _ crm.ListQuery, max int) ([]store.Record, error) {
	if f.all == nil {
		return nil, unexpected("ListAllRecords")
	}
	return f.all(max)
}
func (f *fakeStore) ListRecordsPage(context.Context, crm.Module, string, crm.ListQuery) (store.Page[store.Record], error) {
	return store.Page[store.Record]{}, unexpected("ListRecordsPage")
}
func (f *fakeStore) CreateRecord(_ context.Context, _ crm.Module, r store.Record, _ ...store.Event) error {
	f.wrote("CreateRecord")
	f.created = append(f.created, r)
	return nil
}
func (f *fakeStore) UpdateRecord(_ context.Context, _ crm.Module, old, r store.Record, _ ...store.Event) error {
	f.wrote("UpdateRecord")
	f.updated = append(f.updated, r)
	if f.updateRecord != nil {
		return f.updateRecord(old, r)
	}
	return nil
}
func (f *fakeStore) DeleteRecord(context.Context, crm.Module, store.Record) error {
	f.wrote("DeleteRecord")
	return nil
}

// The module catalog's reads: an organization without customizations; lookups name the
// records they point to "Acme".
func (f *fakeStore) GetCustomization(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}
func (f *fakeStore) GetCustomizationConsistent(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}
func (f *fakeStore) GetCustomizations(context.Context, string, []string) (map[string]crm.Customization, error) {
	return map[string]crm.Customization{}, nil
}
func (f *fakeStore) RecordNames(_ context.Context, _ string, refs []store.RefKey) (map[store.RefKey]string, error) {
	out := map[store.RefKey]string{}
	for _, r := range refs {
		out[r] = "Acme"
	}
	return out, nil
}

// fakeLogins answers VerifyLogin with ok, after calling lookup as the throttle does.
type fakeLogins struct {
	ok    bool
	calls int
}

func (f *fakeLogins) VerifyLogin(_ context.Context, _ *httpapi.Request, _, _ string, lookup func() (string, bool, error), _ ...func() []store.ItemKey) (bool, bool, error) {
	f.calls++
	_, active, err := lookup()
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, false, err
	}
	return f.ok && active, false, nil
}

// fakeMail records the messages sent.
type fakeMail struct{ sent []mail.Message }

func (f *fakeMail) Send(_ context.Context, m mail.Message) (string, error) {
	f.sent = append(f.sent, m)
	return "id", nil
}

// newService is the service over fs, with a portal at https://portal.example.
func newService(fs *fakeStore) *Service {
	cat := modules.New(fs)
	return &Service{Guard: portalguard.NewWith(fs, cat, "https://portal.example"), Store: fs, Records: cat,
		Logins: &fakeLogins{}, Mail: &fakeMail{}, Staff: staffguard.New(nil, config.Config{PortalBaseURL: "https://portal.example"}),
		Factors: noFactors{}}
}

// noFactors are second factor flows under which no login asks for one (the flows themselves
// are tested against the local stack, infra/apitest).
type noFactors struct{ FactorFlows }

func (noFactors) Begin(context.Context, secondfactor.Person, string, string) (*httpapi.Reply, error) {
	return nil, nil
}

func asError(err error, target **httpapi.Error) bool { return errors.As(err, target) }
