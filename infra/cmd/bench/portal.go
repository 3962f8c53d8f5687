package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/infra/bench"
	"crmportal/infra/sesinbox"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/platform/sesclient"
	"crmportal/shared/portalapi"
	"crmportal/shared/secondfactor"
	"crmportal/shared/staffguard"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/store"
)

// The portal measurements: the module whose records are invited and the free type's seats.
const (
	inviteModule = crm.Contacts
	// freeSeats is what the bench's free user type holds (store.DefaultLimits): the login's
	// user, the recorded invitation and one Contact per route request and per bare round.
	freeSeats = 3000
)

// inviteContacts is how many Contacts the portal measurements invite: the login's user, the
// one of the recorded handler run, and one per route request and per bare round, warm-up
// included.
func inviteContacts(o options) int { return 2 + 2*(o.warmup+o.n) }

// contact is a Contact record made for an invitation.
type contact struct{ id, name, email string }

// portalSetup is what the portal measurements share: an organization of its own (so the free
// type's seats start at 0) with a staff admin, a portal, a free user type on Contacts, an
// active portal user and the Contacts still to invite.
type portalSetup struct {
	deps     platform.Deps
	st       *store.Store
	client   *http.Client
	base     string
	sesURL   string
	org      benchOrg
	slug     string
	typeID   string
	contacts []contact // [0] is the portal user; the rest are not invited yet
	// The portal user's credentials and stored Argon2id hash.
	email, password, hash string
}

// jsonHeaders are the headers of a state change from the console or the portal.
func (s *portalSetup) headers(cookie bool) []string {
	h := []string{"X-Requested-With", auth.RequestedWithValue}
	if cookie {
		h = append(h, "Cookie", s.org.cookie)
	}
	return h
}

// newPortalSetup makes the organization and its staff admin, then through the gateway the
// portal and the free type, loads the Contacts with CreateRecord, and makes the first one an
// active portal user: invited through the gateway, the link taken from the SES emulator's
// mailbox, accepted with a password.
func newPortalSetup(ctx context.Context, deps platform.Deps, base, sesURL string, o options) (*portalSetup, error) {
	s := &portalSetup{deps: deps, st: store.New(deps.DynamoDB, deps.Config.TableName, nil), base: base, sesURL: sesURL,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}}}
	var err error
	if s.org, err = makeOrg(ctx, s.st, "portal", store.RoleAdmin); err != nil {
		return nil, err
	}
	if err := s.org.login(ctx, s.client, base); err != nil {
		return nil, err
	}
	var pt struct{ Slug string }
	if err := s.post(ctx, "/api/admin/portal", map[string]any{"name": "Bench portal " + s.org.id[:6]}, http.StatusCreated, &pt, true); err != nil {
		return nil, err
	}
	var ut struct{ ID string }
	if err := s.post(ctx, "/api/admin/user-types", map[string]any{"name": "Clientes", "baseModule": inviteModule}, http.StatusCreated, &ut, true); err != nil {
		return nil, err
	}
	if pt.Slug == "" || ut.ID == "" {
		return nil, fmt.Errorf("portal %q or user type %q has no slug or id", pt.Slug, ut.ID)
	}
	s.slug, s.typeID = pt.Slug, ut.ID

	m, ok := crm.StandardModule(inviteModule)
	if !ok {
		return nil, fmt.Errorf("no standard module %s", inviteModule)
	}
	svc := modules.New(s.st)
	by := store.Ref{ID: s.org.userID, Name: "Bench user"}
	s.contacts = make([]contact, inviteContacts(o))
	err = bench.CreateRecords(ctx, s.st, m, len(s.contacts), createConc, func(i int) (store.Record, error) {
		// Names and addresses of one width, so every invitation's items and email are as long.
		c := contact{name: fmt.Sprintf("Cliente %05d", i), email: strings.ToLower(fmt.Sprintf("cliente-%05d-%s@customer.example", i, s.org.id))}
		fields := map[string]json.RawMessage{}
		for k, v := range map[string]string{"Last_Name": c.name, "Email": c.email} {
			fields[k], _ = json.Marshal(v)
		}
		r, err := svc.Build(ctx, m, s.org.id, by, "", fields)
		c.id = r.ID
		s.contacts[i] = c
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("load the Contacts: %w", err)
	}

	u := s.contacts[0]
	s.email, s.password = u.email, "a long enough portal passphrase "+s.org.id
	if err := s.post(ctx, invitePath(u.id), map[string]string{"userTypeId": s.typeID}, http.StatusCreated, nil, true); err != nil {
		return nil, err
	}
	token, err := sesinbox.LastLink(ctx, s.client, sesURL, u.email, sesinbox.PortalLink("invite"))
	if err != nil {
		return nil, err
	}
	if err := s.post(ctx, "/api/invitations/"+token+"/accept", map[string]string{"password": s.password}, http.StatusOK, nil, false); err != nil {
		return nil, err
	}
	pu, err := s.st.PortalUserByEmail(ctx, s.org.id, u.email)
	if err != nil {
		return nil, err
	}
	if pu.Status != "active" || pu.PasswordHash == "" {
		return nil, fmt.Errorf("the portal user is %s after accepting, want active with a password", pu.Status)
	}
	s.hash = pu.PasswordHash
	return s, nil
}

