// Package paylink checks and fills an organization's payment link template: the address of a
// payment provider's hosted page, with placeholders the portal fills from an invoice, shown to
// customers as "Pay" on the invoices they owe.
//
// A template is an https URL of at most MaxLength characters. Placeholders are written in
// braces and only the ones in Placeholders are known. They may stand only after the host (in
// the path, the query or the fragment), so no invoice value can choose where the customer is
// sent; each value is escaped for the part of the URL it stands in.
package paylink

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// MaxLength is the longest template, in bytes.
const MaxLength = 1000

// Placeholder is one value a template may ask for, and the invoice field it comes from
// (empty for the record's id).
type Placeholder struct {
	Name  string
	Field string
}

// Placeholders are the known placeholders, by name.
var Placeholders = []Placeholder{
	{Name: "id"},
	{Name: "subject", Field: "Subject"},
	{Name: "amount", Field: "Grand_Total"},
	{Name: "due_date", Field: "Due_Date"},
}

func known(name string) (Placeholder, bool) {
	i := slices.IndexFunc(Placeholders, func(p Placeholder) bool { return p.Name == name })
	if i < 0 {
		return Placeholder{}, false
	}
	return Placeholders[i], true
}

// part is a piece of a template: literal text, or a placeholder's name.
type part struct {
	text        string
	placeholder bool
}

// parse splits tmpl into literal text and placeholders; an unknown placeholder or a brace
// that opens or closes none is an error.
func parse(tmpl string) ([]part, error) {
	var parts []part
	for rest := tmpl; rest != ""; {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			parts = append(parts, part{text: rest})
			break
		}
		if rest[open] == '}' {
			return nil, fmt.Errorf("has a } that closes no placeholder")
		}
		if open > 0 {
			parts = append(parts, part{text: rest[:open]})
		}
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] == '{' {
			return nil, fmt.Errorf("has a { that is not closed")
		}
		name := rest[open+1 : open+1+end]
		if _, ok := known(name); !ok {
			return nil, fmt.Errorf("has the unknown placeholder {%s} (known: %s)", name, names())
		}
		parts = append(parts, part{text: name, placeholder: true})
		rest = rest[open+1+end+1:]
	}
	return parts, nil
}

func names() string {
	var out []string
	for _, p := range Placeholders {
		out = append(out, "{"+p.Name+"}")
	}
	return strings.Join(out, ", ")
}

// Check returns what is wrong with tmpl as a sentence for the field's problem, or "" when it
// is a valid template. The empty template is valid: it turns the link off.
func Check(tmpl string) string {
	if tmpl == "" {
		return ""
	}
	if len(tmpl) > MaxLength {
		return fmt.Sprintf("must be at most %d characters", MaxLength)
	}
	if strings.ContainsFunc(tmpl, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "must not contain spaces or control characters"
	}
	parts, err := parse(tmpl)
	if err != nil {
		return "must be an https URL with known placeholders: it " + err.Error()
	}
	// The address without its placeholders decides the scheme and the host.
	var bare strings.Builder
	for _, p := range parts {
		if !p.placeholder {
			bare.WriteString(p.text)
		} else {
			bare.WriteString("x")
		}
	}
	u, err := url.Parse(bare.String())
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.Host == "" || u.Opaque != "" {
		return "must be an https URL with a host (https://...)"
	}
	if u.User != nil {
		return "must not carry a user name or password"
	}
	if end := hostEnd(tmpl); strings.Contains(tmpl[:end], "{") {
		return "must not have placeholders in the scheme or host"
	}
	return ""
}

// hostEnd is the index where tmpl's authority ends (its path, query or fragment starts).
func hostEnd(tmpl string) int {
	after := strings.Index(tmpl, "://")
	if after < 0 {
		return len(tmpl)
	}
	after += len("://")
	if i := strings.IndexAny(tmpl[after:], "/?#"); i >= 0 {
		return after + i
	}
	return len(tmpl)
}

// Fields are the invoice fields tmpl's placeholders read (each once, in the template's order);
// the portal offers the link only to a customer who may see every one of them. tmpl must pass
// Check.
func Fields(tmpl string) []string {
	parts, _ := parse(tmpl)
	var out []string
	for _, p := range parts {
		if !p.placeholder {
			continue
		}
		ph, _ := known(p.text)
		if ph.Field != "" && !slices.Contains(out, ph.Field) {
			out = append(out, ph.Field)
		}
	}
	return out
}

// Expand fills tmpl (which must pass Check) for the invoice with id and fields: each value is
// escaped for where it stands (a path segment before the query, a query value after it). A
// field that is missing or not a string fills in as empty.
func Expand(tmpl, id string, fields map[string]any) string {
	parts, err := parse(tmpl)
	if err != nil {
		return ""
	}
	var out strings.Builder
	inQuery := false
	for _, p := range parts {
		if !p.placeholder {
			out.WriteString(p.text)
			if strings.ContainsAny(p.text, "?#") {
				inQuery = true
			}
			continue
		}
		ph, _ := known(p.text)
		v := id
		if ph.Field != "" {
			v = fmt.Sprint(valueOr(fields[ph.Field]))
		}
		if inQuery {
			out.WriteString(url.QueryEscape(v))
		} else {
			out.WriteString(url.PathEscape(v))
		}
	}
	return out.String()
}

func valueOr(v any) any {
	if v == nil {
		return ""
	}
	return v
}
