package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"crmportal/infra/bench"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/staffcrm"
	"crmportal/shared/store"
)

// The record list measurements: the module, its page size and the bench's modules' sizes.
const (
	listModule = crm.Invoices
	listLimit  = crm.DefaultListLimit // 25, the console's page
	// smallRecords is the records in the module of the route-against-bare measurement and
	// the small module of the size comparison.
	smallRecords = 1000
	// createConc is how many CreateRecord calls load the small module at once.
	createConc = 16
	// loadConc is how many BatchWriteItem workers load the large module at once.
	loadConc = 4
	// walkPage is the page size when walking to the deep page's cursor.
	walkPage = crm.MaxListLimit
)

// benchOrg is an organization made for the bench, with one staff user and,
// once logged in, the Cookie header of the user's session.
type benchOrg struct {
	id, userID, name, email, password string
	records                           int
	cookie                            string
	loggedIn                          time.Time
}

// makeOrg creates an organization and its staff user (of role) directly in the store, as the
// route tests do, with an Argon2id password hash.
func makeOrg(ctx context.Context, st *store.Store, name, role string) (benchOrg, error) {
	id, err := auth.NewID()
	if err != nil {
		return benchOrg{}, err
	}
	userID, err := auth.NewID()
	if err != nil {
		return benchOrg{}, err
	}
	o := benchOrg{id: id, userID: userID, name: "Bench " + name, email: "bench-" + id + "@staff.example",
		password: "a long enough bench passphrase " + id}
	if err := st.CreateOrg(ctx, store.Org{ID: id, Name: o.name, Language: "pt-BR", TimeFormat: "24h",
		TimeZone: "America/Sao_Paulo", Country: "BR", Limits: store.DefaultLimits}); err != nil {
		return benchOrg{}, err
	}
	hash, err := auth.HashPassword(o.password)
	if err != nil {
		return benchOrg{}, err
	}
	if err := st.CreateStaff(ctx, store.Staff{OrgID: id, ID: userID, Email: o.email, Name: "Bench user",
		Role: role, PasswordHash: hash}); err != nil {
		return benchOrg{}, err
	}
	return o, nil
}

// login logs o's user in through the gateway at base and keeps the session's Cookie header.
func (o *benchOrg) login(ctx context.Context, client *http.Client, base string) error {
	cookie, err := bench.Login(ctx, client, base, o.email, o.password, auth.StaffCookie)
	if err != nil {
		return err
	}
	o.cookie, o.loggedIn = cookie, time.Now()
	return nil
}

// invoices builds o's i-th invoice the way the create route does (modules.Catalog.Build:
// the module's validation, the Contact_Name lookup resolved to the Contact's name, a new id,
// the store's clock), made by o's user, for the Contact c: every invoice is c's, so the
// store writes a link item under c with each one and c's portal user lists them all.
func invoices(ctx context.Context, deps platform.Deps, m crm.Module, o benchOrg, c contact) func(int) (store.Record, error) {
	svc := modules.New(store.New(&oneName{DB: deps.DynamoDB}, deps.Config.TableName, nil))
	by := store.Ref{ID: o.userID, Name: "Bench user"}
	ref, _ := json.Marshal(c.id)
	return func(i int) (store.Record, error) {
		fields := bench.InvoiceFields(i)
		fields["Contact_Name"] = ref
		return svc.Build(ctx, m, o.id, by, "", fields)
	}
}

// oneName is a store.DB whose BatchGetItem reads once and then answers the first answer
// again: Build resolves every invoice's lookup with one, and all of them name the same
// Contact, so 100,000 builds need not read it 100,000 times.
type oneName struct {
	store.DB
	mu  sync.Mutex
	out *dynamodb.BatchGetItemOutput
}

func (o *oneName) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.out != nil {
		return o.out, nil
	}
	out, err := o.DB.BatchGetItem(ctx, in, opts...)
	if err == nil && len(out.UnprocessedKeys) == 0 {
		o.out = out
	}
	return out, err
}

