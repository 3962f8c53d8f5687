// Package locale validates the locale settings of organizations and users (language, time
// format, time zone, country) and picks the UI language to answer in. Each Check function
// returns "" when the value is acceptable, else one short English sentence naming the
// rule it breaks. The package is pure apart from reading the time zone database, which it
// embeds (time/tzdata) so that it works where the system has none, as on AWS Lambda.
package locale

import (
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // zone database for systems without one (AWS Lambda's provided runtimes)

	"golang.org/x/text/language"
)

// maxTagLen bounds a language tag: long enough for any tag in practical use (a language,
// script, region, variant and a short extension), short enough to keep stored values small.
const maxTagLen = 64

// Rules the Check functions answer with.
const (
	ruleLanguageRequired = "language is required"
	ruleLanguageTooLong  = "language tag must be at most 64 characters"
	ruleLanguageTag      = "language must be a BCP 47 tag such as pt-BR, en or es"
	ruleLanguageUnknown  = "language must name a language"
	ruleTimeFormat       = `time format must be "12h" or "24h"`
	ruleTimeZoneRequired = "time zone is required"
	ruleTimeZone         = "time zone must be an IANA time zone name such as America/Sao_Paulo"
	ruleCountry          = "country must be an ISO 3166-1 alpha-2 code in upper case, such as BR"
)

// parseTag parses a BCP 47 tag strictly: "_" is refused as a separator (x/text would read
// it as "-"), as is any tag that x/text reports as ill-formed or unknown, or whose language
// is undetermined ("und", "root", private use "x-…").
func parseTag(tag string) (language.Tag, string) {
	switch {
	case tag == "":
		return language.Und, ruleLanguageRequired
	case len(tag) > maxTagLen:
		return language.Und, ruleLanguageTooLong
	case strings.ContainsAny(tag, "_ "):
		return language.Und, ruleLanguageTag
	}
	t, err := language.Parse(tag)
	if err != nil {
		return language.Und, ruleLanguageTag
	}
	if base, _, _ := t.Raw(); base.String() == "und" {
		return language.Und, ruleLanguageUnknown
	}
	return t, ""
}

// CheckLanguage accepts a well-formed BCP 47 language tag naming a known language, in any
// letter case ("pt-BR", "PT-br", "en", "es-419", "zh-Hant-TW"). It refuses the empty
// string, tags over 64 characters, "_" as a separator, ill-formed tags and unknown
// subtags, and tags whose language is undetermined ("und", "x-private"). The form to
// store is Canonical(tag).
func CheckLanguage(tag string) string {
	_, rule := parseTag(tag)
	return rule
}

// Canonical returns the canonical form of a tag that CheckLanguage accepts: subtags in
// their conventional case and deprecated or legacy codes replaced ("PT-br" -> "pt-BR",
// "iw" -> "he", "i-klingon" -> "tlh"). It returns "" for a tag that CheckLanguage refuses.
func Canonical(tag string) string {
	t, rule := parseTag(tag)
	if rule != "" {
		return ""
	}
	return t.String()
}

// CheckTimeFormat accepts exactly "12h" or "24h".
func CheckTimeFormat(v string) string {
	if v == "12h" || v == "24h" {
		return ""
	}
	return ruleTimeFormat
}

// CheckTimeZone accepts any name that time.LoadLocation loads, except "Local" (which means
// the server's zone, not the user's) and "": region/city names ("America/Sao_Paulo"),
// their aliases ("Brazil/East", "US/Eastern"), "UTC", "Etc/GMT+3" and the legacy
// abbreviation zones ("EST", "EST5EDT") that the IANA database still ships. Names are
// case-sensitive. The embedded database is the one consulted where the system has none; a
// system database, where present, is consulted first and may know a few names more.
func CheckTimeZone(v string) string {
	switch v {
	case "":
		return ruleTimeZoneRequired
	case "Local":
		return ruleTimeZone
	}
	if _, err := time.LoadLocation(v); err != nil {
		return ruleTimeZone
	}
	return ""
}

// notAssigned are codes x/text counts as countries that ISO 3166-1 does not assign:
// exceptionally reserved (AC, CP, DG, TA) and transitionally reserved or withdrawn (AN,
// CS, FQ, NT, PC, SU, YU).
var notAssigned = map[string]bool{
	"AC": true, "AN": true, "CP": true, "CS": true, "DG": true, "FQ": true,
	"NT": true, "PC": true, "SU": true, "TA": true, "YU": true,
}

// CheckCountry accepts an ISO 3166-1 alpha-2 code of a current country or territory,
// written in upper case ("BR", "US", "GB"), as x/text's region data knows it (ParseRegion
// and IsCountry). It refuses lower case, numeric area codes ("419"), groupings ("EU",
// "UN"), private-use codes ("AA", "QO", "ZZ"), reserved or withdrawn codes ("UK", "SU",
// "YU") and unknown ones. XK (Kosovo), a user-assigned code in common use, is accepted.
func CheckCountry(v string) string {
	if len(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' || notAssigned[v] {
		return ruleCountry
	}
	r, err := language.ParseRegion(v)
	if err != nil || !r.IsCountry() || r.String() != v || r.Canonicalize() != r || r.ISO3() == "ZZZ" {
		return ruleCountry
	}
	return ""
}

// DefaultUILanguage is the UI language used when no other fits.
const DefaultUILanguage = "en"

// UILanguages are the languages the UI and emails ship in, as canonical tags. It is
// read-only: Supported matches against it as it was on its first call.
var UILanguages = []string{"pt-BR", "en", "es"}

// uiMatcher matches tags against UILanguages, DefaultUILanguage first so that it is the
// matcher's fallback. The indexes it returns point into its own list.
var uiMatcher = sync.OnceValues(func() (language.Matcher, []string) {
	names := []string{DefaultUILanguage}
	for _, l := range UILanguages {
		if l != DefaultUILanguage {
			names = append(names, l)
		}
	}
	tags := make([]language.Tag, len(names))
	for i, n := range names {
		tags[i] = language.MustParse(n)
	}
	return language.NewMatcher(tags), names
})

// Supported returns the UI language (an element of UILanguages) that best serves a user
// whose language is tag, using x/text's language matcher: "pt", "pt-PT" and "pt-BR" give
// "pt-BR", "es-MX" gives "es", "en-GB" gives "en". A tag with no close UI language, or one
// CheckLanguage refuses, gives DefaultUILanguage ("en").
func Supported(tag string) string {
	t, rule := parseTag(tag)
	if rule != "" {
		return DefaultUILanguage
	}
	m, names := uiMatcher()
	_, i, conf := m.Match(t)
	if conf == language.No {
		return DefaultUILanguage
	}
	return names[i]
}
