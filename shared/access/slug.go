package access

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"crmportal/shared/names"
)

// Slug limits.
const (
	SlugMinLength   = 3
	SlugMaxLength   = 63 // one DNS label, so a slug can become a subdomain later
	NameMaxLength   = 100
	slugInputMax    = 1024 // bytes of a name Slug looks at
	suggestMaxN     = 99   // Suggest tries slug-2 ... slug-99
	suggestRandom   = 20   // then this many random suffixes
	suggestAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	suggestFallback = "portal" // the base of a suggestion for a name with no usable letter
)

// Reserved are the slugs no portal may take: path segments and host names the deployment
// uses or may use, and words that would confuse customers. Read-only: do not change it.
var Reserved = map[string]bool{
	"about": true, "account": true, "accounts": true, "admin": true, "administrator": true,
	"api": true, "app": true, "apps": true, "assets": true, "auth": true, "billing": true,
	"blog": true, "cdn": true, "config": true, "console": true, "contact": true,
	"crmportal": true, "dashboard": true, "default": true, "dev": true, "docs": true,
	"download": true, "downloads": true, "email": true, "favicon": true, "files": true,
	"ftp": true, "health": true, "help": true, "home": true, "images": true, "img": true,
	"index": true, "internal": true, "invitation": true, "invitations": true, "invite": true,
	"legal": true, "localhost": true, "login": true, "logout": true, "mail": true, "me": true,
	"media": true, "new": true, "null": true, "oauth": true, "operator": true, "p": true,
	"password": true, "password-reset": true, "portal": true, "portals": true, "preview": true,
	"privacy": true, "prod": true, "production": true, "public": true, "records": true,
	"register": true, "reset": true, "robots": true, "root": true, "security": true,
	"settings": true, "signin": true, "signup": true, "sitemap": true, "smtp": true,
	"staff": true, "staging": true, "static": true, "status": true, "support": true,
	"system": true, "terms": true, "test": true, "undefined": true, "user": true,
	"users": true, "webhook": true, "webhooks": true, "well-known": true, "www": true,
}

// foldSpecial spells the Latin letters that do not decompose into an ASCII letter plus
// accents.
var foldSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'þ': "th",
	'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "n", 'ĸ': "k", 'ſ': "s",
}

// Slug turns a portal name into its URL slug: compatibility-decomposed (NFKD) and stripped
// of accents ("Ação" -> "acao"), lowercased, with ß, æ, œ, ø, ł, đ and a few other Latin
// letters spelled in ASCII; apostrophes are dropped ("D'Ávila" -> "davila"); every other run
// of characters that are not a-z or 0-9 (spaces, punctuation, other scripts) becomes one
// hyphen, and hyphens are trimmed from both ends. The result is cut to [SlugMaxLength] bytes
// (and trimmed again). Only the first 1024 bytes of name are read.
//
// Slug is idempotent and its output is made only of a-z, 0-9 and single inner hyphens; it
// may still be refused by [CheckSlug] for being empty, shorter than [SlugMinLength] or
// [Reserved]: "Clientes Ação Ltda" -> "clientes-acao-ltda", "東京" -> "", "Admin" -> "admin".
func Slug(name string) string {
	if len(name) > slugInputMax {
		name = name[:slugInputMax]
	}
	var b strings.Builder
	b.Grow(min(len(name), SlugMaxLength+8))
	hyphen := false // a separator is pending
	put := func(s string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(s)
	}
	for _, r := range norm.NFKD.String(name) {
		if b.Len() > SlugMaxLength {
			break
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			put(string(r))
		case r == '\'' || r == '’' || r == 'ʼ' || r == '‘':
			// apostrophes join: "d'avila" -> "davila"
		case foldSpecial[r] != "":
			put(foldSpecial[r])
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > SlugMaxLength {
		s = s[:SlugMaxLength]
	}
	return strings.Trim(s, "-")
}

// CheckSlug returns the rule slug breaks, or "" when it is a valid slug: 3 to 63 characters,
// only a-z, 0-9 and hyphens, starting and ending with a letter or digit, no two hyphens in a
// row, and not [Reserved]. (Uniqueness in the deployment is the store's to enforce.)
func CheckSlug(slug string) string {
	switch {
	case slug == "":
		return "is required"
	case len(slug) < SlugMinLength:
		return fmt.Sprintf("must be at least %d characters", SlugMinLength)
	case len(slug) > SlugMaxLength:
		return fmt.Sprintf("must be at most %d characters", SlugMaxLength)
	}
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return "must have only lowercase letters a-z, digits and hyphens"
		}
	}
	switch {
	case slug[0] == '-' || slug[len(slug)-1] == '-':
		return "must start and end with a letter or a digit"
	case strings.Contains(slug, "--"):
		return "must not have two hyphens in a row"
	case Reserved[slug]:
		return "is reserved; choose another name"
	}
	return ""
}

// Suggest proposes a free slug for when slug is taken or refused: slug is first passed
// through [Slug] (an empty result is replaced by "portal"), then it tries slug-2, slug-3, ...
// slug-99, then up to 20 slugs with a random suffix of 4 characters from a-z0-9 (each drawn
// with randIntN, which returns a number in [0, n), such as math/rand/v2.IntN), cutting slug
// so that each candidate has at most 63 characters. It returns the first candidate that
// passes [CheckSlug] and for which taken returns false, or "" when none does (randIntN may
// be nil: then only the numbered candidates are tried). It never returns slug itself. taken
// is called once per candidate, in order; it should answer from one read of the slugs that
// start with slug, not one store call each.
func Suggest(slug string, taken func(string) bool, randIntN func(n int) int) string {
	base := Slug(slug)
	if base == "" {
		base = suggestFallback
	}
	try := func(suffix string) string {
		b := base
		if room := SlugMaxLength - len(suffix); len(b) > room {
			b = strings.TrimRight(b[:room], "-")
		}
		c := b + suffix
		if c == slug || CheckSlug(c) != "" || taken(c) {
			return ""
		}
		return c
	}
	for n := 2; n <= suggestMaxN; n++ {
		if c := try("-" + strconv.Itoa(n)); c != "" {
			return c
		}
	}
	if randIntN == nil {
		return ""
	}
	for range suggestRandom {
		var suffix [5]byte
		suffix[0] = '-'
		for i := 1; i < len(suffix); i++ {
			k := randIntN(len(suggestAlphabet))
			if k < 0 || k >= len(suggestAlphabet) {
				k = 0
			}
			suffix[i] = suggestAlphabet[k]
		}
		if c := try(string(suffix[:])); c != "" {
			return c
		}
	}
	return ""
}

// CheckName returns the rule a portal name breaks, or "": a name is required (after
// trimming), has at most 100 characters and no control characters. The name defaults to the
// organization's company name ([DefaultName]).
func CheckName(name string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "is required"
	case utf8.RuneCountInString(name) > NameMaxLength:
		return fmt.Sprintf("must be at most %d characters", NameMaxLength)
	case !utf8.ValidString(name):
		return "must be valid UTF-8 text"
	}
	return names.Line(name)
}

// DefaultName is the portal name proposed for an organization: its company name, trimmed,
// with runs of white space collapsed.
func DefaultName(company string) string {
	return strings.Join(strings.Fields(company), " ")
}

// PortalURL is the address of a portal: https://{host}/p/{slug}. host is a bare host name
// with an optional port, without a scheme or trailing slash.
func PortalURL(host, slug string) string {
	return "https://" + host + "/p/" + slug
}