// makeContact stores a Contact of o (a last name and an email, as the invitation bench's)
// with CreateRecord; its portal user lists o's invoices.
func makeContact(ctx context.Context, st *store.Store, o benchOrg, name string) (contact, error) {
	m, ok := crm.StandardModule(crm.Contacts)
	if !ok {
		return contact{}, fmt.Errorf("no standard module %s", crm.Contacts)
	}
	c := contact{name: name, email: strings.ToLower(strings.ReplaceAll(name, " ", "-") + "-" + o.id + "@customer.example")}
	fields := map[string]json.RawMessage{}
	for k, v := range map[string]string{"Last_Name": c.name, "Email": c.email} {
		fields[k], _ = json.Marshal(v)
	}
	r, err := modules.New(st).Build(ctx, m, o.id, store.Ref{ID: o.userID, Name: "Bench user"}, "", fields)
	if err != nil {
		return contact{}, err
	}
	c.id = r.ID
	return c, st.CreateRecord(ctx, m, r)
}

// listURL is the route's URL of a page of o's invoices: the first page, or the page at
// cursor.
func listURL(base, cursor string) string {
	u := base + "/api/admin/records/" + listModule + "?limit=" + strconv.Itoa(listLimit)
	if cursor != "" {
		u += "&cursor=" + url.QueryEscape(cursor)
	}
	return u
}

// listRound times one GET of u with o's session cookie.
func listRound(ctx context.Context, client *http.Client, u string, o *benchOrg) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		d, _, err := bench.Get(ctx, client, u, "Cookie", o.cookie)
		return d, err
	}
}

// checkPage GETs u once and checks that it answers a full page; it returns the page.
func checkPage(ctx context.Context, client *http.Client, u string, o *benchOrg) (bench.Page, error) {
	_, body, err := bench.Get(ctx, client, u, "Cookie", o.cookie)
	if err != nil {
		return bench.Page{}, err
	}
	p, err := bench.ParsePage(body)
	if err != nil {
		return bench.Page{}, err
	}
	if len(p.Items) != listLimit {
		return bench.Page{}, fmt.Errorf("GET %s answered %d records, want %d", u, len(p.Items), listLimit)
	}
	return p, nil
}

// listSetup is what the list measurements share: the store over the functions' client, the
// module, the small organization and the HTTP client.
type listSetup struct {
	deps      platform.Deps
	st        *store.Store
	m         crm.Module
	small     benchOrg
	smallLoad time.Duration
	client    *http.Client
	base      string
	sesURL    string
	// The Contacts the small and the large module's invoices belong to, and the large
	// organization once loaded (bySize).
	smallContact, largeContact contact
	large                      *benchOrg
	largeLoad                  time.Duration
}

// newListSetup makes the small organization and its Contact and loads its 1,000 invoices,
// all the Contact's, with CreateRecord.
func newListSetup(ctx context.Context, deps platform.Deps, base, sesURL string) (*listSetup, error) {
	m, ok := crm.StandardModule(listModule)
	if !ok {
		return nil, fmt.Errorf("no standard module %s", listModule)
	}
	s := &listSetup{deps: deps, st: store.New(deps.DynamoDB, deps.Config.TableName, nil), m: m, base: base, sesURL: sesURL,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}}}
	var err error
	if s.small, err = makeOrg(ctx, s.st, "small", store.RoleUser); err != nil {
		return nil, err
	}
	s.small.records = smallRecords
	if s.smallContact, err = makeContact(ctx, s.st, s.small, "Cliente Pequeno"); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := bench.CreateRecords(ctx, s.st, m, smallRecords, createConc, invoices(ctx, deps, m, s.small, s.smallContact)); err != nil {
		return nil, fmt.Errorf("load the small module: %w", err)
	}
	s.smallLoad = time.Since(start)
	return s, nil
}

