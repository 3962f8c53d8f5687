// Package load is a small load generator for the portal: many portal users, each with its own
// session, listing and opening their invoices through the local gateway for a bounded time.
// Start makes the users against an in-memory local stack (as infra/cmd/bench does), Run
// drives them with one goroutine per user over net/http and Result reports the counts, the
// errors and the latency percentiles. infra/cmd/load is the command; `make load` runs it.
package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"crmportal/infra/bench"
	"crmportal/infra/gateway"
	"crmportal/infra/iamguard"
	"crmportal/infra/sesinbox"
	"crmportal/infra/stack"
	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// Module is the portal tab the users list and open; FilterField is the field the filtered
// lists use when the tab lets users filter on it.
const (
	Module      = crm.Invoices
	FilterField = "Status"
	// PageLimit is the page size of every list request (the portal's default page).
	PageLimit = crm.DefaultListLimit
)

// Statuses are the Status values of the invoices (bench.InvoiceFields cycles through them);
// the filtered lists ask for one of them.
var Statuses = []string{"Draft", "Created", "Approved", "Sent", "Paid", "Cancelled", "Overdue"}

// columns are the columns and readable fields of the Invoices tab.
var columns = []string{"Subject", "Status", "Invoice_Date", "Due_Date", "Grand_Total"}

// setupConc is how many portal users are made at once (each one hashes a password twice).
const setupConc = 4

// Options size the set-up.
type Options struct {
	Users    int       // portal users, each with its own Contact (default 20)
	Invoices int       // invoices linked to each user's Contact (default 40)
	Log      io.Writer // the emulators' output; nil discards it
}

// User is a logged-in portal user: its Contact and the Cookie header of its session.
type User struct {
	ContactID, Email string
	Cookie           string
}

// Env is a running local stack and gateway with the portal users made on it.
type Env struct {
	// IAM records what the local IAM guard denied during setup and the run: on AWS those
	// calls fail, so a load run with a denial has failed whatever its status codes say.
	IAM    *iamguard.Recorder
	Base   string // the gateway's origin, http://127.0.0.1:port
	Users  []User
	Client *http.Client
	// Filterable are the tab's filterable fields as GET /api/me/tabs answers them.
	Filterable []string
	close      []func()
}

// Close stops the gateway and the stack.
func (e *Env) Close() {
	e.Client.CloseIdleConnections()
	for i := len(e.close) - 1; i >= 0; i-- {
		e.close[i]()
	}
}

// Start starts an in-memory local stack and the gateway on a loopback server, then makes an
// organization with a staff admin, and through the gateway a portal and a free user type on
// Contacts whose one tab is Invoices (own scope through Contact_Name, a list of columns,
// Status filterable); then o.Users Contacts, each with o.Invoices invoices of its own, each
// invited, its invitation accepted and its user logged in.
func Start(ctx context.Context, o Options) (_ *Env, err error) {
	if o.Users < 1 || o.Invoices < 1 {
		return nil, fmt.Errorf("users and invoices must be at least 1")
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	root, err := stack.FindRoot()
	if err != nil {
		return nil, err
	}
	srv := httptest.NewUnstartedServer(nil)
	e := &Env{Base: "http://" + srv.Listener.Addr().String(), close: []func(){srv.Close},
		Client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			MaxIdleConns: 2 * o.Users, MaxIdleConnsPerHost: 2 * o.Users, IdleConnTimeout: time.Minute}}}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	startCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	st, err := stack.Start(startCtx, stack.Options{Root: root, PortalOrigin: e.Base, Log: o.Log, NoTableStream: true})
	cancel()
	if err != nil {
		return nil, err
	}
	e.close = append(e.close, st.Close)
	e.IAM = st.IAM
	gw, deps, err := gateway.Local(ctx, st, root, e.Base, filepath.Join(root, "web", "dist"), io.Discard)
	if err != nil {
		return nil, err
	}
	srv.Config.Handler = gw
	srv.Start()

	s := &setup{deps: deps, st: store.New(deps.DynamoDB, deps.Config.TableName, nil), client: e.Client, base: e.Base, sesURL: st.SESURL}
	if err := s.portal(ctx); err != nil {
		return nil, err
	}
	e.Users = make([]User, o.Users)
	errs := make([]error, o.Users)
	sem := make(chan struct{}, setupConc)
	var wg sync.WaitGroup
	for i := range o.Users {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			e.Users[i], errs[i] = s.user(ctx, i, o.Invoices)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if e.Filterable, err = s.filterable(ctx, e.Users[0]); err != nil {
		return nil, err
	}
	return e, nil
}

