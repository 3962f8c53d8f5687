package seed_test

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"crmportal/infra/seed"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

var st *stack.Stack

func TestMain(m *testing.M) { stacktest.Main(m, &st) }

const password = "correct horse battery staple"

// tableStore is the store of the stack's table, the one Demo writes.
func tableStore(t *testing.T) *store.Store {
	t.Helper()
	deps, err := st.Deps(context.Background(), "http://localhost:3000", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return store.New(deps.DynamoDB, deps.Config.TableName, nil)
}

// listAll reads every record of a module of the demo organization, page by page.
func listAll(t *testing.T, svc *store.Store, module string) []store.Record {
	t.Helper()
	m, ok := crm.StandardModule(module)
	if !ok {
		t.Fatalf("no module %s", module)
	}
	var all []store.Record
	cursor := ""
	for {
		page, next, err := svc.ListRecords(context.Background(), m, seed.DemoOrgID, crm.ListQuery{Limit: store.MaxPage, Cursor: cursor})
		if err != nil {
			t.Fatalf("list %s: %v", module, err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		cursor = next
	}
}

func TestDemo(t *testing.T) {
	ctx := context.Background()
	svc := tableStore(t)

	if _, err := seed.Demo(ctx, svc, "short", nil); err == nil || !strings.Contains(err.Error(), "at least 12 characters") {
		t.Errorf("Demo with a short password: err = %v, want the policy's message", err)
	}

	// A run that stops after the accounts leaves no organization; the next run completes it.
	stopCtx, stop := context.WithCancel(ctx)
	_, err := seed.Demo(stopCtx, svc, "an earlier password", func(l string) {
		if l == "seed: 10/10 accounts" {
			stop()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Demo: err = %v, want context.Canceled", err)
	}
	if _, err := svc.GetOrg(ctx, seed.DemoOrgID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after an interrupted Demo GetOrg: err = %v, want ErrNotFound", err)
	}

	var lines []string
	first, err := seed.Demo(ctx, svc, password, func(l string) { lines = append(lines, l) })
	if err != nil {
		t.Fatalf("resumed Demo: %v", err)
	}
	if !strings.HasSuffix(first.CustomerEmail, "@"+seed.CustomerEmailDomain) {
		t.Errorf("resumed Demo's customer = %q", first.CustomerEmail)
	}
	want := seed.DemoResult{OrgID: "acmedemo01", AdminEmail: "admin@acme.example", Records: seed.DemoRecords - 10, Created: true, CustomerEmail: first.CustomerEmail}
	if first != want {
		t.Errorf("resumed Demo = %+v, want %+v", first, want)
	}
	if got, want := strings.Join(lines, "\n"), "seed: 50/50 contacts"; !strings.Contains(got, want) {
		t.Errorf("progress = %q, want a line %q", got, want)
	}

	lines = nil
	second, err := seed.Demo(ctx, svc, password, func(l string) { lines = append(lines, l) })
	if err != nil {
		t.Fatalf("second Demo: %v", err)
	}
	if want := (seed.DemoResult{OrgID: "acmedemo01", AdminEmail: "admin@acme.example", CustomerEmail: first.CustomerEmail}); second != want {
		t.Errorf("second Demo = %+v, want %+v", second, want)
	}
	if got := strings.Join(lines, "\n"); !strings.Contains(got, "exists already") {
		t.Errorf("second Demo's progress = %q, want it to say the organization exists already", got)
	}

	t.Run("customer", func(t *testing.T) {
		u, err := svc.PortalUserByEmail(ctx, seed.DemoOrgID, first.CustomerEmail)
		if err != nil {
			t.Fatal(err)
		}
		ok, _, err := auth.VerifyPassword(u.PasswordHash, password)
		if u.Status != "active" || u.Preferences == nil || !ok || err != nil {
			t.Errorf("demo customer = %s, preferences %v, password ok %v (%v)", u.Status, u.Preferences, ok, err)
		}
		ut, err := svc.GetUserType(ctx, seed.DemoOrgID, u.UserTypeID)
		if err != nil || ut.Name != seed.DemoFreeType || ut.Users != 1 {
			t.Errorf("the customer's type = %s with %d users (%v)", ut.Name, ut.Users, err)
		}
	})

	t.Run("organization", func(t *testing.T) {
		org, err := svc.GetOrg(ctx, seed.DemoOrgID)
		if err != nil {
			t.Fatal(err)
		}
		wantLimits := store.DefaultLimits
		wantLimits.LicensePool = 25
		got := [5]string{org.Name, org.Language, org.TimeFormat, org.TimeZone, org.Country}
		want := [5]string{"Acme Comércio Ltda", "pt-BR", "24h", "America/Sao_Paulo", "BR"}
		if got != want || org.Limits != wantLimits {
			t.Errorf("org = %v %+v, want %v %+v", got, org.Limits, want, wantLimits)
		}
	})

	counts := map[string]int{
		crm.Accounts: 10, crm.Contacts: 50, crm.Products: 12, crm.Quotes: 15, crm.SalesOrders: 10,
		crm.Invoices: 30, crm.Cases: 20, crm.Solutions: 8, crm.Leads: 20,
	}
	total := 0
	for module, want := range counts {
		total += want
		t.Run("count "+module, func(t *testing.T) {
			if got := len(listAll(t, svc, module)); got != want {
				t.Errorf("%s records = %d, want %d (once, after three runs)", module, got, want)
			}
		})
	}
	if total != seed.DemoRecords {
		t.Errorf("DemoRecords = %d, want the sum of the modules' counts %d", seed.DemoRecords, total)
	}

	t.Run("contacts link to existing accounts", func(t *testing.T) {
		accounts, _ := crm.StandardModule(crm.Accounts)
		for _, c := range listAll(t, svc, crm.Contacts) {
			email, _ := c.Fields["Email"].(string)
			if !strings.HasSuffix(email, "@cliente.example") {
				t.Errorf("contact %s email = %q, want one under @cliente.example", c.Name, email)
			}
			ref, ok := c.Fields["Account_Name"].(map[string]any)
			if !ok {
				t.Fatalf("contact %s Account_Name = %#v, want a lookup", c.Name, c.Fields["Account_Name"])
			}
			id, _ := ref["id"].(string)
			acc, err := svc.GetRecord(ctx, accounts, seed.DemoOrgID, id)
			if err != nil {
				t.Fatalf("contact %s account %s: %v", c.Name, id, err)
			}
			if got, want := ref["name"], acc.Name; got != want {
				t.Errorf("contact %s Account_Name name = %v, want %q", c.Name, got, want)
			}
		}
	})

	t.Run("invoice totals add up their lines", func(t *testing.T) {
		for _, inv := range listAll(t, svc, crm.Invoices) {
			lines, _ := inv.Fields["Product_Details"].([]any)
			if len(lines) == 0 {
				t.Fatalf("invoice %s has no line items", inv.Name)
			}
			var sum float64
			for _, l := range lines {
				total, _ := l.(map[string]any)["Total"].(string)
				v, err := strconv.ParseFloat(total, 64)
				if err != nil {
					t.Fatalf("invoice %s line total %q: %v", inv.Name, total, err)
				}
				sum += v
			}
			gt, _ := inv.Fields["Grand_Total"].(string)
			grand, err := strconv.ParseFloat(gt, 64)
			if err != nil {
				t.Fatalf("invoice %s Grand_Total %q: %v", inv.Name, gt, err)
			}
			if diff := sum - grand; diff > 0.001 || diff < -0.001 {
				t.Errorf("invoice %s Grand_Total = %.2f, want the lines' sum %.2f", inv.Name, grand, sum)
			}
		}
	})

	t.Run("staff accounts log in with the password", func(t *testing.T) {
		for _, tc := range []struct{ email, role string }{
			{"admin@acme.example", store.RoleAdmin},
			{"vendas@acme.example", store.RoleUser},
		} {
			u, err := svc.StaffByEmail(ctx, tc.email)
			if err != nil {
				t.Fatalf("StaffByEmail(%s): %v", tc.email, err)
			}
			if u.OrgID != seed.DemoOrgID || u.Role != tc.role {
				t.Errorf("%s: org %s role %s, want %s %s", tc.email, u.OrgID, u.Role, seed.DemoOrgID, tc.role)
			}
			ok, _, err := auth.VerifyPassword(u.PasswordHash, password)
			if err != nil || !ok {
				t.Errorf("VerifyPassword(%s) = %v, %v; want true", tc.email, ok, err)
			}
		}
	})
}

// TestDemoPortal: the demo organization has the portal /p/acme, the free type Clientes on
// Contacts and the licensed Fornecedores with 10 of the 25 licenses, and the counters agree.
func TestDemoPortal(t *testing.T) {
	ctx := context.Background()
	svc := tableStore(t)
	if _, err := seed.Demo(ctx, svc, password, nil); err != nil {
		t.Fatal(err)
	}
	p, err := svc.PortalBySlug(ctx, seed.DemoPortalSlug)
	if err != nil || p.OrgID != seed.DemoOrgID {
		t.Fatalf("portal /p/acme = %+v, %v", p, err)
	}
	uts, err := svc.ListUserTypes(ctx, seed.DemoOrgID)
	if err != nil || len(uts) != 2 {
		t.Fatalf("user types = %v, %v; want 2", uts, err)
	}
	if !uts[0].Free() || uts[0].Name != seed.DemoFreeType || uts[0].BaseModule != crm.Contacts {
		t.Errorf("first type = %+v, want the free Clientes on Contacts", uts[0].UserType)
	}
	if uts[1].Free() || uts[1].Name != seed.DemoLicensed || uts[1].Seats != 10 {
		t.Errorf("second type = %+v, want Fornecedores with 10 seats", uts[1].UserType)
	}
	org, err := svc.GetOrg(ctx, seed.DemoOrgID)
	if err != nil || org.UserTypeCount != 2 || org.SeatsAllocated != 10 || org.Limits.LicensePool != 25 {
		t.Errorf("org = %+v, %v; want 2 types and 10 of 25 licenses", org, err)
	}
	// Seeding again changes nothing.
	if _, err := seed.Demo(ctx, svc, password, nil); err != nil {
		t.Fatal(err)
	}
	if again, _ := svc.ListUserTypes(ctx, seed.DemoOrgID); len(again) != 2 {
		t.Errorf("after a second run: %d user types, want 2", len(again))
	}
}
