// Package orgmail renders an organization's emails: the standard templates of shared/mail
// with the organization's own versions over them. Both sides send such emails: the staff's
// invitations (staffportalusers) and the portal user's password resets (portalapi).
package orgmail

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"

	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/store"
)

// TemplateAttempts and TemplateBackoff bound Render's reads of a template through throttles:
// three reads, 100 ms then 200 ms apart.
const (
	TemplateAttempts = 3
	TemplateBackoff  = 100 * time.Millisecond
)

// Templates is the storage Render reads: an organization's version of one email.
type Templates interface {
	GetMailTemplate(ctx context.Context, org, name, lang string) (store.MailTemplate, error)
}

var _ Templates = (*store.Store)(nil)

// Render renders email name for org in lang: the organization's own version when it has a
// working one, else the standard one. The organization's version falls back to the standard
// one, with a warning in the log, when it fails or passes an output limit with these values
// (mail.Template.Render), so the email still goes out. A storage failure is returned once
// TemplateAttempts reads have failed transiently, or at once when it is not transient.
func Render(ctx context.Context, st Templates, org, name, lang string, data any) (mail.Message, error) {
	lang = mail.Pick(lang)
	// An email is rendered after its point of no return (an invitation stored, a reset link
	// made): a read throttled past the SDK's retries is asked again rather than losing it.
	var t store.MailTemplate
	err := httpapi.RetryTransient(ctx, TemplateAttempts, TemplateBackoff, func() (err error) {
		t, err = st.GetMailTemplate(ctx, org, name, lang)
		return err
	})
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

// LogoURL is the address an email shows pt's logo from: the portal's public logo route under
// origin (the origin of the email's links), which redirects to a fresh signed link whenever
// the email is opened, however long after it was sent. "" when the portal has no logo or is
// deactivated (the route answers 404 then): the email shows the company's name alone.
func LogoURL(origin string, pt store.Portal) string {
	if pt.Branding.LogoKey == "" || pt.Disabled || pt.Slug == "" {
		return ""
	}
	return origin + "/api/p/" + url.PathEscape(pt.Slug) + "/logo"
}

// DefaultBrand is the colour of an email's heading and button when the portal has none: the
// web app's own accent.
const DefaultBrand = "#1d4ed8"

// Brand is the colour an email is drawn in: the portal's primary colour when it is one
// (#rrggbb, as the portal's setup checks it), else DefaultBrand. It lands in the HTML's style
// attributes, so nothing but a plain hex colour passes. The emails put it behind white button
// text and as text on white, so a colour too light for that (under 4.5:1 against white, WCAG
// AA) is darkened, keeping its hue, until it reads.
func Brand(primary string) string {
	if !isHexColour(primary) {
		return DefaultBrand
	}
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(primary[1+2*i:3+2*i], 16, 8)
		rgb[i] = float64(v)
	}
	for contrastOnWhite(rgb) < 4.5 {
		for i := range rgb {
			rgb[i] = math.Floor(rgb[i] * 0.9)
		}
	}
	return fmt.Sprintf("#%02x%02x%02x", int(rgb[0]), int(rgb[1]), int(rgb[2]))
}

// isHexColour reports whether s is #rrggbb (^#[0-9a-fA-F]{6}$). It is written out, not a
// regular expression: one compiled at package initialization would cost every function that
// links this package in its cold start.
func isHexColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// contrastOnWhite is WCAG's contrast ratio of the sRGB colour rgb (0-255) against white.
func contrastOnWhite(rgb [3]float64) float64 {
	var lum float64
	for i, w := range [3]float64{0.2126, 0.7152, 0.0722} {
		c := rgb[i] / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}

// Month abbreviations as the recipient's language writes them in a date (CLDR's, as the
// browser's Intl.DateTimeFormat shows them).
var (
	monthsEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsPT = [12]string{"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."}
	monthsES = [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}
)

// FormatExpiry writes t for an email in the recipient's time zone zone (an IANA name; an
// unknown one leaves t as it is) and language lang (mail.Pick): "9 de dez. de 2026, 07:13" in
// Portuguese, "9 dic 2026, 7:13" in Spanish, "Dec 9, 2026, 7:13 AM" in English, as the web app
// (Intl's medium date and short time) writes dates in each.
func FormatExpiry(t time.Time, zone, lang string) string {
	if loc, err := time.LoadLocation(zone); err == nil {
		t = t.In(loc)
	}
	switch mail.Pick(lang) {
	case "pt-BR":
		return fmt.Sprintf("%d de %s de %d, %s", t.Day(), monthsPT[t.Month()-1], t.Year(), t.Format("15:04"))
	case "es":
		return fmt.Sprintf("%d %s %d, %d:%02d", t.Day(), monthsES[t.Month()-1], t.Year(), t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%s %d, %d, %s", monthsEN[t.Month()-1], t.Day(), t.Year(), t.Format("3:04 PM"))
}