// recordListCalls runs the list route's handler once, in this process, with o's session and
// a store over a CallLog passing the calls on to the functions' client, and returns the
// DynamoDB calls it made and the ids it answered. The handler is the route's own
// (staffguard.Guard.Guard around staffcrm.Service.ListRecords), so the calls are the route's.
func (s *listSetup) recordListCalls(ctx context.Context, o *benchOrg) ([]bench.Call, []string, error) {
	log := &bench.CallLog{Next: s.deps.DynamoDB}
	svc := staffcrm.NewFrom(store.New(log, s.deps.Config.TableName, nil), s.deps.Config)
	req := httpapi.Request{
		RawPath: "/api/admin/records/" + listModule, RouteKey: "GET /api/admin/records/{module}",
		Cookies:               []string{o.cookie},
		PathParameters:        map[string]string{"module": listModule},
		QueryStringParameters: map[string]string{"limit": strconv.Itoa(listLimit)},
	}
	req.RequestContext.HTTP.Method = http.MethodGet
	reply, err := svc.Guard.Guard(svc.ListRecords)(ctx, &req)
	if err != nil {
		return nil, nil, fmt.Errorf("list handler: %w", err)
	}
	body, err := json.Marshal(reply.Body)
	if err != nil {
		return nil, nil, err
	}
	p, err := bench.ParsePage(body)
	if err != nil {
		return nil, nil, err
	}
	return log.Calls(), p.IDs(), nil
}

// listAgainstBare times GET /api/admin/records/Invoices?limit=25 through the gateway against
// bare rounds of the DynamoDB calls its handler makes, replayed with the same client.
func (s *listSetup) listAgainstBare(ctx context.Context, o options) (route, bare bench.Summary, ops []string, touches int, err error) {
	if err := s.small.login(ctx, s.client, s.base); err != nil {
		return route, bare, nil, 0, err
	}
	// Just after the login the session is fresh, so the handler does not touch it: the calls
	// are the ones of every request but the one a minute that moves the idle expiry.
	calls, ids, err := s.recordListCalls(ctx, &s.small)
	if err != nil {
		return route, bare, nil, 0, err
	}
	if err := bench.CheckReads(calls); err != nil {
		return route, bare, nil, 0, fmt.Errorf("the list handler's calls: %w", err)
	}
	u := listURL(s.base, "")
	p, err := checkPage(ctx, s.client, u, &s.small)
	if err != nil {
		return route, bare, nil, 0, err
	}
	if !slices.Equal(p.IDs(), ids) {
		return route, bare, nil, 0, fmt.Errorf("the route answered other records than its handler run in the bench: %v, %v", p.IDs(), ids)
	}
	routeRound := listRound(ctx, s.client, u, &s.small)
	bareRound := func() (time.Duration, error) { return bench.Replay(ctx, s.deps.DynamoDB, calls) }
	if _, _, err := bench.Interleave(o.warmup, o.block, routeRound, bareRound); err != nil {
		return route, bare, nil, 0, fmt.Errorf("warm-up: %w", err)
	}
	rs, bs, err := bench.Interleave(o.n, o.block, routeRound, bareRound)
	if err != nil {
		return route, bare, nil, 0, err
	}
	touches = int(time.Since(s.small.loggedIn) / time.Minute)
	return bench.Summarize(rs), bench.Summarize(bs), bench.Ops(calls), touches, nil
}

// deepCursor is the cursor of the page after bench.DeepOffset of o's records, found by
// walking the list from its start with the store, in pages of walkPage.
func (s *listSetup) deepCursor(ctx context.Context, o *benchOrg) (string, int, error) {
	depth := bench.DeepOffset(o.records, listLimit)
	cursor, err := bench.CursorAfter(ctx, depth, walkPage, func(ctx context.Context, cursor string, limit int) (int, string, error) {
		params := map[string]string{"limit": strconv.Itoa(limit)}
		if cursor != "" {
			params["cursor"] = cursor
		}
		q, errs := s.m.ParseListQuery(params)
		if len(errs) > 0 {
			return 0, "", fmt.Errorf("list query: %v", errs)
		}
		recs, next, err := s.st.ListRecords(ctx, s.m, o.id, q)
		return len(recs), next, err
	})
	return cursor, depth, err
}

