// Command genweb writes web/src/shared/limits.gen.ts: the limits and allowlists the browser
// checks before it calls the API (attachment types and size, note length, logo types and
// size, tab display bounds, password length, API token lifetimes), read from the Go packages
// that enforce them, so the web app never carries a hand copy that drifts; and
// web/src/shared/problemCodes.gen.ts, the codes of the API's problem answers
// (problemcode.Defs). `make genweb` runs it; TestGeneratedFileIsCurrent fails when a
// committed file differs from what it writes.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", "web/src/shared/limits.gen.ts", "the TypeScript file of limits to write")
	codesOut := flag.String("codes-out", "web/src/shared/problemCodes.gen.ts", "the TypeScript file of problem codes to write")
	flag.Parse()
	for _, f := range []struct {
		path   string
		source func() ([]byte, error)
	}{{*out, Source}, {*codesOut, ProblemCodesSource}} {
		src, err := f.source()
		if err == nil {
			err = os.WriteFile(f.path, src, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "genweb:", err)
			os.Exit(1)
		}
	}
}
