package apitest

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestErasureRequestsPaging: GET /api/admin/erasure-requests answers a page of at most
// limit requests and a nextCursor while more are pending; following the cursors lists each
// pending request once. A cursor or limit that is not one is 400 naming it.
func TestErasureRequestsPaging(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Pedidos em páginas", 5)
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"erasure": "approval"}), http.StatusOK)
	var want []string
	for _, name := range []string{"Primeira", "Segunda", "Terceira"} {
		u := p.erasable(t, e, name)
		MustStatus(t, u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password}), http.StatusAccepted)
		want = append(want, u.ID)
	}

	var got []string
	var sizes []int
	cursor := ""
	for range 5 {
		path := "/api/admin/erasure-requests?limit=2"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		r := p.Admin.Do("GET", path, nil)
		MustStatus(t, r, http.StatusOK)
		var page struct {
			Items      []struct{ UserID string }
			NextCursor string
		}
		r.JSON(t, &page)
		sizes = append(sizes, len(page.Items))
		for _, it := range page.Items {
			got = append(got, it.UserID)
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if len(sizes) < 2 || sizes[0] != 2 {
		t.Errorf("page sizes = %v, want a first page of 2 and a second page", sizes)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("requests over the pages = %v, want each of %v once", got, want)
	}

	for _, tt := range []struct{ name, query, field string }{
		{"a cursor that is not one", "cursor=bogus", "cursor"},
		{"a limit of 0", "limit=0", "limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Admin.Do("GET", "/api/admin/erasure-requests?"+tt.query, nil)
			MustStatus(t, r, http.StatusBadRequest)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != tt.field {
				t.Errorf("the problem names %v, want [%s]", f, tt.field)
			}
		})
	}
}
