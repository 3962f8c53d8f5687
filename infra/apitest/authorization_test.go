package apitest

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"crmportal/infra/seed"
	"crmportal/infra/template"
	"crmportal/shared/store"
)

// matrix is docs/authorization.yaml.
type matrix struct {
	Principals []string                     `yaml:"principals"`
	Classes    map[string]map[string]string `yaml:"classes"`
	Routes     map[string]yaml.Node         `yaml:"routes"`
}

// cells returns each route's expected outcome per principal, classes and overrides applied.
func (m matrix) cells(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for route, node := range m.Routes {
		var class string
		over := map[string]string{}
		if node.Kind == yaml.ScalarNode {
			class = node.Value
		} else if err := node.Decode(&over); err != nil {
			t.Fatalf("%s: %v", route, err)
		} else {
			class = over["class"]
			delete(over, "class")
		}
		base, ok := m.Classes[class]
		if !ok {
			t.Fatalf("%s: unknown class %q", route, class)
		}
		row := map[string]string{}
		for _, p := range m.Principals {
			v, ok := base[p]
			if !ok {
				t.Fatalf("class %s has no cell for %s", class, p)
			}
			row[p] = v
		}
		for p, v := range over {
			if _, ok := row[p]; !ok {
				t.Fatalf("%s overrides an unknown principal %q", route, p)
			}
			row[p] = v
		}
		out[route] = row
	}
	return out
}

