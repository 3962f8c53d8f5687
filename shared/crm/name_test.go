package crm

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNameOf(t *testing.T) {
	tests := []struct {
		name   string
		module string
		fields map[string]any
		want   string
	}{
		{"contact full", Contacts, map[string]any{"First_Name": "João", "Last_Name": "Silva"}, "João Silva"},
		{"contact last only", Contacts, map[string]any{"Last_Name": "Silva"}, "Silva"},
		{"contact first only", Contacts, map[string]any{"First_Name": "João"}, "João"},
		{"contact padded", Contacts, map[string]any{"First_Name": "  Ana ", "Last_Name": " Souza  "}, "Ana Souza"},
		{"contact none", Contacts, map[string]any{}, ""},
		{"contact first cleared", Contacts, map[string]any{"First_Name": nil, "Last_Name": "Silva"}, "Silva"},
		{"lead", Leads, map[string]any{"First_Name": "Maria", "Last_Name": "Costa", "Company": "Acme"}, "Maria Costa"},
		{"account", Accounts, map[string]any{"Account_Name": "Acme Ltda"}, "Acme Ltda"},
		{"product", Products, map[string]any{"Product_Name": "Widget"}, "Widget"},
		{"quote", Quotes, map[string]any{"Subject": "Q-1"}, "Q-1"},
		{"sales order", SalesOrders, map[string]any{"Subject": "SO-1"}, "SO-1"},
		{"invoice", Invoices, map[string]any{"Subject": "INV-1", "First_Name": "ignored"}, "INV-1"},
		{"case", Cases, map[string]any{"Subject": "Broken"}, "Broken"},
		{"solution", Solutions, map[string]any{"Solution_Title": "Reset the device"}, "Reset the device"},
		{"non-text value", Accounts, map[string]any{"Account_Name": 12.0}, ""},
		{"nil map", Cases, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := StandardModule(tt.module)
			if got := NameOf(m, tt.fields); got != tt.want {
				t.Errorf("NameOf(%s, %v): got %q, want %q", tt.module, tt.fields, got, tt.want)
			}
		})
	}
}

func TestSortName(t *testing.T) {
	tests := []struct {
		name   string
		module string
		fields map[string]any
		want   string
	}{
		{"contact by last then first", Contacts, map[string]any{"First_Name": "João", "Last_Name": "Ação"}, "acao joao"},
		{"contact last only", Contacts, map[string]any{"Last_Name": "Silva"}, "silva"},
		{"account", Accounts, map[string]any{"Account_Name": "Clientes Ação Ltda"}, "clientes acao ltda"},
		{"missing", Cases, map[string]any{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := StandardModule(tt.module)
			if got := SortName(m, tt.fields); got != tt.want {
				t.Errorf("SortName(%s, %v): got %q, want %q", tt.module, tt.fields, got, tt.want)
			}
		})
	}
}

func TestSortKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"accents and double space", "João  Ação", "joao acao"},
		{"upper case", "ACME Ltda", "acme ltda"},
		{"cedilla and tilde", "Conceição Não", "conceicao nao"},
		{"other accents", "Émile Zöe Ñandú", "emile zoe nandu"},
		{"white space", " \t a \n b  ", "a b"},
		{"decomposed input", "Jo\u0061\u0303o", "joao"},
		{"no letters", "123 #4", "123 #4"},
		{"empty", "", ""},
		{"only spaces", "   ", ""},
		{"non-latin kept", "Москва", "москва"},
		{"exactly 100", strings.Repeat("a", 100), strings.Repeat("a", 100)},
		{"cut at 100", strings.Repeat("a", 150), strings.Repeat("a", 100)},
		{"cut at a rune boundary", strings.Repeat("a", 99) + "жж", strings.Repeat("a", 99)},
		{"cut after folding", strings.Repeat("é", 60), strings.Repeat("e", 60)},
		{"cut trims a trailing space", strings.Repeat("a", 99) + " bcd", strings.Repeat("a", 99)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SortKey(tt.in)
			if got != tt.want {
				t.Errorf("SortKey(%q): got %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > SortKeyMaxBytes || !utf8.ValidString(got) {
				t.Errorf("SortKey(%q): got %d bytes, valid UTF-8 %v; want at most %d, valid", tt.in, len(got), utf8.ValidString(got), SortKeyMaxBytes)
			}
			if again := SortKey(got); again != got {
				t.Errorf("SortKey(SortKey(%q)): got %q, want %q", tt.in, again, got)
			}
		})
	}
}

func TestSortKeyOrdersNames(t *testing.T) {
	names := []string{"Ângela", "ana", "Bruno", "Álvaro", "beatriz"}
	want := []string{"alvaro", "ana", "angela", "beatriz", "bruno"}
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = SortKey(n)
	}
	sort.Strings(keys)
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("sorted keys: got %v, want %v", keys, want)
		}
	}
}
