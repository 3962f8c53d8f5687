package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGeneratedFileIsCurrent fails when a limit or allowlist changed in Go and
// web/src/shared/limits.gen.ts was not regenerated (make genweb).
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := Source()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../web/src/shared/limits.gen.ts")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("web/src/shared/limits.gen.ts is stale; run: make genweb\n got:\n%s\nwant:\n%s", got, want)
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
