// Package staffportalusers serves the staff side of the portal user lifecycle: invitations sent
// from a CRM record, the list of portal users and the actions on them (resend, revoke,
// deactivate, activate, change of type, erase), the editable emails, and the SES
// notifications that mark an invitation bounced or complained. The rules come from
// shared/invite and shared/access (seats); the store's transactions hold the seats; the
// emails are rendered by shared/orgmail (the organization's versions over the standard ones).
package staffportalusers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/customdomain"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/mail"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/modules"
	"crmportal/shared/orgmail"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// usersStore is what the portal user routes read and write: records, the portal, user types,
// the organization, portal users and their sessions, the resend counters, the email
// templates and the audit log.
type usersStore interface {
	Now() time.Time
	AppendAudit(ctx context.Context, e store.AuditEntry) error
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	GetPortal(ctx context.Context, org string) (store.Portal, error)
	GetPortalConsistent(ctx context.Context, org string) (store.Portal, error)
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetUserType(ctx context.Context, org, id string) (store.UserType, error)
	ListUserTypes(ctx context.Context, org string) ([]store.UserType, error)
	GetPortalUser(ctx context.Context, org, id string) (store.PortalUser, error)
	PortalUserByRecord(ctx context.Context, org, record string) (store.PortalUser, error)
	ListPortalUsers(ctx context.Context, org string, f store.PortalUserFilter, limit int, after string) ([]store.PortalUser, string, error)
	CreateInvitation(ctx context.Context, u store.PortalUser, tok store.InviteToken, seat store.Seat) error
	ChangePortalUser(ctx context.Context, u store.PortalUser, c store.UserChange) (store.PortalUser, error)
	SetDelivery(ctx context.Context, u store.PortalUser, d store.Delivery) error
	MarkDelivery(ctx context.Context, messageID string, d store.Delivery) (store.PortalUser, error)
	DeleteUserSessions(ctx context.Context, org, user string) error
	Failures(ctx context.Context, window time.Time, keys ...store.ThrottleKey) ([]int, error)
	AddFailure(ctx context.Context, window, expires time.Time, keys ...store.ThrottleKey) error
	GetMailTemplate(ctx context.Context, org, name, lang string) (store.MailTemplate, error)
	ListMailTemplates(ctx context.Context, org string) ([]store.MailTemplate, error)
	PutMailTemplate(ctx context.Context, org string, t store.MailTemplate) error
	DeleteMailTemplate(ctx context.Context, org, name, lang string) error
}

// catalog gives a module as the organization sees it (modules.Catalog).
type catalog interface {
	Module(ctx context.Context, org, name string) (crm.Module, int, error)
}

// sender sends one email and answers SES's message id (sesmail.Sender).
type sender interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

var (
	_ usersStore = (*store.Store)(nil)
	_ catalog    = (*modules.Catalog)(nil)
	_ sender     = (*sesmail.Sender)(nil)
)

// Service holds what the portal user routes use. Build one with New or NewFrom.
type Service struct {
	guard   *staffguard.Guard
	store   usersStore
	modules catalog
	mail    sender
	// portalBaseURL is this deployment's PORTAL_BASE_URL, where invitation links point ("":
	// the request's own origin, httpapi.PortalOrigin).
	portalBaseURL string
	// factors are the users' second factors (the list's mfa, the mfa-reset action).
	factors factorStore
	// personal is what an erasure removes besides the user (EraseUser).
	personal personalData
	// requests are the pending erasure requests (approval mode).
	requests requestStore
}

// personalData is a portal user's data outside their user item: their name and email in the
// audit log (pseudonymized), their notifications and digests and a pending erasure request
// (deleted).
type personalData interface {
	PseudonymizeAudit(ctx context.Context, subj store.ErasureSubject) error
	PseudonymizeDecisions(ctx context.Context, subj store.ErasureSubject) error
	DeleteUserNotifications(ctx context.Context, org, user string) error
	DeleteErasureRequest(ctx context.Context, org, user string) error
}

var _ personalData = (*store.Store)(nil)

// New builds the service from a function's dependencies, with the email sender that
// invitations use.
func New(d platform.Deps) *Service {
	return NewFrom(store.New(d.DynamoDB, d.Config.TableName, nil),
		sesmail.New(d), d.Config)
}

// newUnsent builds the service without an email sender, for the routes that send no email,
// so that their functions do not build an SES client.
func newUnsent(d platform.Deps) *Service {
	return NewFrom(store.New(d.DynamoDB, d.Config.TableName, nil), nil, d.Config)
}

// NewFrom builds the service over st and m (a store and a sender with a call log, in a
// benchmark) with the configuration cfg.
func NewFrom(st *store.Store, m *sesmail.Sender, cfg config.Config) *Service {
	return &Service{guard: staffguard.New(st, cfg), store: st, modules: modules.New(st), mail: m, portalBaseURL: cfg.PortalBaseURL, factors: st, personal: st, requests: st}
}

// portalOrigin is where the links of the emails point for the request in ctx.
func (s *Service) portalOrigin(ctx context.Context) string {
	return httpapi.PortalOrigin(ctx, s.portalBaseURL)
}

