package staffportalusers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// TemplateJSON is one editable email in one language.
type TemplateJSON struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Subject  string `json:"subject"`
	Text     string `json:"text"`
	HTML     string `json:"html"`
	Custom   bool   `json:"custom"`
}

type templateList struct {
	Items []TemplateJSON `json:"items"`
}

// sampleLink is the link a template is tried with before it is saved.
const sampleLink = "https://portal.example.com/p/sample/invite/sample-token"

func sampleData() map[string]any {
	return map[string]any{"Portal": "Portal", "Company": "Company", "Name": "Ana Souza", "Email": "ana@example.com",
		"Link": sampleLink, "Expires": "1 de dez. de 2026, 18:00", "Brand": sampleBrand, "Logo": sampleLogo,
		// The notification email's (shared/notify): the record, what happened, the unsubscribe link.
		"RecordName": "Segunda via do boleto", "ModuleName": "Caso", "Subject": "Nova resposta",
		"Summary": "2 novas respostas; 1 alteração em Status.", "Unsubscribe": sampleUnsubscribe}
}

// sampleUnsubscribe is the unsubscribe link a notification template is tried with.
const sampleUnsubscribe = "https://portal.example.com/api/unsubscribe?token=sample-token"

// sampleLogo is the logo address a template is tried with (orgmail.LogoURL); emails of a
// portal without a logo have "" there.
const sampleLogo = "https://portal.example.com/api/p/sample/logo"

// sampleBrand is the brand colour a template is tried with; every email is sent with one
// (orgmail.Brand: a #rrggbb colour, so its length never varies).
const sampleBrand = "#1d4ed8"

// The longest values an email's data can hold, in characters: a portal's name
// (access.NameMaxLength), an organization's (PATCH /api/admin/org), a person's (a Contact's or
// Lead's first and last name, text fields of crm.TextMaxLength), an email address, and a link
// (a generous base URL, the longest slug and a token).
const (
	maxOrgName    = 200
	maxPersonName = 2*crm.TextMaxLength + 1
	maxEmail      = 254
	maxLink       = 200 + len("/p/") + 63 + len("/invite/") + 43
	maxExpires    = 32 // orgmail.FormatExpiry's longest, "30 de set. de 2026, 12:00", with room
	maxLogo       = 200 + len("/api/p/") + 63 + len("/logo")
	// The notification email's: a record's name, a module's label, the subject line, the
	// summary (every kind with its count and the labels of up to crm.MaxFields changed fields,
	// generously) and the unsubscribe link (the origin and a token, escaped).
	maxRecordName  = crm.TextMaxLength
	maxModuleName  = crm.MaxLabelLength
	maxSubjectLine = 64
	maxSummary     = 8 * 64 * 4
	maxUnsubscribe = 200 + len("/api/unsubscribe?token=") + 3*43
)

// worstCaseData are the values an email's template is tried with, besides the sample, before
// it is saved: each as long as the API allows, made of the character that grows the most
// where it lands. "&" is 5 bytes in HTML (&amp;); "😀" is 4
// bytes as text and 12 in a URL (%F0%9F%98%80).
func worstCaseData() []map[string]any {
	var out []map[string]any
	for _, c := range []string{"&", "😀"} {
		out = append(out, map[string]any{"Portal": strings.Repeat(c, access.NameMaxLength), "Company": strings.Repeat(c, maxOrgName),
			"Name": strings.Repeat(c, maxPersonName), "Email": strings.Repeat(c, maxEmail), "Link": strings.Repeat(c, maxLink),
			"Expires": strings.Repeat(c, maxExpires), "Brand": sampleBrand, "Logo": strings.Repeat(c, maxLogo),
			"RecordName": strings.Repeat(c, maxRecordName), "ModuleName": strings.Repeat(c, maxModuleName),
			"Subject": strings.Repeat(c, maxSubjectLine), "Summary": strings.Repeat(c, maxSummary), "Unsubscribe": strings.Repeat(c, maxUnsubscribe)})
	}
	return out
}

func standardJSON(name, lang string) (TemplateJSON, error) {
	t, err := mail.Standard(name, lang)
	if err != nil {
		return TemplateJSON{}, err
	}
	return TemplateJSON{Name: name, Language: lang, Subject: strings.TrimSpace(t.Subject), Text: t.Text, HTML: t.HTML}, nil
}

