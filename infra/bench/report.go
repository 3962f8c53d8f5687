package bench

import (
	"fmt"
	"strings"
	"time"
)

// Machine is where and when the figures were taken.
type Machine struct {
	Date      string // YYYY-MM-DD, UTC
	CPUs      int
	GoVersion string
	GOOS      string
	GOARCH    string
}

// BinarySize is one built binary's size.
type BinarySize struct {
	Name  string // the function folder, "functions/health"
	Bytes int64
}

// Report is one run's figures and the parameters they were taken with.
type Report struct {
	Machine Machine

	// Route against bare calls: the two series, the warm-up runs of each and the block
	// length of the interleaving.
	Route, Bare   Summary
	Warmup, Block int

	// Record list route against its bare calls: the route's series and the bare rounds'
	// (ListCalls, the handler's DynamoDB calls, replayed one after the other), the records in
	// the module, the page size, and how many of the route's requests may have included the
	// session touch the bare rounds leave out (at most one a minute).
	List, ListBare Summary
	ListCalls      []string
	ListRecords    int
	ListLimit      int
	ListTouches    int

	// Record list latency by the module's size; nil when the run skipped it.
	Scale *Scale

	// Portal login route against its bare calls: the route's series (fresh logins), the bare
	// rounds' (LoginCalls, the handler's DynamoDB calls, replayed with a fresh session key),
	// and Argon2id, the password verification the bare rounds leave out, timed in process.
	Login, LoginBare, LoginArgon Summary
	LoginCalls                   []string

	// Invitation route against its bare calls: the route's series (one new Contact a
	// request), the bare rounds' (InviteCalls, the handler's DynamoDB calls and its SendEmail,
	// replayed for other new Contacts with fresh keys), and how many of the route's requests
	// may have included the staff session touch the bare rounds leave out.
	Invite, InviteBare Summary
	InviteCalls        []string
	InviteTouches      int

	// Staff public note against its bare calls: the route's series (a note on the portal
	// user's Contact, the write that notifies her), the bare rounds' (NoteCalls replayed with
	// fresh ids), and how many route requests may have included the staff session's touch.
	// nil Note: not measured.
	Note, NoteBare *Summary
	NoteCalls      []string
	NoteTouches    int

	// Portal list route against its bare calls: the route's series as a portal user whose
	// Contact owns the small module's invoices, the bare rounds' (PortalListCalls replayed),
	// and how many route requests may have included the portal session's touch.
	PortalList, PortalListBare Summary
	PortalListCalls            []string
	PortalListTouches          int

	// Portal list latency by the user's invoices; nil when the run skipped it.
	PortalScale *Scale

	// Cost per million portal page views; nil when not measured.
	Cost *Cost

	// The web app's first load; nil when web/dist does not exist.
	Web *WebSize

	// Cold start under the Runtime Interface Emulator: each measured function's init (in the
	// order measured) and hello world's, with the platform the binaries were built for (the
	// host's, "linux/amd64").
	Cold         []ColdSeries
	ColdHello    Summary
	ColdPlatform string

	// Package initialization of the same binaries (GODEBUG=inittrace=1): each cold-started
	// function's, in Cold's order, and hello world's; Inits is nil when not measured.
	Inits     []InitTrace
	InitHello InitTrace

	// Sizes of the function binaries (sorted by name) and of the hello-world binary, built
	// for SizeGOOS/SizeGOARCH.
	Sizes                []BinarySize
	HelloSize            int64
	SizeGOOS, SizeGOARCH string
}

// Scale is the record list's latency in a small and a large module: the first page and a
// deep page of each, and how the two modules were loaded.
type Scale struct {
	// Records in the small and the large module, and the page size.
	Small, Large, Limit int
	// Records before the deep page in each.
	SmallDeep, LargeDeep int
	// The four series.
	FirstSmall, FirstLarge, DeepSmall, DeepLarge Summary
	// The search of one invoice by its number in each module (SearchPath; N = 0: not
	// measured).
	SearchSmall, SearchLarge Summary
	// The usage dashboard of UsageDays days by day in each organization (UsagePath, read by
	// an admin; N = 0: not measured).
	UsageSmall, UsageLarge Summary
	UsageDays              int
	// Loading: the small module with CreateRecord, SmallConc at a time; the large one with
	// BatchWriteItem, LargeConc workers.
	SmallLoad, LargeLoad time.Duration
	SmallConc, LargeConc int
}

