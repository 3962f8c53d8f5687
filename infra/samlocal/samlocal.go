// Package samlocal is what `sam local invoke` needs to reach a function's real path against a
// local stack: the environment file (events/env.local.json, SAM's --env-vars format) and
// sample events carrying credentials minted in that stack (a staff API token, a portal
// session), written next to the stack's data so the committed events stay anonymous.
package samlocal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffadmin"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// EnvFile is the shipped environment file, relative to the repository root.
const EnvFile = "events/env.local.json"

// EventsDir is where Mint writes the events with credentials, relative to the repository
// root: inside the local stack's data folder (git-ignored, wiped with it by `make dev-reset`,
// as the sessions they carry are).
const EventsDir = ".dev-data/events"

// OriginSecretVar is the variable holding the secret CloudFront's origin header must carry
// (the origin guard); OriginHeader is that header.
const (
	OriginSecretVar = "ORIGIN_VERIFY_SECRET"
	OriginHeader    = "x-origin-verify"
)

// Env is an environment file in `sam local`'s --env-vars format: "Parameters" holds the
// variables of every function, a function's logical id those of that function alone (they
// win). SAM passes a function only the variables template.yaml declares for it.
type Env map[string]map[string]string

// ReadEnv reads an environment file.
func ReadEnv(path string) (Env, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read env file: %w", err)
	}
	var e Env
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("env file %s is not {\"Parameters\": {NAME: value}, FunctionId: {...}}: %w", path, err)
	}
	return e, nil
}

// For returns the variables the file gives the function logicalID: Parameters, then its own.
func (e Env) For(logicalID string) map[string]string {
	out := map[string]string{}
	for k, v := range e["Parameters"] {
		out[k] = v
	}
	for k, v := range e[logicalID] {
		out[k] = v
	}
	return out
}

// Credentials are what Mint made: a staff API token's Authorization header value and a portal
// session's cookie, with when they stop working.
type Credentials struct {
	StaffAuthorization string
	StaffEmail         string
	StaffExpires       time.Time
	PortalCookie       string
	PortalUserEmail    string
	PortalExpires      time.Time
}

// TokenName names the API token Mint creates; a new Mint revokes the earlier ones.
const TokenName = "sam local sample events"

// tokenDays is the minted token's lifetime.
const tokenDays = 7

// MintOptions say whose credentials to mint.
type MintOptions struct {
	// OrgID is the organization; StaffEmail its staff member who gets the API token.
	OrgID, StaffEmail string
	// PortalUserEmail is the portal user who gets a session; empty takes the organization's
	// newest active portal user.
	PortalUserEmail string
}

// Mint creates, in the stack d works on, an API token for the staff member (through the
// console's own rules and audit: at most tokenDays days, the member's role) after revoking
// the ones an earlier Mint made, and a portal session for the portal user (as a login makes
// it: ended by the same revocations, expiring after the portal's idle and absolute timeouts).
func Mint(ctx context.Context, d platform.Deps, o MintOptions, idle, absolute time.Duration) (Credentials, error) {
	var c Credentials
	svc, st := staffadmin.New(d), store.New(d.DynamoDB, d.Config.TableName, nil)
	m, err := st.StaffForLogin(ctx, o.StaffEmail)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.OrgID != o.OrgID) {
		return c, fmt.Errorf("mint: no staff member %s in organization %s", o.StaffEmail, o.OrgID)
	}
	if err != nil {
		return c, fmt.Errorf("mint: staff %s: %w", o.StaffEmail, err)
	}
	if m.Status != store.StaffActive {
		return c, fmt.Errorf("mint: staff member %s is not active", o.StaffEmail)
	}
	p := staffguard.Principal{OrgID: m.OrgID, UserID: m.ID, Role: m.Role, Name: m.Name}
	req := &httpapi.Request{Headers: map[string]string{"content-type": "application/json", "user-agent": "portalctl events mint"}}
	req.RequestContext.HTTP.SourceIP = "127.0.0.1"
	old, err := st.ListAPITokens(ctx, m.OrgID, m.ID)
	if err != nil {
		return c, fmt.Errorf("mint: %w", err)
	}
	for _, t := range old {
		if t.Name != TokenName {
			continue
		}
		r := *req
		r.PathParameters = map[string]string{"id": t.ID}
		var pe *httpapi.Error
		if _, err := svc.RevokeToken(ctx, p, &r); err != nil && !(errors.As(err, &pe) && pe.Kind == httpapi.NotFound) {
			return c, fmt.Errorf("mint: revoke the earlier token %s: %w", t.ID, err)
		}
	}
	r := *req
	r.Body = fmt.Sprintf(`{"name":%q,"expiresInDays":%d}`, TokenName, tokenDays)
	reply, err := svc.CreateToken(ctx, p, &r)
	if err != nil {
		return c, fmt.Errorf("mint: API token: %w", err)
	}
	var created struct {
		Token struct {
			ExpiresAt time.Time `json:"expiresAt"`
		} `json:"token"`
		Secret string `json:"secret"`
	}
	if err := remarshal(reply.Body, &created); err != nil || created.Secret == "" {
		return c, fmt.Errorf("mint: API token answer: %v", err)
	}
	c.StaffAuthorization, c.StaffEmail, c.StaffExpires = "Bearer "+created.Secret, m.Email, created.Token.ExpiresAt

	u, err := portalUser(ctx, st, o)
	if err != nil {
		return c, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return c, err
	}
	now := st.Now()
	sess := store.Session{Hash: auth.HashSecret(secret), OrgID: u.OrgID, UserID: u.ID, Kind: "portal", UserName: u.Name,
		UserTypeID: u.UserTypeID, RecordID: u.RecordID, CreatedAt: now, LastSeenAt: now,
		IdleExpiresAt: now.Add(idle), ExpiresAt: now.Add(absolute)}
	if err := st.CreateSession(ctx, sess, st.PortalSessionGuard(u)); err != nil {
		return c, fmt.Errorf("mint: portal session of %s: %w", u.Email, err)
	}
	c.PortalCookie = auth.PortalCookie + "=" + auth.FormatSessionTokenWith(u.OrgID, secret,
		auth.SessionHints{UserID: u.ID, UserTypeID: u.UserTypeID, RecordModule: u.RecordModule, RecordID: u.RecordID})
	c.PortalUserEmail, c.PortalExpires = u.Email, sess.ExpiresAt
	return c, nil
}

