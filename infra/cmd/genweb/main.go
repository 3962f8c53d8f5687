// Command genweb writes web/src/shared/limits.gen.ts: the limits and allowlists the browser
// checks before it calls the API (attachment types and size, note length, logo types and
// size, tab display bounds, password length, API token lifetimes), read from the Go packages
// that enforce them, so the web app never carries a hand copy that drifts. `make genweb` runs
// it; TestGeneratedFileIsCurrent fails when the committed file differs from what it writes.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", "web/src/shared/limits.gen.ts", "the TypeScript file to write")
	flag.Parse()
	src, err := Source()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genweb:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genweb:", err)
		os.Exit(1)
	}
}