// Markdown is the whole of docs/benchmarks.md: the machine, how to re-run, the tables
// (Tables) and how the figures are measured. Its structure does not depend on the figures.
func (r Report) Markdown() string {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "Taken on %s on %s/%s with %d CPUs (nproc), %s.\n", m.Date, m.GOOS, m.GOARCH, m.CPUs, m.GoVersion)
	fmt.Fprintf(&b, "Re-run with `make bench`, which rewrites this file (`go run ./infra/cmd/bench -out docs/benchmarks.md`,\n")
	fmt.Fprintf(&b, "`-n` sets the requests per series, `-large` the records of the large module, `-skip-large` skips\n")
	fmt.Fprintf(&b, "loading it and the two by-size tables, `-only by-size` runs those two alone and prints their medians, writing\n")
	fmt.Fprintf(&b, "nothing). Absolute times depend on the machine and vary from run to run;\n")
	fmt.Fprintf(&b, "the ratios compare series taken in the same run, so they depend less on the machine.\n\n")
	b.WriteString(r.Tables())
	b.WriteString("\n## How it is measured\n\n")
	fmt.Fprintf(&b, "- **Route against bare calls.** One process starts the local stack in memory (the DynamoDB and S3\n")
	fmt.Fprintf(&b, "  emulators on loopback, the table and bucket created from template.yaml), builds the functions'\n")
	fmt.Fprintf(&b, "  dependencies against it (`platform.New`, the same SDK clients and retry settings as a deployed\n")
	fmt.Fprintf(&b, "  function, logs discarded) and serves the local gateway on a loopback HTTP server. A route request\n")
	fmt.Fprintf(&b, "  is `GET /api/health?deep=1` from a keep-alive HTTP client: the gateway builds the payload 2.0 event,\n")
	fmt.Fprintf(&b, "  the health handler calls DescribeTable and HeadBucket concurrently and the JSON answer comes back.\n")
	fmt.Fprintf(&b, "  A bare round makes the same two calls with the same clients, concurrently, each under the\n")
	fmt.Fprintf(&b, "  handler's timeout. After %d warm-up runs of each, the two series run %d times each, interleaved\n", r.Warmup, r.Route.N)
	fmt.Fprintf(&b, "  in blocks of %d with the order swapped every block, so drift affects both alike. The difference\n", r.Block)
	fmt.Fprintf(&b, "  of the medians is what the HTTP hop, the gateway and the handler add; it does not include API\n")
	fmt.Fprintf(&b, "  Gateway's or Lambda's own overhead in AWS.\n")
	r.coldMethod(&b)
	fmt.Fprintf(&b, "- **Binary size.** Every folder under `functions/` and the hello-world function are built for\n")
	fmt.Fprintf(&b, "  the deployed architecture with `%s`; the size is the uncompressed\n", buildCommand(r.SizeGOOS+"/"+r.SizeGOARCH))
	fmt.Fprintf(&b, "  executable (the deployment zip is smaller).\n")
	fmt.Fprintf(&b, "- **Record list against bare calls.** On the same stack and gateway, the bench creates an\n")
	fmt.Fprintf(&b, "  organization and a staff user directly with the store (the password hashed with Argon2id, as\n")
	fmt.Fprintf(&b, "  the route tests do) and %s invoices with `store.CreateRecord`, each built by\n", Count(r.ListRecords))
	fmt.Fprintf(&b, "  `modules.Catalog.Build` as the create route builds it (subject, status, dates, purchase order,\n")
	fmt.Fprintf(&b, "  total, billing address, description, and the Contact_Name lookup to one Contact of the organization,\n")
	fmt.Fprintf(&b, "  so each record also has its link item under that Contact, which the portal list reads). The user\n")
	fmt.Fprintf(&b, "  logs in with `POST /api/admin/login`\n")
	fmt.Fprintf(&b, "  through the gateway; the session cookie is sent back by hand as a `Cookie` header, because it\n")
	fmt.Fprintf(&b, "  is Secure and Go's cookie jar does not send it over plain HTTP. A route request is\n")
	fmt.Fprintf(&b, "  `%s` from a keep-alive client: the gateway, the session check,\n", ListPath(r.ListLimit))
	fmt.Fprintf(&b, "  the module, one Query, the records decoded and encoded as JSON. The bare calls are not\n")
	fmt.Fprintf(&b, "  written by hand: just after the login the route's own handler (`staffguard.Guard.Guard` around\n")
	fmt.Fprintf(&b, "  `staffcrm.Service.ListRecords`) runs once in process over a store that records each DynamoDB\n")
	fmt.Fprintf(&b, "  call and passes it on, and must answer the same records as the route. It made %s:\n", strings.Join(r.ListCalls, ", "))
	fmt.Fprintf(&b, "  one BatchGetItem of the session's item, the member's item (the cookie names the member) and the\n")
	fmt.Fprintf(&b, "  module's customization item (none here, it is read all the same), then the page's Query on\n")
	fmt.Fprintf(&b, "  GSI1. A bare round replays exactly those inputs, one after the\n")
	fmt.Fprintf(&b, "  other as the handler makes them, with the functions' own SDK client. The handler's other\n")
	fmt.Fprintf(&b, "  call, the UpdateItem that moves a session's idle expiry, happens at most once a minute per\n")
	fmt.Fprintf(&b, "  session and is left out of the bare rounds. Warm-up, count and interleaving are those of the\n")
	fmt.Fprintf(&b, "  deep health measurement.\n")
	fmt.Fprintf(&b, "- **Record list by module size.** A second organization and user get the large module. Its\n")
	fmt.Fprintf(&b, "  records are written with BatchWriteItem, %d a call, rather than one transaction each, but\n", BatchSize)
	fmt.Fprintf(&b, "  they are built exactly as the store builds them: each record is built by\n")
	fmt.Fprintf(&b, "  `modules.Catalog.Build` and handed to the store's own `CreateRecord` over a recording store\n")
	fmt.Fprintf(&b, "  that writes nothing, and the items of the transaction it would make (the record's item with\n")
	fmt.Fprintf(&b, "  its keys on the table, GSI1 and GSI2, and its link item under the organization's Contact) are\n")
	fmt.Fprintf(&b, "  what the batches write. Only the transaction's\n")
	fmt.Fprintf(&b, "  condition that the id is new is lost, and the ids are new. Both users log in; the cursor of\n")
	fmt.Fprintf(&b, "  each deep page (after nine tenths of the module's records) is found by walking the list from\n")
	fmt.Fprintf(&b, "  its start with the store in pages of 100, and every page is checked once to hold %d\n", r.scaleLimit())
	fmt.Fprintf(&b, "  records. The first pages of the two modules, then their deep pages, run as pairs of series\n")
	fmt.Fprintf(&b, "  with the warm-up, count and interleaving above; either session's idle expiry may be moved\n")
	fmt.Fprintf(&b, "  once a minute, in both series alike. A page is one Query with a limit and the cursor as its\n")
	fmt.Fprintf(&b, "  start key, with no reads to skip the records before it, so its cost should follow the page,\n")
	fmt.Fprintf(&b, "  not the module: what the ratio tests is that, plus how the emulator's (Dynoxide's) index\n")
	fmt.Fprintf(&b, "  lookups grow with the table. Load times are the emulator's on this machine, not DynamoDB's.\n")
	fmt.Fprintf(&b, "- **Portal login against bare calls and Argon2id.** An organization of its own (limits as seeded: a\n")
	fmt.Fprintf(&b, "  free type holds 3,000 users) and a staff admin are made with the store; through the gateway the\n")
	fmt.Fprintf(&b, "  admin creates the portal (`POST /api/admin/portal`) and a free user type on Contacts\n")
	fmt.Fprintf(&b, "  (`POST /api/admin/user-types`), and the Contacts to invite are made with `store.CreateRecord`,\n")
	fmt.Fprintf(&b, "  each with a last name and an email. The first is invited through the gateway, the link is\n")
	fmt.Fprintf(&b, "  taken from the SES emulator's mailbox and accepted with a password (`POST /api/invitations/{token}/accept`),\n")
	fmt.Fprintf(&b, "  so an active portal user with an Argon2id hash exists. A route request is `%s` with\n", LoginPath)
	fmt.Fprintf(&b, "  the email and password, the CSRF header and no cookie, so every one is a fresh login that creates\n")
	fmt.Fprintf(&b, "  a session; it must answer 200 and set the portal cookie. No login fails, so the throttle only\n")
	fmt.Fprintf(&b, "  reads its counters. The route's own handler (`portalapi.Service.Login`) runs once in process over\n")
	fmt.Fprintf(&b, "  a store that records each DynamoDB call: it made %s: the slug,\n", strings.Join(r.LoginCalls, ", "))
	fmt.Fprintf(&b, "  one BatchGetItem of the portal, the organization (for the answer) and the email's claim, the\n")
	fmt.Fprintf(&b, "  user, one BatchGetItem of the failure counters of the pair, the account and the address, the\n")
	fmt.Fprintf(&b, "  known-address marker and the user type, and one transaction: the session's put (conditioned on a\n")
	fmt.Fprintf(&b, "  new key) and its entry under the user, the update of the user's last login time and list of\n")
	fmt.Fprintf(&b, "  sessions (conditioned on the user's version and status) and the login's audit entry (conditioned\n")
	fmt.Fprintf(&b, "  on a new id). A recorded write cannot simply be made again\n")
	fmt.Fprintf(&b, "  (the session's condition fails the second time), so each bare round replays a copy of the calls\n")
	fmt.Fprintf(&b, "  in which the session's key (the hash of its secret) is replaced by a fresh one everywhere it\n")
	fmt.Fprintf(&b, "  appears, and the audit entry's id by a fresh time-sortable id: the transaction creates a\n")
	fmt.Fprintf(&b, "  new session exactly as the handler does, conditions\n")
	fmt.Fprintf(&b, "  included, and writes the user's item again; a failed condition would\n")
	fmt.Fprintf(&b, "  stop the run. Left out of the bare rounds: the Argon2id verification, timed instead right after\n")
	fmt.Fprintf(&b, "  each bare round as `auth.VerifyPassword` of the user's stored hash in this process, with the\n")
	fmt.Fprintf(&b, "  route's parameters; the DeleteItem of an earlier session and the failure counting, which a\n")
	fmt.Fprintf(&b, "  successful login without a cookie does not make. (route − Argon2id) / bare is the route's\n")
	fmt.Fprintf(&b, "  overhead on its storage calls with the hashing taken out; route / (bare + Argon2id) compares\n")
	fmt.Fprintf(&b, "  the route with all the work it cannot avoid. The p95 column applies the same formulas to the\n")
	fmt.Fprintf(&b, "  p95s. Warm-up, count and interleaving are those of the deep health measurement.\n")
	fmt.Fprintf(&b, "- **Invitation against bare calls.** In the same organization, just after a fresh staff login, a\n")
	fmt.Fprintf(&b, "  route request is `%s` with `{\"userTypeId\"}` of the free type, the\n", InvitePath)
	fmt.Fprintf(&b, "  admin's session cookie and the CSRF header, for a Contact not invited yet (one per request); it\n")
	fmt.Fprintf(&b, "  must answer 201. The route's handler (`staffguard.Guard.Guard` around\n")
	fmt.Fprintf(&b, "  `staffportalusers.Service.SendInvitation`) runs once in process for another new Contact over a store\n")
	fmt.Fprintf(&b, "  and a mail sender that record each call: it made %s:\n", strings.Join(r.InviteCalls, ", "))
	fmt.Fprintf(&b, "  one BatchGetItem of the staff session, the member, the module's customization and the record, then the portal, the user type, the\n")
	fmt.Fprintf(&b, "  record's claim (none), the organization, then the transaction that stores the invited user, claims\n")
	fmt.Fprintf(&b, "  the email and the record, stores the token and takes a seat (each part conditioned), the\n")
	fmt.Fprintf(&b, "  organization's email template (none), the email to the SES emulator with the functions' SES\n")
	fmt.Fprintf(&b, "  client, the delivery UpdateItem (conditioned on the token) and the PutItem that maps SES's\n")
	fmt.Fprintf(&b, "  message id to the user, then the staff user's item for the audit entry's actor and the\n")
	fmt.Fprintf(&b, "  invitation's audit entry. Each bare round replays a copy of those calls for yet another new\n")
	fmt.Fprintf(&b, "  Contact: its id, name and email replace the recorded Contact's, and a new user id, token hash\n")
	fmt.Fprintf(&b, "  and message id (and a fresh audit entry id) replace the recorded ones, in keys, items, condition\n")
	fmt.Fprintf(&b, "  values and the email alike,\n")
	fmt.Fprintf(&b, "  so every write makes new items as the handler would for that Contact, with its conditions, and\n")
	fmt.Fprintf(&b, "  the same rendered email (with the recorded link) is sent again. Bare rounds take seats like\n")
	fmt.Fprintf(&b, "  route requests. Left out of the bare rounds: rendering the email, generating the ids and the\n")
	fmt.Fprintf(&b, "  token, and the staff session touch (at most once a minute). Warm-up, count and interleaving are\n")
	fmt.Fprintf(&b, "  those of the deep health measurement.\n")
	r.noteMethod(&b)
	r.portalMethod(&b)
	fmt.Fprintf(&b, "- Medians are the middle value (the mean of the two middle values for an even count); p95 is\n")
	fmt.Fprintf(&b, "  the nearest-rank 95th percentile.\n")
	return b.String()
}

