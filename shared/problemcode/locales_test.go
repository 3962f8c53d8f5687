package problemcode

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"crmportal/shared/locale"
)

// TestEveryUILanguageHasEveryProblemSentence: the web app shows a refusal by its code, in
// the sentence its locale file holds under "problems"; every language the backend advertises
// (locale.UILanguages) must have one for every code, or a refusal would show in English or
// as a generic sentence there.
func TestEveryUILanguageHasEveryProblemSentence(t *testing.T) {
	for _, lang := range locale.UILanguages {
		t.Run(lang, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "web", "src", "i18n", "locales", lang+".json"))
			if err != nil {
				t.Fatalf("the web app has no locale for %s: %v", lang, err)
			}
			var texts struct {
				Problems map[string]map[string]string `json:"problems"`
			}
			if err := json.Unmarshal(raw, &texts); err != nil {
				t.Fatal(err)
			}
			for _, d := range Defs {
				group, key, _ := strings.Cut(d.Code, ".")
				if strings.TrimSpace(texts.Problems[group][key]) == "" {
					t.Errorf("code %s: got no %s sentence, want one", d.Code, lang)
				}
			}
		})
	}
}
