package mail

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"crmportal/shared/locale"
)

func TestRenderStaffReset(t *testing.T) {
	data := map[string]any{"Name": "Ana <b>", "Company": "Acme & Cia", "Link": "https://portal.example.com/admin/reset/abc", "Setup": false, "Expires": "28 de nov. de 2026, 13:00", "Brand": "#1d4ed8", "Logo": ""}
	tests := []struct {
		lang, subject, text string
	}{
		{"pt-BR", "Acme & Cia: defina sua senha", "Alguém pediu para redefinir"},
		{"pt-PT", "Acme & Cia: defina sua senha", "Alguém pediu"},
		{"en", "Acme & Cia: set your password", "Someone asked to reset"},
		{"es", "Acme & Cia: establezca su contraseña", "Alguien pidió restablecer"},
		{"es-MX", "Acme & Cia: establezca su contraseña", "Alguien pidió"},
		{"de", "Acme & Cia: set your password", "Someone asked"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m, err := Render("staff-reset", tt.lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", m.Subject, tt.subject)
			}
			if !strings.Contains(m.Text, tt.text) || !strings.Contains(m.Text, "https://portal.example.com/admin/reset/abc") {
				t.Errorf("text = %q", m.Text)
			}
			if !strings.Contains(m.HTML, `href="https://portal.example.com/admin/reset/abc"`) {
				t.Errorf("html lacks the link: %q", m.HTML)
			}
			if strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, "Ana &lt;b&gt;") {
				t.Errorf("html does not escape the name: %q", m.HTML)
			}
		})
	}
	if _, err := Render("staff-reset", "en", map[string]any{"Name": "x"}); err == nil {
		t.Error("Render accepted data without the template's keys")
	}
}

// TestStandardEmailsAreBranded renders every standard email in every language with hostile
// values: the HTML escapes them, is drawn in the brand colour, has the call-to-action button
// (a link styled on a cell of the brand colour) and the link written out for clients that
// lose the button, the date as given, and the text part holds the link and the date.
func TestStandardEmailsAreBranded(t *testing.T) {
	const link = "https://portal.example.com/p/acme/invite/tok?a=1&b=2"
	const escapedLink = "https://portal.example.com/p/acme/invite/tok?a=1&amp;b=2"
	data := map[string]any{"Portal": "Portal <i>Acme</i>", "Company": "Acme & Cia <script>x</script>", "Name": "Ana \"<b>\"",
		"Email": "ana@example.com", "Link": link, "Setup": true, "Expires": "9 de dez. de 2026, 07:13", "Brand": "#aa3300", "Logo": ""}
	tests := []struct {
		name, lang, button string
	}{
		{"invitation", "en", "Accept the invitation"},
		{"invitation", "pt-BR", "Aceitar o convite"},
		{"portal-reset", "en", "Choose a new password"},
		{"portal-reset", "pt-BR", "Escolher uma nova senha"},
		{"staff-reset", "en", "Set your password"},
		{"staff-reset", "pt-BR", "Definir minha senha"},
		{"invitation", "es", "Aceptar la invitación"},
		{"portal-reset", "es", "Elegir una nueva contraseña"},
		{"staff-reset", "es", "Establecer mi contraseña"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.lang, func(t *testing.T) {
			m, err := Render(tt.name, tt.lang, data)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				`<html lang="` + tt.lang + `">`,
				`name="viewport"`,
				`role="presentation"`,
				`bgcolor="#aa3300"`, // the button's cell, for clients that drop CSS
				`background-color:#aa3300;`,
				`<a href="` + escapedLink + `" target="_blank" style="display:inline-block;`,
				">" + tt.button + "</a>",
				">" + escapedLink + "</a>", // the link written out under the button
				"Acme &amp; Cia &lt;script&gt;x&lt;/script&gt;",
				"9 de dez. de 2026, 07:13",
			} {
				if !strings.Contains(m.HTML, want) {
					t.Errorf("html lacks %q:\n%s", want, m.HTML)
				}
			}
			for _, bad := range []string{"<script>", "<b>", "<i>Acme"} {
				if strings.Contains(m.HTML, bad) {
					t.Errorf("html carries %q unescaped", bad)
				}
			}
			if !strings.Contains(m.Text, link) || !strings.Contains(m.Text, "9 de dez. de 2026, 07:13") {
				t.Errorf("text part = %q, want the link and the date", m.Text)
			}
			if strings.Contains(m.Text, "<table") || strings.Contains(m.Text, "style=") {
				t.Errorf("text part carries HTML: %q", m.Text)
			}
			if m.Subject == "" || strings.Contains(m.Subject, "\n") {
				t.Errorf("subject = %q", m.Subject)
			}
		})
	}
}

