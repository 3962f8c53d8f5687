package crm

import (
	"reflect"
	"strings"
	"testing"
)

func TestSearchWords(t *testing.T) {
	tests := []struct {
		name  string
		typ   FieldType
		value string
		want  []string
	}{
		{"accents and case", TypeText, "João Ávila", []string{"joao", "avila"}},
		{"punctuation splits", TypeText, "Silva-Ramos, Ana", []string{"silva", "ramos", "ana"}},
		{"one-letter words dropped", TypeText, "A B Costa", []string{"costa"}},
		{"repeated word once", TypeText, "Costa Costa", []string{"costa"}},
		{"digits are words", TypeText, "NF 2024-0915", []string{"nf", "2024", "0915"}},
		{"email whole", TypeEmail, "Ana.Silva@Cliente.example", []string{"ana.silva@cliente.example"}},
		{"empty", TypeText, "  ", nil},
		{"long word cut", TypeText, strings.Repeat("a", 50), []string{strings.Repeat("a", SearchWordMaxBytes)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SearchWords(tt.typ, tt.value); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SearchWords(%q) = %q, want %q", tt.value, got, tt.want)
			}
		})
	}
}

func TestSearchTerms(t *testing.T) {
	contacts, _ := StandardModule(Contacts)
	invoices, _ := StandardModule(Invoices)
	tests := []struct {
		name   string
		m      Module
		fields map[string]any
		want   []SearchTerm
	}{
		{"contact: names and email, not the title", contacts,
			map[string]any{"First_Name": "Patrícia", "Last_Name": "Brandão", "Email": "pb@x.example", "Title": "Diretora"},
			[]SearchTerm{{"First_Name", "patricia"}, {"Last_Name", "brandao"}, {"Email", "pb@x.example"}}},
		{"invoice: subject", invoices, map[string]any{"Subject": "Fatura de março", "Description": "segredo"},
			[]SearchTerm{{"Subject", "fatura"}, {"Subject", "de"}, {"Subject", "marco"}}},
		{"capped", invoices, map[string]any{"Subject": "aa bb cc dd ee ff gg hh ii jj kk ll mm nn"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SearchTerms(tt.m, tt.fields)
			if tt.want == nil {
				if len(got) != MaxSearchTerms {
					t.Errorf("%d terms, want the cap %d", len(got), MaxSearchTerms)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SearchTerms = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseSearch(t *testing.T) {
	tests := []struct {
		name    string
		q       string
		words   []string
		lead    string
		problem string
	}{
		{"one character", "a", nil, "", MsgSearchLength},
		{"one character after trimming", "  a ", nil, "", MsgSearchLength},
		{"101 characters", strings.Repeat("x", 101), nil, "", MsgSearchLength},
		{"100 accented characters", strings.Repeat("é", 100), []string{strings.Repeat("e", SearchWordMaxBytes)}, strings.Repeat("e", SearchWordMaxBytes), ""},
		{"two words, the longest leads", "Ana SÍLV", []string{"ana", "silv"}, "silv", ""},
		{"email", "Ana.S@", []string{"ana.s@"}, "ana.s@", ""},
		{"only short words", "a b", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problem := ParseSearch(tt.q)
			if problem != tt.problem || !reflect.DeepEqual(got.Words, tt.words) || got.Lead != tt.lead {
				t.Errorf("ParseSearch(%q) = %q %q %q, want %q %q %q", tt.q, got.Words, got.Lead, problem, tt.words, tt.lead, tt.problem)
			}
		})
	}
}

func TestSearchLeads(t *testing.T) {
	tests := []struct {
		name, q string
		want    []string
	}{
		{"a word with a digit first", "invoice 000123 ab", []string{"000123", "invoice", "ab"}},
		{"longest first, ties in query order", "silva ana costa", []string{"silva", "costa", "ana"}},
		{"among words with digits the longest", "nf 12 a1234 invoice", []string{"a1234", "12", "invoice"}},
		{"a number that starts a longer one adds nothing", "12 123", []string{"123"}},
		{"at most SearchLeads", "aa bbb cccc ddddd", []string{"ddddd", "cccc", "bbb"}},
		{"a word that starts a longer one adds nothing", "sil silva", []string{"silva"}},
		{"one word", "padaria", []string{"padaria"}},
		{"none", "a b", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := ParseSearch(tt.q)
			if !reflect.DeepEqual(got.Leads, tt.want) {
				t.Errorf("ParseSearch(%q).Leads = %q, want %q", tt.q, got.Leads, tt.want)
			}
			if len(tt.want) > 0 && got.Lead != tt.want[0] {
				t.Errorf("Lead = %q, want %q", got.Lead, tt.want[0])
			}
		})
	}
}

func TestSearchQueryMatches(t *testing.T) {
	terms := []SearchTerm{{"First_Name", "ana"}, {"Last_Name", "silva"}}
	tests := []struct {
		name string
		q    string
		want bool
	}{
		{"prefix of a later word", "sil", true},
		{"every word must match", "ana sil", true},
		{"one word does not", "ana costa", false},
		{"not a prefix", "ilva", false},
		{"no words", "a b", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := ParseSearch(tt.q)
			if got := q.Matches(terms); got != tt.want {
				t.Errorf("Matches(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestSearchQueryFields(t *testing.T) {
	contacts, _ := StandardModule(Contacts)
	invoices, _ := StandardModule(Invoices)
	tests := []struct {
		name string
		q    string
		m    Module
		want []string
	}{
		{"text: every field", "ana", contacts, SearchFields(contacts)},
		{"email: the email field", "ana.s@", contacts, []string{"Email"}},
		{"email in a module without one: none", "ana.s@", invoices, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := ParseSearch(tt.q)
			if got := q.Fields(tt.m, SearchFields(tt.m)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Fields(%s) = %q, want %q", tt.m.APIName, got, tt.want)
			}
		})
	}
}
