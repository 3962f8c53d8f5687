package apitest

import (
	"net/http"
	"sync"
	"testing"

	"crmportal/shared/auth"
)

type portalJSON struct {
	Name, Slug, URL string
	OldSlugs        []string
	Version         int
}

func TestPortalSetup(t *testing.T) {
	e := MustEnv(t)
	id, _ := auth.NewID()
	company := "Clientes Ação " + id
	o := e.MustOrg(t, company)
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	user := e.LoggedIn(t, o.UserEmail, o.Password)

	r := admin.Do("GET", "/api/admin/portal", nil)
	MustStatus(t, r, http.StatusNotFound)
	var nf struct{ DefaultName string }
	r.JSON(t, &nf)
	if nf.DefaultName != company {
		t.Errorf("defaultName = %q, want the company name %q", nf.DefaultName, company)
	}
	MustStatus(t, user.Do("POST", "/api/admin/portal", map[string]any{}), http.StatusForbidden)
	MustStatus(t, admin.Do("POST", "/api/admin/portal", map[string]any{"name": "Admin"}), http.StatusUnprocessableEntity)
	MustStatus(t, admin.Do("POST", "/api/admin/portal", map[string]any{"branding": map[string]any{"primaryColor": "blue"}}), http.StatusUnprocessableEntity)

	r = admin.Do("POST", "/api/admin/portal", map[string]any{})
	MustStatus(t, r, http.StatusCreated)
	var pt portalJSON
	r.JSON(t, &pt)
	if want := "clientes-acao-" + id; pt.Slug != want || pt.Name != company || pt.URL != origin+"/p/"+want {
		t.Errorf("portal = %+v, want slug %s from the company name", pt, want)
	}
	MustStatus(t, admin.Do("POST", "/api/admin/portal", map[string]any{}), http.StatusConflict)

	// Another organization asking for the same name gets a free suggestion.
	other := e.MustOrg(t, "Outra "+id)
	oc := e.LoggedIn(t, other.AdminEmail, other.Password)
	r = oc.Do("POST", "/api/admin/portal", map[string]any{"name": company})
	MustStatus(t, r, http.StatusConflict)
	var conflict struct{ Suggestion string }
	r.JSON(t, &conflict)
	if conflict.Suggestion != pt.Slug+"-2" {
		t.Errorf("suggestion = %q, want %q", conflict.Suggestion, pt.Slug+"-2")
	}
	MustStatus(t, oc.Do("POST", "/api/admin/portal", map[string]any{"name": conflict.Suggestion}), http.StatusCreated)

	// Renaming moves the address; the old one keeps leading to the portal.
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"name": "Novo Nome " + id}), http.StatusPreconditionRequired)
	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"name": "Novo Nome " + id}, "If-Match", `"1"`)
	MustStatus(t, r, http.StatusOK)
	var renamed portalJSON
	r.JSON(t, &renamed)
	if renamed.Slug != "novo-nome-"+id || len(renamed.OldSlugs) != 1 || renamed.OldSlugs[0] != pt.Slug {
		t.Errorf("renamed = %+v", renamed)
	}
	var pub struct{ Name, Slug string }
	anon := e.Client(t)
	r = anon.Do("GET", "/api/p/"+pt.Slug, nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &pub)
	if pub.Slug != renamed.Slug || pub.Name != "Novo Nome "+id {
		t.Errorf("old address answers %+v, want the renamed portal", pub)
	}
	MustStatus(t, anon.Do("GET", "/api/p/no-such-portal-"+id, nil), http.StatusNotFound)
	// The old slug stays reserved for its organization.
	MustStatus(t, oc.Do("PATCH", "/api/admin/portal", map[string]any{"name": company}, "If-Match", `"1"`), http.StatusConflict)
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"name": company}, "If-Match", `"2"`), http.StatusOK)
}

// TestPortalSlugUnderConcurrency: many organizations claiming the same name at once, exactly
// one gets it.
func TestPortalSlugUnderConcurrency(t *testing.T) {
	e := MustEnv(t)
	id, _ := auth.NewID()
	name := "Corrida " + id
	const n = 12
	clients := make([]*client, n)
	for i := range clients {
		o := e.MustOrg(t, name)
		clients[i] = e.LoggedIn(t, o.AdminEmail, o.Password)
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = c.Do("POST", "/api/admin/portal", map[string]any{}).Status
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			won++
		case http.StatusConflict:
		default:
			t.Errorf("status %d, want 201 or 409", s)
		}
	}
	if won != 1 {
		t.Errorf("%d organizations got the slug, want exactly 1 (statuses %v)", won, statuses)
	}
}
