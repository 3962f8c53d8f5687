// Package portalapi is the portal user's side: who they are and their preferences, the tabs
// they may open, the records of those tabs in their scope (list, read, create, edit,
// delete), their data export, and the anonymous steps around a session (invitation, login,
// password reset). Who the request's user is and what they may reach is portalguard's; the
// staff admin's read-only preview (POST /api/admin/preview) starts a portal session like any
// other, so the portal then answers exactly as it answers a user of that type.
package portalapi

import (
	"context"
	"encoding/json"
	"time"

	"crmportal/shared/branding"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/mail"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// portalStore is the storage the portal user's routes read and write.
type portalStore interface {
	Now() time.Time
	AppendAudit(ctx context.Context, e store.AuditEntry) error
	GetMailTemplate(ctx context.Context, org, name, lang string) (store.MailTemplate, error)

	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetPortal(ctx context.Context, org string) (store.Portal, error)
	OrgBySlug(ctx context.Context, slug string) (string, error)
	Prefetch(ctx context.Context, keys ...store.ItemKey) (context.Context, error)
	GetUserType(ctx context.Context, org, id string) (store.UserType, error)

	GetPortalUser(ctx context.Context, org, id string) (store.PortalUser, error)
	PortalUserForLogin(ctx context.Context, org, email string) (store.PortalUser, error)
	PortalUserByEmail(ctx context.Context, org, email string) (store.PortalUser, error)
	SetPreferences(ctx context.Context, org, id string, p store.Preferences) error

	CreateSession(ctx context.Context, ss store.Session, guards ...store.SessionGuard) error
	CreatePortalLogin(ctx context.Context, ss store.Session, u store.PortalUser, entry *store.AuditEntry) error
	PortalSessionGuard(u store.PortalUser) store.SessionGuard
	DeleteSession(ctx context.Context, hash string) error

	GetInviteToken(ctx context.Context, hash string) (store.InviteToken, error)
	AcceptInvitation(ctx context.Context, tok store.InviteToken, u store.PortalUser, passwordHash string) (store.PortalUser, error)
	RequestMail(ctx context.Context, r store.MailRequest, limit store.ThrottleKey, window, expires time.Time, max int) (bool, error)
	FinishMailRequest(ctx context.Context, id, outcome string) error
	CreateResetToken(ctx context.Context, t store.ResetToken, prev, request string) error
	GetResetToken(ctx context.Context, hash string) (store.ResetToken, error)
	UsePortalResetToken(ctx context.Context, t store.ResetToken, passwordHash string) error

	CountUse(ctx context.Context, kind, who string, max int) (ok bool, next time.Time, err error)
	UncountUse(ctx context.Context, kind, who string, counted time.Time) error

	GetRecord(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	ListLinkedPage(ctx context.Context, m crm.Module, org, target, linkField string, q crm.ListQuery) (store.Page[store.Record], error)
	ListRecordsPage(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (store.Page[store.Record], error)
	ListAllLinked(ctx context.Context, m crm.Module, org, target, linkField string, q crm.ListQuery, max int) ([]store.Record, error)
	ListAllRecords(ctx context.Context, m crm.Module, org string, q crm.ListQuery, max int) ([]store.Record, error)
	CreateRecord(ctx context.Context, m crm.Module, r store.Record, evs ...store.Event) error
	UpdateRecord(ctx context.Context, m crm.Module, old, r store.Record, evs ...store.Event) error
	DeleteRecord(ctx context.Context, m crm.Module, r store.Record) error
}

var _ portalStore = (*store.Store)(nil)

// recordBuilder is the modules as the organization sees them and the records built from
// request bodies against them.
type recordBuilder interface {
	Module(ctx context.Context, org, name string) (crm.Module, int, error)
	Build(ctx context.Context, m crm.Module, org string, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error)
	Apply(ctx context.Context, m crm.Module, old store.Record, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error)
}

var _ recordBuilder = (*modules.Catalog)(nil)

// loginVerifier checks a password under the login throttle (logins.Logins: one throttle
// for staff and portal logins).
type loginVerifier interface {
	VerifyLogin(ctx context.Context, r *httpapi.Request, account, password string, lookup func() (hash string, active bool, err error), also ...func() []store.ItemKey) (ok, rehash bool, err error)
}

// mailSender sends an email.
type mailSender interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

// Service holds what the portal user's routes share.
type Service struct {
	Guard   *portalguard.Guard
	Store   portalStore
	Records recordBuilder
	Logins  loginVerifier
	Mail    mailSender
	// Logos sign logo links; only the builders of the routes that show the portal set them
	// (newShowingLogo), so that the others do not build an S3 client.
	Logos branding.Logos
	// Staff authenticates the staff admin who starts a preview.
	Staff *staffguard.Guard
	// Factors are the second factor's flows; only the login's and /me/mfa's builders set them
	// (withFactors, from portalfactors), so that the other functions link neither the key
	// service nor the WebAuthn library. Nil: a login whose user a second factor is due for fails.
	Factors FactorFlows
	// Eraser and Codes erase the user on their request (RequestErasure); only /me/mfa's
	// builder sets them (withEraser).
	Eraser userEraser
	Codes  codeVerifier
	// Requests are the pending erasure requests (approval mode); set with Eraser.
	Requests erasureRequests
	// Finder reads search keys and the records they name (GET /api/search).
	Finder searchStore
	// Decisions write and read customers' decisions on quotes (DecideQuote).
	Decisions decisionStore
	// Writings find the user's notes and files for the data export; only the export's
	// builder sets them (withWritings), so that the other functions build no S3 presigner.
	Writings *Writings
	// SortScopeMax bounds a list sorted in memory (listSorted); 0 is the default,
	// [SortScopeMax]. Tests lower it.
	SortScopeMax int
}

// New builds the service from a function's dependencies, without an email sender: the
// portal's routes send none (the reset mailer, shared/resetmail, mails a reset and gives the
// service its sender), so they do not build an SES client.
func New(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return NewFrom(st, logins.New(st), nil, d)
}

// NewFrom builds the service over st, checking logins with logins and sending mail with
// sender (benchmarks and tests give ones that record their calls); d gives the rest.
func NewFrom(st *store.Store, verifier loginVerifier, sender mailSender, d platform.Deps) *Service {
	// Without the second factor's flows: the builders of the functions that run them add them
	// (withFactors), and so do the callers of NewFrom that log in users a factor is due for.
	return &Service{
		Guard:     portalguard.New(st, d.Config),
		Store:     st,
		Finder:    st,
		Decisions: st,
		Records:   modules.New(st),
		Logins:    verifier,
		Mail:      sender,
		Staff:     staffguard.New(st, d.Config),
	}
}
