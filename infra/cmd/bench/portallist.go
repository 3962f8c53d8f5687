package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"crmportal/infra/bench"
	"crmportal/infra/sesinbox"
	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
	"crmportal/shared/usage"
)

// portalColumns are the columns and readable fields of the bench type's Invoices tab.
var portalColumns = []string{"Subject", "Status", "Invoice_Date", "Due_Date", "Grand_Total"}

// portalUser is an active portal user of one of the list organizations, whose Contact owns
// all of the organization's invoices, logged in to the portal.
type portalUser struct {
	org            *benchOrg
	admin          benchOrg
	contact        contact
	slug, password string
	cookie         string // the Cookie header of the portal session
	loggedIn       time.Time
}

// portalListURL is the portal list route's URL: the first page, or the page at cursor.
func portalListURL(base, cursor string) string {
	u := base + "/api/records/" + listModule + "?limit=" + strconv.Itoa(listLimit)
	if cursor != "" {
		u += "&cursor=" + url.QueryEscape(cursor)
	}
	return u
}

// newPortalUser gives o (an organization of the list measurements) a staff admin made with
// the store, then through the gateway a portal and a free user type on Contacts whose one
// tab is Invoices in own scope (through Contact_Name; view; a list of portalColumns, each
// readable), invites c with it, accepts the invitation from the SES emulator's mailbox with
// a password and logs the user in to the portal.
func (s *listSetup) newPortalUser(ctx context.Context, o *benchOrg, c contact) (*portalUser, error) {
	u := &portalUser{org: o, contact: c, password: "a long enough portal passphrase " + o.id}
	adminID, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	u.admin = benchOrg{id: o.id, userID: adminID, name: o.name, email: "bench-admin-" + adminID + "@staff.example",
		password: "a long enough bench passphrase " + adminID}
	hash, err := auth.HashPassword(u.admin.password)
	if err != nil {
		return nil, err
	}
	if err := s.st.CreateStaff(ctx, store.Staff{OrgID: o.id, ID: adminID, Email: u.admin.email, Name: "Bench admin",
		Role: store.RoleAdmin, PasswordHash: hash}); err != nil {
		return nil, err
	}
	if err := u.admin.login(ctx, s.client, s.base); err != nil {
		return nil, err
	}
	post := func(path string, v any, want int, into any, cookie bool) (http.Header, error) {
		body, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		hdr := []string{"X-Requested-With", auth.RequestedWithValue}
		if cookie {
			hdr = append(hdr, "Cookie", u.admin.cookie)
		}
		_, answer, h, err := bench.Post(ctx, s.client, s.base+path, body, want, hdr...)
		if err != nil {
			return nil, err
		}
		if into != nil {
			if err := json.Unmarshal(answer, into); err != nil {
				return nil, fmt.Errorf("POST %s: decode: %w", path, err)
			}
		}
		return h, nil
	}
	var pt struct{ Slug string }
	if _, err := post("/api/admin/portal", map[string]any{"name": "Bench list portal " + o.id[:6]}, http.StatusCreated, &pt, true); err != nil {
		return nil, err
	}
	tab := access.Tab{Module: listModule, Enabled: true, Scope: access.ScopeOwn, ScopeField: "Contact_Name",
		Layouts: []string{"default"}, View: true, Filterable: []string{},
		Display: access.Display{Kind: access.DisplayList, Columns: portalColumns}}
	perms := map[string]access.Perm{}
	for _, f := range portalColumns {
		perms[f] = access.PermRead
	}
	var ut struct{ ID string }
	if _, err := post("/api/admin/user-types", map[string]any{"name": "Clientes", "baseModule": crm.Contacts,
		"tabs": []access.Tab{tab}, "fields": map[string]map[string]access.Perm{listModule: perms}}, http.StatusCreated, &ut, true); err != nil {
		return nil, err
	}
	if pt.Slug == "" || ut.ID == "" {
		return nil, fmt.Errorf("portal %q or user type %q has no slug or id", pt.Slug, ut.ID)
	}
	u.slug = pt.Slug
	if _, err := post("/api/admin/records/"+crm.Contacts+"/"+c.id+"/invitation", map[string]string{"userTypeId": ut.ID}, http.StatusCreated, nil, true); err != nil {
		return nil, err
	}
	token, err := sesinbox.LastLink(ctx, s.client, s.sesURL, c.email, sesinbox.PortalLink("invite"))
	if err != nil {
		return nil, err
	}
	if _, err := post("/api/invitations/"+token+"/accept", map[string]string{"password": u.password}, http.StatusOK, nil, false); err != nil {
		return nil, err
	}
	return u, u.login(ctx, s)
}

