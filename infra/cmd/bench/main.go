// Command bench measures the portal on this machine and writes the report (docs/benchmarks.md
// by default): the deep health route through the local gateway against the bare AWS calls
// its handler makes, the cold start under AWS's Runtime Interface Emulator of the health,
// portal list and invitation functions and of those of a customer's first visit against a
// hello-world aws-lambda-go function and the same binaries' package initialization
// (GODEBUG=inittrace=1), the size of every function's linux/arm64 binary, the record list
// route against its bare DynamoDB calls, the portal login route against its bare DynamoDB
// calls and Argon2id, the invitation route against its bare DynamoDB and SES calls, the
// portal user's record list route against its bare DynamoDB calls, the cost of a million
// portal page views from the consumed capacity, the web app's first load gzipped (when
// web/dist exists), and the record list's and the portal list's latency with 1,000 records
// against -large records (skipped with -skip-large). The tables are printed on stdout,
// progress on stderr. `make bench` runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"crmportal/infra/bench"
	"crmportal/infra/gateway"
	"crmportal/infra/load"
	"crmportal/infra/stack"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
)

// Where the deployed functions run; binary sizes are taken for it.
const (
	deployGOOS   = "linux"
	deployGOARCH = "arm64"
)

// helloPkg is the hello-world function's package, relative to the repository root: the
// baseline of the cold starts and binary sizes.
const helloPkg = "./infra/bench/hello"

// defaultLarge is the records in the large module of the list-by-size measurement.
const defaultLarge = 100000

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	out                 string
	n, warmup, block, k int
	verbose             bool
	large               int
	skipLarge           bool
	cpuProfile          string
	only                string
}