// TestLogoOnlyWithALogo renders every standard email with and without a logo address: with
// one, the heading is the image from that address (escaped, bounded in size, the company's
// name as its alternative text); without one, no image at all and the name as text.
func TestLogoOnlyWithALogo(t *testing.T) {
	const logo = "https://portal.example.com/api/p/acme/logo"
	tests := []struct {
		name     string
		logo     string
		wantImg  []string
		wantNone bool
	}{
		{name: "a logo", logo: logo, wantImg: []string{
			`<img src="` + logo + `" alt="Acme &amp; Cia &lt;b&gt;" height="48" style="display:block;height:48px;width:auto;max-width:240px;`}},
		{name: "an address to escape", logo: logo + `?a=1&b="x"`, wantImg: []string{
			`<img src="` + logo + `?a=1&amp;b=%22x%22"`}},
		{name: "a script address is not an image", logo: "javascript:alert(1)", wantImg: []string{`<img src="#ZgotmplZ"`}},
		{name: "no logo", logo: "", wantNone: true},
	}
	for _, tt := range tests {
		for _, name := range []string{"invitation", "portal-reset", "staff-reset"} {
			for _, lang := range Languages {
				t.Run(tt.name+"/"+name+"/"+lang, func(t *testing.T) {
					data := map[string]any{"Portal": "P", "Company": "Acme & Cia <b>", "Name": "N", "Email": "e@example.com",
						"Link": "https://x.example/p/a/invite/t", "Setup": false, "Expires": "x", "Brand": "#aa3300", "Logo": tt.logo}
					m, err := Render(name, lang, data)
					if err != nil {
						t.Fatal(err)
					}
					if got := strings.Count(m.HTML, "<img"); tt.wantNone && got != 0 {
						t.Errorf("html has %d images without a logo:\n%s", got, m.HTML)
					} else if !tt.wantNone && got != 1 {
						t.Errorf("html has %d images, want 1:\n%s", got, m.HTML)
					}
					for _, want := range tt.wantImg {
						if !strings.Contains(m.HTML, want) {
							t.Errorf("html lacks %q:\n%s", want, m.HTML)
						}
					}
					// The company's name heads the email: as the logo's alternative text (what a
					// client that blocks images shows, once), else as text.
					heading := strings.Contains(m.HTML, ">Acme &amp; Cia &lt;b&gt;</td>")
					if tt.wantNone != heading {
						t.Errorf("the name as a text heading: %v, want %v:\n%s", heading, tt.wantNone, m.HTML)
					}
					if strings.Contains(m.Text, "<img") || (tt.logo != "" && strings.Contains(m.Text, tt.logo)) {
						t.Errorf("text part = %q, want no image", m.Text)
					}
				})
			}
		}
	}
}

// TestBrandInStyleIsFiltered: the brand colour lands in style attributes, where html/template
// filters anything but a plain CSS value; orgmail.Brand lets only #rrggbb through anyway.
func TestBrandInStyleIsFiltered(t *testing.T) {
	data := map[string]any{"Portal": "P", "Company": "C", "Name": "N", "Email": "e@example.com",
		"Link": "https://x.example/p/a/invite/t", "Expires": "x", "Brand": "red;background:url(javascript:alert(1))", "Logo": ""}
	m, err := Render("invitation", "en", data)
	if err != nil {
		t.Fatal(err)
	}
	// In a style the value is replaced by html/template's marker; in bgcolor it is a quoted
	// attribute value, inert.
	if regexp.MustCompile(`style="[^"]*url\(`).MatchString(m.HTML) || !strings.Contains(m.HTML, "background-color:ZgotmplZ;") {
		t.Errorf("html lets a crafted colour into a style: %s", m.HTML)
	}
}

