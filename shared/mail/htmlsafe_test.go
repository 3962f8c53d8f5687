package mail

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// hostile are values a customer may type into a name: quotes, markup, entities, scripts in
// addresses (also disguised), CSS, unicode, control characters.
var hostile = []string{
	"Ana", "", `"><script>alert(1)</script>`, `'onmouseover='alert(1)`, "a & b &amp; &lt;", "x+y=z",
	"javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
	"vbscript:msgbox", "https://x.example/a b?c=d&e=\"f\"#g", "mailto:ana@example.com", "//evil.example/x", "/p/acme?x=1",
	"%zz%41", "Ação 😀 日本", "red;background:url(javascript:alert(1))", "#aa3300", "expression(alert(1))",
	"-moz-binding:url(x)", "a\x00b", "</p><!--", "]]>", "{{.V}}", "`backtick`", "\u2028\u2029",
}

// TestHTMLEscapingAgreesWithHTMLTemplate renders each allowed place of a value with each
// hostile value and compares the output with html/template's: the same bytes, except in a
// style attribute, where only a plain CSS value passes (stricterInStyle).
func TestHTMLEscapingAgreesWithHTMLTemplate(t *testing.T) {
	places := []struct{ name, src string }{
		{"text", `<p>{{.V}}</p>`},
		{"text after markup", `<p><b>x</b> {{.V}} &amp; {{.V}}</p>`},
		{"title", `<title>{{.V}}</title>`},
		{"textarea", `<textarea>{{.V}}</textarea>`},
		{"a double-quoted attribute", `<td title="{{.V}}">x</td>`},
		{"a single-quoted attribute", `<td title='{{.V}}'>x</td>`},
		{"an attribute with text around", `<img alt="Logo of {{.V}}!" src="/l.png">`},
		{"bgcolor", `<td bgcolor="{{.V}}">x</td>`},
		{"href", `<a href="{{.V}}">x</a>`},
		{"href with a space first", `<a href=" {{.V}}">x</a>`},
		{"src", `<img src="{{.V}}">`},
		{"background", `<td background="{{.V}}">x</td>`},
		{"data-url", `<span data-url="{{.V}}">x</span>`},
		{"an address's path", `<a href="https://x.example/p/{{.V}}">x</a>`},
		{"a relative path", `<a href="/p/{{.V}}/x">x</a>`},
		{"an address's query", `<a href="https://x.example/?q={{.V}}&r=1">x</a>`},
		{"an address's fragment", `<a href="/x#{{.V}}">x</a>`},
		{"mailto", `<a href="mailto:{{.V}}">x</a>`},
		{"two values in an address", `<a href="{{.V}}/{{.V}}?{{.V}}">x</a>`},
		{"style", `<td style="color:{{.V}};">x</td>`},
		{"style, second declaration", `<td style="padding:0;border-top:6px solid {{.V}};border-radius:8px;">x</td>`},
		{"style after a string with a ;", `<td style="font-family:'a;b';color:{{.V}}">x</td>`},
		{"an if in text", `<p>{{if .V}}<b>{{.V}}</b>{{else}}none{{end}}</p>`},
		{"a with in text", `<p>{{with .V}}<a href="{{.}}">{{.}}</a>{{end}}</p>`},
	}
	// Where html/template writes a value that is not a plain CSS value into a style as it
	// is, this package writes ZgotmplZ.
	stricterInStyle := map[string]bool{"Ação 😀 日本": true, "`backtick`": true, "\u2028\u2029": true, "a\x00b": true,
		"x+y=z": true, `'onmouseover='alert(1)`: true, "a & b &amp; &lt;": true, "vbscript:msgbox": true}
	for _, p := range places {
		for _, v := range hostile {
			t.Run(fmt.Sprintf("%s/%q", p.name, v), func(t *testing.T) {
				data := map[string]any{"V": v}
				want, err := goRender(p.src, true, data)
				if err != nil {
					t.Fatalf("html/template: %v", err)
				}
				got, err := ownRender(p.src, true, data)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(p.name, "style") && stricterInStyle[v] {
					if !strings.Contains(got, "ZgotmplZ") || strings.Contains(got, "(") {
						t.Errorf("got %q, want ZgotmplZ in place of the value", got)
					}
					return
				}
				if got != want {
					t.Errorf("got  %q\nwant %q (html/template)", got, want)
				}
			})
		}
	}
}