// setup is what making the users shares.
type setup struct {
	deps                 platform.Deps
	st                   *store.Store
	client               *http.Client
	base, sesURL         string
	orgID, adminID, slug string
	userTypeID           string
	adminCookie          string
	mailbox              sync.Mutex // one mailbox read at a time
}

// portal makes the organization, its staff admin (with the store), and through the gateway
// the portal and the user type.
func (s *setup) portal(ctx context.Context) error {
	var err error
	if s.orgID, err = auth.NewID(); err != nil {
		return err
	}
	if s.adminID, err = auth.NewID(); err != nil {
		return err
	}
	if err := s.st.CreateOrg(ctx, store.Org{ID: s.orgID, Name: "Load test", Language: "pt-BR", TimeFormat: "24h",
		TimeZone: "America/Sao_Paulo", Country: "BR", Limits: store.DefaultLimits}); err != nil {
		return err
	}
	email, password := "load-admin-"+s.adminID+"@staff.example", "a long enough load passphrase "+s.adminID
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.st.CreateStaff(ctx, store.Staff{OrgID: s.orgID, ID: s.adminID, Email: email, Name: "Load admin",
		Role: store.RoleAdmin, PasswordHash: hash}); err != nil {
		return err
	}
	if s.adminCookie, err = bench.Login(ctx, s.client, s.base, email, password, auth.StaffCookie); err != nil {
		return err
	}
	var pt struct{ Slug string }
	if err := s.post(ctx, "/api/admin/portal", map[string]any{"name": "Load portal"}, http.StatusCreated, &pt, s.adminCookie); err != nil {
		return err
	}
	tab := access.Tab{Module: Module, Enabled: true, Scope: access.ScopeOwn, ScopeField: "Contact_Name",
		Layouts: []string{"default"}, View: true, Filterable: []string{FilterField},
		Display: access.Display{Kind: access.DisplayList, Columns: columns}}
	perms := map[string]access.Perm{}
	for _, f := range columns {
		perms[f] = access.PermRead
	}
	var ut struct{ ID string }
	if err := s.post(ctx, "/api/admin/user-types", map[string]any{"name": "Clientes", "baseModule": crm.Contacts,
		"tabs": []access.Tab{tab}, "fields": map[string]map[string]access.Perm{Module: perms}}, http.StatusCreated, &ut, s.adminCookie); err != nil {
		return err
	}
	if pt.Slug == "" || ut.ID == "" {
		return fmt.Errorf("portal %q or user type %q has no slug or id", pt.Slug, ut.ID)
	}
	s.slug, s.userTypeID = pt.Slug, ut.ID
	return nil
}