func TestTemplateRenderErrorsNameThePart(t *testing.T) {
	data := map[string]any{"Link": "x"}
	tests := []struct {
		name string
		t    Template
		part string
	}{
		{"subject does not parse", Template{Subject: "{{", Text: "{{.Link}}", HTML: "{{.Link}}"}, "subject"},
		{"text names a missing value", Template{Subject: "s", Text: "{{.Boss}}", HTML: "{{.Link}}"}, "text"},
		{"html names a missing value", Template{Subject: "s", Text: "{{.Link}}", HTML: "<p>{{.Boss}}</p>"}, "html"},
		{"two-line subject", Template{Subject: "a{{\"\\n\"}}b", Text: "{{.Link}}", HTML: "{{.Link}}"}, "subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.t.Render(data)
			var te *TemplateError
			if !errors.As(err, &te) || te.Part != tt.part {
				t.Errorf("err = %v, want a TemplateError in %s", err, tt.part)
			}
		})
	}
	if _, err := (Template{Subject: "s", Text: "{{.Link}}", HTML: "{{.Link}}"}).Render(data); err != nil {
		t.Errorf("a good template failed: %v", err)
	}
}

func TestTemplateLanguageIsBounded(t *testing.T) {
	data := map[string]any{"Name": "Ana", "Link": "https://x.example/l"}
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"values", "Olá {{.Name}}: {{.Link}}", true},
		{"if, else if, else", `{{if eq .Name "Ana"}}a{{else if ne .Name "B"}}b{{else}}c{{end}}`, true},
		{"with and a variable", `{{with $n := .Name}}{{$n}}{{end}}`, true},
		{"and, or, not, len, comparisons", `{{if and (gt (len .Name) 1) (or (lt 1 2) (not (le 3 2))) (ge 2 2)}}y{{end}}`, true},
		{"a comment", `{{/* note */}}x`, true},
		{"range over a number", `{{range 1000000000}}{{end}}`, false},
		{"range over a value", `{{range $i, $c := .Name}}{{$c}}{{end}}`, false},
		{"define and template", `{{define "a"}}x{{end}}{{template "a"}}`, false},
		{"define alone", `{{define "a"}}{{template "a"}}{{end}}x`, false},
		{"block", `{{block "b" .}}x{{end}}`, false},
		{"printf (grows in memory before any write)", `{{printf "%01000000d" 1 | printf "%[1]s%[1]s%[1]s%[1]s"}}`, false},
		{"print", `{{print .Name .Name}}`, false},
		{"println", `{{println .Name}}`, false},
		{"html in a chain", `{{.Name | html | html}}`, false},
		{"js", `{{js .Name}}`, false},
		{"urlquery", `{{urlquery .Name}}`, false},
		{"slice", `{{slice .Name 1}}`, false},
		{"index", `{{index .Name 0}}`, false},
		{"call", `{{call .Name}}`, false},
		{"a refused function inside an if", `{{if eq (printf "%s" .Name) "x"}}x{{end}}`, false},
		{"a refused function inside an else", `{{if .Name}}x{{else}}{{print 1}}{{end}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, part := range []string{"text", "html"} {
				tpl := Template{Subject: "s", Text: "{{.Link}}", HTML: "{{.Link}}"}
				if part == "text" {
					tpl.Text = tt.src
				} else {
					tpl.HTML = tt.src
				}
				_, err := tpl.Render(data)
				var te *TemplateError
				switch {
				case tt.ok && err != nil:
					t.Errorf("%s: err = %v, want it rendered", part, err)
				case !tt.ok && (!errors.As(err, &te) || te.Part != part):
					t.Errorf("%s: err = %v, want a TemplateError in %s", part, err, part)
				}
			}
		})
	}
}

func TestRenderOutputIsBounded(t *testing.T) {
	long := strings.Repeat("x", 1000)
	data := map[string]any{"Name": long, "Link": "l"}
	many := strings.Repeat("{{.Name}}", 300) // 300 KB with a 1000-character name
	tests := []struct {
		name  string
		t     Template
		part  string
		limit int
	}{
		{"text past 256 KiB", Template{Subject: "s", Text: many, HTML: "h"}, "text", MaxBodyBytes},
		{"html past 256 KiB", Template{Subject: "s", Text: "t", HTML: "<p>" + many + "</p>"}, "html", MaxBodyBytes},
		{"subject past 8 KiB", Template{Subject: strings.Repeat("{{.Name}}", 9), Text: "t", HTML: "h"}, "subject", MaxSubjectBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.t.Render(data)
			var te *TemplateError
			var big *TooLargeError
			if !errors.As(err, &te) || te.Part != tt.part || !errors.As(err, &big) || big.Limit != tt.limit {
				t.Errorf("err = %v, want a TooLargeError of %d bytes in %s", err, tt.limit, tt.part)
			}
		})
	}
	t.Run("just under the limit", func(t *testing.T) {
		m, err := Template{Subject: "s", Text: strings.Repeat("{{.Name}}", MaxBodyBytes/1000), HTML: "h"}.Render(data)
		if err != nil || len(m.Text) != MaxBodyBytes/1000*1000 {
			t.Errorf("len(text) = %d, err = %v, want %d bytes and no error", len(m.Text), err, MaxBodyBytes/1000*1000)
		}
	})
}

func TestBoundedWriterStopsAtItsLimit(t *testing.T) {
	w := &boundedWriter{max: 10}
	writes := 0
	for range 100 {
		if _, err := w.Write([]byte("abcd")); err != nil {
			var big *TooLargeError
			if !errors.As(err, &big) {
				t.Fatalf("err = %v, want a TooLargeError", err)
			}
			break
		}
		writes++
	}
	if writes != 2 || w.buf.Len() != 8 {
		t.Errorf("writes = %d, kept %d bytes; want 2 writes and 8 bytes", writes, w.buf.Len())
	}
}

// TestEveryUILanguageHasEveryEmail: every language the product advertises (locale.UILanguages)
// has its own file of every part of every standard email, never the English fallback, and no
// template language is left that the product does not advertise.
func TestEveryUILanguageHasEveryEmail(t *testing.T) {
	if got, want := slices.Sorted(slices.Values(Languages)), slices.Sorted(slices.Values(locale.UILanguages)); !slices.Equal(got, want) {
		t.Fatalf("Languages = %v, want the UI languages %v", got, want)
	}
	entries, err := files.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		name, _, _ := strings.Cut(e.Name(), ".")
		names[name] = true
	}
	if len(names) < 4 {
		t.Fatalf("templates: got %v, want the standard emails", names)
	}
	for name := range names {
		en, err := Standard(name, "en")
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range locale.UILanguages {
			t.Run(name+"/"+lang, func(t *testing.T) {
				if got := Pick(lang); got != lang {
					t.Fatalf("Pick(%q) = %q, want itself", lang, got)
				}
				for _, part := range []string{"subject.txt", "txt", "html"} {
					if _, err := files.ReadFile("templates/" + name + "." + lang + "." + part); err != nil {
						t.Errorf("part %s: %v", part, err)
					}
				}
				tpl, err := Standard(name, lang)
				if err != nil {
					t.Fatal(err)
				}
				// The notification's subject is values only, the same in every language.
				if lang != "en" && (tpl.Text == en.Text || tpl.HTML == en.HTML || tpl.Subject == en.Subject && !strings.HasPrefix(tpl.Subject, "{{")) {
					t.Errorf("%s text, html or subject is the English one", lang)
				}
				if lang != "en" && !strings.Contains(tpl.HTML, `<html lang="`+lang+`">`) {
					t.Errorf("html does not declare lang %q", lang)
				}
			})
		}
	}
}

func TestPick(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"en", "en"}, {"en-GB", "en"}, {"pt-BR", "pt-BR"}, {"pt", "pt-BR"}, {"PT-pt", "pt-BR"},
		{"es", "es"}, {"ES", "es"}, {"es-419", "es"}, {"es-MX", "es"}, {"et", "en"}, {"de", "en"}, {"", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := Pick(tt.lang); got != tt.want {
				t.Errorf("Pick(%q): got %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestStandardTemplatesUseTheBoundedLanguage(t *testing.T) {
	for _, name := range append([]string{"staff-reset"}, Editable...) {
		for _, lang := range Languages {
			t.Run(name+"/"+lang, func(t *testing.T) {
				tpl, err := Standard(name, lang)
				if err != nil {
					t.Fatal(err)
				}
				for part, src := range map[string]string{"subject": tpl.Subject, "text": tpl.Text, "html": tpl.HTML} {
					if _, err := parsePart(part, src, part == "html"); err != nil {
						t.Errorf("%s: %v", part, err)
					}
				}
			})
		}
	}
}