// TypeRef names a user type.
type TypeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// UserJSON is a portal user as the console sees it: no credentials, no token.
type UserJSON struct {
	ID                  string          `json:"id"`
	Email               string          `json:"email"`
	Name                string          `json:"name"`
	RecordID            string          `json:"recordId"`
	RecordModule        string          `json:"recordModule"`
	AccountID           string          `json:"accountId,omitempty"`
	UserType            TypeRef         `json:"userType"`
	Status              string          `json:"status"`
	Delivery            *store.Delivery `json:"delivery,omitempty"`
	InvitedAt           time.Time       `json:"invitedAt"`
	InvitationExpiresAt time.Time       `json:"invitationExpiresAt,omitzero"`
	AcceptedAt          time.Time       `json:"acceptedAt,omitzero"`
	LastLoginAt         time.Time       `json:"lastLoginAt,omitzero"`
	Version             int             `json:"version"`
	AccountAdmin        bool            `json:"accountAdmin"`
	// MFA are the second factors the user enrolled ("totp"); in the list only.
	MFA []string `json:"mfa,omitzero"`
}

// ToJSON is u as the console sees it; typeName names its user type.
func ToJSON(u store.PortalUser, typeName string) UserJSON {
	j := UserJSON{ID: u.ID, Email: u.Email, Name: u.Name, RecordID: u.RecordID, RecordModule: u.RecordModule,
		AccountID: u.AccountID, UserType: TypeRef{ID: u.UserTypeID, Name: typeName}, Status: u.Status,
		Delivery: u.Delivery, InvitedAt: u.InvitedAt, AcceptedAt: u.AcceptedAt, LastLoginAt: u.LastLoginAt, Version: u.Version,
		AccountAdmin: u.AccountAdmin}
	if u.Status == invite.Invited {
		j.InvitationExpiresAt = u.TokenExpiresAt
	}
	return j
}

// seat is the seat ut gives one more user of org, for the store's condition.
func seat(org store.Org, ut store.UserType) store.Seat {
	st := store.Seat{UserType: ut, Delta: 1, Capacity: access.Capacity(ut.UserType, org.Limits)}
	if ut.Free() {
		fs := org.Limits.FreeSeats
		st.FreeSeats = &fs
	}
	return st
}

// newToken makes an invitation token for u of org: the secret for the link and the stored
// hash, expiring after the organization's invitation lifetime.
func (s *Service) newToken(org store.Org, u store.PortalUser) (string, store.InviteToken, error) {
	secret, err := auth.NewSecret()
	if err != nil {
		return "", store.InviteToken{}, err
	}
	return secret, store.InviteToken{Hash: auth.HashSecret(secret), OrgID: org.ID, UserID: u.ID,
		ExpiresAt: s.store.Now().Add(invite.Lifetime(org.InvitationHours))}, nil
}

// SendTimeout bounds one invitation email's sending.
const SendTimeout = 4 * time.Second

// send emails u the invitation link with secret and records the outcome: sent (with SES's
// message id, to match bounces and complaints) or send_failed with the reason. The
// invitation itself is already stored; a failed send leaves it for a resend.
func (s *Service) send(ctx context.Context, org store.Org, pt store.Portal, u store.PortalUser, secret string) (store.PortalUser, error) {
	lang := u.Language
	if lang == "" {
		lang = org.Language
	}
	origin := customdomain.LinkOrigin(org.CustomDomain, s.portalOrigin(ctx))
	data := map[string]any{"Portal": pt.Name, "Company": org.Name, "Name": u.Name, "Email": u.Email,
		"Link":    origin + "/p/" + pt.Slug + "/invite/" + secret,
		"Expires": orgmail.FormatExpiry(u.TokenExpiresAt, org.TimeZone, lang), "Brand": orgmail.Brand(pt.Branding.PrimaryColor),
		"Logo": orgmail.LogoURL(origin, pt)}
	d := store.Delivery{State: invite.Sent, At: s.store.Now()}
	msg, err := orgmail.Render(ctx, s.store, org.ID, "invitation", lang, data)
	if err == nil {
		msg.To = u.Email
		// A slow email service gets part of the request's time, not all of it: the outcome
		// must still be written (send_failed leaves the invitation ready for a resend).
		sendCtx, cancel := context.WithTimeout(ctx, SendTimeout)
		d.MessageID, err = s.mail.Send(sendCtx, msg)
		cancel()
	}
	if err != nil {
		d.State, d.Reason = invite.SendFailed, reason(err)
		httpapi.Logger(ctx).Error("invitation email not sent", "userId", u.ID, "err", err.Error())
	}
	if err := s.store.SetDelivery(ctx, u, d); err != nil {
		// The invitation is stored and its email sent (or not) already: answering an error now
		// would have the client repeat a request that succeeded. The invitation shows no state
		// and SES's events for this email find nothing to mark (they match the message id
		// stored here); the failure goes to the error log, which the error alarm watches.
		httpapi.Logger(ctx).Error("invitation delivery state not recorded", "userId", u.ID, "state", d.State, "err", err.Error())
	}
	u.Delivery = &d
	return u, nil
}

// reason says why SES refused an email, for the admin who resends it.
func reason(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("%s: %s", ae.ErrorCode(), ae.ErrorMessage())
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return "the email service did not answer in time"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "the email service did not answer in time"
	}
	return "the email service could not be reached"
}

// userTypes maps the organization's user type ids to the types.
func (s *Service) userTypes(ctx context.Context, org string) (map[string]store.UserType, error) {
	uts, err := s.store.ListUserTypes(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make(map[string]store.UserType, len(uts))
	for _, ut := range uts {
		out[ut.ID] = ut
	}
	return out, nil
}
