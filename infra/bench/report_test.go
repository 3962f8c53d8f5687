package bench

import (
	"strings"
	"testing"
	"time"
)

func sampleReport() Report {
	return Report{
		Machine: Machine{Date: "2026-01-02", CPUs: 2, GoVersion: "go1.26.0", GOOS: "linux", GOARCH: "amd64"},
		Route:   Summary{N: 300, Median: 3 * time.Millisecond, P95: 6 * time.Millisecond},
		Bare:    Summary{N: 300, Median: 2 * time.Millisecond, P95: 4 * time.Millisecond},
		Warmup:  50, Block: 25,
		Cold: []ColdSeries{
			{"functions/health", Summary{N: 30, Median: 12 * time.Millisecond, P95: 15 * time.Millisecond}},
			{"functions/records-portal-list", Summary{N: 30, Median: 5 * time.Millisecond, P95: 6 * time.Millisecond}},
			{"functions/invitation-send", Summary{N: 30, Median: 5200 * time.Microsecond, P95: 7 * time.Millisecond}},
			{"functions/portal-login", Summary{N: 30, Median: 4 * time.Millisecond, P95: 5 * time.Millisecond}},
			{"functions/me-get", Summary{N: 30, Median: 4 * time.Millisecond, P95: 5 * time.Millisecond}},
			{"functions/me-tabs", Summary{N: 30, Median: 4 * time.Millisecond, P95: 5 * time.Millisecond}},
			{"functions/record-portal-get", Summary{N: 30, Median: 4 * time.Millisecond, P95: 5 * time.Millisecond}},
		},
		ColdHello:    Summary{N: 30, Median: 4 * time.Millisecond, P95: 5 * time.Millisecond},
		ColdPlatform: "linux/amd64",
		Inits: []InitTrace{
			{Name: "functions/health", Runs: 30, Total: 2700 * time.Microsecond,
				Group: [NumInitGroups]time.Duration{900 * time.Microsecond, 1300 * time.Microsecond, 450 * time.Microsecond, 30 * time.Microsecond},
				Top: []PackageClock{{"github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas", 740 * time.Microsecond},
					{"crmportal/shared/crm", 300 * time.Microsecond}, {"runtime", 50 * time.Microsecond}}},
			{Name: "functions/records-portal-list", Runs: 30, Total: 3 * time.Millisecond,
				Group: [NumInitGroups]time.Duration{1 * time.Millisecond, 1400 * time.Microsecond, 500 * time.Microsecond, 100 * time.Microsecond},
				Top:   []PackageClock{{"github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas", 750 * time.Microsecond}}},
		},
		InitHello: InitTrace{Name: "hello", Runs: 30, Total: 600 * time.Microsecond,
			Group: [NumInitGroups]time.Duration{590 * time.Microsecond, 10 * time.Microsecond, 0, 0},
			Top:   []PackageClock{{"internal/godebug", 70 * time.Microsecond}}},
		Sizes:     []BinarySize{{"functions/fallback", 8 << 20}, {"functions/health", 10 << 20}},
		HelloSize: 4 << 20,
		SizeGOOS:  "linux", SizeGOARCH: "arm64",
		List:        Summary{N: 300, Median: 5 * time.Millisecond, P95: 9 * time.Millisecond},
		ListBare:    Summary{N: 300, Median: 4 * time.Millisecond, P95: 6 * time.Millisecond},
		ListCalls:   []string{"GetItem", "GetItem", "Query"},
		ListRecords: 1000, ListLimit: 25, ListTouches: 1,
		Scale: &Scale{Small: 1000, Large: 100000, Limit: 25, SmallDeep: 900, LargeDeep: 90000,
			FirstSmall: Summary{N: 300, Median: 4 * time.Millisecond, P95: 8 * time.Millisecond},
			FirstLarge: Summary{N: 300, Median: 5 * time.Millisecond, P95: 8 * time.Millisecond},
			DeepSmall:  Summary{N: 300, Median: 6 * time.Millisecond, P95: 10 * time.Millisecond},
			DeepLarge:  Summary{N: 300, Median: 3 * time.Millisecond, P95: 5 * time.Millisecond},
			SmallLoad:  2 * time.Second, LargeLoad: 100 * time.Second, SmallConc: 16, LargeConc: 4},
		Login:       Summary{N: 300, Median: 40 * time.Millisecond, P95: 60 * time.Millisecond},
		LoginBare:   Summary{N: 300, Median: 8 * time.Millisecond, P95: 10 * time.Millisecond},
		LoginArgon:  Summary{N: 300, Median: 30 * time.Millisecond, P95: 40 * time.Millisecond},
		LoginCalls:  []string{"GetItem", "BatchGetItem", "UpdateItem", "PutItem"},
		Invite:      Summary{N: 300, Median: 20 * time.Millisecond, P95: 30 * time.Millisecond},
		InviteBare:  Summary{N: 300, Median: 16 * time.Millisecond, P95: 20 * time.Millisecond},
		InviteCalls: []string{"GetItem", "TransactWriteItems", "SendEmail", "UpdateItem", "PutItem"},
		Note:        &Summary{N: 300, Median: 6 * time.Millisecond, P95: 9 * time.Millisecond},
		NoteBare:    &Summary{N: 300, Median: 5 * time.Millisecond, P95: 6 * time.Millisecond},
		NoteCalls:   []string{"BatchGetItem", "TransactWriteItems"},
	}
}

