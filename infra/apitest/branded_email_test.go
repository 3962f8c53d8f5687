package apitest

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"crmportal/infra/sesinbox"
	"crmportal/shared/store"
)

// TestInvitationEmailIsBranded reads the invitation as the local inbox (aws-ses-v2-local) keeps
// it: an HTML part drawn in the portal's brand colour, with the company's name as the heading
// and a call-to-action button to the invitation link, a plain-text part with the same link,
// and the expiry in the recipient's language and time zone (the organization's: pt-BR,
// America/Sao_Paulo), never the raw "2026-12-09 07:13 -03".
func TestInvitationEmailIsBranded(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Marca & Cia")
	e.setLimits(t, o.ID, store.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 10})
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, admin.Do("POST", "/api/admin/portal", map[string]any{"name": "Portal Marca " + o.ID[:6],
		"branding": map[string]any{"primaryColor": "#AA3300"}}), http.StatusCreated)
	ut := admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})
	email := "bia-" + o.ID + "@cliente.example"
	acct := admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta Bia"})
	c := admin.MustCreate("Contacts", map[string]any{"Last_Name": "Lima", "First_Name": "Bia", "Account_Name": acct.ID, "Email": email})
	MustStatus(t, admin.Do("POST", "/api/admin/records/Contacts/"+c.ID+"/invitation", map[string]any{"userTypeId": ut.ID}), http.StatusCreated)

	ms := mailsTo(t, email)
	if len(ms) != 1 {
		t.Fatalf("%d emails to %s, want the invitation", len(ms), email)
	}
	m := ms[0]
	tok := sesinbox.PortalLink("invite").FindStringSubmatch(m.Body.Text)
	if tok == nil {
		t.Fatalf("the text part lacks the invitation link: %q", m.Body.Text)
	}
	link := regexp.QuoteMeta(tok[0])
	checks := []struct {
		name string
		re   string
	}{
		{"a responsive page in the recipient's language", `<html lang="pt-BR">[\s\S]*name="viewport"`},
		{"the company's name as the heading, in the brand colour", `color:#aa3300;[^"]*">Marca &amp; Cia</td>`},
		{"the button: a cell of the brand colour holding the link", `bgcolor="#aa3300" style="[^"]*background-color:#aa3300;">\s*<a href="[^"]*` + link + `"[^>]*>Aceitar o convite</a>`},
		{"the expiry in Portuguese", `até \d{1,2} de (jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez)\. de \d{4}, \d{2}:\d{2}\.`},
	}
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) {
			if !regexp.MustCompile(tt.re).MatchString(m.Body.HTML) {
				t.Errorf("the HTML part does not match %s:\n%s", tt.re, m.Body.HTML)
			}
		})
	}
	t.Run("a plain-text part without HTML", func(t *testing.T) {
		if strings.Contains(m.Body.Text, "<") || !regexp.MustCompile(`até \d{1,2} de \w{3}\. de \d{4}, \d{2}:\d{2}`).MatchString(m.Body.Text) {
			t.Errorf("text part = %q", m.Body.Text)
		}
	})
}