func run() (err error) {
	var o options
	flag.StringVar(&o.out, "out", "docs/benchmarks.md", "write the report to this file (empty: print the tables only)")
	flag.IntVar(&o.n, "n", 300, "requests per series of the route-against-bare measurement")
	flag.IntVar(&o.warmup, "warmup", 50, "warm-up requests per series, not counted")
	flag.IntVar(&o.block, "block", 25, "length of the interleaved blocks of the two series")
	flag.IntVar(&o.k, "k", 30, "cold start rounds (each starts every measured function once)")
	flag.BoolVar(&o.verbose, "v", false, "print the emulators' output")
	flag.IntVar(&o.large, "large", defaultLarge, "records in the large module of the list-by-size measurement")
	flag.BoolVar(&o.skipLarge, "skip-large", false, "skip the list-by-size measurement (and loading its large module)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file (the local gateway and the handlers run in this process; the emulators do not)")
	flag.StringVar(&o.only, "only", "", `"by-size": run only the staff and portal list-by-size series (first and deep pages, search, usage) and print their medians and ratios; docs are not written`)
	flag.Parse()
	if o.only != "" && o.only != onlyBySize {
		return fmt.Errorf("-only %q: the one choice is %q", o.only, onlyBySize)
	}
	if o.only != "" && o.skipLarge {
		return errors.New("-only by-size needs the large module: leave out -skip-large")
	}
	if o.n < 1 || o.k < 1 || o.warmup < 0 || o.block < 1 {
		return errors.New("-n, -k and -block must be at least 1 and -warmup at least 0")
	}
	if c := inviteContacts(o); c > freeSeats {
		return fmt.Errorf("-n and -warmup ask for %d invitations, more than the free user type's %d seats", c, freeSeats)
	}
	if o.large < smallRecords {
		return fmt.Errorf("-large must be at least %d, the small module's records", smallRecords)
	}
	began := time.Now()
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("cpu profile: %w", cerr)
			}
		}()
	}

	root, err := stack.FindRoot()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tmp, err := os.MkdirTemp("", "portal-bench-")
	if err != nil {
		return fmt.Errorf("temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)

	r := bench.Report{
		Machine: bench.Machine{Date: time.Now().UTC().Format(time.DateOnly), CPUs: runtime.NumCPU(),
			GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH},
		Warmup: o.warmup, Block: o.block,
		ColdPlatform: runtime.GOOS + "/" + runtime.GOARCH,
		SizeGOOS:     deployGOOS, SizeGOARCH: deployGOARCH,
	}

	if o.only == "" {
		if err := buildReport(ctx, root, tmp, &r); err != nil {
			return err
		}
	}

	progress("starting the local stack")
	srv := httptest.NewUnstartedServer(nil)
	defer srv.Close()
	base := "http://" + srv.Listener.Addr().String()
	so := stack.Options{Root: root, PortalOrigin: base, NoTableStream: true}
	if o.verbose {
		so.Log = os.Stderr
	}
	startCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	st, err := stack.Start(startCtx, so)
	cancel()
	if err != nil {
		return err
	}
	defer st.Close()
	// A call the IAM guard denied would fail on AWS: the figures of such a run mean nothing.
	defer func() {
		if d := st.IAM.Denials(); err == nil && len(d) > 0 {
			err = fmt.Errorf("the IAM guard denied %d call(s); first: %s", len(d), d[0])
		}
	}()

	// The web app is not served here; the folder need not exist.
	gw, deps, err := gateway.Local(ctx, st, root, base, filepath.Join(root, "web", "dist"), io.Discard)
	if err != nil {
		return err
	}
	srv.Config.Handler = gw
	srv.Start()

	if o.only == onlyBySize {
		return bySizeOnly(ctx, deps, base, st.SESURL, o)
	}

	progress(fmt.Sprintf("route against bare calls: %d warm-up and %d measured of each", o.warmup, o.n))
	if r.Route, r.Bare, err = routeAgainstBare(ctx, deps, srv, o); err != nil {
		return err
	}

	progress(fmt.Sprintf("cold start under aws-lambda-rie: 1 warm-up and %d measured rounds", o.k))
	cold, err := coldStarts(ctx, st, root, base, o.k, o.verbose)
	if err != nil {
		return err
	}
	r.Cold, r.ColdHello = cold.series, cold.hello
	progress(fmt.Sprintf("package init: the same binaries with GODEBUG=inittrace=1, 1 warm-up and %d measured rounds", o.k))
	r.Inits, r.InitHello, err = packageInits(ctx, cold, o.k)
	cold.runner.Close()
	if err != nil {
		return err
	}

	progress(fmt.Sprintf("record list: loading %s invoices", bench.Count(smallRecords)))
	ls, err := newListSetup(ctx, deps, base, st.SESURL)
	if err != nil {
		return err
	}
	defer ls.client.CloseIdleConnections()
	progress(fmt.Sprintf("record list against bare calls: %d warm-up and %d measured of each", o.warmup, o.n))
	r.ListRecords, r.ListLimit = smallRecords, listLimit
	if r.List, r.ListBare, r.ListCalls, r.ListTouches, err = ls.listAgainstBare(ctx, o); err != nil {
		return err
	}

	progress(fmt.Sprintf("portal: making the portal, its user type, a portal user and %s Contacts", bench.Count(inviteContacts(o))))
	ps, err := newPortalSetup(ctx, deps, base, st.SESURL, o)
	if err != nil {
		return err
	}
	defer ps.client.CloseIdleConnections()
	progress(fmt.Sprintf("portal login against bare calls: %d warm-up and %d measured of each", o.warmup, o.n))
	if r.Login, r.LoginBare, r.LoginArgon, r.LoginCalls, err = ps.loginAgainstBare(ctx, o); err != nil {
		return err
	}
	progress(fmt.Sprintf("invitation against bare calls: %d warm-up and %d measured of each", o.warmup, o.n))
	if r.Invite, r.InviteBare, r.InviteCalls, r.InviteTouches, err = ps.inviteAgainstBare(ctx, o); err != nil {
		return err
	}

	progress(fmt.Sprintf("staff public note against bare calls: %d warm-up and %d measured of each", o.warmup, o.n))
	note, noteBare, noteCalls, noteTouches, err := ps.noteAgainstBare(ctx, o)
	if err != nil {
		return err
	}
	r.Note, r.NoteBare, r.NoteCalls, r.NoteTouches = &note, &noteBare, noteCalls, noteTouches

	progress("portal list: a portal user for the small module's Contact")
	small, err := ls.newPortalUser(ctx, &ls.small, ls.smallContact)
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("portal list against bare calls: %d warm-up and %d measured of each", o.warmup, o.n))
	if r.PortalList, r.PortalListBare, r.PortalListCalls, r.PortalListTouches, err = ls.portalListAgainstBare(ctx, small, o); err != nil {
		return err
	}
	progress("cost per portal page view: consumed capacity and the record view's duration")
	if r.Cost, err = ls.portalCost(ctx, small, r.PortalList, r.Login, o); err != nil {
		return err
	}
	if r.Web, err = webSize(root); err != nil {
		return err
	}

	if o.skipLarge {
		progress("list by module size and portal list by size: skipped (-skip-large)")
	} else {
		if r.Scale, err = ls.bySize(ctx, o); err != nil {
			return err
		}
		progress("portal list by size: a portal user for the large module's Contact")
		if r.PortalScale, err = ls.portalBySize(ctx, small, o); err != nil {
			return err
		}
	}

	tables := r.Tables()
	fmt.Print(tables)
	if o.out != "" {
		if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
			return fmt.Errorf("write %s: %w", o.out, err)
		}
		doc := r.Markdown()
		// The load run's section (make load) is kept: this run does not measure it.
		if old, err := os.ReadFile(o.out); err == nil {
			i, j := strings.Index(string(old), load.BeginMarker), strings.Index(string(old), load.EndMarker)
			if i >= 0 && j > i {
				doc = load.Splice(doc, string(old[i+len(load.BeginMarker):j]))
			}
		}
		if err := os.WriteFile(o.out, []byte(doc), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", o.out, err)
		}
		progress("wrote " + o.out)
	}
	progress(fmt.Sprintf("done in %s", time.Since(began).Round(100*time.Millisecond)))
	return nil
}

