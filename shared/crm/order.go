package crm

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Sortable reports whether a list can be sorted by a field of type t: every type but the
// ones whose value is a list (multipicklist, line items) or long free text (textarea).
func Sortable(t FieldType) bool {
	switch t {
	case TypeMultipicklist, TypeLineItems, TypeTextarea:
		return false
	}
	return true
}

// Collator is the text order of lang (BCP 47; English when it is empty or unknown), case-
// and accent-insensitive, for [OrderKey]. A collator is not safe for concurrent use: make
// one per request.
func Collator(lang string) *collate.Collator {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	return collate.New(tag, collate.IgnoreCase, collate.IgnoreDiacritics)
}

// datetimeOrder is a datetime at a fixed width, so that its text sorts as its time does
// (RFC 3339 with trimmed nanoseconds does not: "…:00Z" sorts after "…:00.5Z").
const datetimeOrder = "2006-01-02T15:04:05.000000000Z"

// OrderKey is the key of a value v of field f in a list sorted by f: two keys compare, as
// strings, as their values do. Numbers, currencies and percents compare numerically
// (negative ones included), dates and times chronologically, booleans false before true,
// and text (text, email, phone, url, picklist labels, a lookup's name) by col, or, when col
// is nil, by its folded form ([SortKey]: lowercase, accents removed), the encoding an index
// can store. ok is false for a value with no place in the order (absent, empty, or not of the
// field's type), which a list shows last in both directions.
func OrderKey(f Field, v any, col *collate.Collator) (key string, ok bool) {
	switch f.Type {
	case TypeNumber, TypeCurrency, TypePercent:
		n, ok := storedNumber(v)
		if !ok {
			return "", false
		}
		return OrderedFloat(n), true
	case TypeDate:
		s, _ := v.(string)
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", false
		}
		return s, true
	case TypeDatetime:
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return "", false
		}
		return t.UTC().Format(datetimeOrder), true
	case TypeBoolean:
		b, isBool := v.(bool)
		if !isBool {
			return "", false
		}
		if b {
			return "1", true
		}
		return "0", true
	case TypeLookup:
		return textKey(lookupName(v), col)
	case TypeMultipicklist, TypeLineItems, TypeTextarea:
		return "", false
	}
	s, _ := v.(string)
	return textKey(s, col)
}

// OrderTextRunes is how much of a text orders it: its first 64 characters (records alike in
// them follow their ids), which keeps a key, and a cursor that carries one, short.
const OrderTextRunes = 64

func textKey(s string, col *collate.Collator) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", false
	}
	if col == nil {
		return SortKey(s), true
	}
	if r := []rune(s); len(r) > OrderTextRunes {
		s = string(r[:OrderTextRunes])
	}
	// Hex keeps the collation key's byte order and makes it text (cursors carry it).
	return hex.EncodeToString(col.KeyFromString(new(collate.Buffer), s)), true
}

// lookupName is the name a lookup value shows: {id, name} as a map, or "" for anything else.
func lookupName(v any) string {
	switch x := v.(type) {
	case map[string]any:
		s, _ := x["name"].(string)
		return s
	case map[string]string:
		return x["name"]
	}
	return ""
}

// storedNumber reads a stored number: a float64 (number, percent) or a decimal string (currency).
func storedNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case string:
		n, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return n, err == nil && !math.IsNaN(n)
	}
	return 0, false
}

// OrderedFloat encodes n in 16 hex digits that sort as the numbers do: the IEEE 754 bits with
// the sign bit flipped for positive numbers and every bit flipped for negative ones (sign,
// then exponent, then mantissa). -0 and 0 encode alike.
func OrderedFloat(n float64) string {
	if n == 0 {
		n = 0 // -0 is 0
	}
	b := math.Float64bits(n)
	if b&(1<<63) != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return fmt.Sprintf("%016x", b)
}

// SortError is the one answer, portal and staff alike, to a sort on a field that cannot be
// sorted (unknown, hidden, of a type that has no order, or not marked sortable): it names the
// parameter and lists the fields that can be. name is the field asked for, without its "-".
func SortError(name string, sortable []string) FieldError {
	if name == "" {
		name = `""`
	}
	return FieldError{"sort", fmt.Sprintf("%s cannot be sorted: sortable fields are %s (prefix - for descending)",
		name, strings.Join(sortable, ", "))}
}
