package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"crmportal/infra/samlocal"
	"crmportal/infra/seed"
)

// (In a file after main_test.go: TestSeedDemo wants to be the first to seed the demo.)

// TestEventsMint mints in the test stack's demo organization and checks what each kind of
// event got; a second mint revokes the first one's token.
func TestEventsMint(t *testing.T) {
	if r := ctl(map[string]string{"DEMO_PASSWORD": "another demo password"}, "--env-file", envFile(t), "seed", "demo"); r.code != exitOK {
		t.Fatalf("seed demo: exit code %d, stderr %q", r.code, r.stderr)
	}
	dir := t.TempDir()
	mint := func() string {
		r := local(t, "events", "mint", "--out", dir)
		if r.code != exitOK {
			t.Fatalf("events mint: exit code %d, stderr %q", r.code, r.stderr)
		}
		b, err := os.ReadFile(filepath.Join(dir, "staff-me.json"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first := mint()
	read := func(name string) map[string]any {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(filepath.Join(dir, name+".json"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s.json mode %v, want 0600 (it holds credentials)", name, st.Mode().Perm())
		}
		var ev map[string]any
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		return ev
	}
	header := func(ev map[string]any, name string) string {
		h, _ := ev["headers"].(map[string]any)
		s, _ := h[name].(string)
		return s
	}
	tests := []struct {
		event          string
		bearer, cookie bool
		xrw            bool // must carry X-Requested-With (the others keep the committed event's)
	}{
		{"staff-me", true, false, false},
		{"records-list", true, false, false},
		{"me-get", false, true, false},
		{"record-portal-create", false, true, true},
		{"staff-login", false, false, false},
		{"portal-login", false, false, false},
		{"logout", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			ev := read(tt.event)
			if got := strings.HasPrefix(header(ev, "authorization"), "Bearer "); got != tt.bearer {
				t.Errorf("bearer token: %v, want %v", got, tt.bearer)
			}
			cookies, _ := ev["cookies"].([]any)
			if got := len(cookies) == 1; got != tt.cookie {
				t.Errorf("portal cookie: %v (%v), want %v", got, cookies, tt.cookie)
			}
			if tt.xrw && header(ev, "x-requested-with") != "portal" {
				t.Errorf("no X-Requested-With: portal on a portal session's state change")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "email-events.json")); !os.IsNotExist(err) {
		t.Errorf("an SNS event was written (%v); only API events get credentials", err)
	}

	second := mint()
	if first == second {
		t.Fatal("a second mint wrote the same token")
	}
	s := testStore(t)
	admin, err := s.StaffByEmail(context.Background(), seed.DemoAdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	toks, err := s.ListAPITokens(context.Background(), admin.OrgID, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tok := range toks {
		if tok.Name == samlocal.TokenName {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d tokens named %q after two mints, want 1 (the first revoked)", n, samlocal.TokenName)
	}
}
