package main

import (
	"context"
	"fmt"
	"time"

	"crmportal/infra/bench"
	"crmportal/shared/platform"
)

// onlyBySize is the -only choice that runs the list-by-size series alone.
const onlyBySize = "by-size"

// bySizeOnly runs only the staff and the portal list-by-size series (ls.bySize,
// ls.portalBySize: first and deep pages, search and usage, small against large) and prints
// their medians and ratios: a few minutes' comparison of a change to one of those routes,
// without the rest of the run. It writes no report.
func bySizeOnly(ctx context.Context, deps platform.Deps, base, sesURL string, o options) error {
	progress(fmt.Sprintf("record list: loading %s invoices", bench.Count(smallRecords)))
	ls, err := newListSetup(ctx, deps, base, sesURL)
	if err != nil {
		return err
	}
	defer ls.client.CloseIdleConnections()
	progress("portal list: a portal user for the small module's Contact")
	small, err := ls.newPortalUser(ctx, &ls.small, ls.smallContact)
	if err != nil {
		return err
	}
	staff, err := ls.bySize(ctx, o)
	if err != nil {
		return err
	}
	progress("portal list by size: a portal user for the large module's Contact")
	portal, err := ls.portalBySize(ctx, small, o)
	if err != nil {
		return err
	}
	fmt.Print(scaleSummary("Staff", staff), scaleSummary("Portal", portal))
	return nil
}

// scaleSummary is the medians of sc's series, small and large, and each large series against
// the large first page, one line each.
func scaleSummary(side string, sc *bench.Scale) string {
	out := fmt.Sprintf("%s, %s and %s records (medians, p95):\n", side, bench.Count(sc.Small), bench.Count(sc.Large))
	row := func(name string, a, b bench.Summary) {
		if a.N == 0 {
			return
		}
		out += fmt.Sprintf("  %-11s %9s %9s   large %9s %9s   large / first page %s\n", name,
			bench.Ms(a.Median), bench.Ms(a.P95), bench.Ms(b.Median), bench.Ms(b.P95), bench.Times(ratioOf(b.Median, sc.FirstLarge.Median)))
	}
	row("first page", sc.FirstSmall, sc.FirstLarge)
	row("deep page", sc.DeepSmall, sc.DeepLarge)
	row("search", sc.SearchSmall, sc.SearchLarge)
	row("usage", sc.UsageSmall, sc.UsageLarge)
	return out
}

func ratioOf(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
