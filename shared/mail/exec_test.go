package mail

import (
	"bytes"
	htmltemplate "html/template"
	"strings"
	"testing"
	texttemplate "text/template"
)

// goRender renders src as Go's own templates do (text/template, or html/template when
// html), with missingkey=error: what the package's executor must agree with. Test binaries
// may link them; the functions may not (TestFunctionsLinkNoGoTemplates).
func goRender(src string, html bool, data any) (string, error) {
	var buf bytes.Buffer
	if html {
		t, err := htmltemplate.New("t").Option("missingkey=error").Parse(src)
		if err != nil {
			return "", err
		}
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	t, err := texttemplate.New("t").Option("missingkey=error").Parse(src)
	if err != nil {
		return "", err
	}
	err = t.Execute(&buf, data)
	return buf.String(), err
}

// ownRender renders src with the package's parser, checks and executor.
func ownRender(src string, html bool, data any) (string, error) {
	p, err := parsePart("t", src, html)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	err = execute(&buf, p.root, data, p.html, p.esc)
	return buf.String(), err
}

type person struct {
	Name    string
	Age     int
	Admin   bool
	Boss    *person
	Tags    []string
	private string // the executor must refuse to read it
}

// TestExecuteAgreesWithTextTemplate runs the language's subset in the text part against
// text/template: the same output, or an error from both.
func TestExecuteAgreesWithTextTemplate(t *testing.T) {
	ana := &person{Name: "Ana", Age: 30, Admin: true, Tags: []string{"a", "b"}, private: "secret"}
	maps := map[string]any{"Name": "Ana", "Empty": "", "Zero": 0, "One": 1, "Neg": -2, "U": uint(3), "F": 1.5,
		"True": true, "False": false, "Nil": nil, "Map": map[string]any{"In": "inner", "Deep": map[string]string{"X": "x"}},
		"List": []string{"a"}, "NoList": []string{}, "Person": ana, "NilPerson": (*person)(nil), "I8": int8(-1)}
	tests := []struct {
		name string
		src  string
		data any
	}{
		{"text only", "hello", maps},
		{"a field", "{{.Name}}", maps},
		{"a missing key", "{{.Nope}}", maps},
		{"a nil value", "[{{.Nil}}]", maps},
		{"chained fields", "{{.Map.In}} {{.Map.Deep.X}}", maps},
		{"a missing chained key", "{{.Map.Nope}}", maps},
		{"a field of a string", "{{.Name.X}}", maps},
		{"a field of nil", "{{.Nil.X}}", maps},
		{"struct fields", "{{.Person.Name}} {{.Person.Age}} {{.Person.Admin}}", maps},
		{"an unknown struct field", "{{.Person.Nope}}", maps},
		{"an unexported field", "{{.Person.private}}", maps},
		{"a field through a nil pointer", "{{.NilPerson.Name}}", maps},
		{"a nil pointer's field of a nil field", "{{.Person.Boss.Name}}", maps},
		{"a struct as data", "{{.Name}} is {{.Age}}", ana},
		{"nil data", "{{.Name}}", nil},
		{"nil data printed", "{{.}}", nil},
		{"numbers and booleans", "{{.Zero}} {{.One}} {{.Neg}} {{.U}} {{.F}} {{.True}} {{.I8}}", maps},
		{"literals", `{{1}} {{1.5}} {{1e3}} {{0x10}} {{'a'}} {{"s"}} {{true}} {{-0}} {{1i}}`, maps},
		{"nil as a command", "{{nil}}", maps},
		{"an int too large", "{{18446744073709551615}}", maps},
		{"variables", `{{$x := .Name}}{{$x}} {{$}}{{$.Name}}`, map[string]any{"Name": "Ana"}},
		{"assignment", `{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}`, maps},
		{"a variable's scope ends with its if", `{{if true}}{{$y := 1}}{{$y}}{{end}}`, maps},
		{"a variable's field", `{{$p := .Person}}{{$p.Name}}`, maps},
		{"if", "{{if .True}}y{{end}}{{if .False}}n{{end}}{{if .Empty}}n{{end}}{{if .Zero}}n{{end}}{{if .Nil}}n{{end}}", maps},
		{"if on a list and a map", "{{if .List}}l{{end}}{{if .NoList}}n{{end}}{{if .Map}}m{{end}}{{if .Person}}p{{end}}", maps},
		{"else if and else", `{{if eq .Name "B"}}b{{else if eq .Name "Ana"}}a{{else}}c{{end}}`, maps},
		{"with", "{{with .Map}}{{.In}}{{end}}{{with .Empty}}x{{else}}{{.Name}}{{end}}", maps},
		{"with a variable", "{{with $m := .Map}}{{$m.In}}{{.In}}{{end}}", maps},
		{"else with", "{{with .Empty}}x{{else with .Name}}{{.}}{{end}}", maps},
		{"and, or: the deciding value", `{{and .One .Name}} {{and .Zero .Name}} {{or .Empty .Name}} {{or .Empty .Zero}} {{and 1}}`, maps},
		{"and short-circuits", `{{and .False .Nope}} {{or .True .Nope}}`, maps},
		{"and evaluates up to the falsy", `{{and .True .Nope}}`, maps},
		{"and with nothing", `{{and}}`, maps},
		{"not", `{{not .True}} {{not .Empty}} {{not .Nil}} {{not 0}}`, maps},
		{"not with two", `{{not 1 2}}`, maps},
		{"len", `{{len .Name}} {{len .List}} {{len .Map}} {{len "héllo"}}`, maps},
		{"len of a number", `{{len .One}}`, maps},
		{"len of nil", `{{len .Nil}}`, maps},
		{"eq", `{{eq .Name "Ana"}} {{eq .Name "B" "Ana"}} {{eq .One 1}} {{eq .U 3}} {{eq 3 .U}} {{eq .Neg .U}} {{eq .F 1.5}} {{eq .True true}}`, maps},
		{"eq with one argument", `{{eq .Name}}`, maps},
		{"eq of different kinds", `{{eq .Name 1}}`, maps},
		{"eq of nil and nil", `{{eq .Nil .Nil}}`, maps},
		{"eq of a string and nil", `{{eq .Name .Nil}}`, maps},
		{"eq of pointers", `{{eq .Person .Person}} {{eq .Person .NilPerson}}`, maps},
		{"eq of slices", `{{eq .List .List}}`, maps},
		{"ne", `{{ne .Name "Ana"}} {{ne 1 2}}`, maps},
		{"ordering", `{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge .F 1.5}} {{lt .Neg .U}} {{gt .U .Neg}} {{lt -1 .U}}`, maps},
		{"ordering of booleans", `{{lt true false}}`, maps},
		{"ordering of different kinds", `{{lt 1 "a"}}`, maps},
		{"ordering of an int and a float", `{{lt 1 1.5}}`, maps},
		{"pipelines", `{{.True | not}} {{.Name | eq "Ana"}} {{.Name | len | lt 2}} {{"x" | or .Empty}}`, maps},
		{"parentheses", `{{(.Map).In}} {{(len .Name)}} {{not (eq .Name "B")}}`, maps},
		{"an argument to a field", `{{.Name 1}}`, maps},
		{"a pipe into a field", `{{1 | .Name}}`, maps},
		{"a pipe into a constant", `{{1 | 2}}`, maps},
		{"a function as an argument", `{{eq not 1}}`, maps},
		{"a comment", `a{{/* c */}}b`, maps},
		{"trimmed spaces", "a  {{- .Name -}}  b", maps},
		{"printing a map", `{{.Map}}`, maps},
		{"printing a list", `{{.List}}`, maps},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, wantErr := goRender(tt.src, false, tt.data)
			got, err := ownRender(tt.src, false, tt.data)
			if (err != nil) != (wantErr != nil) {
				// The executor prints only strings, numbers and booleans: where
				// text/template prints a map or a list with fmt, it stops with an error.
				if err != nil && wantErr == nil && strings.Contains(err.Error(), "prints only strings, numbers and booleans") {
					return
				}
				t.Fatalf("err = %v, want the error of text/template: %v", err, wantErr)
			}
			if err == nil && got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestExecuteErrorsNameTheBytePosition: a run-time error says where in the part it is.
func TestExecuteErrorsNameTheBytePosition(t *testing.T) {
	_, err := ownRender("hello {{.Nope}}", false, map[string]any{})
	if err == nil || !strings.Contains(err.Error(), "at byte 9:") || !strings.Contains(err.Error(), `"Nope"`) {
		t.Errorf("err = %v, want the key at byte 9", err)
	}
}

// TestExecuteRefusesComposites: a value the executor does not print is an error, whatever
// text/template would print for it.
func TestExecuteRefusesComposites(t *testing.T) {
	for _, src := range []string{"{{.}}", "{{.List}}"} {
		t.Run(src, func(t *testing.T) {
			if _, err := ownRender(src, false, map[string]any{"List": []string{"a"}}); err == nil {
				t.Error("printed a composite value")
			}
		})
	}
}