// login logs the portal user in through the gateway and keeps the session's Cookie header.
func (u *portalUser) login(ctx context.Context, s *listSetup) error {
	body, err := json.Marshal(map[string]string{"email": u.contact.email, "password": u.password})
	if err != nil {
		return err
	}
	_, _, h, err := bench.Post(ctx, s.client, s.base+"/api/p/"+u.slug+"/login", body, http.StatusOK, "X-Requested-With", auth.RequestedWithValue)
	if err != nil {
		return err
	}
	if u.cookie, err = bench.CookieHeader(h, auth.PortalCookie); err != nil {
		return fmt.Errorf("portal login: %w", err)
	}
	u.loggedIn = time.Now()
	return nil
}

// portalRound times one GET of the portal list at u with the user's session and checks the
// answer is a full page.
func (u *portalUser) round(ctx context.Context, client *http.Client, pageURL string) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		d, body, err := bench.Get(ctx, client, pageURL, "Cookie", u.cookie)
		if err != nil {
			return 0, err
		}
		p, err := bench.ParsePage(body)
		if err != nil {
			return 0, err
		}
		if len(p.Items) != listLimit {
			return 0, fmt.Errorf("GET %s answered %d records, want %d", pageURL, len(p.Items), listLimit)
		}
		return d, nil
	}
}

// portalRequest is the event of a portal GET of path (route key routeKey) with the user's
// session.
func (u *portalUser) request(path, routeKey string, params, query map[string]string) *httpapi.Request {
	r := &httpapi.Request{RawPath: path, RouteKey: routeKey, PathParameters: params, QueryStringParameters: query,
		Cookies: []string{u.cookie}, Headers: map[string]string{"accept": "application/json"}}
	r.RequestContext.HTTP.Method = http.MethodGet
	r.RequestContext.HTTP.Path = path
	r.RequestContext.HTTP.SourceIP = "127.0.0.1"
	return r
}

// recordPortalList runs the portal list route's handler (portalguard.Guard.Guard around
// ListRecords) once in process over a CallLog passing the calls on to db, and returns the
// calls and the ids it answered.
func (s *listSetup) recordPortalList(ctx context.Context, u *portalUser, db store.DB) ([]bench.Call, []string, error) {
	log := &bench.CallLog{Next: db}
	_, svc, _ := (&portalSetup{deps: s.deps}).services(log)
	req := u.request("/api/records/"+listModule, "GET /api/records/{module}",
		map[string]string{"module": listModule}, map[string]string{"limit": strconv.Itoa(listLimit)})
	reply, err := svc.Guard.Guard(svc.ListRecords)(ctx, req)
	if err != nil {
		return nil, nil, fmt.Errorf("portal list handler: %w", err)
	}
	body, err := json.Marshal(reply.Body)
	if err != nil {
		return nil, nil, err
	}
	p, err := bench.ParsePage(body)
	if err != nil {
		return nil, nil, err
	}
	if reply.Status != http.StatusOK || len(p.Items) != listLimit {
		return nil, nil, fmt.Errorf("portal list handler answered %d with %d records, want 200 with %d", reply.Status, len(p.Items), listLimit)
	}
	return log.Calls(), p.IDs(), nil
}

