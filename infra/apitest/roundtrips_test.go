package apitest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"crmportal/shared/attachments"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/notes"
	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
	"crmportal/shared/portalfactors"
	"crmportal/shared/staffcrm"
)

// callCounter records the DynamoDB operations a client makes, each with its input: every
// one is a round trip to DynamoDB.
type callCounter struct {
	mu    sync.Mutex
	calls []string
}

// roundTrips are the calls recorded since the last reset, less the session's idle-expiry
// touch (an UpdateItem of the session, at most once a minute per session, whenever a
// request comes), and resets the record.
func (c *callCounter) roundTrips() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = nil
	return out
}

func (c *callCounter) record(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("countRoundTrips",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if u, ok := in.Parameters.(*dynamodb.UpdateItemInput); ok {
				if pk, _ := u.Key["PK"].(*types.AttributeValueMemberS); pk != nil && strings.HasPrefix(pk.Value, "SESSION#") {
					return next.HandleInitialize(ctx, in) // the once-a-minute touch
				}
			}
			c.mu.Lock()
			c.calls = append(c.calls, middleware.GetOperationName(ctx))
			c.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
}

// setTab changes the free type's tab of module with change and lets its users read fields of
// that module (and, as mustPortalOrg does, the Contact's last name and email).
func (p portalOrg) setTab(t *testing.T, module string, change func(tab map[string]any), fields map[string]string) {
	t.Helper()
	var ut userTypeJSON
	p.Admin.Do("GET", "/api/admin/user-types/"+p.Free.ID, nil).JSON(t, &ut)
	for _, tab := range ut.Tabs {
		if tab["module"] == module {
			change(tab)
		}
	}
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/user-types/"+p.Free.ID, map[string]any{"name": ut.Name, "baseModule": ut.BaseModule, "seats": ut.Seats, "tabs": ut.Tabs,
		"fields": map[string]any{"Contacts": map[string]string{"Last_Name": "read", "Email": "read"}, module: fields}},
		"If-Match", strconv.Itoa(ut.Version)), http.StatusOK)
}

// countingDeps are the environment's dependencies with a DynamoDB client that records its
// calls in c.
func (e *env) countingDeps(c *callCounter) platform.Deps {
	d := e.deps
	d.DynamoDB = dynamodb.New(e.deps.DynamoDB.Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, c.record)
	})
	return d
}

// invoke calls a function's handler in process with a GET of path (the route's key and
// parameters as the gateway gives them) and the cookie, and answers its status.
func (e *env) invoke(t *testing.T, h httpapi.LambdaFunc, method, routeKey, path string, params map[string]string, cookie string, body string) int {
	t.Helper()
	r := httpapi.Request{RouteKey: routeKey, RawPath: path, PathParameters: params, Body: body,
		Headers: map[string]string{"accept": "application/json", "content-type": "application/json", "x-requested-with": auth.RequestedWithValue}}
	if cookie != "" {
		r.Cookies = []string{cookie}
	}
	if s := e.deps.Config.OriginVerifySecret; s != "" {
		r.Headers[strings.ToLower(httpapi.OriginVerifyHeader)] = s
	}
	r.RequestContext.HTTP.Method, r.RequestContext.HTTP.Path, r.RequestContext.HTTP.SourceIP = method, path, "203.0.113.9"
	r.RequestContext.RequestID = "roundtrips-" + strconv.Itoa(len(path))
	out, err := h(context.Background(), r)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return out.StatusCode
}

