package access

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name, in, want string
	}{
		{"seed example", "Clientes Ação Ltda", "clientes-acao-ltda"},
		{"trimmed and collapsed", "  Acme   Inc.  ", "acme-inc"},
		{"punctuation is a separator", "São Paulo & Cia.", "sao-paulo-cia"},
		{"apostrophe joins", "D'Ávila Consultoria", "davila-consultoria"},
		{"typographic apostrophe joins", "O’Neil Bros", "oneil-bros"},
		{"accents", "Crème brûlée naïve café", "creme-brulee-naive-cafe"},
		{"cedilla and tilde", "Ação Comércio", "acao-comercio"},
		{"sharp s", "Straße Müller", "strasse-muller"},
		{"letters that do not decompose", "Æther Øresund Łódź Œuvre Þór Đakovo", "aether-oresund-lodz-oeuvre-thor-dakovo"},
		{"compatibility forms", "ﬁnance １２３", "finance-123"},
		{"dotted capital I", "İstanbul", "istanbul"},
		{"uppercase", "UPPER lower 123", "upper-lower-123"},
		{"underscores and dots", "x.y_z", "x-y-z"},
		{"control characters", "tab\tand\nnewline", "tab-and-newline"},
		{"other scripts only", "東京", ""},
		{"other scripts dropped", "東京 Tokyo", "tokyo"},
		{"greek dropped", "Ελληνικά Co", "co"},
		{"emoji", "emoji 🚀 rocket", "emoji-rocket"},
		{"invalid UTF-8", "ab\xffcd", "ab-cd"},
		{"only separators", " --- ", ""},
		{"empty", "", ""},
		{"one letter", "A", "a"},
		{"reserved word kept", "Admin", "admin"},
		{"hyphens collapsed", "a - - b", "a-b"},
		{"already a slug", "clientes-acao-ltda", "clientes-acao-ltda"},
		{"cut to 63", a(100), a(63)},
		{"cut then trimmed", a(62) + " bc", a(62)},
		{"exactly 63", a(60) + "-bc", a(60) + "-bc"},
		{"long input with late letters", strings.Repeat("東", 400) + "late", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckSlug(t *testing.T) {
	tests := []struct {
		name, slug, want string
	}{
		{"valid", "acme", ""},
		{"valid with hyphens", "clientes-acao-ltda", ""},
		{"valid digits", "123", ""},
		{"valid three", "a1b", ""},
		{"valid 63", strings.Repeat("x", 63), ""},
		{"empty", "", "is required"},
		{"one", "a", "must be at least 3 characters"},
		{"two", "ab", "must be at least 3 characters"},
		{"64", strings.Repeat("x", 64), "must be at most 63 characters"},
		{"uppercase", "Acme", "must have only lowercase letters a-z, digits and hyphens"},
		{"underscore", "acme_co", "must have only lowercase letters a-z, digits and hyphens"},
		{"space", "acme co", "must have only lowercase letters a-z, digits and hyphens"},
		{"accent", "café", "must have only lowercase letters a-z, digits and hyphens"},
		{"slash", "a/b/c", "must have only lowercase letters a-z, digits and hyphens"},
		{"dot", "a.b.c", "must have only lowercase letters a-z, digits and hyphens"},
		{"leading hyphen", "-acme", "must start and end with a letter or a digit"},
		{"trailing hyphen", "acme-", "must start and end with a letter or a digit"},
		{"double hyphen", "ac--me", "must not have two hyphens in a row"},
		{"reserved admin", "admin", "is reserved; choose another name"},
		{"reserved api", "api", "is reserved; choose another name"},
		{"reserved portal", "portal", "is reserved; choose another name"},
		{"reserved with hyphen", "password-reset", "is reserved; choose another name"},
		{"reserved word inside is fine", "admin-tools", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckSlug(tt.slug); got != tt.want {
				t.Errorf("CheckSlug(%q): got %q, want %q", tt.slug, got, tt.want)
			}
		})
	}
}

func TestReserved(t *testing.T) {
	if got := len(Reserved); got < 20 {
		t.Errorf("len(Reserved): got %d, want at least 20", got)
	}
	for _, w := range []string{"admin", "api", "p", "www", "static", "assets", "login", "logout", "portal",
		"help", "support", "status", "invite", "reset", "health", "me", "invitations", "password-reset",
		"records", "signup", "settings", "staff"} {
		t.Run(w, func(t *testing.T) {
			if !Reserved[w] {
				t.Errorf("Reserved[%q]: got false, want true", w)
			}
		})
	}
	for w := range Reserved {
		if got := Slug(w); got != w {
			t.Errorf("Slug(%q): got %q, want the reserved word itself (reserved words are slugs)", w, got)
		}
		if len(w) >= SlugMinLength {
			if got, want := CheckSlug(w), "is reserved; choose another name"; got != want {
				t.Errorf("CheckSlug(%q): got %q, want %q", w, got, want)
			}
		}
	}
}

func TestSuggest(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	set := func(slugs ...string) func(string) bool {
		m := map[string]bool{}
		for _, s := range slugs {
			m[s] = true
		}
		return func(s string) bool { return m[s] }
	}
	numbered := func(base string) []string {
		var out []string
		for n := 2; n <= 99; n++ {
			out = append(out, base+"-"+itoa(n))
		}
		return out
	}
	everything := func(string) bool { return true }
	// seq returns the values in turn (modulo n), as a random function.
	seq := func(vals ...int) func(int) int {
		i := 0
		return func(n int) int {
			v := vals[i%len(vals)]
			i++
			return v
		}
	}
	tests := []struct {
		name  string
		slug  string
		taken func(string) bool
		rand  func(int) int
		want  string
	}{
		{"first number", "acme", set("acme"), nil, "acme-2"},
		{"skips taken numbers", "acme", set("acme", "acme-2", "acme-3"), nil, "acme-4"},
		{"reserved word", "admin", set(), nil, "admin-2"},
		{"name is slugged first", "Clientes Ação", set(), nil, "clientes-acao-2"},
		{"short slug", "ab", set(), nil, "ab-2"},
		{"one letter", "a", set(), nil, "a-2"},
		{"empty uses portal", "", set(), nil, "portal-2"},
		{"other script uses portal", "東京", set(), nil, "portal-2"},
		{"long slug cut", a(63), set(), nil, a(61) + "-2"},
		{"cut does not leave a hyphen", a(60) + "-bb", set(), nil, a(60) + "-2"},
		{"cut for two digits", a(63), set(numbered(a(61))[:8]...), nil, a(60) + "-10"},
		{"never the slug itself", a(61) + "-2", set(), nil, a(61) + "-3"},
		{"random after 99", "acme", set(numbered("acme")...), seq(0, 1, 2, 3), "acme-abcd"},
		{"random digits", "acme", set(numbered("acme")...), seq(26, 27, 35, 0), "acme-019a"},
		{"random retried", "acme", set(append(numbered("acme"), "acme-aaaa")...), seq(0, 0, 0, 0, 1, 1, 1, 1), "acme-bbbb"},
		{"random out of range clamps", "acme", set(numbered("acme")...), seq(-5, 99, 36, 2), "acme-aaac"},
		{"no random function", "acme", set(numbered("acme")...), nil, ""},
		{"all taken", "acme", everything, seq(1, 2, 3), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.slug, tt.taken, tt.rand); got != tt.want {
				t.Errorf("Suggest(%q): got %q, want %q", tt.slug, got, tt.want)
			}
		})
	}

	t.Run("candidates are valid and asked in order", func(t *testing.T) {
		var asked []string
		got := Suggest(a(63), func(s string) bool { asked = append(asked, s); return true }, seq(5))
		if got != "" {
			t.Errorf("got %q, want \"\"", got)
		}
		if got, want := len(asked), 98+20; got != want {
			t.Errorf("taken calls: got %d, want %d", got, want)
		}
		for i, s := range asked {
			if msg := CheckSlug(s); msg != "" {
				t.Errorf("candidate %d %q: CheckSlug got %q, want \"\"", i, s, msg)
			}
		}
		if got, want := asked[0], a(61)+"-2"; got != want {
			t.Errorf("first candidate: got %q, want %q", got, want)
		}
		if got, want := asked[97], a(60)+"-99"; got != want {
			t.Errorf("last numbered candidate: got %q, want %q", got, want)
		}
		if got, want := asked[98], a(58)+"-ffff"; got != want {
			t.Errorf("first random candidate: got %q, want %q", got, want)
		}
	})
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Clientes Ação Ltda", ""},
		{"padded", "  Acme  ", ""},
		{"100 characters", strings.Repeat("ç", 100), ""},
		{"empty", "", "is required"},
		{"blank", " \t ", "is required"},
		{"101 characters", strings.Repeat("ç", 101), "must be at most 100 characters"},
		{"control character", "Acme\x00", "must not contain control characters or line breaks"},
		{"newline inside", "Acme\nInc", "must not contain control characters or line breaks"},
		{"carriage return inside", "Acme\rInc", "must not contain control characters or line breaks"},
		{"line separator inside", "Acme\u2028Inc", "must not contain control characters or line breaks"},
		{"invalid UTF-8", "Acme \xff", "must be valid UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckName(tt.in); got != tt.want {
				t.Errorf("CheckName(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDefaultName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"as is", "Clientes Ação Ltda", "Clientes Ação Ltda"},
		{"trimmed and collapsed", "  Acme \t Inc ", "Acme Inc"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DefaultName(tt.in); got != tt.want {
				t.Errorf("DefaultName(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPortalURL(t *testing.T) {
	got, want := PortalURL("portal.example.com", "clientes-acao-ltda"), "https://portal.example.com/p/clientes-acao-ltda"
	if got != want {
		t.Errorf("PortalURL: got %q, want %q", got, want)
	}
}
