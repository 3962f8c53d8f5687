package apitest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestSpanishEmailsFollowTheRecipientsLanguage: an organization whose language is Spanish
// (es-MX) advertises es on its portal's public page, invites in Spanish, and its customer
// starts with Spanish preferences; a reset email follows the customer's own language, Spanish
// or, once they pick it, English.
func TestSpanishEmailsFollowTheRecipientsLanguage(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Idiomas", 2)
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/org",
		map[string]string{"language": "es-MX", "timeFormat": "24h", "timeZone": "America/Mexico_City", "country": "MX"}), http.StatusOK)
	settle() // the invitation reads the organization's settings eventually consistently

	var public struct{ Languages []string }
	e.Client(t).Do("GET", "/api/p/"+p.Slug, nil).JSON(t, &public)
	if !slices.Contains(public.Languages, "es") {
		t.Errorf("public languages = %v, want es among them", public.Languages)
	}

	email := "lucia-" + p.ID + "@cliente.example"
	MustStatus(t, p.invite(t, "Contacts", p.contact(t, "García", email).ID, p.Free.ID), http.StatusCreated)
	ms := mailsTo(t, email)
	if len(ms) != 1 {
		t.Fatalf("invitation emails = %d, want 1", len(ms))
	}
	for _, check := range []struct{ part, got, want string }{
		{"subject", ms[0].Subject, " le invita a Idiomas "},
		{"text", ms[0].Body.Text, "Abra este enlace para aceptar la invitación"},
		{"html", ms[0].Body.HTML, `<html lang="es">`},
		{"html", ms[0].Body.HTML, ">Aceptar la invitación</a>"},
	} {
		if !strings.Contains(check.got, check.want) {
			t.Errorf("invitation %s = %q, want it to hold %q", check.part, check.got, check.want)
		}
	}

	anon := e.Client(t)
	password := "una frase de paso bastante larga"
	r := anon.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": password})
	MustStatus(t, r, http.StatusOK)
	var me meJSON
	r.JSON(t, &me)
	if me.Preferences["language"] != "es-MX" || me.Preferences["timeZone"] != "America/Mexico_City" {
		t.Errorf("preferences after accepting = %v, want the organization's es-MX", me.Preferences)
	}

	for _, tt := range []struct{ language, subject, text string }{
		{"es", ": restablezca su contraseña", "Alguien pidió restablecer la contraseña"},
		{"en", ": reset your password", "Someone asked to reset the password"},
	} {
		t.Run(tt.language, func(t *testing.T) {
			MustStatus(t, anon.Do("PATCH", "/api/me/preferences",
				map[string]string{"language": tt.language, "timeFormat": "24h", "timeZone": "America/Mexico_City", "country": "MX"}), http.StatusOK)
			settle() // the reset reads the user's preferences eventually consistently
			before := len(mailsTo(t, email))
			MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": email}), http.StatusAccepted)
			ms := mailsTo(t, email)
			if len(ms) != before+1 {
				t.Fatalf("reset emails = %d, want %d", len(ms), before+1)
			}
			m := ms[len(ms)-1]
			if !strings.HasSuffix(m.Subject, tt.subject) || !strings.Contains(m.Body.Text, tt.text) {
				t.Errorf("reset email in %s: subject %q, text %q; want %q and %q", tt.language, m.Subject, m.Body.Text, tt.subject, tt.text)
			}
		})
	}
}
