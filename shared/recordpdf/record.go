package recordpdf

import (
	"fmt"
	"strings"
	"time"

	"crmportal/shared/crm"
)

// Supports reports whether module has documents: invoices and quotes.
func Supports(module string) bool { return module == crm.Invoices || module == crm.Quotes }

// Record is what FromRecord reads of a record: fields are the ones the reader may see (the
// portal's projection, or all of them for staff).
type Record struct {
	Module     crm.Module
	Name       string
	Version    int
	ModifiedAt time.Time
	Fields     map[string]any
}

// FromRecord builds the Doc of r for a reader of lang in company: the module's fields in
// its order (those r carries), the line items (crm.TypeLineItems) as the table and
// Grand_Total as the total. Values are formatted by type: dates, currency and numbers in
// lang's format, booleans as lang's yes/no, lists joined with commas.
func FromRecord(r Record, lang Lang, company string) Doc {
	if _, ok := wordsOf[lang]; !ok {
		lang = English
	}
	w := wordsOf[lang]
	d := Doc{Lang: lang, Company: company, Kind: label(r.Module.SingularLabels, lang, r.Module.APIName),
		Title: r.Name, Version: r.Version, Date: lang.Date(r.ModifiedAt.UTC().Format(time.DateOnly)), ItemsLabel: w.items}
	for _, f := range r.Module.Fields {
		v, ok := r.Fields[f.APIName]
		if !ok || v == nil {
			continue
		}
		switch {
		case f.Type == crm.TypeLineItems:
			d.ItemsLabel = label(f.Labels, lang, f.APIName)
			d.Lines = lines(v, lang)
			continue
		case f.APIName == "Grand_Total":
			d.HasTotal, d.GrandTotal = true, value(f, v, lang, w)
			continue
		}
		s := value(f, v, lang, w)
		if s == "" {
			continue
		}
		d.Fields = append(d.Fields, Field{Label: label(f.Labels, lang, f.APIName), Value: s, Long: f.Type == crm.TypeTextarea})
	}
	return d
}

func label(labels map[string]string, lang Lang, fallback string) string {
	if s := crm.Label(labels, string(lang)); s != "" {
		return s
	}
	return fallback
}

// value formats one stored value of field f.
func value(f crm.Field, v any, lang Lang, w words) string {
	switch x := v.(type) {
	case string:
		switch f.Type {
		case crm.TypeDate:
			return lang.Date(x)
		case crm.TypeDatetime:
			return lang.DateTime(x)
		case crm.TypeCurrency:
			return lang.Money(x)
		case crm.TypeNumber, crm.TypePercent:
			return lang.Decimal(x)
		case crm.TypePicklist, crm.TypeMultipicklist:
			// The option's label in lang (a customer label the portal applied is kept as is).
			return crm.ValueLabel(f, x, nil, string(lang))
		}
		return x
	case float64:
		if f.Type == crm.TypeCurrency {
			return lang.Money(fmt.Sprintf("%.2f", x))
		}
		s := lang.Number(x)
		if f.Type == crm.TypePercent {
			s += " %"
		}
		return s
	case int:
		return lang.Number(float64(x))
	case int64:
		return lang.Number(float64(x))
	case bool:
		if x {
			return w.yes
		}
		return w.no
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, value(f, e, lang, w))
		}
		return strings.Join(parts, ", ")
	case []string:
		return strings.Join(x, ", ")
	case map[string]any:
		if n, ok := x["name"].(string); ok && n != "" {
			return n
		}
		if id, ok := x["id"].(string); ok {
			return id
		}
	}
	return fmt.Sprint(v)
}

// lines reads a stored line items value ([]map with Product, Quantity, Unit_Price, Total, and
// Discount and Tax when the line has them).
func lines(v any, lang Lang) []Line {
	var list []map[string]any
	switch x := v.(type) {
	case []map[string]any:
		list = x
	case []any:
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				list = append(list, m)
			}
		}
	}
	out := make([]Line, 0, len(list))
	money := crm.Field{Type: crm.TypeCurrency}
	w := wordsOf[lang]
	for _, m := range list {
		l := Line{Product: value(crm.Field{Type: crm.TypeText}, m[crm.LineProduct], lang, w)}
		if q, ok := m[crm.LineQuantity]; ok {
			l.Quantity = value(crm.Field{Type: crm.TypeNumber}, q, lang, w)
		}
		if p, ok := m[crm.LineUnitPrice]; ok {
			l.UnitPrice = value(money, p, lang, w)
		}
		if d, ok := m[crm.LineDiscount]; ok {
			l.Discount = value(money, d, lang, w)
		}
		if t, ok := m[crm.LineTax]; ok {
			l.Tax = value(crm.Field{Type: crm.TypeNumber}, t, lang, w) + "%"
		}
		if t, ok := m[crm.LineTotal]; ok {
			l.Total = value(money, t, lang, w)
		}
		out = append(out, l)
	}
	return out
}