// post posts v as JSON to the gateway's path, with the admin's cookie when cookie is set,
// checks the status and decodes the answer into into (when not nil).
func (s *portalSetup) post(ctx context.Context, path string, v any, want int, into any, cookie bool) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, answer, _, err := bench.Post(ctx, s.client, s.base+path, body, want, s.headers(cookie)...)
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

func invitePath(id string) string {
	return "/api/admin/records/" + inviteModule + "/" + id + "/invitation"
}

// services are the portal routes' services over a store and mail sender that record every
// call in log and pass it on to the functions' clients.
func (s *portalSetup) services(log *bench.CallLog) (*staffguard.Guard, *portalapi.Service, *staffportalusers.Service) {
	st := store.New(log, s.deps.Config.TableName, nil)
	sender := &sesmail.Sender{SES: log, From: s.deps.Config.SenderEmail, ConfigurationSet: s.deps.Config.MailConfigurationSet}
	throttle := logins.New(st)
	svc := portalapi.NewFrom(st, throttle, sender, s.deps)
	// The login's route begins the second factor's flows (none is due here; Begin reads the
	// user's factors all the same); no secret is sealed, so no key service.
	svc.Factors = &secondfactor.Service{Store: st, Logins: throttle}
	return staffguard.New(st, s.deps.Config), svc, staffportalusers.NewFrom(st, sender, s.deps.Config)
}

// postRequest is the event of a JSON POST to path (route key routeKey) from loopback.
func postRequest(path, routeKey string, params map[string]string, body []byte, cookies ...string) *httpapi.Request {
	r := &httpapi.Request{RawPath: path, RouteKey: routeKey, PathParameters: params, Cookies: cookies, Body: string(body),
		Headers: map[string]string{"content-type": "application/json", "x-requested-with": auth.RequestedWithValue}}
	r.RequestContext.HTTP.Method = http.MethodPost
	r.RequestContext.HTTP.Path = path
	r.RequestContext.HTTP.SourceIP = "127.0.0.1"
	return r
}

func (s *portalSetup) loginBody() ([]byte, error) {
	return json.Marshal(map[string]string{"email": s.email, "password": s.password})
}

