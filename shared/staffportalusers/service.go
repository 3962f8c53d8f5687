// Package staffportalusers serves the staff side of the portal user lifecycle: invitations sent
// from a CRM record, the list of portal users and the actions on them (resend, revoke,
// deactivate, activate, change of type, erase), the editable emails, and the SES
// notifications that mark an invitation bounced or complained. The rules come from
// shared/invite; the seats are held by the store's transactions.
package staffportalusers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/mail"
	"crmportal/shared/orgmail"
	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
	"crmportal/shared/staffcrm"
	"crmportal/shared/store"
)

// Service holds what the portal user routes share.
type Service struct {
	Staff   *staffauth.Service
	Records *staffcrm.Service
	Store   *store.Store
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	r := staffcrm.New(d)
	return &Service{Staff: r.Staff, Records: r, Store: r.Store}
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
}

// ToJSON is u as the console sees it; typeName names its user type.
func ToJSON(u store.PortalUser, typeName string) UserJSON {
	j := UserJSON{ID: u.ID, Email: u.Email, Name: u.Name, RecordID: u.RecordID, RecordModule: u.RecordModule,
		AccountID: u.AccountID, UserType: TypeRef{ID: u.UserTypeID, Name: typeName}, Status: u.Status,
		Delivery: u.Delivery, InvitedAt: u.InvitedAt, AcceptedAt: u.AcceptedAt, LastLoginAt: u.LastLoginAt, Version: u.Version}
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

// Render is orgmail.Render, kept until the portal side calls orgmail itself.
func Render(ctx context.Context, st *store.Store, org, name, lang string, data any) (mail.Message, error) {
	return orgmail.Render(ctx, st, org, name, lang, data)
}

// FormatExpiry is orgmail.FormatExpiry, kept until the portal side calls orgmail itself.
func FormatExpiry(t time.Time, zone string) string { return orgmail.FormatExpiry(t, zone) }

// newToken makes an invitation token for u of org: the secret for the link and the stored
// hash, expiring after the organization's invitation lifetime.
func (s *Service) newToken(org store.Org, u store.PortalUser) (string, store.InviteToken, error) {
	secret, err := auth.NewSecret()
	if err != nil {
		return "", store.InviteToken{}, err
	}
	return secret, store.InviteToken{Hash: auth.HashSecret(secret), OrgID: org.ID, UserID: u.ID,
		ExpiresAt: s.Store.Now().Add(invite.Lifetime(org.InvitationHours))}, nil
}

// SendTimeout bounds one invitation email's sending.
const SendTimeout = 4 * time.Second

// send emails u the invitation link with secret and records the outcome: sent (with SES's
// message id, to match bounces and complaints) or send_failed with the reason. The
// invitation itself is already stored; a failed send leaves it for a resend.
func (s *Service) send(ctx context.Context, org store.Org, pt store.Portal, u store.PortalUser, secret string) (store.PortalUser, error) {
	data := map[string]any{"Portal": pt.Name, "Company": org.Name, "Name": u.Name, "Email": u.Email,
		"Link":    s.Staff.PortalOrigin(ctx) + "/p/" + pt.Slug + "/invite/" + secret,
		"Expires": orgmail.FormatExpiry(u.TokenExpiresAt, org.TimeZone)}
	lang := u.Language
	if lang == "" {
		lang = org.Language
	}
	d := store.Delivery{State: invite.Sent, At: s.Store.Now()}
	msg, err := orgmail.Render(ctx, s.Store, org.ID, "invitation", lang, data)
	if err == nil {
		msg.To = u.Email
		// A slow email service gets part of the request's time, not all of it: the outcome
		// must still be written (send_failed leaves the invitation ready for a resend).
		sendCtx, cancel := context.WithTimeout(ctx, SendTimeout)
		d.MessageID, err = s.Staff.Mail.Send(sendCtx, msg)
		cancel()
	}
	if err != nil {
		d.State, d.Reason = invite.SendFailed, reason(err)
		httpapi.Logger(ctx).Error("invitation email not sent", "userId", u.ID, "err", err.Error())
	}
	if err := s.Store.SetDelivery(ctx, u, d); err != nil {
		return u, err
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

// userTypeNames maps the organization's user type ids to their names.
func (s *Service) userTypes(ctx context.Context, org string) (map[string]store.UserType, error) {
	uts, err := s.Store.ListUserTypes(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make(map[string]store.UserType, len(uts))
	for _, ut := range uts {
		out[ut.ID] = ut
	}
	return out, nil
}
