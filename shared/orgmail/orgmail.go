// Package orgmail renders an organization's emails: the standard templates of shared/mail
// with the organization's own versions over them. Both sides send such emails: the staff's
// invitations (staffportalusers) and the portal user's password resets (portalapi).
package orgmail

import (
	"context"
	"errors"
	"time"

	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/store"
)

// Templates is the storage Render reads: an organization's version of one email.
type Templates interface {
	GetMailTemplate(ctx context.Context, org, name, lang string) (store.MailTemplate, error)
}

var _ Templates = (*store.Store)(nil)

// Render renders email name for org in lang: the organization's own version when it has a
// working one, else the standard one. The organization's version falls back to the standard
// one, with a warning in the log, when it fails or passes an output limit with these values
// (mail.Template.Render), so the email still goes out. A storage failure is returned.
func Render(ctx context.Context, st Templates, org, name, lang string, data any) (mail.Message, error) {
	lang = mail.Pick(lang)
	t, err := st.GetMailTemplate(ctx, org, name, lang)
	if errors.Is(err, store.ErrNotFound) {
		return mail.Render(name, lang, data)
	}
	if err != nil {
		return mail.Message{}, err
	}
	m, err := mail.Template{Subject: t.Subject, Text: t.Text, HTML: t.HTML}.Render(data)
	if err != nil {
		// Checked when saved, but a template may branch on a value (a name) the check did
		// not try: the standard text still goes out.
		httpapi.Logger(ctx).Warn("custom email template does not render; sending the standard one",
			"org", org, "template", name, "lang", lang, "err", err.Error())
		return mail.Render(name, lang, data)
	}
	return m, nil
}

// FormatExpiry writes t for an email, in the time zone zone (an IANA name); an unknown zone
// leaves t as it is.
func FormatExpiry(t time.Time, zone string) string {
	if loc, err := time.LoadLocation(zone); err == nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02 15:04 MST")
}
