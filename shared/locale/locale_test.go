package locale

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckLanguageAndCanonical(t *testing.T) {
	tests := []struct {
		name, tag, wantRule, wantCanonical string
	}{
		{"Brazilian Portuguese", "pt-BR", "", "pt-BR"},
		{"English", "en", "", "en"},
		{"Spanish", "es", "", "es"},
		{"mixed case", "PT-br", "", "pt-BR"},
		{"upper-case language", "EN", "", "en"},
		{"US English", "en-US", "", "en-US"},
		{"Latin American Spanish", "es-419", "", "es-419"},
		{"European Portuguese", "pt-PT", "", "pt-PT"},
		{"script and region", "zh-hant-tw", "", "zh-Hant-TW"},
		{"three-letter language", "ast", "", "ast"},
		{"Unicode extension", "en-US-u-ca-buddhist", "", "en-US-u-ca-buddhist"},
		{"private-use suffix", "en-x-foo", "", "en-x-foo"},
		{"deprecated code replaced", "iw", "", "he"},
		{"deprecated Indonesian code replaced", "in", "", "id"},
		{"grandfathered tag replaced", "i-klingon", "", "tlh"},

		{"empty", "", ruleLanguageRequired, ""},
		{"too long", "en-" + strings.Repeat("a-", 31) + "b", ruleLanguageTooLong, ""},
		{"underscore separator", "en_US", ruleLanguageTag, ""},
		{"space", "en US", ruleLanguageTag, ""},
		{"surrounding space", " en", ruleLanguageTag, ""},
		{"one letter", "e", ruleLanguageTag, ""},
		{"too-long language subtag", "toolonglang", ruleLanguageTag, ""},
		{"empty subtag", "en--US", ruleLanguageTag, ""},
		{"trailing hyphen", "en-", ruleLanguageTag, ""},
		{"unknown language", "xx", ruleLanguageTag, ""},
		{"list of tags", "en,pt", ruleLanguageTag, ""},
		{"quality value", "en;q=0.8", ruleLanguageTag, ""},
		{"language name", "English", ruleLanguageTag, ""},
		{"undetermined", "und", ruleLanguageUnknown, ""},
		{"undetermined with region", "und-BR", ruleLanguageUnknown, ""},
		{"root", "root", ruleLanguageUnknown, ""},
		{"private use only", "x-private", ruleLanguageUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckLanguage(tt.tag); got != tt.wantRule {
				t.Errorf("CheckLanguage(%q): got %q, want %q", tt.tag, got, tt.wantRule)
			}
			if got := Canonical(tt.tag); got != tt.wantCanonical {
				t.Errorf("Canonical(%q): got %q, want %q", tt.tag, got, tt.wantCanonical)
			}
		})
	}
}

func TestCanonicalIsStable(t *testing.T) {
	for _, tag := range []string{"PT-br", "iw", "zh-hant-tw", "en-US-POSIX", "i-klingon", "es-419"} {
		t.Run(tag, func(t *testing.T) {
			c := Canonical(tag)
			if got := CheckLanguage(c); got != "" {
				t.Errorf("CheckLanguage(Canonical(%q) = %q): got %q, want %q", tag, c, got, "")
			}
			if got := Canonical(c); got != c {
				t.Errorf("Canonical(%q): got %q, want %q", c, got, c)
			}
		})
	}
}

