package bench

import (
	"fmt"
	"strings"
)

// PortalListPath is the portal list request of the bench, with page size limit.
func PortalListPath(limit int) string {
	return fmt.Sprintf("GET /api/records/Invoices?limit=%d", limit)
}

// portalTables writes the portal list, portal list by size, cost and web app sections.
func (r Report) portalTables(b *strings.Builder) {
	b.WriteString("\n## Portal list: route against bare calls\n\n")
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(b, "| Route: `%s` as a portal user, through the local gateway | %d | %s | %s |\n", PortalListPath(r.ListLimit), r.PortalList.N, Ms(r.PortalList.Median), Ms(r.PortalList.P95))
	fmt.Fprintf(b, "| Bare: %s, one after the other | %d | %s | %s |\n", strings.Join(r.PortalListCalls, ", "), r.PortalListBare.N, Ms(r.PortalListBare.Median), Ms(r.PortalListBare.P95))
	fmt.Fprintf(b, "| **Ratio route / bare** | | **%s** | %s |\n\n", Times(ratio(r.PortalList.Median, r.PortalListBare.Median)), Times(ratio(r.PortalList.P95, r.PortalListBare.P95)))
	fmt.Fprintf(b, "The user's Contact owns %s invoices; every answer is 200 with %d records; the route adds %s at\n", Count(r.ListRecords), r.ListLimit, Ms(r.PortalList.Median-r.PortalListBare.Median))
	fmt.Fprintf(b, "the median. The bare rounds leave out the portal session touch (an UpdateItem, at most once a minute\n")
	fmt.Fprintf(b, "per session), and %s\n", touches(r.PortalListTouches))

	b.WriteString("\n## Portal list by size\n\n")
	if sc := r.PortalScale; sc == nil {
		b.WriteString("Not measured in this run (`-skip-large`).\n")
	} else {
		ratioRow := fmt.Sprintf("| **Ratio %s / %s** | |", Count(sc.Large), Count(sc.Small))
		b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
		fmt.Fprintf(b, "| First page, user with %s invoices | %d | %s | %s |\n", Count(sc.Small), sc.FirstSmall.N, Ms(sc.FirstSmall.Median), Ms(sc.FirstSmall.P95))
		fmt.Fprintf(b, "| First page, user with %s invoices | %d | %s | %s |\n", Count(sc.Large), sc.FirstLarge.N, Ms(sc.FirstLarge.Median), Ms(sc.FirstLarge.P95))
		fmt.Fprintf(b, "%s **%s** | %s |\n", ratioRow, Times(ratio(sc.FirstLarge.Median, sc.FirstSmall.Median)), Times(ratio(sc.FirstLarge.P95, sc.FirstSmall.P95)))
		fmt.Fprintf(b, "| Deep page (after %s of %s invoices) | %d | %s | %s |\n", Count(sc.SmallDeep), Count(sc.Small), sc.DeepSmall.N, Ms(sc.DeepSmall.Median), Ms(sc.DeepSmall.P95))
		fmt.Fprintf(b, "| Deep page (after %s of %s invoices) | %d | %s | %s |\n", Count(sc.LargeDeep), Count(sc.Large), sc.DeepLarge.N, Ms(sc.DeepLarge.Median), Ms(sc.DeepLarge.P95))
		fmt.Fprintf(b, "%s **%s** | %s |\n\n", ratioRow, Times(ratio(sc.DeepLarge.Median, sc.DeepSmall.Median)), Times(ratio(sc.DeepLarge.P95, sc.DeepSmall.P95)))
		fmt.Fprintf(b, "Every request is `%s` as the organization's portal user; the deep ones add their\n", PortalListPath(sc.Limit))
		fmt.Fprintf(b, "page's cursor. The invoices are those of the record list by module size (one load serves both).\n")
		if sc.SearchSmall.N > 0 || sc.UsageSmall.N > 0 {
			b.WriteString("\n### Portal search and the usage dashboard by size\n\n")
			sc.searchRows(b, "invoices", PortalSearchPath)
		}
	}

	r.roundTripTable(b)

	b.WriteString("\n## Cost per million portal page views\n\n")
	if c := r.Cost; c == nil {
		b.WriteString("Not measured in this run.\n")
	} else {
		b.WriteString("| Page view | DynamoDB calls | Read units | Write units | Rules: read / write | Median duration | Share of the mix |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
		computed, same := 0, true
		for _, p := range c.Pages {
			fmt.Fprintf(b, "| %s: `%s` | %s | %s | %s | %s / %s | %s | %.0f%% |\n", p.Name, p.Path, strings.Join(p.Calls, ", "),
				units(p.Capacity.Read), units(p.Capacity.Write), units(p.Rules.Read), units(p.Rules.Write), Ms(p.Median), 100*p.Share)
			computed += p.Computed
			same = same && p.Capacity == p.Rules
		}
		b.WriteString("\n| Part (USD per million page views) |")
		for _, p := range c.Pages {
			fmt.Fprintf(b, " %s |", p.Name)
		}
		b.WriteString(" **Mix** |\n| --- |")
		for range c.Pages {
			b.WriteString(" ---: |")
		}
		b.WriteString(" ---: |\n")
		per := make([]Parts, len(c.Pages))
		for i, p := range c.Pages {
			per[i] = p.PerMillion()
		}
		mix := c.Mix()
		row := func(name string, f func(Parts) float64) {
			fmt.Fprintf(b, "| %s |", name)
			for _, p := range per {
				fmt.Fprintf(b, " %s |", USD(f(p)))
			}
			fmt.Fprintf(b, " %s |\n", USD(f(mix)))
		}
		row("DynamoDB reads", func(p Parts) float64 { return p.Reads })
		row("DynamoDB writes", func(p Parts) float64 { return p.Writes })
		row("Lambda requests", func(p Parts) float64 { return p.LambdaRequests })
		row(fmt.Sprintf("Lambda duration (arm64, %d MB)", LambdaMemoryMB), func(p Parts) float64 { return p.LambdaDuration })
		row("API Gateway (HTTP API)", func(p Parts) float64 { return p.API })
		fmt.Fprintf(b, "| **Total** |")
		for _, p := range per {
			fmt.Fprintf(b, " **%s** |", USD(p.Total()))
		}
		fmt.Fprintf(b, " **%s** |\n\n", USD(mix.Total()))
		data := mix.Total() - mix.API
		fmt.Fprintf(b, "Compute and data (API Gateway aside): **%s** per million page views of the mix; target ≤ %s: %s.\n\n", USD(data), USD(CostTarget), met(data <= CostTarget))
		var shares []string
		for _, p := range c.Pages {
			shares = append(shares, fmt.Sprintf("%.0f%% %s", 100*p.Share, strings.ToLower(p.Name)+"s"))
		}
		fmt.Fprintf(b, "The mix is %s. Prices: us-east-1 on-demand as of %s, DynamoDB USD 0.125 per\n", strings.Join(shares, ", "), PricesDate)
		fmt.Fprintf(b, "million read request units and USD 0.625 per million write request units, Lambda arm64 USD %.10f\n", PriceLambdaGBSecond)
		fmt.Fprintf(b, "per GB-second and USD 0.20 per million requests, API Gateway HTTP API USD 1.00 per million requests.\n")
		if computed == 0 {
			fmt.Fprintf(b, "The read and write units (the cost's basis) are the ones the local emulator (Dynoxide) answered with\n")
			fmt.Fprintf(b, "`ReturnConsumedCapacity: TOTAL`: an emulator's figures for these item sizes, not measured on DynamoDB.\n")
			if same {
				fmt.Fprintf(b, "They equal what DynamoDB's published rules give for the same calls' item sizes (the rules column).\n")
			} else {
				fmt.Fprintf(b, "They differ from what DynamoDB's published rules give for the same calls' item sizes (the rules\n")
				fmt.Fprintf(b, "column: reads per 4 KB, half when eventually consistent, a Query's items summed before rounding;\n")
				fmt.Fprintf(b, "writes per 1 KB plus one write per index the item is in, twice in a transaction); on DynamoDB expect\n")
				fmt.Fprintf(b, "the rules' figures.\n")
			}
		} else {
			fmt.Fprintf(b, "The local emulator (Dynoxide) answered %d of the calls without consumed capacity; their units are\n", computed)
			fmt.Fprintf(b, "computed from the item sizes with DynamoDB's rules (`bench.ItemSize`, reads per 4 KB, half when\n")
			fmt.Fprintf(b, "eventually consistent, writes per 1 KB, twice in a transaction); they are not measured on DynamoDB.\n")
		}
		fmt.Fprintf(b, "Durations are the routes' medians through the local gateway on this machine, billed rounded up to\n")
		fmt.Fprintf(b, "the millisecond; a deployed function's duration differs (arm64, network to DynamoDB, cold starts).\n")
		fmt.Fprintf(b, "Not included: data transfer, CloudWatch logs, the static web app's hosting, SES and storage.\n")
	}

	if w := r.Web; w != nil {
		b.WriteString("\n## Web app first load\n\n")
		if w.Unavailable != "" {
			fmt.Fprintf(b, "Not measured: %s.\n", w.Unavailable)
		} else {
			fmt.Fprintf(b, "What a page of each side loads before its own page chunk, from `web/dist/.vite/manifest.json` (the build of %s):\n", w.Built.UTC().Format("2006-01-02 15:04 UTC"))
			fmt.Fprintf(b, "the entry script (the app's core: React, the router, i18next, TanStack Query, the API client) with its style sheet,\n")
			fmt.Fprintf(b, "the side's frame (`src/portal/layouts/PortalShell.tsx` for a portal page under `/p/{slug}/`, `src/console/ConsoleRoutes.tsx`\n")
			fmt.Fprintf(b, "for a console page under `/admin/`), the shared texts and the side's texts of one language (the heavier), and every\n")
			fmt.Fprintf(b, "chunk these import statically, transitively, each once; each file gzipped (Go's compress/gzip at its best level, within 0.2%% of zlib's default level, which the build's own check uses). Lazily imported\n")
			fmt.Fprintf(b, "chunks are not counted: each page's own chunk, the other side, the other language. The build fails when a side's\n")
			fmt.Fprintf(b, "first load passes its budget in `web/vite.config.ts` or holds a module of the other side (`web/build/firstLoad.ts`).\n\n")
			fmt.Fprintf(b, "| side | language | files | raw | gzip | target | |\n|---|---|---|---|---|---|---|\n")
			for _, s := range w.Sides {
				met := "met"
				if s.Gzip > w.Target {
					met = "**not met**"
				}
				fmt.Fprintf(b, "| %s | %s | %d | %s | **%s** | %s | %s |\n", s.Name, s.Language, len(s.Files), KiB(s.Raw), KiB(s.Gzip), KiB(w.Target), met)
			}
			for _, s := range w.Sides {
				fmt.Fprintf(b, "\nThe %s's files: %s.\n", s.Name, strings.Join(s.Files, ", "))
			}
		}
	}
}

// KiB formats bytes in kibibytes with one decimal ("12.3 KiB").
func KiB(n int64) string { return fmt.Sprintf("%.1f KiB", float64(n)/1024) }

// portalMethod writes how the portal list, its size comparison and the cost are measured.
func (r Report) portalMethod(b *strings.Builder) {
	fmt.Fprintf(b, "- **Portal list against bare calls.** The small module's organization gets a staff admin (made\n")
	fmt.Fprintf(b, "  with the store) who, through the gateway, creates a portal and a free user type on Contacts whose\n")
	fmt.Fprintf(b, "  one tab is Invoices: own scope through `Contact_Name`, view, a list display of Subject, Status,\n")
	fmt.Fprintf(b, "  Invoice_Date, Due_Date and Grand_Total, each readable. The admin invites the organization's Contact\n")
	fmt.Fprintf(b, "  that owns the %s invoices; the link is taken from the SES emulator's mailbox and accepted\n", Count(r.ListRecords))
	fmt.Fprintf(b, "  with a password, and the user logs in with `%s`. A route request is\n", LoginPath)
	fmt.Fprintf(b, "  `%s` with the portal cookie; every answer is checked to be 200 with %d\n", PortalListPath(r.ListLimit), r.ListLimit)
	fmt.Fprintf(b, "  records. Just after the login the route's handler (`portalguard.Guard.Guard` around `portalapi.Service.ListRecords`)\n")
	fmt.Fprintf(b, "  runs once in process over a recording store and must answer the same records: it made %s:\n", strings.Join(r.PortalListCalls, ", "))
	fmt.Fprintf(b, "  one BatchGetItem of the session, the user type, the module's customization and the user's own\n")
	fmt.Fprintf(b, "  Contact (for the scope), all named by the cookie, and one Query of the Contact's link items. A\n")
	fmt.Fprintf(b, "  bare round replays those reads. Warm-up, count and\n")
	fmt.Fprintf(b, "  interleaving are those of the deep health measurement.\n")
	fmt.Fprintf(b, "- **Portal list by size.** The large module's organization gets a portal user the same way, for the\n")
	fmt.Fprintf(b, "  Contact all its invoices name, so the load of the record list by module size serves both (its\n")
	fmt.Fprintf(b, "  BatchWriteItem batches carry each record's link item, taken from the transaction `CreateRecord`\n")
	fmt.Fprintf(b, "  would make). Each deep page's cursor (after nine tenths of the user's invoices) is found by walking\n")
	fmt.Fprintf(b, "  the Contact's link items with the store (`ListLinked`) in pages of 100. A portal page is one Query\n")
	fmt.Fprintf(b, "  on the Contact's partition with a limit and the cursor as its start key, so its cost should follow\n")
	fmt.Fprintf(b, "  the page, not the number of invoices. Pairs, warm-up and interleaving are those of the module sizes.\n")
	fmt.Fprintf(b, "- **Search and the usage dashboard by size.** The same pairs time the portal user's search and,\n")
	fmt.Fprintf(b, "  with each organization's admin, the usage dashboard over its longest period. Each organization's\n")
	fmt.Fprintf(b, "  day counters for that period are written first (BatchWriteItem, the store's counter items) with\n")
	fmt.Fprintf(b, "  as many records created as it holds invoices; every usage answer is checked to hold every day and\n")
	fmt.Fprintf(b, "  that sum, every search answer to find a record.\n")
	fmt.Fprintf(b, "- **Cost per million portal page views.** Each page view's DynamoDB calls are made once more over a\n")
	fmt.Fprintf(b, "  store.DB (`bench.CapacityDB`) that sets `ReturnConsumedCapacity: TOTAL` on a copy of every input\n")
	fmt.Fprintf(b, "  and adds up the answered capacity (or, for an answer without it, the units computed from the item\n")
	fmt.Fprintf(b, "  sizes). The list page replays the recorded list calls; the record view (`GET /api/records/Invoices/{id}`\n")
	fmt.Fprintf(b, "  for the list's first invoice) and the login run their route handlers once over it, the view's\n")
	fmt.Fprintf(b, "  audit PutItem and the login's transaction included. Each page view\n")
	fmt.Fprintf(b, "  is one API Gateway request and one Lambda invocation; the duration is the route's median (the list\n")
	fmt.Fprintf(b, "  and login series above, and %d record view requests after %d warm-up ones).\n", r.costViewN(), r.Warmup)
}

func (r Report) costViewN() int {
	if r.Cost == nil {
		return 0
	}
	return r.Cost.View.N
}