// buildReport builds every function and hello (buildAll) into tmp and notes their sizes in r.
func buildReport(ctx context.Context, root, tmp string, r *bench.Report) error {
	progress("building the binaries")
	bins, err := buildAll(ctx, root, tmp)
	if err != nil {
		return err
	}
	for _, dir := range bins.functions {
		size, err := fileSize(bins.arm64[dir])
		if err != nil {
			return err
		}
		r.Sizes = append(r.Sizes, bench.BinarySize{Name: dir, Bytes: size})
	}
	if r.HelloSize, err = fileSize(bins.arm64[helloPkg]); err != nil {
		return err
	}
	return nil
}

func progress(msg string) { fmt.Fprintln(os.Stderr, "bench:", msg) }

// binaries are the built executables for linux/arm64, by package or function folder, and
// the function folders in order. (The cold start builds its own, for the host, as lambdarun
// builds them.)
type binaries struct {
	arm64     map[string]string
	functions []string
}

// buildAll builds every function and hello for linux/arm64 under tmp, two builds at a time.
// Each executable is named bootstrap, as in a provided.al2023 deployment package.
func buildAll(ctx context.Context, root, tmp string) (binaries, error) {
	dirs, err := bench.FunctionDirs(root)
	if err != nil {
		return binaries{}, err
	}
	b := binaries{arm64: map[string]string{}, functions: dirs}
	type job struct{ pkg, goos, goarch, out string }
	var jobs []job
	for _, dir := range dirs {
		out := filepath.Join(tmp, deployGOARCH, filepath.FromSlash(dir), "bootstrap")
		b.arm64[dir] = out
		jobs = append(jobs, job{"./" + dir, deployGOOS, deployGOARCH, out})
	}
	helloOut := filepath.Join(tmp, deployGOARCH, "hello", "bootstrap")
	b.arm64[helloPkg] = helloOut
	jobs = append(jobs, job{helloPkg, deployGOOS, deployGOARCH, helloOut})

	errs := make([]error, len(jobs))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = bench.Build(ctx, root, j.pkg, j.goos, j.goarch, j.out)
		}()
	}
	wg.Wait()
	return b, errors.Join(errs...)
}

func fileSize(p string) (int64, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", p, err)
	}
	return fi.Size(), nil
}

// routeAgainstBare times GET /api/health?deep=1 through the gateway served on srv against
// bare rounds of the handler's calls made with the same SDK clients (deps').
func routeAgainstBare(ctx context.Context, deps platform.Deps, srv *httptest.Server, o options) (route, bare bench.Summary, err error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}}
	defer client.CloseIdleConnections()
	url := srv.URL + "/api/health?deep=1"
	routeRound := func() (time.Duration, error) { return bench.RouteRound(ctx, client, url) }
	bareRound := func() (time.Duration, error) {
		return bench.BareRound(ctx, deps.DynamoDB, s3client.New(deps), stack.TableName, stack.BucketName)
	}
	if _, _, err := bench.Interleave(o.warmup, o.block, routeRound, bareRound); err != nil {
		return route, bare, fmt.Errorf("warm-up: %w", err)
	}
	rs, bs, err := bench.Interleave(o.n, o.block, routeRound, bareRound)
	if err != nil {
		return route, bare, err
	}
	return bench.Summarize(rs), bench.Summarize(bs), nil
}
