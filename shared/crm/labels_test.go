package crm

import (
	"testing"

	"crmportal/shared/locale"
)

func TestLabelIn(t *testing.T) {
	tests := []struct {
		name   string
		byLang map[string]string
		lang   string
		want   string
	}{
		{"exact tag", map[string]string{"en": "Paid", "pt-BR": "Paga"}, "pt-BR", "Paga"},
		{"primary language", map[string]string{"en": "Paid", "pt-BR": "Paga"}, "pt", "Paga"},
		{"region of the same language", map[string]string{"pt-PT": "Paga (PT)", "pt-BR": "Paga"}, "pt-AO", "Paga"},
		{"other language only", map[string]string{"en": "Paid"}, "pt-BR", ""},
		{"empty label skipped", map[string]string{"pt-BR": "", "en": "Paid"}, "pt-BR", ""},
		{"nil map", nil, "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LabelIn(tt.byLang, tt.lang); got != tt.want {
				t.Errorf("LabelIn(%v, %q) = %q, want %q", tt.byLang, tt.lang, got, tt.want)
			}
		})
	}
}

func TestValueLabel(t *testing.T) {
	status := Field{APIName: "Status", Type: TypePicklist, Options: []Option{
		{Value: "Created", Labels: map[string]string{"en": "Created", "pt-BR": "Criada"}},
		{Value: "Paid", Labels: map[string]string{"en": "Paid", "pt-BR": "Paga"}},
		{Value: "Gold"},
	}}
	tests := []struct {
		name   string
		value  string
		custom map[string]string
		lang   string
		want   string
	}{
		{"shipped label in Portuguese", "Paid", nil, "pt-BR", "Paga"},
		{"shipped label in English", "Paid", nil, "en", "Paid"},
		{"customer label takes precedence", "Created", map[string]string{"pt-BR": "Emitida", "en": "Issued"}, "pt-BR", "Emitida"},
		{"customer label in English", "Created", map[string]string{"pt-BR": "Emitida", "en": "Issued"}, "en", "Issued"},
		{"shipped label before a customer label of another language", "Created", map[string]string{"en": "Issued"}, "pt-BR", "Criada"},
		{"customer label when the option has none in the language", "Created", map[string]string{"pt-BR": "Emitida"}, "es", "Emitida"},
		{"customer English label before other tags", "Gold", map[string]string{"pt-BR": "Ouro", "en": "Gold tier"}, "es", "Gold tier"},
		{"option without labels falls back to the value", "Gold", nil, "pt-BR", "Gold"},
		{"unknown language falls back to the value", "Paid", nil, "fr", "Paid"},
		{"value not an option is kept", "Emitida", nil, "pt-BR", "Emitida"},
		{"empty customer labels ignored", "Paid", map[string]string{"pt-BR": ""}, "pt-BR", "Paga"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValueLabel(status, tt.value, tt.custom, tt.lang); got != tt.want {
				t.Errorf("ValueLabel(%q, %v, %q) = %q, want %q", tt.value, tt.custom, tt.lang, got, tt.want)
			}
		})
	}
}

// TestStandardPicklistLabels: every option of every standard picklist ships a non-empty label
// in every UI language (locale.UILanguages), so no standard value shows untranslated.
func TestStandardPicklistLabels(t *testing.T) {
	for _, m := range Standard() {
		for _, f := range m.Fields {
			for _, o := range f.Options {
				for _, lang := range locale.UILanguages {
					if o.Labels[lang] == "" {
						t.Errorf("%s.%s option %q has no %s label", m.APIName, f.APIName, o.Value, lang)
					}
				}
			}
		}
	}
}
