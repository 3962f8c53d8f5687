package crm

import (
	"slices"
	"testing"

	"crmportal/shared/locale"
)

// missingLanguages are the UI languages (locale.UILanguages) labels has no non-blank label in.
func missingLanguages(labels map[string]string) []string {
	var out []string
	for _, lang := range locale.UILanguages {
		if labels[lang] == "" {
			out = append(out, lang)
		}
	}
	return out
}

// TestStandardSectionsAreTranslated: every section of a standard layout has a title in every
// UI language, the English one its name, so the console shows no English headings in pt-BR or es.
func TestStandardSectionsAreTranslated(t *testing.T) {
	for _, m := range Standard() {
		for _, l := range m.Layouts {
			for _, sec := range l.Sections {
				if miss := missingLanguages(sec.Labels); sec.Labels["en"] != sec.Name || len(miss) > 0 {
					t.Errorf("%s layout %s section %q labels = %v, want en = the name and also %v", m.APIName, l.ID, sec.Name, sec.Labels, miss)
				}
			}
		}
	}
}

// TestSpanishLabelsAreAllUsed: every entry of spanishLabels is the Spanish of a standard label,
// so a Portuguese label renamed in standard.go cannot leave its Spanish behind unnoticed.
func TestSpanishLabelsAreAllUsed(t *testing.T) {
	used := map[string]bool{}
	mark := func(l map[string]string) {
		if l["es"] != "" {
			used[l["pt-BR"]] = true
		}
	}
	for _, m := range Standard() {
		mark(m.Labels)
		mark(m.SingularLabels)
		for _, f := range m.Fields {
			mark(f.Labels)
			for _, o := range f.Options {
				mark(o.Labels)
			}
		}
		for _, l := range m.Layouts {
			for _, sec := range l.Sections {
				mark(sec.Labels)
			}
		}
	}
	var unused []string
	for pt := range spanishLabels {
		if !used[pt] {
			unused = append(unused, pt)
		}
	}
	slices.Sort(unused)
	if len(unused) > 0 {
		t.Errorf("spanishLabels: got entries no standard label uses %q, want none", unused)
	}
}