func loadMatrix(t *testing.T) matrix {
	t.Helper()
	b, err := os.ReadFile("../../docs/authorization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m matrix
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestAuthorizationMatrixCoversEveryRoute: every route of template.yaml has a row, every row
// a route, and no route answers anonymous callers unless its row says so.
func TestAuthorizationMatrixCoversEveryRoute(t *testing.T) {
	m := loadMatrix(t)
	cells := m.cells(t)
	tmpl, err := template.Load(filepath.Join("../..", "template.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range tmpl.Routes() {
		seen[r.Key()] = true
		if _, ok := cells[r.Key()]; !ok {
			t.Errorf("%s has no row in docs/authorization.yaml", r.Key())
		}
	}
	for route, row := range cells {
		if !seen[route] {
			t.Errorf("docs/authorization.yaml names %s, which template.yaml does not have", route)
		}
		if row["anonymous"] == "ok" && !isPublic(route) {
			t.Errorf("%s is open to anonymous callers but is not a public route", route)
		}
	}
}

// isPublic lists the routes meant for callers without credentials.
func isPublic(route string) bool {
	for _, p := range []string{"GET /api/health", "GET /api/openapi.yaml", "GET /api/p/{slug}", "GET /api/domain", "POST /api/admin/password-reset", "POST /api/p/{slug}/password-reset",
		"POST /api/password-reset/{token}", "GET /api/invitations/{token}", "POST /api/invitations/{token}/accept", "POST /api/logout",
		"GET /api/unsubscribe", "POST /api/unsubscribe"} {
		if route == p || strings.HasPrefix(route, p+"/") {
			return true
		}
	}
	return false
}

// fixtures are the ids a cell's request is made with.
type fixtures struct {
	caseOf     map[string]string // principal column -> a case id to aim at
	note, file string            // the customer's own note and attachment on their case
	clientes   string
	ownUser    string // the customer's portal user id: the account admin's colleague
}

// TestAuthorizationMatrix sends every cell of docs/authorization.yaml to the local stack.
func TestAuthorizationMatrix(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	cells := loadMatrix(t).cells(t)
	ctx := context.Background()

	// The customer and three others: of the same account, of another account, of another organization.
	contacts := e.demoContacts(t)
	var own, colleague, stranger, gone store.Record
	accountOf := func(c store.Record) string { return c.Fields["Account_Name"].(map[string]any)["id"].(string) }
	for i, a := range contacts[10:] {
		for _, b := range contacts[10+i+1:] {
			if accountOf(a) == accountOf(b) {
				own, colleague = a, b
				break
			}
		}
		if own.ID != "" {
			break
		}
	}
	if own.ID == "" {
		t.Fatal("no two demo contacts share an account")
	}
	for _, c := range contacts {
		if accountOf(c) != accountOf(own) && c.ID != own.ID {
			if stranger.ID == "" {
				stranger = c
			} else if gone.ID == "" && c.ID != stranger.ID {
				gone = c
			}
		}
	}
	clients := map[string]*client{"anonymous": e.Client(t)}
	clients["own"] = e.customer(t, d, own)
	col := e.customer(t, d, colleague)
	// The colleague is made the account admin of the customer's Account.
	colUser, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, colleague.ID)
	if err != nil {
		t.Fatal(err)
	}
	MustStatus(t, d.admin.Do("POST", "/api/admin/portal-users/"+colUser.ID+"/account-admin", map[string]any{"accountAdmin": true}), http.StatusOK)
	clients["account_admin"] = col
	ownUser, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	str := e.customer(t, d, stranger)
	clients["deactivated"] = e.customer(t, d, gone)
	goneUser, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	MustStatus(t, d.admin.Do("POST", "/api/admin/portal-users/"+goneUser.ID+"/deactivate", nil), http.StatusOK)
	preview := e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	MustStatus(t, preview.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": d.clientes}), http.StatusCreated)
	delete(preview.cookies, "__Host-staff")
	clients["preview"] = preview
	clients["staff_user"] = e.LoggedIn(t, seed.DemoUserEmail, demoPassword)
	clients["staff_admin"] = e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	r := d.admin.Do("POST", "/api/admin/tokens", map[string]any{"name": "matrix"})
	MustStatus(t, r, http.StatusCreated)
	var tok struct{ Secret string }
	r.JSON(t, &tok)
	api := e.Client(t)
	api.bearer = tok.Secret
	clients["api_token"] = api

	newCase := func(c *client) string {
		r := c.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Matriz"}})
		MustStatus(t, r, http.StatusCreated)
		var rec struct{ ID string }
		r.JSON(t, &rec)
		return rec.ID
	}
	f := fixtures{caseOf: map[string]string{}, clientes: d.clientes, ownUser: ownUser.ID}
	f.caseOf["own"] = newCase(clients["own"])
	f.caseOf["other_customer"] = newCase(col)
	f.caseOf["other_account"] = newCase(str)
	foreign := e.MustOrg(t, "Matriz Estrangeira")
	fc := e.LoggedIn(t, foreign.AdminEmail, foreign.Password).MustCreate("Cases", map[string]any{"Subject": "Estrangeiro"})
	f.caseOf["other_org"] = fc.ID
	r = clients["own"].Do("POST", "/api/records/Cases/"+f.caseOf["own"]+"/notes", map[string]any{"body": "minha nota"})
	MustStatus(t, r, http.StatusCreated)
	var note struct{ ID string }
	r.JSON(t, &note)
	f.note = note.ID
	pdf := []byte("%PDF-1.4\nmatriz")
	f.file = upload(t, clients["own"], "/api/records/Cases/"+f.caseOf["own"]+"/attachments", "m.pdf", "application/pdf", int64(len(pdf)), pdf)
	MustStatus(t, clients["own"].Do("POST", "/api/records/Cases/"+f.caseOf["own"]+"/attachments/"+f.file+"/complete", nil), http.StatusOK)

	// Reads first, then writes, deletes last and logout at the very end (it ends sessions).
	order := map[string]int{"GET": 0, "POST": 1, "PATCH": 2, "PUT": 3, "DELETE": 4}
	routes := make([]string, 0, len(cells))
	for r := range cells {
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool {
		mi, _, _ := strings.Cut(routes[i], " ")
		mj, _, _ := strings.Cut(routes[j], " ")
		li, lj := routes[i] == "POST /api/logout", routes[j] == "POST /api/logout"
		if li != lj {
			return lj
		}
		if order[mi] != order[mj] {
			return order[mi] < order[mj]
		}
		return routes[i] < routes[j]
	})
	principals := loadMatrix(t).Principals
	tried := 0
	for _, route := range routes {
		for _, p := range principals {
			want := cells[route][p]
			if want == "-" {
				continue
			}
			method, path := cellRequest(route, p, f)
			body := cellBody(route)
			c := clients[p]
			if strings.HasPrefix(p, "other_") {
				c = clients["own"] // the customer, aiming at someone else's records
			}
			got := c.Do(method, path, body, "If-Match", `"1"`)
			tried++
			if msg := judge(want, got.Status); msg != "" {
				t.Errorf("%s as %s (%s): %s; body %s", route, p, path, msg, got.Body)
			}
		}
	}
	t.Logf("%d cells sent", tried)
}

// judge tells what is wrong with status for the outcome want, or "".
func judge(want string, status int) string {
	switch {
	case status >= 500:
		return fmt.Sprintf("status %d", status)
	case want == "ok" && (status == 401 || status == 403):
		return fmt.Sprintf("status %d, want it let through", status)
	case want == "found" && (status == 401 || status == 403 || status == 404):
		return fmt.Sprintf("status %d, want the record reached", status)
	case want != "ok" && want != "found" && fmt.Sprint(status) != want:
		return fmt.Sprintf("status %d, want %s", status, want)
	}
	return ""
}

// cellRequest fills a route's path for principal p: record routes aim at the case of the
// principal's column (the customer's own case for the columns without one); ids of other
// kinds are the customer's own or unknown ones.
func cellRequest(route, p string, f fixtures) (string, string) {
	method, path, _ := strings.Cut(route, " ")
	target := f.caseOf[p]
	if target == "" {
		target = f.caseOf["own"]
	}
	module := "Cases"
	if strings.HasPrefix(path, "/api/admin/import/") || strings.HasPrefix(path, "/api/admin/modules/") {
		module = "Contacts"
	}
	id := target
	switch {
	case strings.HasPrefix(path, "/api/admin/user-types/"):
		id = f.clientes
	case strings.HasPrefix(path, "/api/admin/tokens/"), strings.HasPrefix(path, "/api/admin/portal-users/"):
		id = "zzzzzzzzzzzzzzzzzzzz"
	case strings.HasPrefix(path, "/api/me/colleagues/"):
		id = cmp.Or(f.ownUser, "zzzzzzzzzzzzzzzzzzzz") // fixtures without a portal user of their own (faults) aim at none
	case method == "DELETE" && strings.HasPrefix(path, "/api/admin/records/"):
		id = "zzzzzzzzzzzzzzzzzzzz" // staff may delete records: aim at none
	}
	if path == "/api/unsubscribe" {
		// A token of the right shape that names no one: the route reads storage for it.
		path += "?token=" + strings.Repeat("A", 43)
	}
	return method, strings.NewReplacer("{module}", module, "{id}", id, "{noteId}", f.note, "{aid}", f.file,
		"{slug}", seed.DemoPortalSlug, "{token}", strings.Repeat("A", 43), "{jobId}", "zzzzzzzzzzzzzzzzzzzz",
		"{action}", "resend", "{name}", "invitation", "{lang}", "en").Replace(path)
}

// cellBody is a well-formed body for a route's request (wrong credentials for logins).
func cellBody(route string) any {
	switch route {
	case "POST /api/admin/login", "POST /api/p/{slug}/login":
		return map[string]any{"email": "nobody@matrix.example", "password": "not anyone's password"}
	case "POST /api/admin/login/passkey", "POST /api/p/{slug}/login/passkey":
		return map[string]any{"action": "finish", "credential": map[string]any{"id": "AAAA", "type": "public-key"}}
	case "POST /api/admin/password-reset", "POST /api/p/{slug}/password-reset":
		return map[string]any{"email": "nobody@matrix.example"}
	case "POST /api/admin/password-reset/{token}", "POST /api/password-reset/{token}", "POST /api/invitations/{token}/accept":
		return map[string]any{"password": "a long enough passphrase"}
	case "POST /api/records/{module}", "PATCH /api/records/{module}/{id}", "POST /api/admin/records/{module}", "PATCH /api/admin/records/{module}/{id}":
		return map[string]any{"fields": map[string]any{"Subject": "matriz"}}
	case "POST /api/records/{module}/{id}/notes", "PATCH /api/records/{module}/{id}/notes/{noteId}", "POST /api/admin/records/{module}/{id}/notes":
		return map[string]any{"body": "matriz"}
	case "POST /api/records/{module}/{id}/attachments", "POST /api/admin/records/{module}/{id}/attachments":
		return map[string]any{"filename": "m.pdf", "contentType": "application/pdf", "size": 10}
	case "POST /api/admin/tokens":
		return map[string]any{"name": "matrix cell"}
	case "PATCH /api/me/preferences":
		return map[string]any{"language": "pt-BR", "timeFormat": "24h", "timeZone": "America/Sao_Paulo", "country": "BR"}
	case "POST /api/admin/preview", "POST /api/admin/records/{module}/{id}/invitation":
		return map[string]any{"userTypeId": "zzzzzzzzzzzzzzzzzzzz"}
	}
	method, _, _ := strings.Cut(route, " ")
	if method == "GET" || method == "DELETE" || strings.HasSuffix(route, "/complete") || strings.HasSuffix(route, "/{action}") || route == "POST /api/logout" {
		return nil
	}
	return map[string]any{}
}

// renderMatrix is the matrix as the Markdown table docs/security.md shows.
func renderMatrix(t *testing.T) string {
	m := loadMatrix(t)
	cells := m.cells(t)
	routes := make([]string, 0, len(cells))
	for r := range cells {
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool {
		_, pi, _ := strings.Cut(routes[i], " ")
		_, pj, _ := strings.Cut(routes[j], " ")
		if pi != pj {
			return pi < pj
		}
		return routes[i] < routes[j]
	})
	var b strings.Builder
	b.WriteString("| route | " + strings.Join(m.Principals, " | ") + " |\n|---|" + strings.Repeat("---|", len(m.Principals)) + "\n")
	for _, r := range routes {
		b.WriteString("| `" + r + "` |")
		for _, p := range m.Principals {
			b.WriteString(" " + cells[r][p] + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

const (
	matrixBegin = "<!-- authorization matrix: begin (rendered from docs/authorization.yaml by infra/apitest) -->\n"
	matrixEnd   = "<!-- authorization matrix: end -->\n"
)

// TestSecurityDocShowsTheMatrix keeps docs/security.md's table equal to docs/authorization.yaml.
// UPDATE_SECURITY_DOC=1 rewrites the table.
func TestSecurityDocShowsTheMatrix(t *testing.T) {
	const file = "../../docs/security.md"
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, matrixBegin), strings.Index(doc, matrixEnd)
	if i < 0 || j < i {
		t.Fatalf("docs/security.md lacks the matrix markers")
	}
	want := renderMatrix(t)
	if doc[i+len(matrixBegin):j] == want {
		return
	}
	if os.Getenv("UPDATE_SECURITY_DOC") != "" {
		if err := os.WriteFile(file, []byte(doc[:i+len(matrixBegin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/security.md's matrix differs from docs/authorization.yaml; run UPDATE_SECURITY_DOC=1 go test ./infra/apitest -run TestSecurityDocShowsTheMatrix")
}