// user makes the i-th portal user: a Contact with n invoices of its own (modules.Catalog.Build
// and store.CreateRecord, as the create route does), invited, accepted and logged in.
func (s *setup) user(ctx context.Context, i, n int) (User, error) {
	cm, _ := crm.StandardModule(crm.Contacts)
	im, _ := crm.StandardModule(Module)
	svc := modules.New(s.st)
	by := store.Ref{ID: s.adminID, Name: "Load admin"}
	u := User{Email: fmt.Sprintf("cliente-%03d-%s@customer.example", i, strings.ToLower(s.orgID))}
	fields := map[string]json.RawMessage{}
	for k, v := range map[string]string{"Last_Name": fmt.Sprintf("Cliente %03d", i), "Email": u.Email} {
		fields[k], _ = json.Marshal(v)
	}
	c, err := svc.Build(ctx, cm, s.orgID, by, "", fields)
	if err != nil {
		return u, err
	}
	if err := s.st.CreateRecord(ctx, cm, c); err != nil {
		return u, err
	}
	u.ContactID = c.ID
	ref, _ := json.Marshal(c.ID)
	if err := bench.CreateRecords(ctx, s.st, im, n, 4, func(j int) (store.Record, error) {
		f := bench.InvoiceFields(i*n + j)
		f["Contact_Name"] = ref
		return svc.Build(ctx, im, s.orgID, by, "", f)
	}); err != nil {
		return u, fmt.Errorf("invoices of user %d: %w", i, err)
	}

	if err := s.post(ctx, "/api/admin/records/"+crm.Contacts+"/"+c.ID+"/invitation", map[string]string{"userTypeId": s.userTypeID},
		http.StatusCreated, nil, s.adminCookie); err != nil {
		return u, err
	}
	token, err := s.inviteToken(ctx, u.Email)
	if err != nil {
		return u, err
	}
	password := "a long enough portal passphrase " + c.ID
	if err := s.post(ctx, "/api/invitations/"+token+"/accept", map[string]string{"password": password}, http.StatusOK, nil, ""); err != nil {
		return u, err
	}
	body, _ := json.Marshal(map[string]string{"email": u.Email, "password": password})
	_, _, h, err := bench.Post(ctx, s.client, s.base+"/api/p/"+s.slug+"/login", body, http.StatusOK, "X-Requested-With", auth.RequestedWithValue)
	if err != nil {
		return u, err
	}
	if u.Cookie, err = bench.CookieHeader(h, auth.PortalCookie); err != nil {
		return u, fmt.Errorf("portal login: %w", err)
	}
	return u, nil
}

// post posts v as JSON to path, with the staff cookie when given, checks the status is want
// and decodes the answer into into (when not nil).
func (s *setup) post(ctx context.Context, path string, v any, want int, into any, cookie string) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	hdr := []string{"X-Requested-With", auth.RequestedWithValue}
	if cookie != "" {
		hdr = append(hdr, "Cookie", cookie)
	}
	_, answer, _, err := bench.Post(ctx, s.client, s.base+path, body, want, hdr...)
	if err != nil {
		return err
	}
	if into != nil {
		if err := json.Unmarshal(answer, into); err != nil {
			return fmt.Errorf("POST %s: decode: %w", path, err)
		}
	}
	return nil
}

// inviteToken is the token of the last invitation the SES emulator holds for addr.
func (s *setup) inviteToken(ctx context.Context, addr string) (string, error) {
	s.mailbox.Lock()
	defer s.mailbox.Unlock()
	return sesinbox.LastLink(ctx, s.client, s.sesURL, addr, sesinbox.PortalLink("invite"))
}

// filterable are the filterable fields of the Invoices tab as GET /api/me/tabs answers them
// to u.
func (s *setup) filterable(ctx context.Context, u User) ([]string, error) {
	_, body, err := bench.Get(ctx, s.client, s.base+"/api/me/tabs", "Cookie", u.Cookie)
	if err != nil {
		return nil, err
	}
	var tabs struct {
		Tabs []struct {
			Module     string   `json:"module"`
			Filterable []string `json:"filterable"`
		} `json:"tabs"`
	}
	if err := json.Unmarshal(body, &tabs); err != nil {
		return nil, fmt.Errorf("decode GET /api/me/tabs: %w", err)
	}
	for _, t := range tabs.Tabs {
		if t.Module == Module {
			return t.Filterable, nil
		}
	}
	return nil, fmt.Errorf("GET /api/me/tabs has no %s tab", Module)
}
