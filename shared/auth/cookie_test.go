package auth

import (
	"net/http"
	"testing"
	"time"
)

func TestSetCookie(t *testing.T) {
	tests := []struct {
		name, cookie, value string
		maxAge              time.Duration
		want                string
	}{
		{"staff, 12 hours", StaffCookie, "abc.def", 12 * time.Hour,
			"__Host-staff=abc.def; Path=/; Max-Age=43200; Secure; HttpOnly; SameSite=Lax"},
		{"portal, 30 days", PortalCookie, "v", 30 * 24 * time.Hour,
			"__Host-portal=v; Path=/; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax"},
		{"fraction of a second rounds down", PortalCookie, "v", 1500 * time.Millisecond,
			"__Host-portal=v; Path=/; Max-Age=1; Secure; HttpOnly; SameSite=Lax"},
		{"under a second is zero", PortalCookie, "v", time.Millisecond,
			"__Host-portal=v; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"},
		{"negative is zero", PortalCookie, "v", -time.Hour,
			"__Host-portal=v; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SetCookie(tt.cookie, tt.value, tt.maxAge)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			// A browser-grade parser reads it back with the attributes the __Host- prefix needs.
			c, err := http.ParseSetCookie(got)
			if err != nil {
				t.Fatalf("parse: got error %v, want none", err)
			}
			if c.Name != tt.cookie || c.Value != tt.value || c.Path != "/" || c.Domain != "" ||
				!c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("parsed: got %+v, want name %q value %q, Path=/, no Domain, Secure, HttpOnly, Lax", c, tt.cookie, tt.value)
			}
		})
	}
}

func TestClearCookie(t *testing.T) {
	tests := []struct{ name, cookie, want string }{
		{"staff", StaffCookie, "__Host-staff=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"},
		{"portal", PortalCookie, "__Host-portal=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClearCookie(tt.cookie); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCookie(t *testing.T) {
	tests := []struct {
		name    string
		cookies []string
		lookup  string
		want    string
		wantOK  bool
	}{
		{"nil list", nil, PortalCookie, "", false},
		{"only match", []string{"__Host-portal=tok"}, PortalCookie, "tok", true},
		{"among others", []string{"a=1", "__Host-portal=tok", "b=2"}, PortalCookie, "tok", true},
		{"first of two", []string{"__Host-portal=one", "__Host-portal=two"}, PortalCookie, "one", true},
		{"empty value", []string{"__Host-portal="}, PortalCookie, "", true},
		{"value with equals sign", []string{"__Host-portal=a=b"}, PortalCookie, "a=b", true},
		{"raw header in one element", []string{"a=1; __Host-portal=tok; b=2"}, PortalCookie, "tok", true},
		{"surrounding spaces", []string{"  __Host-portal=tok "}, PortalCookie, "tok", true},
		{"other cookie only", []string{"__Host-staff=tok"}, PortalCookie, "", false},
		{"name is case-sensitive", []string{"__host-portal=tok"}, PortalCookie, "", false},
		{"name without prefix", []string{"portal=tok"}, PortalCookie, "", false},
		{"name as a prefix of another", []string{"__Host-portalx=tok"}, PortalCookie, "", false},
		{"no equals sign", []string{"__Host-portal"}, PortalCookie, "", false},
		{"empty element", []string{""}, PortalCookie, "", false},
		{"staff beside portal", []string{"__Host-portal=p", "__Host-staff=s"}, StaffCookie, "s", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Cookie(tt.cookies, tt.lookup)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %q, %v, want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
