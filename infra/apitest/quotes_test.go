package apitest

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// quoteFor stores a quote of the demo contact owner with fields (Subject required) and
// returns its id.
func (e *env) quoteFor(t *testing.T, owner store.Record, fields map[string]any) string {
	t.Helper()
	return e.quoteOwnedBy(t, owner, "", fields)
}

// quoteOwnedBy is quoteFor with the staff member staffID as the record's owner (the one the
// notifier tells of the customer's activity).
func (e *env) quoteOwnedBy(t *testing.T, owner store.Record, staffID string, fields map[string]any) string {
	t.Helper()
	m, _ := crm.StandardModule(crm.Quotes)
	id, err := auth.NewID()
	if err != nil {
		t.Fatal(err)
	}
	now := e.store.Now()
	fields["Contact_Name"] = map[string]any{"id": owner.ID, "name": owner.Name}
	fields["Account_Name"] = owner.Fields["Account_Name"]
	rec := store.Record{OrgID: seed.DemoOrgID, Module: crm.Quotes, ID: id, LayoutID: m.Layouts[0].ID, Version: 1,
		Name: fields["Subject"].(string), CreatedAt: now, ModifiedAt: now, Fields: fields, OwnerID: staffID}
	if err := e.store.CreateRecord(context.Background(), m, rec); err != nil {
		t.Fatal(err)
	}
	return id
}

// myQuote is the portal's answer for a quote, with its decision.
type myQuote struct {
	Version  int
	Fields   map[string]any
	Decision *struct {
		Decision, SignerName, Reason, At, By, GrandTotal, Stage string
		QuoteVersion                                            int
	}
}

// setQuotesDecide turns the Clientes type's Quotes tab's decide on or off.
func setQuotesDecide(t *testing.T, d demoPortal, on bool) {
	t.Helper()
	var full map[string]any
	d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &full)
	var ut userTypeJSON
	d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &ut)
	tabs, _ := full["tabs"].([]any)
	for _, tab := range tabs {
		if tm, ok := tab.(map[string]any); ok && tm["module"] == crm.Quotes {
			tm["decide"] = on
		}
	}
	body := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": tabs, "fields": full["fields"]}
	MustStatus(t, d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", strconv.Itoa(ut.Version)), http.StatusOK)
}

