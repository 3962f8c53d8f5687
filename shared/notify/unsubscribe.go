package notify

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"slices"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/store"
)

// UnsubscribeStore is what the unsubscribe route reads and writes.
type UnsubscribeStore interface {
	Now() time.Time
	GetUnsubscribeToken(ctx context.Context, hash string) (store.UnsubscribeToken, error)
	GetOrg(ctx context.Context, id string) (store.Org, error)
	GetPortalUser(ctx context.Context, org, id string) (store.PortalUser, error)
	SetPreferences(ctx context.Context, org, id string, p store.Preferences) error
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
	SetStaffPreferences(ctx context.Context, org, id string, p store.StaffPreferences) error
	GetAddressPreferences(ctx context.Context, org, email string) (store.AddressPreferences, error)
	SetAddressPreferences(ctx context.Context, org, email string, p store.AddressPreferences) error
	AppendAudit(ctx context.Context, e store.AuditEntry) error
}

var _ UnsubscribeStore = (*store.Store)(nil)

// Unsubscriber serves GET and POST /api/unsubscribe?token=... (functions/unsubscribe): the
// link of every notification email's List-Unsubscribe header and footer. It takes no session:
// the token (random, stored hashed, expiring) is the credential, and all it can do is turn
// notification kinds off for the one person it names. POST (a mail client's one-click
// unsubscribe, RFC 8058, or the page's button) turns them off and answers 200; GET only shows
// a page with that button, so a link scanner that opens the link changes nothing.
type Unsubscriber struct {
	Store UnsubscribeStore
}

// AuditUnsubscribed is the audit action of an unsubscribe.
const AuditUnsubscribed = "notifications_unsubscribed"

// Handle answers the unsubscribe route.
func (u *Unsubscriber) Handle(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	secret := r.QueryStringParameters["token"]
	switch {
	case secret == "":
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the query parameter token is required", Fields: []httpapi.FieldError{{Field: "token", Message: "is required"}}}
	case len(secret) > 256:
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the query parameter token is too long", Fields: []httpapi.FieldError{{Field: "token", Message: "must be at most 256 characters"}}}
	}
	t, err := u.Store.GetUnsubscribeToken(ctx, auth.HashSecret(secret))
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.NotFound, "token: this link is unknown or has expired")
	}
	if err != nil {
		return nil, err
	}
	o, err := u.Store.GetOrg(ctx, t.OrgID)
	if err != nil {
		return nil, err
	}
	lang := o.Language
	if r.RequestContext.HTTP.Method != http.MethodPost {
		return page(lang, pick(mail.Pick(lang), "Parar estes e-mails?", "Stop these emails?", "¿Dejar de recibir estos correos?"),
			pick(mail.Pick(lang), "Você não receberá mais e-mails nem notificações deste tipo.", "You will no longer get emails or notifications of this kind.",
				"Ya no recibirá correos ni notificaciones de este tipo."),
			secret), nil
	}
	if err := u.turnOff(ctx, t, o); err != nil {
		return nil, err
	}
	now := u.Store.Now()
	if id, err := auth.NewTimeID(now); err == nil {
		if err := u.Store.AppendAudit(ctx, store.AuditEntry{OrgID: t.OrgID, ID: id, At: now, Actor: system, Action: AuditUnsubscribed,
			Detail: t.Audience + " " + t.UserID + ": " + joinKinds(t.Kinds)}); err != nil {
			httpapi.Logger(ctx).Error("audit entry not appended", "action", AuditUnsubscribed, "err", err.Error())
		}
	}
	return page(lang, pick(mail.Pick(lang), "Pronto", "Done", "Listo"),
		pick(mail.Pick(lang), "Você não receberá mais e-mails nem notificações deste tipo. Pode ligá-los de novo nas suas preferências.",
			"You will no longer get emails or notifications of this kind. You can turn them on again in your preferences.",
			"Ya no recibirá correos ni notificaciones de este tipo. Puede volver a activarlos en sus preferencias."), ""), nil
}

func joinKinds(kinds []string) string {
	out := ""
	for i, k := range kinds {
		if i > 0 {
			out += ","
		}
		out += k
	}
	return out
}

// turnOff adds t's kinds to the notifyOff of the person t names.
func (u *Unsubscriber) turnOff(ctx context.Context, t store.UnsubscribeToken, o store.Org) error {
	add := func(off []string) []string {
		for _, k := range t.Kinds {
			if !slices.Contains(off, k) {
				off = append(off, k)
			}
		}
		return off
	}
	switch t.Audience {
	case store.AudiencePortal:
		pu, err := u.Store.GetPortalUser(ctx, t.OrgID, t.UserID)
		if errors.Is(err, store.ErrNotFound) {
			return nil // erased: nothing goes to them any more
		}
		if err != nil {
			return err
		}
		p := store.Preferences{Language: firstOf(pu.Language, o.Language), TimeFormat: o.TimeFormat, TimeZone: o.TimeZone, Country: o.Country}
		if pu.Preferences != nil {
			p = *pu.Preferences
		}
		p.NotifyOff = add(p.NotifyOff)
		return u.Store.SetPreferences(ctx, t.OrgID, t.UserID, p)
	case store.AudienceStaff:
		s, err := u.Store.GetStaff(ctx, t.OrgID, t.UserID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		p := s.Preferences
		p.NotifyOff = add(p.NotifyOff)
		return u.Store.SetStaffPreferences(ctx, t.OrgID, t.UserID, p)
	case store.AudienceAddress:
		p, err := u.Store.GetAddressPreferences(ctx, t.OrgID, t.UserID)
		if err != nil {
			return err
		}
		p.NotifyOff = add(p.NotifyOff)
		return u.Store.SetAddressPreferences(ctx, t.OrgID, t.UserID, p)
	}
	return nil
}

// page is the small HTML page of the route: a heading, a sentence and, with secret, the form
// whose button POSTs the one-click unsubscribe. The API's content security policy allows no
// script and no style, which the page needs neither of; a form's action is not restricted by
// it.
func page(lang, title, text, secret string) *httpapi.Reply {
	body := `<!doctype html><html lang="` + html.EscapeString(mail.Pick(lang)) + `"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>` + html.EscapeString(title) + `</title></head><body>` +
		`<main><h1>` + html.EscapeString(title) + `</h1><p>` + html.EscapeString(text) + `</p>`
	if secret != "" {
		label := pick(mail.Pick(lang), "Parar estes e-mails", "Stop these emails", "Dejar de recibir estos correos")
		body += `<form method="post" action="/api/unsubscribe?token=` + html.EscapeString(url.QueryEscape(secret)) + `">` +
			`<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">` + html.EscapeString(label) + `</button></form>`
	}
	body += `</main></body></html>`
	return &httpapi.Reply{Status: http.StatusOK, Raw: []byte(body), Headers: map[string]string{"Content-Type": "text/html; charset=utf-8"}}
}
