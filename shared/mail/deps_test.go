package mail

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFunctionsLinkNoGoTemplates: no function may depend on text/template or html/template.
// Their executor looks methods up by a name known only at run time, which makes the linker
// keep every exported method of every type in the binary (every operation of every AWS
// client the function links): several MiB per function. The emails' templates run on this
// package's own executor instead.
func TestFunctionsLinkNoGoTemplates(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not installed")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// One line per function: its import path, then every package it depends on.
	cmd := exec.Command(goCmd, "list", "-tags=lambda.norpc", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, "./functions/...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v: %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		t.Fatalf("go list found %d functions, want them all:\n%s", len(lines), out)
	}
	for _, line := range lines {
		fields := strings.Fields(line)
		for _, dep := range fields[1:] {
			if dep == "text/template" || dep == "html/template" {
				t.Errorf("%s depends on %s", fields[0], dep)
			}
		}
	}
}