// TestQuoteDecisions: a customer accepts a quote awaiting them by signing (name, "I agree"):
// one transaction moves it to Closed Won, keeps the signature (name, time, address, version,
// total) that the portal and the console show, audits it and tells staff; declining, with a
// reason, moves another to Closed Lost. Expired, decided, changed (stale If-Match) and
// another customer's quotes are refused with a clear 4xx, as are bad names and a missing
// agreement, and nothing changes; with the tab's decide off the answer is 403.
func TestQuoteDecisions(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana := contacts[10]
	bruno := otherAccount(t, contacts, ana)
	a := e.customer(t, d, ana)
	m, _ := crm.StandardModule(crm.Quotes)

	var me struct {
		User struct{ ID string }
	}
	d.admin.Do("GET", "/api/admin/me", nil).JSON(t, &me)
	accepted := e.quoteOwnedBy(t, ana, me.User.ID, map[string]any{"Subject": "Decision accept", "Quote_Stage": "Delivered", "Valid_Till": "2099-12-31", "Grand_Total": "1250.00"})
	declined := e.quoteFor(t, ana, map[string]any{"Subject": "Decision decline", "Quote_Stage": "Negotiation"})
	expired := e.quoteFor(t, ana, map[string]any{"Subject": "Decision expired", "Quote_Stage": "Delivered", "Valid_Till": "2020-01-31"})
	draft := e.quoteFor(t, ana, map[string]any{"Subject": "Decision draft", "Quote_Stage": "Draft"})
	brunos := e.quoteFor(t, bruno, map[string]any{"Subject": "Decision someone else's", "Quote_Stage": "Delivered"})

	accept := map[string]any{"decision": "accept", "signerName": "Ana Assinante", "agree": true}
	path := func(id string) string { return "/api/records/Quotes/" + id + "/decision" }
	unchanged := func(t *testing.T, id, stage string) {
		t.Helper()
		rec, err := e.store.GetRecordConsistent(ctx, m, seed.DemoOrgID, id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Version != 1 || rec.Fields["Quote_Stage"] != stage {
			t.Errorf("quote %s is at version %d, stage %v: want unchanged (1, %s)", id, rec.Version, rec.Fields["Quote_Stage"], stage)
		}
		if _, err := e.store.GetQuoteDecision(ctx, seed.DemoOrgID, crm.Quotes, id, true); err == nil {
			t.Errorf("quote %s has a decision after a refused one", id)
		}
	}

	// The tab tells the portal the user may decide.
	type tabJSON struct {
		Module      string
		Permissions struct{ Decide bool }
	}
	var tabs struct{ Tabs []tabJSON }
	a.Do("GET", "/api/me/tabs", nil).JSON(t, &tabs)
	if i := slices.IndexFunc(tabs.Tabs, func(x tabJSON) bool { return x.Module == crm.Quotes }); i < 0 || !tabs.Tabs[i].Permissions.Decide {
		t.Errorf("the tabs = %+v, want Quotes with decide", tabs.Tabs)
	}

	t.Run("bad input", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			body   map[string]any
			fields []string
		}{
			{"an empty name", map[string]any{"decision": "accept", "signerName": "", "agree": true}, []string{"signerName"}},
			{"a blank name", map[string]any{"decision": "accept", "signerName": "   ", "agree": true}, []string{"signerName"}},
			{"a 500-character name", map[string]any{"decision": "accept", "signerName": strings.Repeat("n", 500), "agree": true}, []string{"signerName"}},
			{"no agreement", map[string]any{"decision": "accept", "signerName": "Ana"}, []string{"agree"}},
			{"an unknown decision", map[string]any{"decision": "perhaps"}, []string{"decision"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := a.Do("POST", path(accepted), tt.body, "If-Match", `"1"`)
				MustStatus(t, r, http.StatusUnprocessableEntity)
				if got := r.Problem(t).fields(); !slices.Equal(got, tt.fields) {
					t.Errorf("refused fields = %v, want %v", got, tt.fields)
				}
			})
		}
		MustStatus(t, a.Do("POST", path(accepted), accept), http.StatusPreconditionRequired)
		unchanged(t, accepted, "Delivered")
	})

	t.Run("refused quotes", func(t *testing.T) {
		r := a.Do("POST", path(expired), accept, "If-Match", `"1"`)
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.Problem(t).fields(); !slices.Equal(got, []string{"Valid_Till"}) {
			t.Errorf("an expired quote: refused fields = %v, want [Valid_Till]", got)
		}
		unchanged(t, expired, "Delivered")
		MustStatus(t, a.Do("POST", path(draft), accept, "If-Match", `"1"`), http.StatusConflict)
		unchanged(t, draft, "Draft")
		MustStatus(t, a.Do("POST", path(brunos), accept, "If-Match", `"1"`), http.StatusNotFound)
		unchanged(t, brunos, "Delivered")
		MustStatus(t, a.Do("POST", "/api/records/Invoices/"+accepted+"/decision", accept, "If-Match", `"1"`), http.StatusNotFound)
		MustStatus(t, a.Do("POST", path(accepted), accept, "If-Match", `"7"`), http.StatusPreconditionFailed)
		unchanged(t, accepted, "Delivered")
	})

	t.Run("decide off", func(t *testing.T) {
		setQuotesDecide(t, d, false)
		defer setQuotesDecide(t, d, true)
		MustStatus(t, a.Do("POST", path(accepted), accept, "If-Match", `"1"`), http.StatusForbidden)
		unchanged(t, accepted, "Delivered")
	})

	// Accept: the signature is kept and shown; the quote is decided.
	r := a.Do("POST", path(accepted), accept, "If-Match", `"1"`, "CloudFront-Viewer-Address", "198.51.100.23:4431")
	MustStatus(t, r, http.StatusOK)
	var got myQuote
	r.JSON(t, &got)
	if got.Version != 2 || got.Fields["Quote_Stage"] != "Closed Won" || got.Decision == nil || got.Decision.SignerName != "Ana Assinante" ||
		got.Decision.QuoteVersion != 1 || got.Decision.GrandTotal != "1250.00" || got.Decision.Decision != "accept" {
		t.Fatalf("the accepted quote = %+v (decision %+v)", got, got.Decision)
	}
	var view myQuote
	a.Do("GET", "/api/records/Quotes/"+accepted, nil).JSON(t, &view)
	if view.Decision == nil || view.Decision.SignerName != "Ana Assinante" || view.Decision.Stage != "Closed Won" {
		t.Errorf("the portal's view of the accepted quote = %+v", view.Decision)
	}
	stored, err := e.store.GetQuoteDecision(ctx, seed.DemoOrgID, crm.Quotes, accepted, true)
	if err != nil {
		t.Fatal(err)
	}
	if stored.IP == "" || stored.At.IsZero() || stored.By.ID == "" {
		t.Errorf("the stored signature = %+v: want the client address, the time and the portal user", stored)
	}
	// Staff are told that the customer accepted (not a generic edit), and the audit log holds it.
	evs := e.wantEvents(t, accepted, store.EventCustomerQuoteAccepted)
	if !slices.Equal(evs[0].Fields, []string{"Quote_Stage"}) {
		t.Errorf("the event names %v, want [Quote_Stage]", evs[0].Fields)
	}
	entries, _, err := e.store.ListAudit(ctx, seed.DemoOrgID, store.AuditFilter{RecordID: accepted}, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(entries, func(en store.AuditEntry) bool {
		return strings.Contains(en.Detail, "quote accepted, signed by Ana Assinante")
	}) {
		t.Errorf("no audit entry of the acceptance: %+v", entries)
	}
	// The console shows who signed.
	var console struct {
		Decision *struct {
			Decision, SignerName, IP string
			By                       struct{ ID, Name string }
			QuoteVersion             int
		}
	}
	d.admin.Do("GET", "/api/admin/records/Quotes/"+accepted, nil).JSON(t, &console)
	if console.Decision == nil || console.Decision.SignerName != "Ana Assinante" || console.Decision.IP == "" || console.Decision.QuoteVersion != 1 {
		t.Errorf("the console's view of the accepted quote = %+v", console.Decision)
	}
	// Decided: once is all.
	MustStatus(t, a.Do("POST", path(accepted), accept, "If-Match", `"2"`), http.StatusConflict)
	MustStatus(t, a.Do("POST", path(accepted), map[string]any{"decision": "decline"}, "If-Match", `"2"`), http.StatusConflict)

	// Decline, with a reason and no signature.
	r = a.Do("POST", path(declined), map[string]any{"decision": "decline", "reason": "Prazo de entrega longo"}, "If-Match", `"1"`)
	MustStatus(t, r, http.StatusOK)
	got = myQuote{}
	r.JSON(t, &got)
	if got.Fields["Quote_Stage"] != "Closed Lost" || got.Decision == nil || got.Decision.Reason != "Prazo de entrega longo" || got.Decision.Decision != "decline" {
		t.Errorf("the declined quote = %+v (decision %+v)", got, got.Decision)
	}
	e.wantEvents(t, declined, store.EventCustomerQuoteDeclined)

	// The quote's owner reads in the console that the customer accepted it.
	e.digestsSettled(t, store.AudienceStaff, me.User.ID, "Quotes/"+accepted)
	if !slices.ContainsFunc(notificationsOf(t, d.admin, "/api/admin/me/notifications").Items, func(it struct {
		ID, Kind, Module, RecordID, RecordName, ActorName string
		Count                                             int
		Read                                              bool
	}) bool {
		return it.RecordID == accepted && it.Kind == store.EventCustomerQuoteAccepted
	}) {
		t.Error("the owner's console list has no customer.quote.accepted of the quote")
	}
}