// ListTemplates answers every editable email in every language: the organization's version
// where it has one, else the standard one (admins).
func (s *Service) ListTemplates(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	custom, err := s.store.ListMailTemplates(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	own := map[string]store.MailTemplate{}
	for _, t := range custom {
		own[t.Name+"#"+t.Language] = t
	}
	out := templateList{Items: []TemplateJSON{}}
	for _, name := range mail.Editable {
		for _, lang := range mail.Languages {
			if t, ok := own[name+"#"+lang]; ok {
				out.Items = append(out.Items, TemplateJSON{Name: name, Language: lang, Subject: t.Subject, Text: t.Text, HTML: t.HTML, Custom: true})
				continue
			}
			j, err := standardJSON(name, lang)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, j)
		}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

type templateBody struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

// templateName returns the email and language a path names, or NotFound.
func templateName(r *httpapi.Request) (string, string, error) {
	name, lang := r.PathParameters["name"], r.PathParameters["lang"]
	if !slices.Contains(mail.Editable, name) || !slices.Contains(mail.Languages, lang) {
		return "", "", httpapi.Errorf(httpapi.NotFound, "no editable email %q in %q", name, lang)
	}
	return name, lang, nil
}

// CheckTemplate returns what is wrong with a template an admin wrote: lengths, parts that
// use more than the bounded template language (mail.Template.Render), do not parse or render
// with the sample values, render over a part's limit with the longest values the API allows
// (worstCaseData), and a text or HTML part without the link. A template that branches on a
// value can still pass and render over the limit with the values of one real email: then
// that email goes out in the standard template (Render).
func CheckTemplate(in templateBody) []httpapi.FieldError {
	var errs []httpapi.FieldError
	for _, f := range []struct {
		field, v string
		max      int
	}{{"subject", in.Subject, 200}, {"text", in.Text, 20000}, {"html", in.HTML, 50000}} {
		if strings.TrimSpace(f.v) == "" || utf8.RuneCountInString(f.v) > f.max {
			errs = append(errs, httpapi.FieldError{Field: f.field, Message: "must be 1 to " + strconv.Itoa(f.max) + " characters"})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	m, err := mail.Template{Subject: in.Subject, Text: in.Text, HTML: in.HTML}.Render(sampleData())
	var te *mail.TemplateError
	if errors.As(err, &te) {
		return []httpapi.FieldError{{Field: te.Part, Message: "does not work as a template: " + te.Err.Error()}}
	}
	if err != nil {
		return []httpapi.FieldError{{Field: "text", Message: err.Error()}}
	}
	for _, data := range worstCaseData() {
		_, err := mail.Template{Subject: in.Subject, Text: in.Text, HTML: in.HTML}.Render(data)
		var big *mail.TooLargeError
		switch {
		case errors.As(err, &big) && errors.As(err, &te):
			return []httpapi.FieldError{{Field: te.Part, Message: fmt.Sprintf(
				"renders more than %d KiB (the limit of this part) with the longest values allowed (a person's name of %d characters, the company's of %d, the portal's of %d); use the values fewer times",
				big.Limit>>10, maxPersonName, maxOrgName, access.NameMaxLength)}}
		case errors.As(err, &te):
			return []httpapi.FieldError{{Field: te.Part, Message: "does not work as a template with other values: " + te.Err.Error()}}
		case err != nil:
			return []httpapi.FieldError{{Field: "text", Message: err.Error()}}
		}
	}
	if !strings.Contains(m.Text, sampleLink) {
		errs = append(errs, httpapi.FieldError{Field: "text", Message: "must contain the link {{.Link}}"})
	}
	if !strings.Contains(m.HTML, sampleLink) {
		errs = append(errs, httpapi.FieldError{Field: "html", Message: "must contain the link {{.Link}}"})
	}
	return errs
}

// PutTemplate saves the organization's version of an email in one language (admins), after
// rendering it with sample values.
func (s *Service) PutTemplate(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	name, lang, err := templateName(r)
	if err != nil {
		return nil, err
	}
	var in templateBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	in.Subject = strings.TrimSpace(in.Subject)
	if errs := CheckTemplate(in); len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	t := store.MailTemplate{Name: name, Language: lang, Subject: in.Subject, Text: in.Text, HTML: in.HTML,
		UpdatedAt: s.store.Now(), UpdatedBy: p.UserID}
	if err := s.store.PutMailTemplate(ctx, p.OrgID, t); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.EmailTemplate, Detail: name + " " + lang + " saved"})
	return httpapi.JSON(http.StatusOK, TemplateJSON{Name: name, Language: lang, Subject: t.Subject, Text: t.Text, HTML: t.HTML, Custom: true}), nil
}

// ResetTemplate goes back to the standard version of an email in one language (admins).
func (s *Service) ResetTemplate(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	name, lang, err := templateName(r)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteMailTemplate(ctx, p.OrgID, name, lang); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.store, r, audit.Entry{OrgID: p.OrgID, Actor: s.guard.Actor(ctx, p), Action: audit.EmailTemplate, Detail: name + " " + lang + " restored"})
	j, err := standardJSON(name, lang)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, j), nil
}

// ListTemplatesFunction is the handler of GET /api/admin/email-templates.
func ListTemplatesFunction(d platform.Deps) httpapi.LambdaFunc {
	s := newUnsent(d)
	return d.Adapt(s.guard.Guard(s.ListTemplates))
}

// PutTemplateFunction is the handler of PUT /api/admin/email-templates/{name}/{lang}.
func PutTemplateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := newUnsent(d)
	return d.Adapt(s.guard.Guard(s.PutTemplate))
}

// ResetTemplateFunction is the handler of DELETE /api/admin/email-templates/{name}/{lang}.
func ResetTemplateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := newUnsent(d)
	return d.Adapt(s.guard.Guard(s.ResetTemplate))
}
