// Package staffpassword makes the links that set a staff member's password: a reset link
// (asked for at the login page, staffauth) or a first-password link (a new member,
// staffadmin, or the operator's command line). A link carries a single-use secret whose
// hash is stored; a new link replaces the member's earlier one.
package staffpassword

import (
	"context"
	"errors"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/orgmail"
	"crmportal/shared/store"
)

const (
	// ResetLifetime is how long a password reset link works; SetupLifetime a first-password link.
	ResetLifetime = time.Hour
	SetupLifetime = 72 * time.Hour
)

// linkStore is what making and mailing a link reads and writes.
type linkStore interface {
	Now() time.Time
	CreateResetToken(ctx context.Context, t store.ResetToken, prev, request string) error
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetPortal(ctx context.Context, org string) (store.Portal, error)
}

var _ linkStore = (*store.Store)(nil)

// sender sends an email.
type sender interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

var _ sender = (*sesmail.Sender)(nil)

// Links makes and emails password links.
type Links struct {
	store linkStore
	mail  sender
	// portalBaseURL is PORTAL_BASE_URL: what links start with ("" for the request's origin).
	portalBaseURL string
}

// New builds the links of a deployment: its store, mail sender and configuration.
func New(st *store.Store, m *sesmail.Sender, cfg config.Config) *Links {
	return &Links{store: st, mail: m, portalBaseURL: cfg.PortalBaseURL}
}

// Make creates the token, which replaces user's earlier one (user as read, with its
// ResetHash), for the mail request request ("" for none), and returns the link without
// sending it: a first-password link (setup, 72 hours) or a reset link (1 hour).
// store.ErrVersion when the user's token changed since user was read; store.ErrNotFound when
// the mail request was carried out meanwhile.
func (l *Links) Make(ctx context.Context, user store.Staff, setup bool, request string) (string, time.Time, error) {
	secret, err := auth.NewSecret()
	if err != nil {
		return "", time.Time{}, err
	}
	life, purpose := ResetLifetime, store.PurposeReset
	if setup {
		life, purpose = SetupLifetime, store.PurposeSetup
	}
	expires := l.store.Now().Add(life)
	if err := l.store.CreateResetToken(ctx, store.ResetToken{Hash: auth.HashSecret(secret), OrgID: user.OrgID, UserID: user.ID,
		Purpose: purpose, ExpiresAt: expires}, user.ResetHash, request); err != nil {
		return "", time.Time{}, err
	}
	return httpapi.PortalOrigin(ctx, l.portalBaseURL) + "/admin/reset/" + secret, expires, nil
}

// Mail emails link (expiring at expires) to user, in the organization's language and time zone.
func (l *Links) Mail(ctx context.Context, user store.Staff, link string, expires time.Time, setup bool) error {
	org, err := l.store.GetOrg(ctx, user.OrgID)
	if err != nil {
		return err
	}
	// The company's logo heads the email when its portal has one (an organization may have
	// no portal yet); the address is under the same origin as the link.
	pt, err := l.store.GetPortal(ctx, user.OrgID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// The console is the product's own, not a portal: its emails are drawn in the default
	// colour, and dated in the organization's language and time zone (a staff member has no
	// preferences of their own).
	msg, err := mail.Render("staff-reset", org.Language, map[string]any{
		"Name": user.Name, "Company": org.Name, "Link": link, "Setup": setup,
		"Expires": orgmail.FormatExpiry(expires, org.TimeZone, org.Language), "Brand": orgmail.DefaultBrand,
		"Logo": orgmail.LogoURL(httpapi.PortalOrigin(ctx, l.portalBaseURL), pt)})
	if err != nil {
		return err
	}
	msg.To = user.Email
	_, err = l.mail.Send(ctx, msg)
	return err
}

// Send makes a link for user (Make, outside any mail request) and emails it. It returns the
// link (the operator's command line prints it); an error after the link exists comes with it.
func (l *Links) Send(ctx context.Context, user store.Staff, setup bool) (string, error) {
	link, expires, err := l.Make(ctx, user, setup, "")
	if err != nil {
		return "", err
	}
	return link, l.Mail(ctx, user, link, expires, setup)
}