func TestMarkdownHasEverySectionInOrder(t *testing.T) {
	md := sampleReport().Markdown()
	sections := []string{
		"# Benchmarks\n",
		"Taken on 2026-01-02 on linux/amd64 with 2 CPUs (nproc), go1.26.0.",
		"`make bench`",
		"## Deep health: route against bare calls\n",
		"## Cold start under aws-lambda-rie: against hello world\n",
		"### Package initialization (GODEBUG=inittrace=1)\n",
		"### First visit\n",
		"## Binary size (linux/arm64)\n",
		"## Record list: route against bare calls\n",
		"## Record list by module size\n",
		"## Portal login: route against bare calls and Argon2id\n",
		"## Invitation: route against bare calls\n",
		"## Staff public note: route against bare calls\n",
		"## How it is measured\n",
		"- **Cold start.** `functions/health`, `functions/records-portal-list`, `functions/invitation-send`,",
		"`INIT REPORT(durationMs: …)`",
		"One warm-up round, then 30 rounds",
		"- **Package initialization.**",
		"`GODEBUG=inittrace=1`",
		"One warm-up round, then 30 rounds",
		"- **Record list against bare calls.**",
		"- **Record list by module size.**",
		"- **Portal login against bare calls and Argon2id.**",
		"it made GetItem, BatchGetItem, UpdateItem, PutItem:",
		"- **Invitation against bare calls.**",
		"it made GetItem, TransactWriteItems, SendEmail, UpdateItem, PutItem:",
		"- **Staff public note against bare calls.**",
		"- Medians are the middle value",
	}
	at := 0
	for _, s := range sections {
		i := strings.Index(md[at:], s)
		if i < 0 {
			t.Fatalf("report lacks %q after offset %d:\n%s", s, at, md)
		}
		at += i + len(s)
	}
}

