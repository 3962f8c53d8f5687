package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"crmportal/infra/seed"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/shared/auth"
	"crmportal/shared/store"
)

var st *stack.Stack

func TestMain(m *testing.M) { stacktest.Main(m, &st) }

const origin = "http://localhost:3000"

// envFile writes the test stack's variables as `make dev` writes .dev-data/stack.env, with
// replacements of some of them.
func envFile(t *testing.T, replace ...string) string {
	t.Helper()
	lines := st.Env(origin)
	for i := 0; i+1 < len(replace); i += 2 {
		for j, l := range lines {
			if strings.HasPrefix(l, replace[i]+"=") {
				lines[j] = replace[i] + "=" + replace[i+1]
			}
		}
	}
	path := filepath.Join(t.TempDir(), "stack.env")
	if err := os.WriteFile(path, []byte("# the test stack\n"+strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type result struct {
	code           int
	stdout, stderr string
}

// ctl runs portalctl with env as the caller's environment.
func ctl(env map[string]string, args ...string) result {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// local runs portalctl on the test stack.
func local(t *testing.T, args ...string) result {
	t.Helper()
	return ctl(nil, append([]string{"--env-file", envFile(t)}, args...)...)
}

func testStore(t *testing.T) *store.Store {
	t.Helper()
	d, err := st.Deps(context.Background(), origin, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return store.New(d.DynamoDB, d.Config.TableName, nil)
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		msg  string // in stderr
		use  string // the usage shown, in stderr
	}{
		{"no command", nil, "no command given", "Usage:\n  portalctl [--stack NAME | --local"},
		{"unknown command", []string{"frob", "nicate"}, `unknown command "frob nicate"`, "Commands:"},
		{"group without subcommand", []string{"org"}, `"org" needs a subcommand: create, limits, list`, "Commands:"},
		{"unknown global flag", []string{"--verbose", "org", "list"}, "flag provided but not defined: -verbose", "Commands:"},
		{"unknown flag", []string{"org", "create", "--name", "X", "--bogus"}, "flag provided but not defined: -bogus", "Usage: portalctl org create"},
		{"stray argument", []string{"seed", "demo", "now"}, `unexpected argument "now"`, "Usage: portalctl seed demo"},
		{"org create without name", []string{"org", "create"}, "--name is required", "Usage: portalctl org create"},
		{"org create blank name", []string{"org", "create", "--name", "  "}, "--name is required", "Usage: portalctl org create"},
		{"org create bad id", []string{"org", "create", "--name", "X", "--id", "Not_An_Id"}, `--id "Not_An_Id" must be 8 to 40`, "Usage: portalctl org create"},
		{"org create bad language", []string{"org", "create", "--name", "X", "--language", "pt_BR"}, `--language "pt_BR"`, "Usage: portalctl org create"},
		{"org create bad time format", []string{"org", "create", "--name", "X", "--time-format", "25h"}, `--time-format "25h"`, "Usage: portalctl org create"},
		{"org create bad time zone", []string{"org", "create", "--name", "X", "--time-zone", "Mars/Olympus"}, `--time-zone "Mars/Olympus"`, "Usage: portalctl org create"},
		{"org create bad country", []string{"org", "create", "--name", "X", "--country", "br"}, `--country "br"`, "Usage: portalctl org create"},
		{"org limits without org", []string{"org", "limits", "--license-pool", "3"}, "--org is required", "Usage: portalctl org limits"},
		{"org limits no user types", []string{"org", "limits", "--org", "abcdefgh", "--user-types", "0"}, "--user-types must be 1 to 20", "Usage: portalctl org limits"},
		{"org limits too many user types", []string{"org", "limits", "--org", "abcdefgh", "--user-types", "21"}, "--user-types must be 1 to 20", "Usage: portalctl org limits"},
		{"org limits negative seats", []string{"org", "limits", "--org", "abcdefgh", "--free-seats", "-1"}, "--free-seats must be 0 or more", "Usage: portalctl org limits"},
		{"org limits not a number", []string{"org", "limits", "--org", "abcdefgh", "--license-pool", "many"}, `invalid value "many" for flag -license-pool`, "Usage: portalctl org limits"},
		{"org list negative limit", []string{"org", "list", "--limit", "-1"}, "--limit must be 0 or more", "Usage: portalctl org list"},
		{"staff create without email", []string{"staff", "create", "--org", "abcdefgh", "--name", "Ana"}, "--email is required", "Usage: portalctl staff create"},
		{"staff create bad email", []string{"staff", "create", "--org", "abcdefgh", "--email", "Ana <ana@x.example>", "--name", "Ana"}, "is not an email address", "Usage: portalctl staff create"},
		{"staff create bad role", []string{"staff", "create", "--org", "abcdefgh", "--email", "ana@x.example", "--name", "Ana", "--role", "owner"}, `--role must be admin or user, not "owner"`, "Usage: portalctl staff create"},
		{"staff create name with a line break", []string{"staff", "create", "--org", "abcdefgh", "--email", "ana@x.example", "--name", "Ana\nBcc: x@y.example"}, "--name must not contain control characters or line breaks", "Usage: portalctl staff create"},
		{"staff create name too long", []string{"staff", "create", "--org", "abcdefgh", "--email", "ana@x.example", "--name", strings.Repeat("a", 101)}, "--name must be 1 to 100 characters", "Usage: portalctl staff create"},
		{"staff deactivate without org", []string{"staff", "deactivate", "--email", "ana@x.example"}, "--org is required", "Usage: portalctl staff deactivate"},
		{"staff activate without email", []string{"staff", "activate", "--org", "abcdefgh"}, "--email is required", "Usage: portalctl staff activate"},
		{"staff role without role", []string{"staff", "role", "--org", "abcdefgh", "--email", "ana@x.example"}, `--role must be admin or user, not ""`, "Usage: portalctl staff role"},
		{"staff role bad role", []string{"staff", "role", "--org", "abcdefgh", "--email", "ana@x.example", "--role", "owner"}, `--role must be admin or user, not "owner"`, "Usage: portalctl staff role"},
		{"staff deactivate takes no role", []string{"staff", "deactivate", "--org", "abcdefgh", "--email", "ana@x.example", "--role", "user"}, "flag provided but not defined: -role", "Usage: portalctl staff deactivate"},
		{"seed demo short password", []string{"seed", "demo", "--password", "short"}, "--password: password must be at least 12 characters", "Usage: portalctl seed demo"},
		{"web publish two folders", []string{"web", "publish", "web/dist", "other"}, `unexpected argument "other"`, "Usage: portalctl web publish"},
		{"two targets", []string{"--stack", "crm-portal-dev", "--local", "org", "list"}, "--stack and --local name different stacks: give one", "Commands:"},
		{"two targets after the command", []string{"web", "publish", "--env-file", "x.env", "--stack", "crm-portal-dev"}, "--stack and --env-file name different stacks", "Commands:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Usage errors are found before any configuration is read: no environment here.
			got := ctl(nil, tc.args...)
			if got.code != exitUsage {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", got.code, exitUsage, got.stderr)
			}
			if !strings.Contains(got.stderr, tc.msg) {
				t.Errorf("stderr = %q, want it to say %q", got.stderr, tc.msg)
			}
			if !strings.Contains(got.stderr, tc.use) {
				t.Errorf("stderr = %q, want the usage %q", got.stderr, tc.use)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want nothing", got.stdout)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"-h", []string{"-h"}, "Commands:"},
		{"help", []string{"help"}, "TABLE_NAME          output TableName"},
		{"help of a command", []string{"help", "org", "limits"}, "--license-pool N"},
		{"command -h", []string{"org", "create", "-h"}, "--time-zone ZONE"},
		{"command --help", []string{"staff", "create", "--help"}, "--role ROLE"},
		{"help of staff role", []string{"help", "staff", "role"}, "a demotion lowers their API tokens"},
		{"usage lists the staff changes", []string{"-h"}, "staff deactivate  --org ID --email EMAIL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ctl(nil, tc.args...)
			if got.code != exitOK || !strings.Contains(got.stdout, tc.want) {
				t.Errorf("exit code %d, stdout %q; want 0 and %q", got.code, got.stdout, tc.want)
			}
		})
	}
}

func TestConfiguration(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"environment without the variables", nil, []string{"org", "list"}, "TABLE_NAME is not set"},
		{"missing env file", nil, []string{"--env-file", filepath.Join(t.TempDir(), "none.env"), "org", "list"}, "read env file"},
		{"env file flag after the command", nil, []string{"org", "list", "--env-file", filepath.Join(t.TempDir(), "none.env")}, "read env file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ctl(tc.env, tc.args...)
			if got.code != exitFailure || !strings.Contains(got.stderr, tc.want) {
				t.Errorf("exit code %d, stderr %q; want %d and %q", got.code, got.stderr, exitFailure, tc.want)
			}
			if n := strings.Count(strings.TrimSpace(got.stderr), "\n"); n != 0 {
				t.Errorf("stderr has %d lines, want one: %q", n+1, got.stderr)
			}
		})
	}

	t.Run("the env file wins over the environment", func(t *testing.T) {
		// The process environment points DynamoDB nowhere; the file's endpoint is used.
		got := ctl(map[string]string{"TABLE_NAME": "elsewhere"}, "--env-file", envFile(t), "org", "list")
		if got.code != exitOK {
			t.Errorf("exit code %d, stderr %q; want 0", got.code, got.stderr)
		}
	})
}

func TestParseEnv(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
		err      string
	}{
		{"stack env", "TABLE_NAME=portal\nPORTAL_BASE_URL=http://localhost:3000\n", map[string]string{"TABLE_NAME": "portal", "PORTAL_BASE_URL": "http://localhost:3000"}, ""},
		{"comments and blanks", "# local\n\n  LOG_LEVEL=info  \n", map[string]string{"LOG_LEVEL": "info"}, ""},
		{"value with =", "X=a=b\n", map[string]string{"X": "a=b"}, ""},
		{"empty value", "PORTAL_BASE_URL=\n", map[string]string{"PORTAL_BASE_URL": ""}, ""},
		{"no =", "TABLE_NAME=portal\nportal\n", nil, "line 2 is not KEY=VALUE"},
		{"empty key", "=x\n", nil, "line 1 is not KEY=VALUE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseEnv(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("parseEnv error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("parseEnv = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOrg(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)

	t.Run("create with an id", func(t *testing.T) {
		got := local(t, "org", "create", "--name", "Clientes Ação Ltda", "--id", "ctlorg0001")
		if got.code != exitOK || got.stdout != "ctlorg0001\n" {
			t.Fatalf("exit code %d, stdout %q, stderr %q; want 0 and the id", got.code, got.stdout, got.stderr)
		}
		o, err := s.GetOrg(ctx, "ctlorg0001")
		if err != nil {
			t.Fatal(err)
		}
		gotSettings := [5]string{o.Name, o.Language, o.TimeFormat, o.TimeZone, o.Country}
		wantSettings := [5]string{"Clientes Ação Ltda", "pt-BR", "24h", "America/Sao_Paulo", "BR"}
		if gotSettings != wantSettings || o.Limits != store.DefaultLimits {
			t.Errorf("org = %v %+v, want %v %+v", gotSettings, o.Limits, wantSettings, store.DefaultLimits)
		}
	})

	t.Run("create with settings and a new id", func(t *testing.T) {
		got := local(t, "org", "create", "--name", "Globex", "--language", "EN-us", "--time-format", "12h",
			"--time-zone", "America/New_York", "--country", "US")
		id := strings.TrimSpace(got.stdout)
		if got.code != exitOK || !auth.ValidID(id) {
			t.Fatalf("exit code %d, stdout %q, stderr %q; want 0 and a new id", got.code, got.stdout, got.stderr)
		}
		o, err := s.GetOrg(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if gotL, wantL := [4]string{o.Language, o.TimeFormat, o.TimeZone, o.Country}, [4]string{"en-US", "12h", "America/New_York", "US"}; gotL != wantL {
			t.Errorf("settings = %v, want %v", gotL, wantL)
		}
	})

	t.Run("create a taken id", func(t *testing.T) {
		got := local(t, "org", "create", "--name", "Again", "--id", "ctlorg0001")
		if got.code != exitFailure || !strings.Contains(got.stderr, "organization ctlorg0001 exists already") {
			t.Errorf("exit code %d, stderr %q; want 1 and a clear message", got.code, got.stderr)
		}
	})

	limits := []struct {
		name  string
		args  []string
		want  store.Limits
		lines []string
	}{
		{"license pool only", []string{"--license-pool", "7"}, store.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 7}, []string{"license pool  7", "user types    5"}},
		{"user types keep the pool", []string{"--user-types", "3"}, store.Limits{UserTypes: 3, FreeSeats: 3000, LicensePool: 7}, []string{"user types    3", "license pool  7"}},
		{"all three", []string{"--user-types", "20", "--free-seats", "0", "--license-pool", "0"}, store.Limits{UserTypes: 20, FreeSeats: 0, LicensePool: 0}, []string{"free seats    0"}},
		{"none shows them", nil, store.Limits{UserTypes: 20, FreeSeats: 0, LicensePool: 0}, []string{"organization  ctlorg0001", "user types    20"}},
	}
	for _, tc := range limits {
		t.Run("limits "+tc.name, func(t *testing.T) {
			got := local(t, append([]string{"org", "limits", "--org", "ctlorg0001"}, tc.args...)...)
			if got.code != exitOK {
				t.Fatalf("exit code %d, stderr %q; want 0", got.code, got.stderr)
			}
			for _, l := range tc.lines {
				if !strings.Contains(got.stdout, l) {
					t.Errorf("stdout = %q, want a line %q", got.stdout, l)
				}
			}
			o, err := s.GetOrg(ctx, "ctlorg0001")
			if err != nil {
				t.Fatal(err)
			}
			if o.Limits != tc.want {
				t.Errorf("stored limits = %+v, want %+v", o.Limits, tc.want)
			}
		})
	}

	t.Run("limits of an unknown org", func(t *testing.T) {
		got := local(t, "org", "limits", "--org", "nosuchorg1", "--license-pool", "3")
		if got.code != exitFailure || got.stderr != "portalctl org limits: organization nosuchorg1 not found\n" {
			t.Errorf("exit code %d, stderr %q; want 1 and one line naming the org", got.code, got.stderr)
		}
	})

	t.Run("list pages through every organization", func(t *testing.T) {
		for i := range 120 {
			if err := s.CreateOrg(ctx, store.Org{ID: fmt.Sprintf("ctllist%04d", i), Name: fmt.Sprintf("Lista %d", i), Limits: store.DefaultLimits}); err != nil {
				t.Fatal(err)
			}
		}
		got := local(t, "org", "list")
		if got.code != exitOK {
			t.Fatalf("exit code %d, stderr %q; want 0", got.code, got.stderr)
		}
		rows := strings.Split(strings.TrimSpace(got.stdout), "\n")
		if !regexp.MustCompile(`^ID +NAME +CREATED +USER TYPES +FREE SEATS +LICENSE POOL$`).MatchString(rows[0]) {
			t.Errorf("header = %q, want the column names", rows[0])
		}
		if got, want := len(rows)-1, 122; got < want {
			t.Errorf("rows = %d, want at least %d", got, want)
		}
		if !regexp.MustCompile(`(?m)^ctlorg0001 +Clientes Ação Ltda +20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ +20 +0 +0$`).MatchString(got.stdout) {
			t.Errorf("stdout has no row of ctlorg0001 with its limits:\n%s", got.stdout)
		}
		if !strings.Contains(got.stderr, "org list: 100 organizations read") {
			t.Errorf("stderr = %q, want progress after the first page", got.stderr)
		}
	})

	t.Run("list with a limit", func(t *testing.T) {
		got := local(t, "org", "list", "--limit", "2")
		if rows := strings.Split(strings.TrimSpace(got.stdout), "\n"); got.code != exitOK || len(rows) != 3 {
			t.Errorf("exit code %d, stdout %q; want 0, a header and 2 rows", got.code, got.stdout)
		}
	})
}

func TestStaffCreate(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	if got := local(t, "org", "create", "--name", "Staff Test", "--id", "ctlstaff01"); got.code != exitOK {
		t.Fatalf("org create: %d %s", got.code, got.stderr)
	}
	link := regexp.MustCompile(`^http://localhost:3000/admin/reset/([A-Za-z0-9_-]{43})\n$`)

	tests := []struct {
		name        string
		env         []string // replacements in the env file
		email, role string
		warn        bool
	}{
		{"admin", nil, "Admin@Staff.example", "admin", false},
		{"user by default", nil, "user@staff.example", "", false},
		{"email not sent", []string{"AWS_ENDPOINT_URL_SES", "http://127.0.0.1:1"}, "unsent@staff.example", "user", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--env-file", envFile(t, tc.env...), "staff", "create", "--org", "ctlstaff01", "--email", tc.email, "--name", "Pessoa " + tc.name}
			if tc.role != "" {
				args = append(args, "--role", tc.role)
			}
			got := ctl(nil, args...)
			if got.code != exitOK {
				t.Fatalf("exit code %d, stderr %q; want 0", got.code, got.stderr)
			}
			m := link.FindStringSubmatch(got.stdout)
			if m == nil {
				t.Fatalf("stdout = %q, want the link to /admin/reset/", got.stdout)
			}
			if warned := strings.Contains(got.stderr, "warning: the link was not emailed"); warned != tc.warn {
				t.Errorf("stderr = %q; warning printed %v, want %v", got.stderr, warned, tc.warn)
			}
			u, err := s.StaffByEmail(ctx, tc.email)
			if err != nil {
				t.Fatal(err)
			}
			wantRole := tc.role
			if wantRole == "" {
				wantRole = "user"
			}
			if u.OrgID != "ctlstaff01" || u.Role != wantRole || u.PasswordHash != "" || u.Email != strings.ToLower(tc.email) {
				t.Errorf("account = org %s role %s email %s hash %q, want ctlstaff01 %s %s and no password",
					u.OrgID, u.Role, u.Email, u.PasswordHash, wantRole, strings.ToLower(tc.email))
			}
			tok, err := s.GetResetToken(ctx, auth.HashSecret(m[1]))
			if err != nil || tok.UserID != u.ID || tok.Purpose != "setup" {
				t.Errorf("token of the link = %+v, %v; want a setup token of %s", tok, err, u.ID)
			}
		})
	}

	failures := []struct {
		name, org, email, want string
	}{
		{"taken email", "ctlstaff01", "ADMIN@staff.example", "admin@staff.example is taken by a staff account of organization ctlstaff01"},
		{"unknown org", "nosuchorg1", "new@staff.example", "organization nosuchorg1 not found"},
	}
	for _, tc := range failures {
		t.Run(tc.name, func(t *testing.T) {
			got := local(t, "staff", "create", "--org", tc.org, "--email", tc.email, "--name", "X")
			if got.code != exitFailure || got.stderr != "portalctl staff create: "+tc.want+"\n" {
				t.Errorf("exit code %d, stderr %q; want 1 and %q", got.code, got.stderr, tc.want)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want nothing", got.stdout)
			}
		})
	}
	if _, err := s.StaffByEmail(ctx, "new@staff.example"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("staff of an unknown org: StaffByEmail err = %v, want ErrNotFound", err)
	}
}

func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)

	first := local(t, "seed", "demo")
	if first.code != exitOK {
		t.Fatalf("first seed: exit code %d, stderr %q", first.code, first.stderr)
	}
	if !strings.Contains(first.stderr, "seed: 50/50 contacts") {
		t.Errorf("stderr = %q, want progress lines", first.stderr)
	}
	m := regexp.MustCompile(`(?m)^password: +(\S{20})$`).FindStringSubmatch(first.stdout)
	if m == nil || !strings.Contains(first.stdout, "demo organization acmedemo01 created (175 records)") {
		t.Fatalf("stdout = %q, want the organization and a generated 20-character password", first.stdout)
	}
	admin, err := s.StaffByEmail(ctx, seed.DemoAdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := auth.VerifyPassword(admin.PasswordHash, m[1]); !ok || err != nil {
		t.Errorf("the printed password does not log the admin in: %v, %v", ok, err)
	}

	again := ctl(map[string]string{"DEMO_PASSWORD": "another demo password"}, "--env-file", envFile(t), "seed", "demo")
	if again.code != exitOK || !strings.Contains(again.stdout, "exists already; nothing changed") {
		t.Errorf("second seed: exit code %d, stdout %q; want 0 and nothing changed", again.code, again.stdout)
	}
}

func TestDemoPassword(t *testing.T) {
	tests := []struct {
		name, flag, env, want, source string
	}{
		{"flag first", "from the flag 123", "from the env 456", "from the flag 123", "--password"},
		{"then the environment", "", "from the env 456", "from the env 456", "DEMO_PASSWORD"},
		{"else generated", "", "", "", "generated password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, source, err := demoPassword(tc.flag, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if source != tc.source {
				t.Errorf("source = %q, want %q", source, tc.source)
			}
			if tc.want != "" && got != tc.want {
				t.Errorf("password = %q, want %q", got, tc.want)
			}
			if tc.want == "" {
				if len(got) != 20 || auth.CheckPassword(got, seed.DemoAdminEmail) != "" {
					t.Errorf("generated password %q: want 20 characters that pass the policy", got)
				}
				if other, _, _ := demoPassword("", ""); other == got {
					t.Errorf("two generated passwords are both %q", got)
				}
			}
		})
	}
}

