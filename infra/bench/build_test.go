package bench

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFunctionDirsListsFoldersWithGoSources(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"functions/health/main.go":         "package main",
		"functions/fallback/main.go":       "package main",
		"functions/onlytests/x_test.go":    "package main",
		"functions/assets/readme.md":       "not Go",
		"functions/notes.go":               "package functions",
		"functions/empty/.keep":            "",
		"functions/health/handler_test.go": "package main",
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := FunctionDirs(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"functions/fallback", "functions/health"}; !slices.Equal(got, want) {
		t.Errorf("FunctionDirs = %v, want %v", got, want)
	}
}

func TestFunctionDirsWithoutFunctionsFails(t *testing.T) {
	if _, err := FunctionDirs(t.TempDir()); err == nil {
		t.Error("FunctionDirs of a folder without functions/ succeeded, want an error")
	}
}