// Tables are the report's tables with their headings, as Markdown; the command
// prints them on stdout too.
func (r Report) Tables() string {
	var b strings.Builder
	b.WriteString("## Deep health: route against bare calls\n\n")
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| Route: `GET /api/health?deep=1` through the local gateway | %d | %s | %s |\n", r.Route.N, Ms(r.Route.Median), Ms(r.Route.P95))
	fmt.Fprintf(&b, "| Bare: DescribeTable and HeadBucket, concurrently | %d | %s | %s |\n", r.Bare.N, Ms(r.Bare.Median), Ms(r.Bare.P95))
	fmt.Fprintf(&b, "| **Ratio route / bare** | | **%s** | %s |\n\n", Times(ratio(r.Route.Median, r.Bare.Median)), Times(ratio(r.Route.P95, r.Bare.P95)))
	fmt.Fprintf(&b, "The route adds %s at the median.\n\n", Ms(r.Route.Median-r.Bare.Median))

	r.coldTables(&b)

	r.sizeTables(&b)

	b.WriteString("\n## Record list: route against bare calls\n\n")
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| Route: `%s` through the local gateway | %d | %s | %s |\n", ListPath(r.ListLimit), r.List.N, Ms(r.List.Median), Ms(r.List.P95))
	fmt.Fprintf(&b, "| Bare: %s, one after the other | %d | %s | %s |\n", strings.Join(r.ListCalls, ", "), r.ListBare.N, Ms(r.ListBare.Median), Ms(r.ListBare.P95))
	fmt.Fprintf(&b, "| **Ratio route / bare** | | **%s** | %s |\n\n", Times(ratio(r.List.Median, r.ListBare.Median)), Times(ratio(r.List.P95, r.ListBare.P95)))
	fmt.Fprintf(&b, "The module holds %s invoices; the route adds %s at the median. The bare rounds leave out the\n", Count(r.ListRecords), Ms(r.List.Median-r.ListBare.Median))
	fmt.Fprintf(&b, "session touch (an UpdateItem, at most once a minute per session), and %s\n", touches(r.ListTouches))

	b.WriteString("\n## Record list by module size\n\n")
	if sc := r.Scale; sc == nil {
		b.WriteString("Not measured in this run (`-skip-large`).\n")
	} else {
		ratioRow := fmt.Sprintf("| **Ratio %s / %s** | |", Count(sc.Large), Count(sc.Small))
		b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
		fmt.Fprintf(&b, "| First page, %s records | %d | %s | %s |\n", Count(sc.Small), sc.FirstSmall.N, Ms(sc.FirstSmall.Median), Ms(sc.FirstSmall.P95))
		fmt.Fprintf(&b, "| First page, %s records | %d | %s | %s |\n", Count(sc.Large), sc.FirstLarge.N, Ms(sc.FirstLarge.Median), Ms(sc.FirstLarge.P95))
		fmt.Fprintf(&b, "%s **%s** | %s |\n", ratioRow, Times(ratio(sc.FirstLarge.Median, sc.FirstSmall.Median)), Times(ratio(sc.FirstLarge.P95, sc.FirstSmall.P95)))
		fmt.Fprintf(&b, "| Deep page (after %s of %s records) | %d | %s | %s |\n", Count(sc.SmallDeep), Count(sc.Small), sc.DeepSmall.N, Ms(sc.DeepSmall.Median), Ms(sc.DeepSmall.P95))
		fmt.Fprintf(&b, "| Deep page (after %s of %s records) | %d | %s | %s |\n", Count(sc.LargeDeep), Count(sc.Large), sc.DeepLarge.N, Ms(sc.DeepLarge.Median), Ms(sc.DeepLarge.P95))
		fmt.Fprintf(&b, "%s **%s** | %s |\n\n", ratioRow, Times(ratio(sc.DeepLarge.Median, sc.DeepSmall.Median)), Times(ratio(sc.DeepLarge.P95, sc.DeepSmall.P95)))
		sc.searchRows(&b, "records", SearchPath)
		fmt.Fprintf(&b, "Every list request is `%s`; the deep ones add their page's cursor.\n", ListPath(sc.Limit))
		fmt.Fprintf(&b, "Loading the modules took %s for %s invoices with CreateRecord (%d at a time, %s records/s)\n",
			Seconds(sc.SmallLoad), Count(sc.Small), sc.SmallConc, Count(PerSecond(sc.Small, sc.SmallLoad)))
		fmt.Fprintf(&b, "and %s for %s with BatchWriteItem (%d workers, %s records/s).\n",
			Seconds(sc.LargeLoad), Count(sc.Large), sc.LargeConc, Count(PerSecond(sc.Large, sc.LargeLoad)))
	}

	b.WriteString("\n## Portal login: route against bare calls and Argon2id\n\n")
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| Route: `%s` through the local gateway | %d | %s | %s |\n", LoginPath, r.Login.N, Ms(r.Login.Median), Ms(r.Login.P95))
	fmt.Fprintf(&b, "| Bare: %s, one after the other | %d | %s | %s |\n", strings.Join(r.LoginCalls, ", "), r.LoginBare.N, Ms(r.LoginBare.Median), Ms(r.LoginBare.P95))
	fmt.Fprintf(&b, "| Argon2id: `auth.VerifyPassword` of the user's hash, in process | %d | %s | %s |\n", r.LoginArgon.N, Ms(r.LoginArgon.Median), Ms(r.LoginArgon.P95))
	fmt.Fprintf(&b, "| **Ratio (route − Argon2id) / bare** | | **%s** | %s |\n",
		Times(ratio(r.Login.Median-r.LoginArgon.Median, r.LoginBare.Median)), Times(ratio(r.Login.P95-r.LoginArgon.P95, r.LoginBare.P95)))
	fmt.Fprintf(&b, "| **Ratio route / (bare + Argon2id)** | | **%s** | %s |\n\n",
		Times(ratio(r.Login.Median, r.LoginBare.Median+r.LoginArgon.Median)), Times(ratio(r.Login.P95, r.LoginBare.P95+r.LoginArgon.P95)))
	fmt.Fprintf(&b, "Every request is a fresh login (no cookie) that answers 200. Argon2id alone is %s of the route's\n", percent(r.LoginArgon.Median, r.Login.Median))
	fmt.Fprintf(&b, "median; the route's median less the bare and Argon2id medians is %s.\n",
		Ms(r.Login.Median-r.LoginBare.Median-r.LoginArgon.Median))

	b.WriteString("\n## Invitation: route against bare calls\n\n")
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| Route: `%s` through the local gateway | %d | %s | %s |\n", InvitePath, r.Invite.N, Ms(r.Invite.Median), Ms(r.Invite.P95))
	fmt.Fprintf(&b, "| Bare: %s, one after the other | %d | %s | %s |\n", strings.Join(r.InviteCalls, ", "), r.InviteBare.N, Ms(r.InviteBare.Median), Ms(r.InviteBare.P95))
	fmt.Fprintf(&b, "| **Ratio route / bare** | | **%s** | %s |\n\n", Times(ratio(r.Invite.Median, r.InviteBare.Median)), Times(ratio(r.Invite.P95, r.InviteBare.P95)))
	fmt.Fprintf(&b, "Every request invites a new Contact as the free user type and answers 201; the route adds %s\n", Ms(r.Invite.Median-r.InviteBare.Median))
	fmt.Fprintf(&b, "at the median. The bare rounds leave out the staff session touch (an UpdateItem, at most once a\n")
	fmt.Fprintf(&b, "minute per session), and %s\n", touches(r.InviteTouches))
	r.noteTables(&b)
	r.portalTables(&b)
	return b.String()
}

