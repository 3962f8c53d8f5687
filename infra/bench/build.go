package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// BuildFlags are the go build flags of every function binary: no RPC server in
// aws-lambda-go (the provided.al2023 runtime does not use it), no file-system paths, no symbol
// table or DWARF.
var BuildFlags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w"}

// Build compiles the main package pkg (a path relative to root such as "./functions/health")
// for goos/goarch with cgo off and BuildFlags, writing the executable to out. The rest of
// the go command's environment is this process's.
func Build(ctx context.Context, root, pkg, goos, goarch, out string) error {
	args := append(append([]string{"build"}, BuildFlags...), "-o", out, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build %s for %s/%s: %w: %s", pkg, goos, goarch, err, bytes.TrimSpace(output.Bytes()))
	}
	return nil
}

// FunctionDirs lists the function folders under root/functions that hold Go files, as
// slash-separated paths relative to root ("functions/health"), sorted.
func FunctionDirs(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "functions"))
	if err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	var dirs []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(root, "functions", e.Name(), "*.go"))
		if err != nil {
			return nil, fmt.Errorf("list functions/%s: %w", e.Name(), err)
		}
		for _, f := range files {
			if !strings.HasSuffix(f, "_test.go") {
				dirs = append(dirs, path.Join("functions", e.Name()))
				break
			}
		}
	}
	return dirs, nil
}
