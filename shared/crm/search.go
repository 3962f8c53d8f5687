package crm

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search bounds: a query is SearchMinRunes to SearchMaxRunes characters; a record gets at
// most MaxSearchTerms search keys (so a record write's transaction grows by at most twice
// that: an update deletes the old keys it no longer has and puts the new ones); a word
// longer than SearchWordMaxBytes is cut.
const (
	SearchMinRunes     = 2
	SearchMaxRunes     = 100
	MaxSearchTerms     = 12
	SearchWordMaxBytes = 40
)

// SearchTerm is one word a record can be found by: the field it comes from and the word,
// normalized by [SearchWords].
type SearchTerm struct {
	Field string
	Word  string
}

// SearchFields are the fields of m a record is found by, in order: its name field (First_Name
// and Last_Name for Contacts and Leads), Email when the module has one, and the text fields
// whose name ends in "_Number" (Account_Number; an organization's Invoice_Number). Other
// fields (descriptions, addresses, notes) are not searched.
func SearchFields(m Module) []string {
	var out []string
	add := func(name string) {
		if f, ok := m.Field(name); ok && !containsStr(out, name) && (f.Type == TypeText || f.Type == TypeEmail) {
			out = append(out, name)
		}
	}
	if m.APIName == Contacts || m.APIName == Leads {
		add("First_Name")
		add("Last_Name")
	} else if m.NameField != "" {
		add(m.NameField)
	}
	for _, f := range m.Fields {
		if f.Type == TypeEmail && f.APIName == "Email" {
			add(f.APIName)
		}
	}
	for _, f := range m.Fields {
		if f.Type == TypeText && strings.HasSuffix(f.APIName, "_Number") {
			add(f.APIName)
		}
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SearchWords normalizes a field's value into the words it is found by: lowercase, accents
// removed ([SortKey]), split at every character that is not a letter or a digit ("Ana
// Silva-Ramos" -> ana, silva, ramos), words of one character dropped (a query has at least
// two), each cut to SearchWordMaxBytes. An email address is one word, whole ("ana.silva@x.com"
// is found by "ana.s", not by "silva").
func SearchWords(t FieldType, value string) []string {
	folded := SortKey(value)
	if t == TypeEmail {
		if utf8.RuneCountInString(folded) < SearchMinRunes {
			return nil
		}
		return []string{cutWord(folded)}
	}
	var out []string
	for _, w := range strings.FieldsFunc(folded, notWordRune) {
		if utf8.RuneCountInString(w) < SearchMinRunes {
			continue
		}
		if w = cutWord(w); !containsStr(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func cutWord(w string) string {
	if len(w) <= SearchWordMaxBytes {
		return w
	}
	cut := SearchWordMaxBytes
	for cut > 0 && !utf8.RuneStart(w[cut]) {
		cut--
	}
	return w[:cut]
}

// SearchTerms are the search keys of a record of m with the given field values: each word of
// each of [SearchFields], in field order, each (field, word) once, at most MaxSearchTerms (a
// name with more words is found by its first ones).
func SearchTerms(m Module, fields map[string]any) []SearchTerm {
	var out []SearchTerm
	for _, name := range SearchFields(m) {
		s, _ := fields[name].(string)
		f, _ := m.Field(name)
		for _, w := range SearchWords(f.Type, s) {
			if len(out) == MaxSearchTerms {
				return out
			}
			out = append(out, SearchTerm{Field: name, Word: w})
		}
	}
	return out
}

// SearchQuery is a parsed search: its words, normalized like the records' words, and those
// the store looks up by prefix (Leads: at most SearchLeads of them, the likely rarest first,
// see [ParseSearch]; Lead is the first). A record matches only if it has every word, so the
// keys of any one word hold every match: the store reads the first lead's keys and, only
// where it could not read them whole, the other leads' too, and keeps the smallest set it
// read whole, so a common word ("invoice") next to a rare one ("000123") still finds it.
// Email is set for a query with an "@": its one word can only begin an email address.
type SearchQuery struct {
	Words []string
	Lead  string
	Leads []string
	Email bool
}

// SearchLeads bounds the words a search looks up (one Query of keys each, per module).
const SearchLeads = 3

// Search query problems, the rule [ParseSearch] names.
const MsgSearchLength = "must be 2 to 100 characters long"

// ParseSearch reads a search query q: 2 to 100 characters (runes) after trimming, else the
// rule broken ([MsgSearchLength]). Its words are normalized as [SearchWords] does for text;
// a query with an "@" is one email word. A query whose words are all one character long has
// no Words and finds nothing. Leads are ordered by how few keys they likely read: a word with
// a digit first (a number, an invoice's or an account's, names few records; a plain word
// such as "invoice" may begin many), then the longest, ties in query order. The order only
// decides what is read first, never what is found.
func ParseSearch(q string) (SearchQuery, string) {
	q = strings.TrimSpace(q)
	if n := utf8.RuneCountInString(q); n < SearchMinRunes || n > SearchMaxRunes {
		return SearchQuery{}, MsgSearchLength
	}
	t := TypeText
	if strings.Contains(q, "@") {
		t = TypeEmail
	}
	sq := SearchQuery{Words: SearchWords(t, q), Email: t == TypeEmail}
	leads := slices.Clone(sq.Words)
	slices.SortStableFunc(leads, func(a, b string) int {
		if da, db := hasDigit(a), hasDigit(b); da != db {
			if da {
				return -1
			}
			return 1
		}
		return len(b) - len(a)
	})
	for _, w := range leads {
		if len(sq.Leads) == SearchLeads {
			break
		}
		if !slices.ContainsFunc(sq.Leads, func(l string) bool { return strings.HasPrefix(l, w) }) {
			sq.Leads = append(sq.Leads, w) // a word that starts a longer lead adds nothing
		}
	}
	if len(sq.Leads) > 0 {
		sq.Lead = sq.Leads[0]
	}
	return sq, ""
}

func hasDigit(w string) bool { return strings.IndexFunc(w, unicode.IsDigit) >= 0 }

// Fields are those of fields (a module's search fields, [SearchFields], or the part of them a
// searcher may see) whose words q's words can begin: for an email query only the module's
// email fields (a text field's words never hold an "@"), else all of them. A module left
// with none is not looked in.
func (q SearchQuery) Fields(m Module, fields []string) []string {
	if !q.Email {
		return fields
	}
	var out []string
	for _, name := range fields {
		if f, ok := m.Field(name); ok && f.Type == TypeEmail {
			out = append(out, name)
		}
	}
	return out
}

// Matches reports whether a record with the given terms matches q: every word of q is a
// prefix of one of the terms' words. Callers pass only the terms of fields the searcher may
// see, so that a hidden field never makes a record match.
func (q SearchQuery) Matches(terms []SearchTerm) bool {
	if len(q.Words) == 0 {
		return false
	}
	for _, w := range q.Words {
		found := false
		for _, t := range terms {
			if strings.HasPrefix(t.Word, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// SearchPerModule caps a search's results per module (a portal tab or a staff module); the
// answer says so in PerModule.
const SearchPerModule = 20

// SearchResult is one record a search found: its module, id and display name as the searcher
// may see it.
type SearchResult struct {
	Module string `json:"module"`
	ID     string `json:"id"`
	Name   string `json:"name"`
}

// SearchAnswer is the answer of a search: the records found, module by module in the order
// searched, each module's in word order, at most PerModule of each.
type SearchAnswer struct {
	Items     []SearchResult `json:"items"`
	PerModule int            `json:"perModule"`
}