// LoginPath and InvitePath are the portal requests of the bench.
const (
	LoginPath  = "POST /api/p/{slug}/login"
	InvitePath = "POST /api/admin/records/Contacts/{id}/invitation"
)

// percent formats a as a whole percentage of b ("72%"); 0% when b is 0.
func percent(a, b time.Duration) string {
	return fmt.Sprintf("%.0f%%", 100*ratio(a, b))
}

// touches says how many route requests can have included a session touch.
func touches(n int) string {
	if n == 0 {
		return "no route request\nincluded it: the series ended within a minute of the login."
	}
	return fmt.Sprintf("at most %d of the\nroute's requests can have included it.", n)
}

// scaleLimit is the page size of the list-by-size measurement, or of the route-against-bare
// one when it was skipped.
func (r Report) scaleLimit() int {
	if r.Scale != nil {
		return r.Scale.Limit
	}
	return r.ListLimit
}

// SearchPath and PortalSearchPath are the searches the by-size measurements time: the words
// of one invoice's subject ("Invoice 000123 - ..."), found among all of the module's
// invoices, whose every subject also holds "invoice".
const (
	SearchPath       = "GET /api/admin/search?q=invoice+000123"
	PortalSearchPath = "GET /api/search?q=invoice+000123"
)

// UsagePath is the usage dashboard request of the by-size measurement: days days by day,
// ending today.
func UsagePath(days int) string {
	return fmt.Sprintf("GET /api/admin/usage?from=<today − %d days>&to=<today>&interval=day", days-1)
}