// portalListAgainstBare times GET /api/records/Invoices?limit=25 as the small organization's
// portal user through the gateway against bare rounds of its handler's DynamoDB calls.
func (s *listSetup) portalListAgainstBare(ctx context.Context, u *portalUser, o options) (route, bare bench.Summary, ops []string, touches int, err error) {
	if err := u.login(ctx, s); err != nil {
		return route, bare, nil, 0, err
	}
	calls, ids, err := s.recordPortalList(ctx, u, s.deps.DynamoDB)
	if err != nil {
		return route, bare, nil, 0, err
	}
	if err := bench.CheckReads(calls); err != nil {
		return route, bare, nil, 0, fmt.Errorf("the portal list handler's calls: %w", err)
	}
	pageURL := portalListURL(s.base, "")
	_, body, err := bench.Get(ctx, s.client, pageURL, "Cookie", u.cookie)
	if err != nil {
		return route, bare, nil, 0, err
	}
	p, err := bench.ParsePage(body)
	if err != nil {
		return route, bare, nil, 0, err
	}
	if !slices.Equal(p.IDs(), ids) {
		return route, bare, nil, 0, fmt.Errorf("the portal route answered other records than its handler run in the bench: %v, %v", p.IDs(), ids)
	}
	routeRound := u.round(ctx, s.client, pageURL)
	bareRound := func() (time.Duration, error) { return bench.Replay(ctx, s.deps.DynamoDB, calls) }
	if _, _, err := bench.Interleave(o.warmup, o.block, routeRound, bareRound); err != nil {
		return route, bare, nil, 0, fmt.Errorf("warm-up: %w", err)
	}
	rs, bs, err := bench.Interleave(o.n, o.block, routeRound, bareRound)
	if err != nil {
		return route, bare, nil, 0, err
	}
	touches = int(time.Since(u.loggedIn) / time.Minute)
	return bench.Summarize(rs), bench.Summarize(bs), bench.Ops(calls), touches, nil
}

// portalDeepCursor is the cursor of the portal list's page after bench.DeepOffset of the
// user's invoices, found by walking the Contact's link items with the store.
func (s *listSetup) portalDeepCursor(ctx context.Context, u *portalUser) (string, int, error) {
	depth := bench.DeepOffset(u.org.records, listLimit)
	cursor, err := bench.CursorAfter(ctx, depth, walkPage, func(ctx context.Context, cursor string, limit int) (int, string, error) {
		params := map[string]string{"limit": strconv.Itoa(limit)}
		if cursor != "" {
			params["cursor"] = cursor
		}
		q, errs := s.m.ParseListQuery(params)
		if len(errs) > 0 {
			return 0, "", fmt.Errorf("list query: %v", errs)
		}
		recs, next, err := s.st.ListLinked(ctx, s.m, u.org.id, u.contact.id, "Contact_Name", q)
		return len(recs), next, err
	})
	return cursor, depth, err
}

// portalBySize times the first page and a deep page of the portal list of the small
// organization's user (1,000 invoices) against the large one's (-large invoices), loaded by
// bySize.
func (s *listSetup) portalBySize(ctx context.Context, small *portalUser, o options) (*bench.Scale, error) {
	if s.large == nil {
		return nil, fmt.Errorf("the large module is not loaded")
	}
	large, err := s.newPortalUser(ctx, s.large, s.largeContact)
	if err != nil {
		return nil, err
	}
	sc := &bench.Scale{Small: smallRecords, Large: s.large.records, Limit: listLimit,
		SmallLoad: s.smallLoad, SmallConc: createConc, LargeLoad: s.largeLoad, LargeConc: loadConc}
	// The usage dashboard's counters: as many records created over the period as each
	// organization holds invoices, read by each organization's admin.
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, u := range []*portalUser{small, large} {
		if err := seedUsage(ctx, s, u.org.id, u.org.records, today); err != nil {
			return nil, fmt.Errorf("usage counters: %w", err)
		}
		if err := u.admin.login(ctx, s.client, s.base); err != nil {
			return nil, err
		}
	}
	sc.UsageDays = usage.MaxDays
	side := func(u *portalUser) scaleSide {
		return scaleSide{
			login:      func() error { return u.login(ctx, s) },
			deepCursor: func() (string, int, error) { return s.portalDeepCursor(ctx, u) },
			url:        func(cursor string) string { return portalListURL(s.base, cursor) },
			check: func(pu string) error {
				_, err := u.round(ctx, s.client, pu)()
				return err
			},
			round: func(pu string) func() (time.Duration, error) { return u.round(ctx, s.client, pu) },
			search: func() func() (time.Duration, error) {
				return searchRound(ctx, s.client, s.base+"/api/search?q="+searchQuery, u.cookie)
			},
			usage: func() func() (time.Duration, error) {
				return usageRound(ctx, s.client, usageURL(s.base, today), u.admin.cookie, u.org.records)
			},
		}
	}
	if err := measureScale(sc, side(small), side(large), o); err != nil {
		return nil, err
	}
	return sc, nil
}