// TestHTMLRefusesUncertainPlaces: a value or a branch where no escaping is certain is
// refused when the template is parsed, naming the byte where it is.
func TestHTMLRefusesUncertainPlaces(t *testing.T) {
	tests := []struct {
		name, src string
		at        string // the byte the error names: where the action's pipeline (or if's condition, or else's branch) starts
	}{
		{"a tag's name", `<{{.V}}>`, "byte 4"},
		{"part of a tag's name", `<scr{{.V}}ipt>`, "byte 7"},
		{"an end tag", `<p>x</{{.V}}>`, "byte 9"},
		{"an attribute's name", `<td {{.V}}="x">`, "byte 7"},
		{"part of an attribute's name", `<td on{{.V}}="x">`, "byte 9"},
		{"between attributes", `<td title="x" {{.V}}>`, "byte 17"},
		{"an unquoted value", `<td title={{.V}}>`, "byte 13"},
		{"an unquoted address", `<a href={{.V}}>x</a>`, "byte 11"},
		{"an event handler", `<a href="#" onclick="go('{{.V}}')">x</a>`, "byte 28"},
		{"an event handler, data-", `<a data-onclick="{{.V}}">x</a>`, "byte 20"},
		{"srcset", `<img srcset="{{.V}} 1x">`, "byte 16"},
		{"a namespaced attribute", `<a xlink:href="{{.V}}">x</a>`, "byte 18"},
		{"script", `<script>var x = "{{.V}}";</script>`, "byte 20"},
		{"a script that closes itself", `<script/>{{.V}}`, "byte 12"},
		{"style element", `<style>p { color: {{.V}} }</style>`, "byte 21"},
		{"iframe content", `<iframe>{{.V}}</iframe>`, "byte 11"},
		{"noscript", `<noscript>{{.V}}</noscript>`, "byte 13"},
		{"an attribute of script", `<script src="{{.V}}"></script>`, "byte 16"},
		{"an attribute of meta", `<meta http-equiv="refresh" content="0;url={{.V}}">`, "byte 45"},
		{"an attribute of an svg element", `<svg><animate attributeName="href" values="{{.V}}"/></svg>`, "byte 46"},
		{"a comment", `<!-- {{.V}} -->`, "byte 8"},
		{"a conditional comment", `<!--[if mso]>{{.V}}<![endif]-->`, "byte 16"},
		{"a doctype", `<!doctype {{.V}}>`, "byte 13"},
		{"cdata", `<![CDATA[{{.V}}]]>`, "byte 12"},
		{"an unfinished tag", `<p title="{{.V}}`, "byte 13"},
		{"style outside a value", `<td style="{{.V}}">x</td>`, "byte 14"},
		{"style in a property's name", `<td style="color:red;{{.V}}:blue">x</td>`, "byte 24"},
		{"style in a CSS string", `<td style="font-family:'{{.V}}'">x</td>`, "byte 27"},
		{"style in a url()", `<td style="background:url({{.V}})">x</td>`, "byte 29"},
		{"style in a comment", `<td style="color:/* {{.V}} */red">x</td>`, "byte 23"},
		{"style followed by (", `<td style="color:{{.V}}(1)">x</td>`, "byte 20"},
		{"style with a CSS escape", `<td style="color:\72 ed;background:{{.V}}">x</td>`, "byte 38"},
		{"a value then a ':' in an address", `<a href="{{.V}}:1/x">x</a>`, "byte 12"},
		{"a value in a javascript: address", `<a href="javascript:go('{{.V}}')">x</a>`, "byte 27"},
		{"a value in an entity-escaped javascript: address", `<a href="javascript&#58;{{.V}}">x</a>`, "byte 27"},
		{"a value in a data: address", `<img src="data:image/png;base64,{{.V}}">`, "byte 35"},
		{"an if inside a tag", `<a {{if .V}}href="x"{{end}}>y</a>`, "byte 9"},
		{"an if inside a value", `<a href="{{if .V}}/x{{end}}">y</a>`, "byte 15"},
		{"a branch that ends inside a tag", `{{if .V}}<a href="{{else}}">{{end}}`, "byte 27"},
		{"an if inside a title", `<title>{{if .V}}x{{end}}</title>`, "byte 13"},
		{"an if inside a script", `<script>{{if .V}}x{{end}}</script>`, "byte 14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (Template{Subject: "s", Text: "{{.V}}", HTML: tt.src}).Render(map[string]any{"V": "x"})
			var te *TemplateError
			if !errors.As(err, &te) || te.Part != "html" {
				t.Fatalf("err = %v, want a TemplateError in html", err)
			}
			if !strings.Contains(err.Error(), tt.at+" ") {
				t.Errorf("err = %v, want it to name %s", err, tt.at)
			}
		})
	}
}