func TestTablesShowRatios(t *testing.T) {
	tables := sampleReport().Tables()
	rows := []string{
		"| Route: `GET /api/health?deep=1` through the local gateway | 300 | 3.00 ms | 6.00 ms |",
		"| **Ratio route / bare** | | **1.50×** | 1.50× |",
		"The route adds 1.00 ms at the median.",
		"| Function | Runs | Median init | p95 init | Median / hello world | p95 / hello world | Target (≤ 1.30×) |",
		"| `functions/health` | 30 | 12.00 ms | 15.00 ms | **3.00×** | 3.00× | not met |",
		"| `functions/records-portal-list` | 30 | 5.00 ms | 6.00 ms | **1.25×** | 1.20× | met |",
		"| `functions/invitation-send` | 30 | 5.20 ms | 7.00 ms | **1.30×** | 1.40× | met |",
		"| hello world (aws-lambda-go) | 30 | 4.00 ms | 5.00 ms | 1.00× | 1.00× | |",
		"6 of 7 functions meet the target.",
		"| Function | Go | AWS (`github.com/aws/`) | Project (`crmportal/`) | Other modules | Total | Over hello world | Longest (median) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n",
		"| `functions/health` | 0.90 ms | 1.30 ms | 0.45 ms | 0.03 ms | 2.70 ms | +2.10 ms | `github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas` 0.74 ms, `crmportal/shared/crm` 0.30 ms, `runtime` 0.05 ms |",
		"| `functions/records-portal-list` | 1.00 ms | 1.40 ms | 0.50 ms | 0.10 ms | 3.00 ms | +2.40 ms | `github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas` 0.75 ms |",
		"| hello world (aws-lambda-go) | 0.59 ms | 0.01 ms | 0.00 ms | 0.00 ms | 0.60 ms |  | `internal/godebug` 0.07 ms |",
		"the AWS packages' initialization alone adds 1.29 ms (`functions/health`) to 1.39 ms (`functions/records-portal-list`):\n" +
			"more than the 1.20 ms the target allows a function's init over hello world's (0.30 × its median\ninit under the emulator, 4.00 ms) in every function measured",
		"The project's own packages take 0.45 ms, 0.50 ms (in the table's order).",
		"measured for\nthis machine's architecture (linux/amd64); the deployed functions run on arm64.",
		"calls\n`functions/portal-login`, `functions/me-get`, `functions/me-tabs`, `functions/records-portal-list`, `functions/record-portal-get`.\n",
		"add up to **21.00 ms** (5 hello-world inits: 20.00 ms).",
		"one environment of each of the\n5 functions at 256 MB costs USD 10.95 a month",
		"| `functions/fallback` | 8.00 MiB | 2.00× |",
		"| `functions/health` | 10.00 MiB | 2.50× |",
		"| hello world (aws-lambda-go) | 4.00 MiB | 1.00× |",
		"| Route: `GET /api/admin/records/Invoices?limit=25` through the local gateway | 300 | 5.00 ms | 9.00 ms |",
		"| Bare: GetItem, GetItem, Query, one after the other | 300 | 4.00 ms | 6.00 ms |",
		"| **Ratio route / bare** | | **1.25×** | 1.50× |",
		"The module holds 1,000 invoices; the route adds 1.00 ms at the median.",
		"at most 1 of the\nroute's requests can have included it.",
		"| First page, 1,000 records | 300 | 4.00 ms | 8.00 ms |",
		"| First page, 100,000 records | 300 | 5.00 ms | 8.00 ms |",
		"| **Ratio 100,000 / 1,000** | | **1.25×** | 1.00× |",
		"| Deep page (after 900 of 1,000 records) | 300 | 6.00 ms | 10.00 ms |",
		"| Deep page (after 90,000 of 100,000 records) | 300 | 3.00 ms | 5.00 ms |",
		"| **Ratio 100,000 / 1,000** | | **0.50×** | 0.50× |",
		"took 2.0 s for 1,000 invoices with CreateRecord (16 at a time, 500 records/s)\nand 100.0 s for 100,000 with BatchWriteItem (4 workers, 1,000 records/s).",
		"| Route: `POST /api/p/{slug}/login` through the local gateway | 300 | 40.00 ms | 60.00 ms |",
		"| Bare: GetItem, BatchGetItem, UpdateItem, PutItem, one after the other | 300 | 8.00 ms | 10.00 ms |",
		"| Argon2id: `auth.VerifyPassword` of the user's hash, in process | 300 | 30.00 ms | 40.00 ms |",
		"| **Ratio (route − Argon2id) / bare** | | **1.25×** | 2.00× |",
		"| **Ratio route / (bare + Argon2id)** | | **1.05×** | 1.20× |",
		"Argon2id alone is 75% of the route's\nmedian; the route's median less the bare and Argon2id medians is 2.00 ms.",
		"| Route: `POST /api/admin/records/Contacts/{id}/invitation` through the local gateway | 300 | 20.00 ms | 30.00 ms |",
		"| Bare: GetItem, TransactWriteItems, SendEmail, UpdateItem, PutItem, one after the other | 300 | 16.00 ms | 20.00 ms |",
		"| **Ratio route / bare** | | **1.25×** | 1.50× |",
		"answers 201; the route adds 4.00 ms\nat the median.",
		"minute per session), and no route request\nincluded it",
	}
	for _, row := range rows {
		if !strings.Contains(tables, row) {
			t.Errorf("tables lack %q:\n%s", row, tables)
		}
	}
}

