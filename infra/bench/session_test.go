package bench

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestCookieHeader(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		want    string
		wantErr bool
	}{
		{"secure host cookie", []string{"__Host-staff=org1.secret; Path=/; Max-Age=43200; Secure; HttpOnly; SameSite=Lax"}, "__Host-staff=org1.secret", false},
		{"among others", []string{"other=1; Path=/", "__Host-staff=v; Path=/; Secure"}, "__Host-staff=v", false},
		{"cleared", []string{"__Host-staff=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"}, "", true},
		{"not set", []string{"__Host-portal=p; Path=/; Secure"}, "", true},
		{"no Set-Cookie", nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tt.lines {
				h.Add("Set-Cookie", l)
			}
			got, err := CookieHeader(h, "__Host-staff")
			if (err != nil) != tt.wantErr {
				t.Fatalf("CookieHeader error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("CookieHeader = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoginPostsTheCredentialsAndKeepsTheCookie(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]string
		_ = json.NewDecoder(r.Body).Decode(&in)
		if r.Method != http.MethodPost || r.URL.Path != "/api/admin/login" || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "wrong request", http.StatusBadRequest)
			return
		}
		if in["email"] != "a@b.example" || in["password"] != "pw" {
			http.Error(w, "wrong credentials", http.StatusUnauthorized)
			return
		}
		w.Header().Add("Set-Cookie", "__Host-staff=o.s; Path=/; Secure; HttpOnly")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	got, err := Login(t.Context(), srv.Client(), srv.URL, "a@b.example", "pw", "__Host-staff")
	if err != nil || got != "__Host-staff=o.s" {
		t.Errorf("Login = %q, %v; want the cookie header", got, err)
	}
	if _, err := Login(t.Context(), srv.Client(), srv.URL, "a@b.example", "wrong", "__Host-staff"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("Login with a wrong password = %v, want a 401 error", err)
	}
}

func TestGetSendsHeadersAndChecksTheStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, r.Header.Get("Cookie"))
	}))
	defer srv.Close()
	_, body, err := Get(t.Context(), srv.Client(), srv.URL+"/list", "Cookie", "__Host-staff=v")
	if err != nil || string(body) != "__Host-staff=v" {
		t.Errorf("Get = %q, %v; want the cookie echoed", body, err)
	}
	if _, _, err := Get(t.Context(), srv.Client(), srv.URL+"/missing"); err == nil {
		t.Error("Get of a 404 succeeded, want an error")
	}
}

func TestParsePage(t *testing.T) {
	p, err := ParsePage([]byte(`{"items":[{"id":"a","fields":{}},{"id":"b"}],"nextCursor":"c1"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.IDs(); !slices.Equal(got, []string{"a", "b"}) || p.NextCursor != "c1" {
		t.Errorf("page = %v, %q", got, p.NextCursor)
	}
	if _, err := ParsePage([]byte(`not json`)); err == nil {
		t.Error("ParsePage of non-JSON succeeded")
	}
}

func TestPostSendsTheBodyAndHeadersAndChecksTheStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "wrong request", http.StatusBadRequest)
			return
		}
		w.Header().Set("X-Echo", r.Header.Get("X-Requested-With"))
		w.WriteHeader(http.StatusCreated)
		w.Write(body)
	}))
	defer srv.Close()
	d, body, h, err := Post(t.Context(), srv.Client(), srv.URL+"/x", []byte(`{"a":1}`), http.StatusCreated, "X-Requested-With", "portal")
	if err != nil || d <= 0 || string(body) != `{"a":1}` || h.Get("X-Echo") != "portal" {
		t.Errorf("Post = %v, %q, %v, %v; want the body and header echoed", d, body, h, err)
	}
	if _, _, _, err := Post(t.Context(), srv.Client(), srv.URL+"/x", []byte(`{}`), http.StatusOK); err == nil || !strings.Contains(err.Error(), "status 201, want 200") {
		t.Errorf("Post expecting 200 of a 201 = %v, want a status error", err)
	}
}
