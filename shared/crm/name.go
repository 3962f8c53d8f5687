package crm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SortKeyMaxBytes bounds a [SortKey].
const SortKeyMaxBytes = 100

// NameOf is the display name of a record with the given field values (as [Module.Validate]
// returns them or as stored). Contacts and Leads are named "First_Name Last_Name", trimmed;
// other modules by their name field. A missing or non-text value counts as "".
func NameOf(m Module, fields map[string]any) string {
	str := func(name string) string {
		s, _ := fields[name].(string)
		return strings.TrimSpace(s)
	}
	if m.APIName == Contacts || m.APIName == Leads {
		return strings.TrimSpace(str("First_Name") + " " + str("Last_Name"))
	}
	return str(m.NameField)
}

// SortName is the key a record sorts by in lists sorted by the module's name field: the
// [SortKey] of the name field's value; for Contacts and Leads "Last_Name First_Name", so people
// with the same last name sort by first name.
func SortName(m Module, fields map[string]any) string {
	str := func(name string) string {
		s, _ := fields[name].(string)
		return s
	}
	if m.APIName == Contacts || m.APIName == Leads {
		return SortKey(str("Last_Name") + " " + str("First_Name"))
	}
	return SortKey(str(m.NameField))
}

// SortKey normalizes a name for sorting and prefix search: lowercase, accents removed
// ("Ação" -> "acao"), runs of white space collapsed to one space and trimmed, and cut to at
// most 100 bytes at a character boundary.
func SortKey(s string) string {
	fold := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if folded, _, err := transform.String(fold, s); err == nil {
		s = folded
	}
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if len(s) <= SortKeyMaxBytes {
		return s
	}
	cut := SortKeyMaxBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " ")
}