func TestMarkdownStructureDoesNotDependOnTheFigures(t *testing.T) {
	a, b := sampleReport(), sampleReport()
	b.Route.Median, b.ColdHello.P95, b.HelloSize, b.Machine.Date = 17*time.Millisecond, 0, 123, "2030-12-31"
	b.List.P95, b.ListTouches = 70*time.Millisecond, 3
	b.Login.Median, b.LoginArgon.P95, b.Invite.Median, b.InviteTouches = time.Second, 0, 2*time.Second, 2
	scale := *b.Scale
	scale.DeepLarge.Median, scale.LargeLoad = time.Second, time.Hour
	b.Scale = &scale
	shape := func(md string) []string {
		var out []string
		for _, line := range strings.Split(md, "\n") {
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "| ---") {
				out = append(out, line)
			}
		}
		return out
	}
	got, want := shape(b.Markdown()), shape(a.Markdown())
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings and table rules = %q, want %q", got, want)
	}
}

func TestTablesWithoutTheLargeModule(t *testing.T) {
	r := sampleReport()
	r.Scale, r.ListTouches = nil, 0
	tables := r.Tables()
	for _, want := range []string{
		"## Record list by module size\n\nNot measured in this run (`-skip-large`).\n",
		"no route request\nincluded it: the series ended within a minute of the login.",
	} {
		if !strings.Contains(tables, want) {
			t.Errorf("tables lack %q:\n%s", want, tables)
		}
	}
	if strings.Contains(tables, "First page") {
		t.Errorf("tables of a run without the large module show its rows:\n%s", tables)
	}
	if md := r.Markdown(); !strings.Contains(md, "## How it is measured") {
		t.Errorf("report without the large module lacks the method:\n%s", md)
	}
}

func TestLoadFormatting(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"seconds", Seconds(1250 * time.Millisecond), "1.2 s"},
		{"long seconds", Seconds(112*time.Second + 60*time.Millisecond), "112.1 s"},
		{"rate", Count(PerSecond(100000, 80*time.Second)), "1,250"},
		{"rate without time", Count(PerSecond(10, 0)), "0"},
		{"list path", ListPath(25), "GET /api/admin/records/Invoices?limit=25"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestInitVerdictFollowsTheFigures(t *testing.T) {
	tests := []struct {
		name       string
		helloInit  time.Duration
		want, lack string
	}{
		{"every function over the budget", 4 * time.Millisecond,
			"more than the 1.20 ms the target allows a function's init over hello world's (0.30 × its median\ninit under the emulator, 4.00 ms) in every function measured: the target\nis out of reach",
			"within"},
		{"every function within the budget", 5 * time.Millisecond,
			"within the 1.50 ms the target allows a function's init over hello world's (0.30 × its median\ninit under the emulator, 5.00 ms) in every function measured;",
			"more than"},
		{"some functions over the budget", 4400 * time.Microsecond,
			"more than the 1.32 ms the target allows a function's init over hello world's (0.30 × its median\ninit under the emulator, 4.40 ms) in 1 of the 2 functions measured.",
			"every function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleReport()
			r.ColdHello.Median = tt.helloInit
			got := r.Tables()
			if !strings.Contains(got, tt.want) {
				t.Errorf("tables lack %q:\n%s", tt.want, got)
			}
			if v := r.initVerdict(); strings.Contains(v, tt.lack) {
				t.Errorf("verdict %q says %q", v, tt.lack)
			}
		})
	}
	t.Run("not measured", func(t *testing.T) {
		r := sampleReport()
		r.Inits = nil
		want := "### Package initialization (GODEBUG=inittrace=1)\n\nNot measured in this run.\n\n### First visit"
		if got := r.Tables(); !strings.Contains(got, want) {
			t.Errorf("tables lack %q:\n%s", want, got)
		}
	})
}