// portalUser is the active portal user o names, or the organization's newest active one.
func portalUser(ctx context.Context, st *store.Store, o MintOptions) (store.PortalUser, error) {
	if o.PortalUserEmail != "" {
		u, err := st.PortalUserForLogin(ctx, o.OrgID, store.NormalizeEmail(o.PortalUserEmail))
		if errors.Is(err, store.ErrNotFound) || (err == nil && u.Status != "active") {
			return u, fmt.Errorf("mint: no active portal user %s in organization %s", o.PortalUserEmail, o.OrgID)
		}
		if err != nil {
			return u, fmt.Errorf("mint: portal user %s: %w", o.PortalUserEmail, err)
		}
		return u, nil
	}
	users, _, err := st.ListPortalUsers(ctx, o.OrgID, store.PortalUserFilter{Status: "active"}, store.MaxPage, "")
	if err != nil {
		return store.PortalUser{}, fmt.Errorf("mint: list portal users: %w", err)
	}
	for _, u := range users {
		if u.Status == "active" {
			// Read strongly: the list comes from an index, the session's guard needs the version.
			return st.PortalUserForLogin(ctx, u.OrgID, u.Email)
		}
	}
	return store.PortalUser{}, fmt.Errorf("mint: organization %s has no active portal user (invite one, or seed the demo)", o.OrgID)
}

func remarshal(from, to any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, to)
}

// Kind says which credential an event gets from its path.
type Kind string

// The kinds of event.
const (
	Anonymous Kind = ""
	Staff     Kind = "staff"
	Portal    Kind = "portal"
)

// KindOf is the credential an API request to path needs: the staff console's routes a staff
// token, the portal user's own routes a portal session; login, password reset, invitation,
// public and health routes none. Logout is left anonymous: with the session it would end it.
func KindOf(path string) Kind {
	switch {
	case path == "/api/admin/login", strings.HasPrefix(path, "/api/admin/password-reset"):
		return Anonymous
	case strings.HasPrefix(path, "/api/admin/"):
		return Staff
	case path == "/api/me", strings.HasPrefix(path, "/api/me/"), strings.HasPrefix(path, "/api/records/"):
		return Portal
	}
	return Anonymous
}

// WriteEvents writes into dst a copy of every API Gateway event of src (events/*.json) with
// the credential its path needs (KindOf), the CSRF header the web app sends on a portal
// session's state change, and originSecret in the origin guard's header when it is set (the
// events then pass the guard as CloudFront's requests do). Events of other sources (S3, SNS,
// the table's stream) are not written. It returns the names written, sorted, by kind.
func WriteEvents(src, dst string, c Credentials, originSecret string) (map[Kind][]string, error) {
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return nil, fmt.Errorf("write events: %w", err)
	}
	out := map[Kind][]string{}
	for _, f := range files {
		if filepath.Base(f) == filepath.Base(EnvFile) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("write events: %w", err)
		}
		ev, kind, ok, err := Authenticate(b, c, originSecret)
		if err != nil {
			return nil, fmt.Errorf("write events: %s: %w", f, err)
		}
		if !ok {
			continue
		}
		// The file holds live credentials: readable by its owner alone.
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), ev, 0o600); err != nil {
			return nil, fmt.Errorf("write events: %w", err)
		}
		out[kind] = append(out[kind], strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out, nil
}

// Authenticate returns the API Gateway v2 event b with the credential its path needs, the CSRF
// header and the origin header (see WriteEvents). ok is false for an event of another source.
func Authenticate(b []byte, c Credentials, originSecret string) (_ []byte, _ Kind, ok bool, _ error) {
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, "", false, err
	}
	path, _ := ev["rawPath"].(string)
	if ev["version"] != "2.0" || path == "" {
		return nil, "", false, nil
	}
	headers, _ := ev["headers"].(map[string]any)
	if headers == nil {
		headers = map[string]any{}
	}
	method := ""
	if rc, ok := ev["requestContext"].(map[string]any); ok {
		if h, ok := rc["http"].(map[string]any); ok {
			method, _ = h["method"].(string)
		}
	}
	kind := KindOf(path)
	switch kind {
	case Staff:
		headers["authorization"] = c.StaffAuthorization
	case Portal:
		ev["cookies"] = []string{c.PortalCookie}
		if method != http.MethodGet && method != http.MethodHead {
			headers[strings.ToLower(auth.RequestedWithHeader)] = auth.RequestedWithValue
		}
	}
	if originSecret != "" {
		headers[OriginHeader] = originSecret
	}
	ev["headers"] = headers
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		return nil, "", false, err
	}
	return buf.Bytes(), kind, true, nil
}