// recordLoginCalls runs the login route's handler (portalapi.Service.Login) once in process,
// without a cookie, over a CallLog, and returns its DynamoDB calls and the hash of the
// session it created.
func (s *portalSetup) recordLoginCalls(ctx context.Context) ([]bench.Call, string, error) {
	log := &bench.CallLog{Next: s.deps.DynamoDB}
	_, svc, _ := s.services(log)
	body, err := s.loginBody()
	if err != nil {
		return nil, "", err
	}
	reply, err := svc.Login(ctx, postRequest("/api/p/"+s.slug+"/login", "POST /api/p/{slug}/login", map[string]string{"slug": s.slug}, body))
	if err != nil {
		return nil, "", fmt.Errorf("login handler: %w", err)
	}
	if reply.Status != http.StatusOK {
		return nil, "", fmt.Errorf("login handler answered %d, want 200", reply.Status)
	}
	calls := log.Calls()
	var hashes []string
	for _, c := range calls {
		switch in := c.Input.(type) {
		case *dynamodb.PutItemInput:
			if pk := stringAttr(in.Item, "PK"); strings.HasPrefix(pk, "SESSION#") {
				hashes = append(hashes, strings.TrimPrefix(pk, "SESSION#"))
			}
		case *dynamodb.TransactWriteItemsInput:
			// The session, its entry under the user and the condition on the user.
			for _, tw := range in.TransactItems {
				if tw.Put != nil {
					if pk := stringAttr(tw.Put.Item, "PK"); strings.HasPrefix(pk, "SESSION#") {
						hashes = append(hashes, strings.TrimPrefix(pk, "SESSION#"))
					}
				}
			}
			if len(hashes) == 0 {
				return nil, "", errors.New("the login handler made a transaction that is not a session's")
			}
		case *dynamodb.DeleteItemInput, *dynamodb.BatchWriteItemInput:
			return nil, "", fmt.Errorf("the login handler made a %s, not expected of a login without a cookie", c.Op)
		}
	}
	if len(hashes) != 1 {
		return nil, "", fmt.Errorf("the login handler created %d sessions, want 1", len(hashes))
	}
	return calls, hashes[0], nil
}

// auditIDs are the ids (sort keys) of the audit entries calls append (PutItems on an
// organization's ORG#…#AUDIT partition, alone or in a transaction, as a login's). An entry is
// conditioned on a new key, so a replay must give it a fresh id (freshAuditIDs).
func auditIDs(calls []bench.Call) []string {
	var ids []string
	add := func(item map[string]types.AttributeValue) {
		if strings.HasSuffix(stringAttr(item, "PK"), "#AUDIT") {
			ids = append(ids, stringAttr(item, "SK"))
		}
	}
	for _, c := range calls {
		switch in := c.Input.(type) {
		case *dynamodb.PutItemInput:
			add(in.Item)
		case *dynamodb.TransactWriteItemsInput:
			for _, it := range in.TransactItems {
				if it.Put != nil {
					add(it.Put.Item)
				}
			}
		}
	}
	return ids
}

// freshAuditIDs are replacement pairs of ids for new time-sortable ids of now.
func freshAuditIDs(ids []string) ([]string, error) {
	var pairs []string
	for _, id := range ids {
		fresh, err := auth.NewTimeID(time.Now())
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, id, fresh)
	}
	return pairs, nil
}

