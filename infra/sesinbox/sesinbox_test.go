package sesinbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const (
	tokA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	tokB = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
	tokC = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
)

// mailbox is what the emulator answers at /store: three emails, the last to two addresses.
const mailbox = `{"emails":[
 {"destination":{"to":["ana@example.com"]},"subject":"Invitation","body":{"text":"Join: http://x/p/acme/invite/` + tokA + `","html":"<a href=\"http://x/p/acme/invite/` + tokA + `\">join</a>"}},
 {"destination":{"to":["bob@example.com"]},"subject":"Reset","body":{"text":"Reset: http://x/admin/reset/` + tokB + `","html":""}},
 {"destination":{"to":["ana@example.com"]},"subject":"Reset","body":{"text":"Reset: http://x/p/acme-2/reset/` + tokC + `","html":""}},
 {"destination":{"to":["ana@example.com","bob@example.com"]},"subject":"Both","body":{"text":"","html":""}}
]}`

func TestList(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/store" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(mailbox))
	}))
	defer srv.Close()
	msgs, err := List(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 4 || msgs[0].Subject != "Invitation" || !strings.Contains(msgs[0].Body.HTML, tokA) {
		t.Fatalf("List = %+v, want the four emails decoded", msgs)
	}
	if _, err := List(context.Background(), srv.Client(), srv.URL+"/nowhere"); err == nil {
		t.Error("List of a server answering 404 gave no error")
	}

	tests := []struct {
		name string
		addr string
		re   string // "invite", "reset" (portal links) or "staff"
		want []string
	}{
		{"portal invitation", "ana@example.com", "invite", []string{tokA}},
		{"portal reset", "ana@example.com", "reset", []string{tokC}},
		{"staff reset", "bob@example.com", "staff", []string{tokB}},
		{"a staff link is no portal link", "bob@example.com", "reset", nil},
		{"no email", "eve@example.com", "invite", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := StaffResetLink
			if tt.re != "staff" {
				re = PortalLink(tt.re)
			}
			got := Tokens(To(msgs, tt.addr), re)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokens = %v, want %v", got, tt.want)
			}
			last := ""
			if len(tt.want) > 0 {
				last = tt.want[len(tt.want)-1]
			}
			if got := LastToken(To(msgs, tt.addr), re); got != last {
				t.Errorf("LastToken = %q, want %q", got, last)
			}
		})
	}
	if got, err := LastLink(context.Background(), srv.Client(), srv.URL, "ana@example.com", PortalLink("invite")); got != tokA || err != nil {
		t.Errorf("LastLink(ana, invite) = %q, %v; want %q", got, err, tokA)
	}
	if got, err := LastLink(context.Background(), srv.Client(), srv.URL, "eve@example.com", PortalLink("invite")); err == nil {
		t.Errorf("LastLink(eve, invite) = %q, want an error", got)
	}
	if got := len(To(msgs, "ana@example.com")); got != 2 {
		t.Errorf("To(ana) = %d emails, want 2 (not the one also to bob)", got)
	}
}
