package apitest

import (
	"net/http"
	"strings"
	"testing"
)

// TestEmailTemplateOutputIsBounded: a template whose output has no bound (a loop, a printf
// chain) or passes a part's limit with the longest values the API allows is refused when
// saved, naming the part and the limit, and nothing is saved.
func TestEmailTemplateOutputIsBounded(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Modelos grandes", 2)
	link := `<a href="{{.Link}}">go</a>`
	for _, tt := range []struct {
		name, path string
		body       map[string]string
		field      string
		rule       string
	}{
		// 500 names of 511 characters, each "&" 5 bytes in HTML: 1.3 MB.
		{"1 MB with the longest names", "invitation/en", map[string]string{"subject": "Hi", "text": "{{.Link}}", "html": link + strings.Repeat("{{.Name}}", 500)}, "html", "more than 256 KiB"},
		{"1 MB of text in the reset email", "portal-reset/pt-BR", map[string]string{"subject": "Oi", "text": "{{.Link}}" + strings.Repeat("{{.Name}}{{.Company}}", 400), "html": link}, "text", "more than 256 KiB"},
		{"a subject over 8 KiB", "invitation/en", map[string]string{"subject": strings.Repeat("{{.Name}}", 5), "text": "{{.Link}}", "html": link}, "subject", "more than 8 KiB"},
		{"a loop that writes nothing", "invitation/en", map[string]string{"subject": "Hi", "text": "{{.Link}}{{range 1000000000}}{{end}}", "html": link}, "text", "range"},
		{"100 MB from 48 characters of printf", "invitation/en", map[string]string{"subject": "Hi", "text": "{{.Link}}", "html": link + `{{printf "%01000000d" 1|printf "%[1]s%[1]s"}}`}, "html", "printf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Admin.Do("PUT", "/api/admin/email-templates/"+tt.path, tt.body)
			MustStatus(t, r, http.StatusUnprocessableEntity)
			pr := r.Problem(t)
			if f := pr.fields(); len(f) != 1 || f[0] != tt.field {
				t.Fatalf("fields = %v, want [%s]", f, tt.field)
			}
			if !strings.Contains(string(r.Body), tt.rule) {
				t.Errorf("problem %s does not say %q", r.Body, tt.rule)
			}
		})
	}
	var list struct{ Items []struct{ Custom bool } }
	p.Admin.Do("GET", "/api/admin/email-templates", nil).JSON(t, &list)
	for _, it := range list.Items {
		if it.Custom {
			t.Error("a refused template was saved")
		}
	}
}

// TestTemplateOverflowingWithRealValuesFallsBack: a template that passes the save check
// but branches on one person's name, and renders over the limit with it, sends that person
// the standard email; others get the organization's.
func TestTemplateOverflowingWithRealValuesFallsBack(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Modelos reais", 3)
	last := strings.Repeat("Longo", 48)       // 240 characters
	victim := "Ana " + last                   // the contact's name: "Ana" is its first name
	bomb := strings.Repeat("{{.Name}}", 1100) // 1,100 x 244 bytes: 268 KB, over 256 KiB
	own := map[string]string{"subject": "Próprio {{.Portal}}",
		"text": `{{if eq .Name "` + victim + `"}}` + bomb + `{{else}}Entre: {{.Link}}{{end}}`,
		"html": `<p><a href="{{.Link}}">Entrar</a></p>`}
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/email-templates/invitation/pt-BR", own), http.StatusOK)
	settle() // an invitation reads the organization's templates eventually consistently

	for _, tt := range []struct {
		name, last, subject string
	}{
		{"the name the template explodes on", last, "Modelos reais convida você para o "},
		{"another name", "Souza", "Próprio "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			email := strings.ToLower(tt.last[:5]) + "-" + p.ID + "@cliente.example"
			r := p.invite(t, "Contacts", p.contact(t, tt.last, email).ID, p.Free.ID)
			MustStatus(t, r, http.StatusCreated)
			var u portalUserJSON
			r.JSON(t, &u)
			if u.Delivery == nil || u.Delivery.State != "sent" {
				t.Errorf("delivery = %+v, want sent", u.Delivery)
			}
			ms := mailsTo(t, email)
			if len(ms) != 1 {
				t.Fatalf("%d emails to %s, want 1", len(ms), email)
			}
			if !strings.HasPrefix(ms[0].Subject, tt.subject) {
				t.Errorf("subject = %q, want it to start with %q", ms[0].Subject, tt.subject)
			}
			if len(ms[0].Body.Text) > 64<<10 {
				t.Errorf("the text part has %d bytes", len(ms[0].Body.Text))
			}
			tokenIn(t, email, "invite")
		})
	}
}
