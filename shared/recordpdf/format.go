package recordpdf

import (
	"strconv"
	"strings"
	"time"
)

// Lang is one of the languages a document is written in: "en", "pt-BR" or "es".
type Lang string

// The languages of documents.
const (
	English    Lang = "en"
	Portuguese Lang = "pt-BR"
	Spanish    Lang = "es"
)

// LangOf picks the document language for a BCP 47 tag by its primary subtag ("pt", "pt-PT"
// and "pt-BR" are Portuguese, "es-419" is Spanish); any other tag, and "", is English.
func LangOf(tag string) Lang {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	switch primary {
	case "pt":
		return Portuguese
	case "es":
		return Spanish
	}
	return English
}

// separators are the thousands and decimal marks of l: 1.234,56 in Portuguese and Spanish,
// 1,234.56 in English.
func (l Lang) separators() (thousands, decimal string) {
	if l == English {
		return ",", "."
	}
	return ".", ","
}

// Decimal formats a plain decimal string ("-1234.5", "12", "0.125") with l's marks and
// thousands grouping; text that is not such a number is returned unchanged, so a value that
// is not a number is still printed as stored.
func (l Lang) Decimal(s string) string {
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(digits, ".")
	if whole == "" || !allDigits(whole) || (hasFrac && (frac == "" || !allDigits(frac))) {
		return s
	}
	th, dec := l.separators()
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(dec + frac)
	}
	return b.String()
}

// Money formats an amount with two decimals (stored currency values are "1234.5" or "1234.50").
func (l Lang) Money(s string) string {
	if whole, frac, ok := strings.Cut(s, "."); ok && len(frac) == 1 {
		s = whole + "." + frac + "0"
	} else if !ok && s != "" && allDigits(strings.TrimPrefix(s, "-")) {
		s += ".00"
	}
	return l.Decimal(s)
}

// Number formats a float in its shortest decimal form with l's marks (2.5 -> "2,5" in Portuguese).
func (l Lang) Number(f float64) string {
	return l.Decimal(strconv.FormatFloat(f, 'f', -1, 64))
}

// Date formats an ISO date ("2026-03-01") as people of l write it: 01/03/2026 in Portuguese
// and Spanish, 03/01/2026 in English; anything else is returned unchanged.
func (l Lang) Date(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	if l == English {
		return t.Format("01/02/2006")
	}
	return t.Format("02/01/2006")
}

// DateTime formats an RFC 3339 time in UTC as l's date and a 24-hour time, "01/03/2026 14:05 UTC".
func (l Lang) DateTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return l.Date(t.UTC().Format(time.DateOnly)) + " " + t.UTC().Format("15:04") + " UTC"
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// words are the document's own texts in each language.
type words struct {
	product, quantity, unitPrice, discount, tax, total, grandTotal, page, version, yes, no, items string
}

var wordsOf = map[Lang]words{
	English: {product: "Product", quantity: "Quantity", unitPrice: "Unit price", discount: "Discount", tax: "Tax", total: "Total",
		grandTotal: "Grand total", page: "Page %d of %s", version: "Version %d", yes: "Yes", no: "No", items: "Line items"},
	Portuguese: {product: "Produto", quantity: "Quantidade", unitPrice: "Preço unitário", discount: "Desconto", tax: "Imposto", total: "Total",
		grandTotal: "Total geral", page: "Página %d de %s", version: "Versão %d", yes: "Sim", no: "Não", items: "Itens"},
	Spanish: {product: "Producto", quantity: "Cantidad", unitPrice: "Precio unitario", discount: "Descuento", tax: "Impuesto", total: "Total",
		grandTotal: "Total general", page: "Página %d de %s", version: "Versión %d", yes: "Sí", no: "No", items: "Líneas"},
}