// bySize loads a second organization's module with large invoices and times the first page
// and a deep page of both organizations' lists through the gateway, small against large.
func (s *listSetup) bySize(ctx context.Context, o options) (*bench.Scale, error) {
	sc := &bench.Scale{Small: smallRecords, Large: o.large, Limit: listLimit,
		SmallLoad: s.smallLoad, SmallConc: createConc, LargeConc: loadConc}
	large, err := makeOrg(ctx, s.st, "large", store.RoleUser)
	if err != nil {
		return nil, err
	}
	large.records = o.large
	if s.largeContact, err = makeContact(ctx, s.st, large, "Cliente Grande"); err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("list by module size: loading %s invoices", bench.Count(o.large)))
	start := time.Now()
	if err := bench.LoadRecords(ctx, s.deps.DynamoDB, s.deps.Config.TableName, s.m, o.large, loadConc, invoices(ctx, s.deps, s.m, large, s.largeContact)); err != nil {
		return nil, fmt.Errorf("load the large module: %w", err)
	}
	sc.LargeLoad = time.Since(start)
	s.large, s.largeLoad = &large, sc.LargeLoad
	progress(fmt.Sprintf("list by module size: loaded in %s", sc.LargeLoad.Round(100*time.Millisecond)))

	side := func(org *benchOrg) scaleSide {
		return scaleSide{
			login:      func() error { return org.login(ctx, s.client, s.base) },
			deepCursor: func() (string, int, error) { return s.deepCursor(ctx, org) },
			url:        func(cursor string) string { return listURL(s.base, cursor) },
			check: func(u string) error {
				_, err := checkPage(ctx, s.client, u, org)
				return err
			},
			round: func(u string) func() (time.Duration, error) { return listRound(ctx, s.client, u, org) },
			search: func() func() (time.Duration, error) {
				return searchRound(ctx, s.client, s.base+"/api/admin/search?q="+searchQuery, org.cookie)
			},
		}
	}
	if err := measureScale(sc, side(&s.small), side(&large), o); err != nil {
		return nil, err
	}
	return sc, nil
}

// scaleSide is one list of a comparison by size (the staff's or the portal's, of the small
// or the large organization): how to log in, find a deep page's cursor (and how many pages
// deep it is), name a page's URL, check a page once and time one request of it.
type scaleSide struct {
	login      func() error
	deepCursor func() (cursor string, depth int, err error)
	url        func(cursor string) string
	check      func(url string) error
	round      func(url string) func() (time.Duration, error)
	// search and usage make the side's search and usage dashboard rounds, once logged in (nil:
	// no such series); each round checks its answer.
	search, usage func() func() (time.Duration, error)
}

// measureScale times the first page and a deep page of small's list against large's: each
// side logs in and has both pages checked once, then each pair is warmed up (o.warmup) and
// timed (o.n requests each, interleaved in blocks of o.block) into sc, with the depths.
func measureScale(sc *bench.Scale, small, large scaleSide, o options) error {
	var first, deep [2]string
	for i, side := range []scaleSide{small, large} {
		if err := side.login(); err != nil {
			return err
		}
		cursor, depth, err := side.deepCursor()
		if err != nil {
			return err
		}
		if i == 0 {
			sc.SmallDeep = depth
		} else {
			sc.LargeDeep = depth
		}
		first[i], deep[i] = side.url(""), side.url(cursor)
		for _, u := range []string{first[i], deep[i]} {
			if err := side.check(u); err != nil {
				return err
			}
		}
	}
	pairs := []struct {
		a, b       func() (time.Duration, error)
		dstA, dstB *bench.Summary
	}{
		{small.round(first[0]), large.round(first[1]), &sc.FirstSmall, &sc.FirstLarge},
		{small.round(deep[0]), large.round(deep[1]), &sc.DeepSmall, &sc.DeepLarge},
	}
	if small.search != nil && large.search != nil {
		pairs = append(pairs, struct {
			a, b       func() (time.Duration, error)
			dstA, dstB *bench.Summary
		}{small.search(), large.search(), &sc.SearchSmall, &sc.SearchLarge})
	}
	if small.usage != nil && large.usage != nil {
		pairs = append(pairs, struct {
			a, b       func() (time.Duration, error)
			dstA, dstB *bench.Summary
		}{small.usage(), large.usage(), &sc.UsageSmall, &sc.UsageLarge})
	}
	for _, p := range pairs {
		if _, _, err := bench.Interleave(o.warmup, o.block, p.a, p.b); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
		as, bs, err := bench.Interleave(o.n, o.block, p.a, p.b)
		if err != nil {
			return err
		}
		*p.dstA, *p.dstB = bench.Summarize(as), bench.Summarize(bs)
	}
	return nil
}