// searchRows writes the search series of sc (those of unit, e.g. "invoices", found with
// path) and, when measured, the usage dashboard's, each small against large, then how each
// compares with the list's first page at the same size.
func (sc *Scale) searchRows(b *strings.Builder, unit, path string) {
	if sc.SearchSmall.N == 0 && sc.UsageSmall.N == 0 {
		return
	}
	ratioRow := fmt.Sprintf("| **Ratio %s / %s** | |", Count(sc.Large), Count(sc.Small))
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	if sc.SearchSmall.N > 0 {
		fmt.Fprintf(b, "| Search, %s %s | %d | %s | %s |\n", Count(sc.Small), unit, sc.SearchSmall.N, Ms(sc.SearchSmall.Median), Ms(sc.SearchSmall.P95))
		fmt.Fprintf(b, "| Search, %s %s | %d | %s | %s |\n", Count(sc.Large), unit, sc.SearchLarge.N, Ms(sc.SearchLarge.Median), Ms(sc.SearchLarge.P95))
		fmt.Fprintf(b, "%s **%s** | %s |\n", ratioRow, Times(ratio(sc.SearchLarge.Median, sc.SearchSmall.Median)), Times(ratio(sc.SearchLarge.P95, sc.SearchSmall.P95)))
	}
	if sc.UsageSmall.N > 0 {
		fmt.Fprintf(b, "| Usage, %d days, %s %s created | %d | %s | %s |\n", sc.UsageDays, Count(sc.Small), unit, sc.UsageSmall.N, Ms(sc.UsageSmall.Median), Ms(sc.UsageSmall.P95))
		fmt.Fprintf(b, "| Usage, %d days, %s %s created | %d | %s | %s |\n", sc.UsageDays, Count(sc.Large), unit, sc.UsageLarge.N, Ms(sc.UsageLarge.Median), Ms(sc.UsageLarge.P95))
		fmt.Fprintf(b, "%s **%s** | %s |\n", ratioRow, Times(ratio(sc.UsageLarge.Median, sc.UsageSmall.Median)), Times(ratio(sc.UsageLarge.P95, sc.UsageSmall.P95)))
	}
	fmt.Fprintf(b, "| **Against the first page, %s %s** | | | |\n", Count(sc.Large), unit)
	if sc.SearchLarge.N > 0 {
		fmt.Fprintf(b, "| Search / list | | **%s** | %s |\n", Times(ratio(sc.SearchLarge.Median, sc.FirstLarge.Median)), Times(ratio(sc.SearchLarge.P95, sc.FirstLarge.P95)))
	}
	if sc.UsageLarge.N > 0 {
		fmt.Fprintf(b, "| Usage / list | | **%s** | %s |\n", Times(ratio(sc.UsageLarge.Median, sc.FirstLarge.Median)), Times(ratio(sc.UsageLarge.P95, sc.FirstLarge.P95)))
	}
	b.WriteString("\n")
	if sc.SearchSmall.N > 0 {
		fmt.Fprintf(b, "A search is `%s` (the session's batch brings the modules' customizations; in every\n", path)
		b.WriteString("module of the search one Query of the search keys of \"000123\", the word with a digit, all at the\n")
		b.WriteString("same time, then one BatchGetItem of the records found); every answer is checked to find at least one record.\n")
	}
	if sc.UsageSmall.N > 0 {
		fmt.Fprintf(b, "A usage request is `%s` by an admin; every answer is checked to hold\n", UsagePath(sc.UsageDays))
		b.WriteString("each day and the organization's records created. It reads one counter item per day (a Query),\n")
		b.WriteString("the licences and the user types, so its cost follows the period, not what happened in it.\n")
	}
}

// ListPath is the record list request of the bench, with page size limit.
func ListPath(limit int) string {
	return fmt.Sprintf("GET /api/admin/records/Invoices?limit=%d", limit)
}

// Seconds formats d in seconds with one decimal ("12.5 s").
func Seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// PerSecond is n things in d as a whole rate per second; 0 when d is not positive.
func PerSecond(n int, d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(float64(n) / d.Seconds())
}

func ratio(a, b time.Duration) float64 { return Ratio(float64(a), float64(b)) }

// buildCommand is the go build command line of the binaries for platform ("linux/arm64").
func buildCommand(platform string) string { return buildCommandWith(platform, BuildFlags) }

// buildCommandWith is the go build command line for platform with flags.
func buildCommandWith(platform string, flags []string) string {
	goos, goarch, _ := strings.Cut(platform, "/")
	parts := []string{"CGO_ENABLED=0", "GOOS=" + goos, "GOARCH=" + goarch, "go", "build"}
	for _, f := range flags {
		if strings.ContainsAny(f, " ") {
			f = `"` + f + `"`
		}
		parts = append(parts, f)
	}
	return strings.Join(parts, " ")
}