// TestHTMLAllowsDeclarationsAnywhere: an action that only declares a variable prints
// nothing, so it may stand anywhere, as with html/template.
func TestHTMLAllowsDeclarationsAnywhere(t *testing.T) {
	got, err := ownRender(`<a {{$x := .V}}href="{{$x}}">{{$x}}</a>`, true, map[string]any{"V": "javascript:x"})
	if err != nil || got != `<a href="#ZgotmplZ">javascript:x</a>` {
		t.Errorf("got %q, %v", got, err)
	}
}

// oldRender is Template.Render as it was, with Go's templates: the standard emails must
// render the same.
func oldRender(tpl Template, data any) (Message, error) {
	var m Message
	for _, p := range []struct {
		src  string
		dst  *string
		html bool
	}{{tpl.Subject, &m.Subject, false}, {tpl.Text, &m.Text, false}, {tpl.HTML, &m.HTML, true}} {
		out, err := goRender(p.src, p.html, data)
		if err != nil {
			return Message{}, err
		}
		*p.dst = strings.TrimSpace(out)
	}
	return m, nil
}

// TestStandardTemplatesRenderAsBefore renders every standard email in every language with
// ordinary and hostile values, with and without a logo, and compares each part, byte for
// byte, with what Go's templates render.
func TestStandardTemplatesRenderAsBefore(t *testing.T) {
	datas := map[string]map[string]any{
		"ordinary": {"Portal": "Portal Acme", "Company": "Acme Ltda", "Name": "Ana Souza", "Email": "ana@example.com",
			"Link": "https://portal.example.com/p/acme/invite/tok", "Setup": true, "Expires": "1 de dez. de 2026, 18:00",
			"Brand": "#1d4ed8", "Logo": "https://portal.example.com/api/p/acme/logo",
			"RecordName": "Segunda via", "ModuleName": "Caso", "Subject": "Nova resposta", "Summary": "1 nova resposta.",
			"Unsubscribe": "https://portal.example.com/api/unsubscribe?token=tok"},
		"hostile": {"Portal": `Portal <i>"Acme"</i>`, "Company": "Acme & Cia <script>x</script>", "Name": `'Ana' "<b>" +`,
			"Email": "a+b@example.com", "Link": `https://portal.example.com/p/a/invite/t?a=1&b="2" ção`, "Setup": false,
			"Expires": "9 <de> dez.", "Brand": "red;background:url(javascript:alert(1))", "Logo": "javascript:alert(1)",
			"RecordName": `<img src=x onerror="alert(1)">`, "ModuleName": "Caso & <b>", "Subject": `"quoted"`, "Summary": "1 <nova> & resposta",
			"Unsubscribe": "javascript:alert(1)"},
		"no logo": {"Portal": "P", "Company": "C", "Name": "N", "Email": "e@example.com", "Link": "/p/a/reset/t",
			"Setup": false, "Expires": "x", "Brand": "#aa3300", "Logo": "",
			"RecordName": "R", "ModuleName": "M", "Subject": "S", "Summary": "", "Unsubscribe": "/api/unsubscribe?token=t"},
	}
	for _, name := range append([]string{"staff-reset"}, Editable...) {
		for _, lang := range Languages {
			for dname, data := range datas {
				t.Run(name+"/"+lang+"/"+dname, func(t *testing.T) {
					tpl, err := Standard(name, lang)
					if err != nil {
						t.Fatal(err)
					}
					want, err := oldRender(tpl, data)
					if err != nil {
						t.Fatal(err)
					}
					got, err := tpl.Render(data)
					if err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("got  %+v\nwant %+v", got, want)
					}
				})
			}
		}
	}
}

