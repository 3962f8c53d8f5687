package apitest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
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
	MustStatus(t, oc.Do("POST", "/api/admin/portal", map[string]any{"name": company, "slug": "Not A Slug"}), http.StatusUnprocessableEntity)
	r = oc.Do("POST", "/api/admin/portal", map[string]any{"name": company, "slug": conflict.Suggestion})
	MustStatus(t, r, http.StatusCreated)
	var second portalJSON
	r.JSON(t, &second)
	if second.Name != company || second.Slug != conflict.Suggestion {
		t.Errorf("portal with the suggested address = %+v, want the name kept and the suggestion as slug", second)
	}

	// Renaming keeps the address (links already sent keep working as they are).
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"name": "Novo Nome " + id}), http.StatusPreconditionRequired)
	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"name": "Novo Nome " + id}, "If-Match", `"1"`)
	MustStatus(t, r, http.StatusOK)
	var renamed portalJSON
	r.JSON(t, &renamed)
	if renamed.Slug != pt.Slug || renamed.Name != "Novo Nome "+id || len(renamed.OldSlugs) != 0 || renamed.URL != pt.URL {
		t.Errorf("renamed = %+v, want the new name at the same address %s", renamed, pt.Slug)
	}
	// A slug asked for moves the address; the old one keeps leading to the portal.
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"slug": "Not A Slug"}, "If-Match", `"2"`), http.StatusUnprocessableEntity)
	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"slug": "novo-nome-" + id}, "If-Match", `"2"`)
	MustStatus(t, r, http.StatusOK)
	var moved portalJSON
	r.JSON(t, &moved)
	if moved.Slug != "novo-nome-"+id || len(moved.OldSlugs) != 1 || moved.OldSlugs[0] != pt.Slug || moved.Name != renamed.Name {
		t.Errorf("moved = %+v", moved)
	}
	var pub struct{ Name, Slug string }
	settle() // the public route reads the portal by slug eventually consistently
	anon := e.Client(t)
	r = anon.Do("GET", "/api/p/"+pt.Slug, nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &pub)
	if pub.Slug != moved.Slug || pub.Name != "Novo Nome "+id {
		t.Errorf("old address answers %+v, want the moved portal", pub)
	}
	MustStatus(t, anon.Do("GET", "/api/p/no-such-portal-"+id, nil), http.StatusNotFound)
	// The old slug stays reserved for its organization.
	MustStatus(t, oc.Do("PATCH", "/api/admin/portal", map[string]any{"slug": pt.Slug}, "If-Match", `"1"`), http.StatusConflict)
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"slug": pt.Slug}, "If-Match", `"3"`), http.StatusOK)
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

// postForm uploads body to a presigned POST form, the way a browser does.
func postForm(t *testing.T, url string, fields map[string]string, body []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", "logo")
	_, _ = fw.Write(body)
	_ = w.Close()
	resp, err := http.Post(url, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestPortalLogo(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Logo "+strings.ToLower(o0()))
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	r := admin.Do("POST", "/api/admin/portal", map[string]any{})
	MustStatus(t, r, http.StatusCreated)
	version := 1

	upload := func(ct string, body []byte) (string, int) {
		key, status := uploadLogo(t, admin, ct, body)
		if !strings.HasPrefix(key, "branding/"+o.ID+"/") {
			t.Fatalf("key %q is not under the organization", key)
		}
		return key, status
	}
	MustStatus(t, admin.Do("POST", "/api/admin/portal/logo", map[string]string{"contentType": "image/svg+xml"}), http.StatusUnprocessableEntity)

	png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, bytes.Repeat([]byte{1}, 100)...)
	if _, status := upload("image/png", bytes.Repeat([]byte{1}, 600<<10)); status < 400 {
		t.Errorf("a 600 KB logo was accepted by the upload form (status %d)", status)
	}
	fake, status := upload("image/png", []byte("<svg onload=alert(1)>"))
	if status >= 300 {
		t.Fatalf("upload: status %d", status)
	}
	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": fake}}, "If-Match", strconv.Itoa(version))
	MustStatus(t, r, http.StatusUnprocessableEntity) // not an image, whatever its content type
	MustStatus(t, admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": "branding/other/logo-x"}}, "If-Match", strconv.Itoa(version)), http.StatusUnprocessableEntity)

	good, status := upload("image/png", png)
	if status >= 300 {
		t.Fatalf("upload: status %d", status)
	}
	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": good}}, "If-Match", strconv.Itoa(version))
	MustStatus(t, r, http.StatusOK)
	var pt struct{ Slug, LogoURL string }
	r.JSON(t, &pt)
	var pub struct {
		LogoURL  string
		Branding map[string]any
	}
	settle() // the public page reads the portal by slug eventually consistently (data model: 22, 23)
	e.Client(t).Do("GET", "/api/p/"+pt.Slug, nil).JSON(t, &pub)
	if pub.LogoURL == "" || pub.Branding["logoKey"] != nil {
		t.Fatalf("public portal = %+v, want a logo link and no key", pub)
	}
	resp, err := http.Get(pub.LogoURL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, png) {
		t.Errorf("the logo link serves %d bytes, not the uploaded logo", len(got))
	}
}

func o0() string { id, _ := auth.NewID(); return id[:8] }

// uploadLogo asks admin's portal for a logo upload form of contentType (201) and posts body
// to it: the upload's key and the form's status.
func uploadLogo(t *testing.T, admin *client, contentType string, body []byte) (key string, status int) {
	t.Helper()
	r := admin.Do("POST", "/api/admin/portal/logo", map[string]string{"contentType": contentType})
	MustStatus(t, r, http.StatusCreated)
	var up struct {
		URL    string
		Fields map[string]string
		Key    string
	}
	r.JSON(t, &up)
	return up.Key, postForm(t, up.URL, up.Fields, body)
}