// portalCost measures what the cost section needs of a portal list page (the recorded calls
// replayed once over a bench.CapacityDB), a record view (its handler run once over one, and
// o.n requests of the route timed after o.warmup) and a login (its handler run once over
// one); the list and login medians come from their route series.
func (s *listSetup) portalCost(ctx context.Context, u *portalUser, list, login bench.Summary, o options) (*bench.Cost, error) {
	if err := u.login(ctx, s); err != nil {
		return nil, err
	}
	c := &bench.Cost{}

	// The list page: the recorded calls replayed once, reads only.
	calls, ids, err := s.recordPortalList(ctx, u, s.deps.DynamoDB)
	if err != nil {
		return nil, err
	}
	capDB := &bench.CapacityDB{Next: s.deps.DynamoDB}
	if _, err := bench.Replay(ctx, capDB, calls); err != nil {
		return nil, err
	}
	total, n, computed := capDB.Total()
	c.Pages = append(c.Pages, bench.PageCost{Name: "Portal list page", Path: bench.PortalListPath(listLimit), Calls: bench.Ops(calls),
		Capacity: total, Rules: capDB.Rules(), CallCount: n, Computed: computed, Median: list.Median, Share: 0.60})

	// The record view: the handler once over the capacity DB (its audit PutItem included).
	capDB = &bench.CapacityDB{Next: s.deps.DynamoDB}
	log := &bench.CallLog{Next: capDB}
	_, svc, _ := (&portalSetup{deps: s.deps}).services(log)
	id := ids[0]
	reply, err := svc.Guard.Guard(svc.GetRecord)(ctx, u.request("/api/records/"+listModule+"/"+id, "GET /api/records/{module}/{id}",
		map[string]string{"module": listModule, "id": id}, nil))
	if err != nil {
		return nil, fmt.Errorf("record view handler: %w", err)
	}
	if reply.Status != http.StatusOK {
		return nil, fmt.Errorf("record view handler answered %d, want 200", reply.Status)
	}
	total, n, computed = capDB.Total()
	viewURL := s.base + "/api/records/" + listModule + "/" + id
	view := func() (time.Duration, error) {
		d, _, err := bench.Get(ctx, s.client, viewURL, "Cookie", u.cookie)
		return d, err
	}
	var ds []time.Duration
	for i := range o.warmup + o.n {
		d, err := view()
		if err != nil {
			return nil, err
		}
		if i >= o.warmup {
			ds = append(ds, d)
		}
	}
	vs := bench.Summarize(ds)
	c.View = vs
	c.Pages = append(c.Pages, bench.PageCost{Name: "Record view", Path: "GET /api/records/Invoices/{id}", Calls: bench.Ops(log.Calls()),
		Capacity: total, Rules: capDB.Rules(), CallCount: n, Computed: computed, Median: vs.Median, Share: 0.35})

	// The login: the handler once over the capacity DB, a fresh login without a cookie.
	capDB = &bench.CapacityDB{Next: s.deps.DynamoDB}
	log = &bench.CallLog{Next: capDB}
	_, svc, _ = (&portalSetup{deps: s.deps}).services(log)
	body, err := json.Marshal(map[string]string{"email": u.contact.email, "password": u.password})
	if err != nil {
		return nil, err
	}
	reply, err = svc.Login(ctx, postRequest("/api/p/"+u.slug+"/login", "POST /api/p/{slug}/login", map[string]string{"slug": u.slug}, body))
	if err != nil {
		return nil, fmt.Errorf("login handler: %w", err)
	}
	if reply.Status != http.StatusOK {
		return nil, fmt.Errorf("login handler answered %d, want 200", reply.Status)
	}
	total, n, computed = capDB.Total()
	c.Pages = append(c.Pages, bench.PageCost{Name: "Login", Path: bench.LoginPath, Calls: bench.Ops(log.Calls()),
		Capacity: total, Rules: capDB.Rules(), CallCount: n, Computed: computed, Median: login.Median, Share: 0.05})
	return c, nil
}
