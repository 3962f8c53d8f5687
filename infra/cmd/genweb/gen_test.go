package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGeneratedFileIsCurrent fails when a limit, an allowlist or a problem code changed in Go
// and web/src/shared/limits.gen.ts or problemCodes.gen.ts was not regenerated (make genweb).
func TestGeneratedFileIsCurrent(t *testing.T) {
	for _, f := range []struct {
		name   string
		source func() ([]byte, error)
	}{{"limits.gen.ts", Source}, {"problemCodes.gen.ts", ProblemCodesSource}} {
		t.Run(f.name, func(t *testing.T) {
			want, err := f.source()
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile("../../../web/src/shared/" + f.name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("web/src/shared/%s is stale; run: make genweb\n got:\n%s\nwant:\n%s", f.name, got, want)
			}
		})
	}
}

func TestProblemCodesSource(t *testing.T) {
	src, err := ProblemCodesSource()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		Header + "\n",
		`  "password.common": [],`,
		`  "length.range": ["min", "max"],`,
		`  "field.hidden_for_type": [],`,
		"export type ProblemCode = keyof typeof PROBLEM_CODES;",
	} {
		t.Run(strings.TrimSpace(want), func(t *testing.T) {
			if !bytes.Contains(src, []byte(want)) {
				t.Errorf("generated file lacks %q:\n%s", want, src)
			}
		})
	}
}

func TestSourceCarriesTheGoValues(t *testing.T) {
	src, err := Source()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		Header + "\n",
		"export const ATTACHMENT_MAX_BYTES = 20971520;",
		`  ".jpg": "image/jpeg",`,
		`  ".jpeg": "image/jpeg",`,
		`  ".log": "text/plain",`,
		`export const LOGO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;`,
		"export const NOTE_MAX = 10000;",
	} {
		t.Run(strings.TrimSpace(want), func(t *testing.T) {
			if !bytes.Contains(src, []byte(want)) {
				t.Errorf("generated file lacks %q:\n%s", want, src)
			}
		})
	}
}