// shape is the markup of an HTML document: its tags, their attributes' names, comments;
// text left out.
func shape(t *testing.T, doc string) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				t.Fatal(z.Err())
			}
			return out
		case html.TextToken:
			continue
		}
		tok := z.Token()
		s := tt.String() + " " + tok.Data
		for _, a := range tok.Attr {
			s += " " + a.Key
		}
		out = append(out, s)
	}
}

// FuzzHTMLValuesKeepTheMarkup: whatever a value holds, the rendered HTML has the markup of
// the template rendered with a plain value (no tag, attribute or comment comes from a
// value), and every address that a value starts is relative or http, https or mailto.
func FuzzHTMLValuesKeepTheMarkup(f *testing.F) {
	for _, v := range hostile {
		f.Add(v)
	}
	const src = `<!doctype html><html><head><title>{{.V}}</title></head><body>` +
		`<table><tr><td style="color:{{.V}};border:1px solid {{.V}}" bgcolor="{{.V}}" title='{{.V}}'>{{.V}}</td></tr></table>` +
		`<p>{{if .V}}<a href="{{.V}}" target="_blank">{{.V}}</a>{{else}}{{.V}}{{end}}</p>` +
		`<img src="{{.V}}" alt="{{.V}}"><a href="/x/{{.V}}?q={{.V}}#{{.V}}">y</a><a href="mailto:{{.V}}">m</a></body></html>`
	p, err := parsePart("html", src, true)
	if err != nil {
		f.Fatal(err)
	}
	render := func(t *testing.T, v string) string {
		var b strings.Builder
		if err := execute(&b, p.root, map[string]any{"V": v}, true, p.esc); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	f.Fuzz(func(t *testing.T, v string) {
		plain := "x"
		if v == "" {
			plain = "" // the if takes the other branch
		}
		want := strings.Join(shape(t, render(t, plain)), "\n")
		out := render(t, v)
		if got := strings.Join(shape(t, out), "\n"); got != want {
			t.Fatalf("value %q changes the markup:\n%s\nwant\n%s", v, got, want)
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for z.Next() != html.ErrorToken {
			for _, a := range z.Token().Attr {
				if (a.Key == "href" || a.Key == "src") && !isSafeURL(strings.TrimSpace(a.Val)) {
					t.Fatalf("value %q makes %s=%q", v, a.Key, a.Val)
				}
				if a.Key == "style" && strings.ContainsAny(a.Val, `()\"'`) {
					t.Fatalf("value %q makes style=%q", v, a.Val)
				}
			}
		}
	})
}

// TestHTMLKeepsWrittenComments: the template's own text is written as it is, comments
// included (html/template drops them, and with them Outlook's conditional comments).
func TestHTMLKeepsWrittenComments(t *testing.T) {
	const src = `<p>a<!-- note --><!--[if mso]><b>x</b><![endif]-->{{.V}}</p>`
	got, err := ownRender(src, true, map[string]any{"V": "<i>"})
	if want := `<p>a<!-- note --><!--[if mso]><b>x</b><![endif]-->&lt;i&gt;</p>`; err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}
