// Command genroutes writes shared/routes' route table from template.yaml, so the fallback
// function knows the routes without a second definition of them.
package main

import (
	"flag"
	"fmt"
	"os"

	"crmportal/infra/template"
)

func main() {
	tmpl := flag.String("template", "template.yaml", "the SAM template")
	out := flag.String("out", "shared/routes/table_gen.go", "the Go file to write")
	flag.Parse()
	t, err := template.Load(*tmpl, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genroutes:", err)
		os.Exit(1)
	}
	src, err := t.RoutesSource()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genroutes:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genroutes:", err)
		os.Exit(1)
	}
}