func TestCheckTimeFormat(t *testing.T) {
	tests := []struct{ name, v, want string }{
		{"12h", "12h", ""},
		{"24h", "24h", ""},
		{"empty", "", ruleTimeFormat},
		{"upper case", "24H", ruleTimeFormat},
		{"number only", "24", ruleTimeFormat},
		{"spelled out", "24-hour", ruleTimeFormat},
		{"surrounding space", " 12h", ruleTimeFormat},
		{"other clock", "48h", ruleTimeFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckTimeFormat(tt.v); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckTimeZone(t *testing.T) {
	tests := []struct{ name, v, want string }{
		{"São Paulo", "America/Sao_Paulo", ""},
		{"New York", "America/New_York", ""},
		{"Lisbon", "Europe/Lisbon", ""},
		{"Madrid", "Europe/Madrid", ""},
		{"three-level name", "America/Argentina/Buenos_Aires", ""},
		{"Kolkata", "Asia/Kolkata", ""},
		{"UTC", "UTC", ""},
		{"Etc offset zone", "Etc/GMT+3", ""},
		{"backward alias", "Brazil/East", ""},
		{"US alias", "US/Eastern", ""},
		{"legacy abbreviation zone", "EST", ""},
		{"legacy rule zone", "EST5EDT", ""},

		{"empty", "", ruleTimeZoneRequired},
		{"Local", "Local", ruleTimeZone},
		{"wrong case", "america/sao_paulo", ruleTimeZone},
		{"lower-case UTC", "utc", ruleTimeZone},
		{"unknown city", "Europe/Nowhere", ruleTimeZone},
		{"abbreviation not in the database", "BRT", ruleTimeZone},
		{"offset", "-03:00", ruleTimeZone},
		{"offset with prefix", "UTC-3", ruleTimeZone},
		{"region directory", "America", ruleTimeZone},
		{"trailing slash", "America/", ruleTimeZone},
		{"parent directory", "../etc/passwd", ruleTimeZone},
		{"absolute path", "/etc/localtime", ruleTimeZone},
		{"database table file", "zone1970.tab", ruleTimeZone},
		{"surrounding space", " America/Sao_Paulo", ruleTimeZone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckTimeZone(tt.v); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// iso3166 are the 249 codes ISO 3166-1 assigns.
const iso3166 = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW
`

func TestCheckCountryEveryCode(t *testing.T) {
	assigned := strings.Fields(iso3166)
	if got, want := len(assigned), 249; got != want {
		t.Fatalf("test list: got %d codes, want %d", got, want)
	}
	accepted := append(slices.Clone(assigned), "XK")
	// Every pair of upper-case letters: exactly the assigned codes and XK pass.
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			want := ruleCountry
			if slices.Contains(accepted, code) {
				want = ""
			}
			if got := CheckCountry(code); got != want {
				t.Errorf("CheckCountry(%q): got %q, want %q", code, got, want)
			}
			if got := CheckCountry(strings.ToLower(code)); got != ruleCountry {
				t.Errorf("CheckCountry(%q): got %q, want %q", strings.ToLower(code), got, ruleCountry)
			}
		}
	}
}

func TestCheckCountry(t *testing.T) {
	tests := []struct{ name, v, want string }{
		{"Brazil", "BR", ""},
		{"United States", "US", ""},
		{"United Kingdom", "GB", ""},
		{"Antarctica", "AQ", ""},
		{"Kosovo (user-assigned, in common use)", "XK", ""},
		{"South Sudan", "SS", ""},

		{"empty", "", ruleCountry},
		{"lower case", "br", ruleCountry},
		{"mixed case", "Br", ruleCountry},
		{"alpha-3", "BRA", ruleCountry},
		{"one letter", "B", ruleCountry},
		{"numeric area", "419", ruleCountry},
		{"numeric world", "001", ruleCountry},
		{"digits", "12", ruleCountry},
		{"surrounding space", " BR", ruleCountry},
		{"non-ASCII", "BÉ", ruleCountry},
		{"reserved UK", "UK", ruleCountry},
		{"European Union", "EU", ruleCountry},
		{"United Nations", "UN", ruleCountry},
		{"Eurozone", "EZ", ruleCountry},
		{"unknown region", "ZZ", ruleCountry},
		{"private use AA", "AA", ruleCountry},
		{"private use QO", "QO", ruleCountry},
		{"private use XA", "XA", ruleCountry},
		{"Soviet Union", "SU", ruleCountry},
		{"Yugoslavia", "YU", ruleCountry},
		{"East Germany", "DD", ruleCountry},
		{"Netherlands Antilles", "AN", ruleCountry},
		{"Zaire", "ZR", ruleCountry},
		{"Burma", "BU", ruleCountry},
		{"Ascension Island (exceptionally reserved)", "AC", ruleCountry},
		{"Canary Islands (exceptionally reserved)", "IC", ruleCountry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckCountry(tt.v); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSupported(t *testing.T) {
	tests := []struct{ name, tag, want string }{
		{"pt-BR", "pt-BR", "pt-BR"},
		{"en", "en", "en"},
		{"es", "es", "es"},
		{"Portuguese", "pt", "pt-BR"},
		{"European Portuguese", "pt-PT", "pt-BR"},
		{"Angolan Portuguese", "pt-AO", "pt-BR"},
		{"mixed case", "PT-br", "pt-BR"},
		{"Mexican Spanish", "es-MX", "es"},
		{"Latin American Spanish", "es-419", "es"},
		{"Spain's Spanish", "es-ES", "es"},
		{"US English", "en-US", "en"},
		{"British English", "en-GB", "en"},
		{"French falls back to English", "fr", "en"},
		{"Chinese falls back to English", "zh-Hant-TW", "en"},
		{"Italian falls back to English", "it", "en"},
		{"empty", "", "en"},
		{"ill-formed", "en_US", "en"},
		{"undetermined", "und", "en"},
		{"garbage", "!!", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Supported(tt.tag)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if !slices.Contains(UILanguages, got) {
				t.Errorf("got %q, want one of %v", got, UILanguages)
			}
		})
	}
	t.Run("UI languages are canonical", func(t *testing.T) {
		for _, l := range UILanguages {
			if got := Canonical(l); got != l {
				t.Errorf("Canonical(%q): got %q, want %q", l, got, l)
			}
		}
	})
	t.Run("the default is a UI language", func(t *testing.T) {
		if !slices.Contains(UILanguages, DefaultUILanguage) {
			t.Errorf("got %q, want one of %v", DefaultUILanguage, UILanguages)
		}
	})
}