// TestReadsTakeTwoRoundTrips counts the DynamoDB calls of each portal read route, of the staff
// console's record reads and of a portal login, made by the functions' own handlers in
// process: a portal read reads everything its cookie names (session, user type, user, own
// record, the module's customization and the record of the path) in one BatchGetItem, then
// makes its data call; a record view's second call is its audit entry. A login reads the
// slug, then the portal, organization and email claim in one batch, the user, then the
// throttle's counters with the user type in one batch, and writes the session, the user's
// last login and its audit entry in one transaction.
func TestReadsTakeTwoRoundTrips(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Viagens", 2)
	email := "rt-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Ramos", email)
	p.setTab(t, "Cases", func(tab map[string]any) {
		tab["enabled"], tab["view"], tab["notes"], tab["attachments"] = true, true, true, true
		tab["scope"], tab["scopeField"] = "own", "Contact_Name"
		tab["display"] = map[string]any{"kind": "list", "columns": []string{"Subject", "Status"}}
	}, map[string]string{"Subject": "read", "Status": "read"})
	kase := p.Admin.MustCreate("Cases", map[string]any{"Subject": "Mala extraviada", "Contact_Name": ana.ID})
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
	password := "a traveller's passphrase"
	customer := e.Client(t)
	MustStatus(t, customer.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": password}), http.StatusOK)
	settle()
	portalCookie := auth.PortalCookie + "=" + customer.cookies[auth.PortalCookie]
	staffCookie := auth.StaffCookie + "=" + p.Admin.cookies[auth.StaffCookie]

	var c callCounter
	d := e.countingDeps(&c)
	caseParams := map[string]string{"module": "Cases", "id": kase.ID}
	tests := []struct {
		name           string
		h              httpapi.LambdaFunc
		method, route  string
		path           string
		params         map[string]string
		cookie, body   string
		status, wantAt int // the answer, and at most this many round trips
	}{
		{"portal list", portalapi.ListRecordsFunction(d), "GET", "GET /api/records/{module}", "/api/records/Cases", map[string]string{"module": "Cases"}, portalCookie, "", 200, 2},
		{"portal record view", portalapi.GetRecordFunction(d), "GET", "GET /api/records/{module}/{id}", "/api/records/Cases/" + kase.ID, caseParams, portalCookie, "", 200, 2},
		{"portal own record", portalapi.GetRecordFunction(d), "GET", "GET /api/records/{module}/{id}", "/api/records/Contacts/" + ana.ID, map[string]string{"module": "Contacts", "id": ana.ID}, portalCookie, "", 200, 2},
		{"me", portalapi.MeFunction(d), "GET", "GET /api/me", "/api/me", nil, portalCookie, "", 200, 1},
		{"tabs", portalapi.TabsFunction(d), "GET", "GET /api/me/tabs", "/api/me/tabs", nil, portalCookie, "", 200, 2},
		{"notes list", notes.ListFunction(d), "GET", "GET /api/records/{module}/{id}/notes", "/api/records/Cases/" + kase.ID + "/notes", caseParams, portalCookie, "", 200, 2},
		{"attachments list", attachments.ListFunction(d), "GET", "GET /api/records/{module}/{id}/attachments", "/api/records/Cases/" + kase.ID + "/attachments", caseParams, portalCookie, "", 200, 2},
		{"staff list", staffcrm.ListRecordsFunction(d), "GET", "GET /api/admin/records/{module}", "/api/admin/records/Cases", map[string]string{"module": "Cases"}, staffCookie, "", 200, 2},
		{"staff record", staffcrm.GetRecordFunction(d), "GET", "GET /api/admin/records/{module}/{id}", "/api/admin/records/Cases/" + kase.ID, caseParams, staffCookie, "", 200, 1},
		// The first login from a network marks it known to the account (a put, once a day per
		// account and network); the next one makes five calls.
		{"portal login from a new network", portalfactors.LoginFunction(d), "POST", "POST /api/p/{slug}/login", "/api/p/" + p.Slug + "/login", map[string]string{"slug": p.Slug}, "",
			`{"email":"` + email + `","password":"` + password + `"}`, 200, 6},
		{"portal login", portalfactors.LoginFunction(d), "POST", "POST /api/p/{slug}/login", "/api/p/" + p.Slug + "/login", map[string]string{"slug": p.Slug}, "",
			`{"email":"` + email + `","password":"` + password + `"}`, 200, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.roundTrips()
			if got := e.invoke(t, tt.h, tt.method, tt.route, tt.path, tt.params, tt.cookie, tt.body); got != tt.status {
				t.Fatalf("status %d, want %d", got, tt.status)
			}
			if got := c.roundTrips(); len(got) > tt.wantAt {
				t.Errorf("%d round trips (%s), want at most %d", len(got), strings.Join(got, ", "), tt.wantAt)
			} else {
				t.Logf("%d round trips: %s", len(got), strings.Join(got, ", "))
			}
		})
	}
}
