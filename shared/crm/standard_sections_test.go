package crm

import "testing"

// TestStandardSectionsAreTranslated: every section of a standard layout has an English and a
// Portuguese title, so the console shows no English headings in pt-BR.
func TestStandardSectionsAreTranslated(t *testing.T) {
	for _, m := range Standard() {
		for _, l := range m.Layouts {
			for _, sec := range l.Sections {
				if sec.Labels["en"] != sec.Name || sec.Labels["pt-BR"] == "" {
					t.Errorf("%s layout %s section %q labels = %v, want en and pt-BR", m.APIName, l.ID, sec.Name, sec.Labels)
				}
			}
		}
	}
}