// TestNoteSectionSaysWhetherTheRequestWaitsForTheEmail: the note section says the request
// does not wait for the notification only when its calls hold no email or queue call.
func TestNoteSectionSaysWhetherTheRequestWaitsForTheEmail(t *testing.T) {
	r := sampleReport()
	tables := r.Tables()
	for _, want := range []string{
		"| Route: `POST /api/admin/records/Contacts/{id}/notes` through the local gateway | 300 | 6.00 ms | 9.00 ms |",
		"| Bare: BatchGetItem, TransactWriteItems, one after the other | 300 | 5.00 ms | 6.00 ms |",
		"| **Ratio route / bare** | | **1.20×** | 1.50× |",
		"Its calls include no email and no queue call",
	} {
		if !strings.Contains(tables, want) {
			t.Errorf("note section lacks %q:\n%s", want, tables)
		}
	}
	r.NoteCalls = []string{"BatchGetItem", "TransactWriteItems", "SendEmail"}
	tables = r.Tables()
	if got, want := strings.Contains(tables, "The route's calls include SendEmail: the request waits for the notification."), true; got != want {
		t.Errorf("a note route that sends an email: the report says it waits = %v, want %v", got, want)
	}
	if strings.Contains(tables, "no note request waits") {
		t.Error("a note route that sends an email is reported as not waiting for it")
	}
	r.Note, r.NoteBare = nil, nil
	if tables := r.Tables(); !strings.Contains(tables, "## Staff public note: route against bare calls\n\nNot measured in this run.\n") {
		t.Errorf("a run without the note series does not say so:\n%s", tables)
	}
}

func TestSearchAndUsageRowsCompareSizesAndTheList(t *testing.T) {
	sc := sampleReport().Scale
	sc.SearchSmall = Summary{N: 300, Median: 4 * time.Millisecond, P95: 8 * time.Millisecond}
	sc.SearchLarge = Summary{N: 300, Median: 6 * time.Millisecond, P95: 8 * time.Millisecond}
	sc.UsageSmall = Summary{N: 300, Median: 2 * time.Millisecond, P95: 4 * time.Millisecond}
	sc.UsageLarge = Summary{N: 300, Median: 2500 * time.Microsecond, P95: 4 * time.Millisecond}
	sc.UsageDays = 366
	var b strings.Builder
	sc.searchRows(&b, "invoices", PortalSearchPath)
	got := b.String()
	for _, want := range []string{
		"| Search, 1,000 invoices | 300 | 4.00 ms | 8.00 ms |",
		"| Search, 100,000 invoices | 300 | 6.00 ms | 8.00 ms |",
		"| **Ratio 100,000 / 1,000** | | **1.50×** | 1.00× |",
		"| Usage, 366 days, 100,000 invoices created | 300 | 2.50 ms | 4.00 ms |",
		"| **Ratio 100,000 / 1,000** | | **1.25×** | 1.00× |",
		"| **Against the first page, 100,000 invoices** | | | |",
		"| Search / list | | **1.20×** | 1.00× |",
		"| Usage / list | | **0.50×** | 0.50× |",
		"A search is `GET /api/search?q=invoice+000123`",
		"interval=day` by an admin",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rows lack %q:\n%s", want, got)
		}
	}

	t.Run("not measured", func(t *testing.T) {
		var b strings.Builder
		(&Scale{Small: 1000, Large: 100000}).searchRows(&b, "records", SearchPath)
		if got := b.String(); got != "" {
			t.Errorf("rows of an unmeasured search = %q, want none", got)
		}
	})
}
