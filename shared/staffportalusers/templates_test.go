package staffportalusers

import (
	"strings"
	"testing"

	"crmportal/shared/mail"
)

func TestCheckTemplateBoundsTheOutput(t *testing.T) {
	link := `<a href="{{.Link}}">ir</a>`
	tests := []struct {
		name  string
		in    templateBody
		field string // "" when the template is accepted
		rule  string // a part of the message
	}{
		{"the standard text", templateBody{Subject: "{{.Company}} convida você para o {{.Portal}}", Text: "Olá {{.Name}}, {{.Link}} até {{.Expires}}", HTML: "<p>{{.Name}} {{.Email}}</p>" + link}, "", ""},
		{"a branch on the name", templateBody{Subject: "Oi", Text: `{{if eq .Name "Ana Souza"}}{{.Link}}{{else}}{{.Link}} {{.Name}}{{end}}`, HTML: link}, "", ""},
		{"range: a loop that writes nothing", templateBody{Subject: "Oi", Text: "{{.Link}}{{range 1000000000}}{{end}}", HTML: link}, "text", "range"},
		{"printf chained: 100 MB in 48 characters", templateBody{Subject: "Oi", Text: "{{.Link}}", HTML: link + `{{printf "%01000000d" 1|printf "%[1]s%[1]s"}}`}, "html", "printf"},
		{"a recursive define", templateBody{Subject: `{{define "a"}}{{template "a"}}{{end}}Oi`, Text: "{{.Link}}", HTML: link}, "subject", "defines a template"},
		{"1 MB with the longest names", templateBody{Subject: "Oi", Text: "{{.Link}}", HTML: link + strings.Repeat("{{.Name}}", 500)}, "html", "renders more than 256 KiB"},
		{"a subject over its limit with the longest names", templateBody{Subject: strings.Repeat("{{.Name}}", 5), Text: "{{.Link}}", HTML: link}, "subject", "renders more than 8 KiB"},
		{"a missing value only in a branch the sample does not take", templateBody{Subject: "Oi", Text: `{{if eq .Name "Ana Souza"}}{{.Link}}{{else}}{{.Boss}}{{end}}`, HTML: link}, "text", "with other values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := CheckTemplate(tt.in)
			if tt.field == "" {
				if len(errs) > 0 {
					t.Errorf("errs = %v, want none", errs)
				}
				return
			}
			if len(errs) != 1 || errs[0].Field != tt.field || !strings.Contains(errs[0].Message, tt.rule) {
				t.Errorf("errs = %v, want one on %s with %q", errs, tt.field, tt.rule)
			}
		})
	}
}

func TestStandardTemplatesPassTheSaveCheck(t *testing.T) {
	for _, name := range mail.Editable {
		for _, lang := range mail.Languages {
			t.Run(name+"/"+lang, func(t *testing.T) {
				j, err := standardJSON(name, lang)
				if err != nil {
					t.Fatal(err)
				}
				if errs := CheckTemplate(templateBody{Subject: j.Subject, Text: j.Text, HTML: j.HTML}); len(errs) > 0 {
					t.Errorf("errs = %v", errs)
				}
			})
		}
	}
}
