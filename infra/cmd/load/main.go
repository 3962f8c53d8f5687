// Command load runs many portal users against the local gateway for a bounded time and
// reports the requests, the requests per second, the errors and p50/p95/p99 per request
// kind: it starts an in-memory local stack and the gateway in process, makes -users portal
// users with -invoices invoices each, runs one virtual user per portal user for -duration
// (see package crmportal/infra/load) and exits 1 on any error. -out writes the Markdown
// section; -doc puts it between the load markers of a report (docs/benchmarks.md for
// `make load`). The table is printed on stdout, progress on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"crmportal/infra/bench"
	"crmportal/infra/load"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run() error {
	users := flag.Int("users", 20, "portal users, one virtual user each")
	invoices := flag.Int("invoices", 40, "invoices of each portal user")
	duration := flag.Duration("duration", 30*time.Second, "how long the virtual users send requests")
	out := flag.String("out", "", "write the Markdown section to this file")
	doc := flag.String("doc", "", "put the Markdown section between the load markers of this report")
	verbose := flag.Bool("v", false, "print the emulators' output")
	flag.Parse()
	if *users < 1 || *invoices < 1 || *duration <= 0 {
		return errors.New("-users, -invoices and -duration must be positive")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	began := time.Now()
	progress(fmt.Sprintf("starting the local stack; making %d portal users with %d invoices each", *users, *invoices))
	o := load.Options{Users: *users, Invoices: *invoices}
	if *verbose {
		o.Log = os.Stderr
	}
	env, err := load.Start(ctx, o)
	if err != nil {
		return err
	}
	defer env.Close()
	progress(fmt.Sprintf("set up in %s; %d virtual users for %s", time.Since(began).Round(100*time.Millisecond), *users, *duration))
	r := load.Run(ctx, env.Client, env.Base, env.Users, env.Filterable, *duration)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if !r.Filtered {
		progress("the tab does not let users filter on " + load.FilterField + ": no filtered lists")
	}

	var base *load.Baseline
	var report []byte
	if *doc != "" {
		if report, err = os.ReadFile(*doc); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if b, ok := load.ParseBaseline(string(report)); ok {
			base = &b
		}
	}
	section := r.Markdown(*invoices, base)
	fmt.Print(section)
	for _, s := range r.Samples {
		fmt.Fprintln(os.Stderr, "load: error:", s)
	}
	if *out != "" {
		if err := os.WriteFile(*out, []byte(section), 0o644); err != nil {
			return err
		}
		progress("wrote " + *out)
	}
	if *doc != "" {
		if err := os.WriteFile(*doc, []byte(load.Splice(string(report), section)), 0o644); err != nil {
			return err
		}
		progress("wrote the load section of " + *doc)
	}
	if d := env.IAM.Denials(); len(d) > 0 {
		return fmt.Errorf("the IAM guard denied %d call(s); first: %s", len(d), d[0])
	}
	if r.Errors > 0 {
		return fmt.Errorf("%s errors in %s requests", bench.Count(r.Errors), bench.Count(r.Requests()))
	}
	if r.Requests() == 0 {
		return errors.New("no request was sent")
	}
	return nil
}

func progress(msg string) { fmt.Fprintln(os.Stderr, "load:", msg) }