func TestStaffChanges(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	const org = "ctlchange1"
	if got := local(t, "org", "create", "--name", "Mudancas", "--id", org); got.code != exitOK {
		t.Fatalf("org create: %d %s", got.code, got.stderr)
	}
	for _, m := range []struct{ email, role string }{{"chefe@change.example", "admin"}, {"ana@change.example", "user"}} {
		if got := local(t, "staff", "create", "--org", org, "--email", m.email, "--name", m.email, "--role", m.role); got.code != exitOK {
			t.Fatalf("staff create %s: %d %s", m.email, got.code, got.stderr)
		}
	}
	boss, err := s.StaffByEmail(ctx, "chefe@change.example")
	if err != nil {
		t.Fatal(err)
	}
	ana, err := s.StaffByEmail(ctx, "ana@change.example")
	if err != nil {
		t.Fatal(err)
	}
	// Ana holds a session and an API token.
	now := s.Now()
	sess := store.Session{Hash: auth.HashSecret("ana's session " + org), OrgID: org, UserID: ana.ID, Kind: "staff", Role: "user",
		CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(time.Hour), ExpiresAt: now.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAPIToken(ctx, store.APIToken{OrgID: org, ID: "anastoken01", Name: "x", UserID: ana.ID, Role: "user",
		SecretHash: auth.HashSecret("x"), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name         string
		args         []string
		code         int
		out, errText string // stdout exactly; a part of stderr
		who          string
		role, status string // the member after the step
	}{
		{"the last admin is not demoted", []string{"staff", "role", "--email", "chefe@change.example", "--role", "user"}, exitFailure,
			"", "portalctl staff role: the organization must keep at least one active admin\n", boss.ID, "admin", "active"},
		{"the last admin is not deactivated", []string{"staff", "deactivate", "--email", "CHEFE@change.example"}, exitFailure,
			"", "portalctl staff deactivate: the organization must keep at least one active admin\n", boss.ID, "admin", "active"},
		{"deactivate", []string{"staff", "deactivate", "--email", "ana@change.example"}, exitOK,
			ana.ID + "\tana@change.example\tuser\tinactive\n", "user and active, now user and inactive", ana.ID, "user", "inactive"},
		{"deactivate again", []string{"staff", "deactivate", "--email", "ana@change.example"}, exitOK,
			ana.ID + "\tana@change.example\tuser\tinactive\n", "nothing changed", ana.ID, "user", "inactive"},
		{"activate", []string{"staff", "activate", "--email", "ana@change.example"}, exitOK,
			ana.ID + "\tana@change.example\tuser\tactive\n", "now user and active", ana.ID, "user", "active"},
		{"promote", []string{"staff", "role", "--email", "ana@change.example", "--role", "admin"}, exitOK,
			ana.ID + "\tana@change.example\tadmin\tactive\n", "now admin and active", ana.ID, "admin", "active"},
		{"demote the first admin, another remaining", []string{"staff", "role", "--email", "chefe@change.example", "--role", "user"}, exitOK,
			boss.ID + "\tchefe@change.example\tuser\tactive\n", "now user and active", boss.ID, "user", "active"},
		{"unknown member", []string{"staff", "activate", "--email", "nobody@change.example"}, exitFailure,
			"", "portalctl staff activate: organization ctlchange1 has no staff account nobody@change.example\n", boss.ID, "user", "active"},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			got := local(t, append(tc.args, "--org", org)...)
			if got.code != tc.code || got.stdout != tc.out || !strings.Contains(got.stderr, tc.errText) {
				t.Errorf("exit code %d, stdout %q, stderr %q; want %d, %q and %q", got.code, got.stdout, got.stderr, tc.code, tc.out, tc.errText)
			}
			u, err := s.GetStaffConsistent(ctx, org, tc.who)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != tc.role || u.Status != tc.status {
				t.Errorf("member = %s, %s; want %s, %s", u.Role, u.Status, tc.role, tc.status)
			}
		})
	}

	t.Run("the deactivation ended the session and deleted the token", func(t *testing.T) {
		if _, err := s.GetSession(ctx, sess.Hash); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session: err = %v, want ErrNotFound", err)
		}
		if _, err := s.GetAPIToken(ctx, org, "anastoken01"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token: err = %v, want ErrNotFound", err)
		}
	})
	t.Run("a member of another organization is not found", func(t *testing.T) {
		got := local(t, "staff", "deactivate", "--org", "ctlstaff01", "--email", "ana@change.example")
		if got.code != exitFailure || !strings.Contains(got.stderr, "organization ctlstaff01 has no staff account ana@change.example") {
			t.Errorf("exit code %d, stderr %q", got.code, got.stderr)
		}
	})
	t.Run("audited as the operator", func(t *testing.T) {
		var got []string
		for _, action := range []string{"staff_created", "staff_deactivated", "staff_activated", "staff_role_changed"} {
			entries, _, err := s.ListAudit(ctx, org, store.AuditFilter{Action: action}, 100, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Actor.Kind != store.ActorSystem || e.Actor.Name != "operator" {
					t.Errorf("%s by %+v, want the operator", action, e.Actor)
				}
			}
			got = append(got, fmt.Sprintf("%s %d", action, len(entries)))
		}
		if want := []string{"staff_created 2", "staff_deactivated 1", "staff_activated 1", "staff_role_changed 2"}; !slices.Equal(got, want) {
			t.Errorf("audit = %v, want %v", got, want)
		}
	})
}