func stringAttr(item map[string]types.AttributeValue, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// freshHash is the hash of a new secret, as a new session's or token's key.
func freshHash() (string, error) {
	secret, err := auth.NewSecret()
	if err != nil {
		return "", err
	}
	return auth.HashSecret(secret), nil
}

// loginAgainstBare times fresh logins (no cookie) with POST /api/p/{slug}/login through the
// gateway against bare rounds of the login handler's DynamoDB calls, replayed with a fresh
// session hash each round, and, after each bare round, one Argon2id verification of the
// user's stored hash in process.
func (s *portalSetup) loginAgainstBare(ctx context.Context, o options) (route, bare, argon bench.Summary, ops []string, err error) {
	body, err := s.loginBody()
	if err != nil {
		return route, bare, argon, nil, err
	}
	u := s.base + "/api/p/" + s.slug + "/login"
	routeRound := func() (time.Duration, error) {
		d, _, h, err := bench.Post(ctx, s.client, u, body, http.StatusOK, s.headers(false)...)
		if err != nil {
			return 0, err
		}
		if _, err := bench.CookieHeader(h, auth.PortalCookie); err != nil {
			return 0, fmt.Errorf("login: %w", err)
		}
		return d, nil
	}
	if _, err := routeRound(); err != nil {
		return route, bare, argon, nil, err
	}
	calls, hash, err := s.recordLoginCalls(ctx)
	if err != nil {
		return route, bare, argon, nil, err
	}
	var argons []time.Duration
	audits := auditIDs(calls)
	bareRound := func() (time.Duration, error) {
		fresh, err := freshHash()
		if err != nil {
			return 0, err
		}
		pairs, err := freshAuditIDs(audits)
		if err != nil {
			return 0, err
		}
		round, err := bench.Rewrite(calls, strings.NewReplacer(append([]string{hash, fresh}, pairs...)...))
		if err != nil {
			return 0, err
		}
		d, err := bench.ReplayAll(ctx, s.deps.DynamoDB, nil, round)
		if err != nil {
			return 0, err
		}
		start := time.Now()
		ok, _, err := auth.VerifyPassword(s.hash, s.password)
		argons = append(argons, time.Since(start))
		if err != nil || !ok {
			return 0, fmt.Errorf("VerifyPassword of the user's hash = %v, %v; want true", ok, err)
		}
		return d, nil
	}
	if _, _, err := bench.Interleave(o.warmup, o.block, routeRound, bareRound); err != nil {
		return route, bare, argon, nil, fmt.Errorf("warm-up: %w", err)
	}
	argons = argons[:0]
	rs, bs, err := bench.Interleave(o.n, o.block, routeRound, bareRound)
	if err != nil {
		return route, bare, argon, nil, err
	}
	return bench.Summarize(rs), bench.Summarize(bs), bench.Summarize(argons), bench.Ops(calls), nil
}

// recorded is what the bare invitation rounds rewrite: the values of the recorded handler
// run that name its invitation.
type recorded struct {
	contact                      contact
	userID, tokenHash, messageID string
	audits                       []string // ids of the audit entries appended
}

// recordInviteCalls runs the invitation route's handler (staffguard.Guard.Guard around
// staffportalusers.Service.SendInvitation) once in process for c, with the admin's session, over
// a CallLog that passes the DynamoDB calls and the SendEmail on, and returns the calls and
// what names the invitation in them.
func (s *portalSetup) recordInviteCalls(ctx context.Context, c contact) ([]bench.Call, recorded, error) {
	rec := recorded{contact: c}
	log := &bench.CallLog{Next: s.deps.DynamoDB, SES: sesclient.New(s.deps)}
	guard, _, svc := s.services(log)
	body, err := json.Marshal(map[string]string{"userTypeId": s.typeID})
	if err != nil {
		return nil, rec, err
	}
	req := postRequest(invitePath(c.id), "POST /api/admin/records/{module}/{id}/invitation",
		map[string]string{"module": inviteModule, "id": c.id}, body, s.org.cookie)
	reply, err := guard.Guard(svc.SendInvitation)(ctx, req)
	if err != nil {
		return nil, rec, fmt.Errorf("invitation handler: %w", err)
	}
	u, ok := reply.Body.(staffportalusers.UserJSON)
	if reply.Status != http.StatusCreated || !ok || u.Delivery == nil || u.Delivery.State != "sent" {
		return nil, rec, fmt.Errorf("invitation handler answered %d %+v, want 201 and the email sent", reply.Status, reply.Body)
	}
	rec.userID = u.ID
	calls := log.Calls()
	rec.audits = auditIDs(calls)
	sends := 0
	for _, call := range calls {
		switch in := call.Input.(type) {
		case *dynamodb.TransactWriteItemsInput:
			for _, tw := range in.TransactItems {
				if tw.Put != nil && stringAttr(tw.Put.Item, "tokenHash") != "" {
					rec.tokenHash = stringAttr(tw.Put.Item, "tokenHash")
				}
			}
		case *dynamodb.PutItemInput:
			if pk := stringAttr(in.Item, "PK"); strings.HasPrefix(pk, "SESMSG#") {
				rec.messageID = strings.TrimPrefix(pk, "SESMSG#")
			}
		case *dynamodb.DeleteItemInput:
			return nil, rec, errors.New("the invitation handler deleted an item")
		}
		if call.Op == "SendEmail" {
			sends++
		}
	}
	if rec.userID == "" || rec.tokenHash == "" || rec.messageID == "" || sends != 1 {
		return nil, rec, fmt.Errorf("the invitation handler's calls %v lack the user (%q), the token (%q), the message (%q) or one email (%d)",
			bench.Ops(calls), rec.userID, rec.tokenHash, rec.messageID, sends)
	}
	return calls, rec, nil
}

// replacer maps the recorded invitation's values to those of an invitation of c with a new
// user id, token hash and message id. The link's secret in the email stays the recorded
// one, as long as any other.
func (r recorded) replacer(c contact) (*strings.Replacer, error) {
	uid, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	tok, err := freshHash()
	if err != nil {
		return nil, err
	}
	msg, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	msg += r.messageID[min(len(msg), len(r.messageID)):]
	pairs, err := freshAuditIDs(r.audits)
	if err != nil {
		return nil, err
	}
	return strings.NewReplacer(append([]string{r.contact.id, c.id, r.contact.email, c.email, r.contact.name, c.name,
		r.userID, uid, r.tokenHash, tok, r.messageID, msg}, pairs...)...), nil
}

// inviteAgainstBare times POST /api/admin/records/Contacts/{id}/invitation through the
// gateway, one new Contact a request, against bare rounds of the handler's calls (the
// DynamoDB calls and the SendEmail) replayed for other new Contacts with fresh keys.
func (s *portalSetup) inviteAgainstBare(ctx context.Context, o options) (route, bare bench.Summary, ops []string, touches int, err error) {
	// A fresh session: the handler run does not touch it, nor do the requests of the next minute.
	if err := s.org.login(ctx, s.client, s.base); err != nil {
		return route, bare, nil, 0, err
	}
	calls, rec, err := s.recordInviteCalls(ctx, s.contacts[1])
	if err != nil {
		return route, bare, nil, 0, err
	}
	rounds := o.warmup + o.n
	routeContacts, bareContacts := s.contacts[2:2+rounds], s.contacts[2+rounds:2+2*rounds]
	body, err := json.Marshal(map[string]string{"userTypeId": s.typeID})
	if err != nil {
		return route, bare, nil, 0, err
	}
	next := func(cs *[]contact) (contact, error) {
		if len(*cs) == 0 {
			return contact{}, errors.New("no Contact left to invite")
		}
		c := (*cs)[0]
		*cs = (*cs)[1:]
		return c, nil
	}
	routeRound := func() (time.Duration, error) {
		c, err := next(&routeContacts)
		if err != nil {
			return 0, err
		}
		d, _, _, err := bench.Post(ctx, s.client, s.base+invitePath(c.id), body, http.StatusCreated, s.headers(true)...)
		return d, err
	}
	mailer := sesclient.New(s.deps)
	bareRound := func() (time.Duration, error) {
		c, err := next(&bareContacts)
		if err != nil {
			return 0, err
		}
		r, err := rec.replacer(c)
		if err != nil {
			return 0, err
		}
		round, err := bench.Rewrite(calls, r)
		if err != nil {
			return 0, err
		}
		return bench.ReplayAll(ctx, s.deps.DynamoDB, mailer, round)
	}
	if _, _, err := bench.Interleave(o.warmup, o.block, routeRound, bareRound); err != nil {
		return route, bare, nil, 0, fmt.Errorf("warm-up: %w", err)
	}
	rs, bs, err := bench.Interleave(o.n, o.block, routeRound, bareRound)
	if err != nil {
		return route, bare, nil, 0, err
	}
	touches = int(time.Since(s.org.loggedIn) / time.Minute)
	return bench.Summarize(rs), bench.Summarize(bs), bench.Ops(calls), touches, nil
}
