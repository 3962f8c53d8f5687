package apitest

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/erasure"
	"crmportal/shared/store"
)

// TestQuoteStages: an admin maps the quote decisions to other Quote_Stage values (the
// organization's quoteStages); bad mappings are refused naming the field and nothing
// changes; a decision then moves the quote to the mapped stage, and only a quote in a mapped
// awaiting stage can be decided.
func TestQuoteStages(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana := contacts[11]
	a := e.customer(t, d, ana)
	defaults := map[string]any{"accepted": "Closed Won", "declined": "Closed Lost", "awaiting": []string{"Negotiation", "Delivered"}}
	defer func() {
		MustStatus(t, d.admin.Do("PATCH", "/api/admin/org", map[string]any{"quoteStages": defaults}), http.StatusOK)
	}()

	t.Run("bad mappings", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			stages map[string]any
			fields []string
		}{
			{"an unknown stage", map[string]any{"accepted": "Won", "declined": "Closed Lost", "awaiting": []string{"Delivered"}}, []string{"quoteStages.accepted"}},
			{"accepted is declined", map[string]any{"accepted": "Closed Won", "declined": "Closed Won", "awaiting": []string{"Delivered"}}, []string{"quoteStages.declined"}},
			{"awaiting holds a decision stage", map[string]any{"accepted": "Closed Won", "declined": "Closed Lost", "awaiting": []string{"Closed Won"}}, []string{"quoteStages.awaiting[0]"}},
			{"no awaiting stage", map[string]any{"accepted": "Closed Won", "declined": "Closed Lost", "awaiting": []string{}}, []string{"quoteStages.awaiting"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := d.admin.Do("PATCH", "/api/admin/org", map[string]any{"quoteStages": tt.stages})
				MustStatus(t, r, http.StatusUnprocessableEntity)
				if got := r.Problem(t).fields(); !slices.Equal(got, tt.fields) {
					t.Errorf("refused fields = %v, want %v", got, tt.fields)
				}
			})
		}
	})

	mapped := map[string]any{"accepted": "Confirmed", "declined": "On Hold", "awaiting": []string{"Negotiation"}}
	r := d.admin.Do("PATCH", "/api/admin/org", map[string]any{"quoteStages": mapped})
	MustStatus(t, r, http.StatusOK)
	var org struct {
		QuoteStages struct {
			Accepted, Declined string
			Awaiting           []string
		}
	}
	r.JSON(t, &org)
	if org.QuoteStages.Accepted != "Confirmed" || org.QuoteStages.Declined != "On Hold" || !slices.Equal(org.QuoteStages.Awaiting, []string{"Negotiation"}) {
		t.Errorf("the organization's quote stages = %+v", org.QuoteStages)
	}

	delivered := e.quoteFor(t, ana, map[string]any{"Subject": "Stages delivered", "Quote_Stage": "Delivered"})
	toAccept := e.quoteFor(t, ana, map[string]any{"Subject": "Stages accept", "Quote_Stage": "Negotiation"})
	toDecline := e.quoteFor(t, ana, map[string]any{"Subject": "Stages decline", "Quote_Stage": "Negotiation"})
	path := func(id string) string { return "/api/records/Quotes/" + id + "/decision" }
	accept := map[string]any{"decision": "accept", "signerName": "Ana Mapeada", "agree": true}

	// Delivered no longer awaits the customer under this mapping.
	MustStatus(t, a.Do("POST", path(delivered), accept, "If-Match", `"1"`), http.StatusConflict)
	for _, tt := range []struct {
		id, decision, stage string
	}{{toAccept, "accept", "Confirmed"}, {toDecline, "decline", "On Hold"}} {
		body := accept
		if tt.decision == "decline" {
			body = map[string]any{"decision": "decline"}
		}
		r := a.Do("POST", path(tt.id), body, "If-Match", `"1"`)
		MustStatus(t, r, http.StatusOK)
		var got myQuote
		r.JSON(t, &got)
		if got.Fields["Quote_Stage"] != tt.stage || got.Decision == nil || got.Decision.Stage != tt.stage {
			t.Errorf("%s: the quote's stage = %v (decision %+v), want %s", tt.decision, got.Fields["Quote_Stage"], got.Decision, tt.stage)
		}
	}
}

// TestQuoteDecisionErasure: a customer accepts a quote and is erased; the decision stays (the
// acceptance, its time, version and total) but the console shows the signer under the
// audit's pseudonym, with no client address; the audit entry of the acceptance names the
// pseudonym too.
func TestQuoteDecisionErasure(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	carla := contacts[12]
	c := e.customer(t, d, carla)
	id := e.quoteFor(t, carla, map[string]any{"Subject": "Erasure accept", "Quote_Stage": "Delivered", "Grand_Total": "990.00"})
	MustStatus(t, c.Do("POST", "/api/records/Quotes/"+id+"/decision", map[string]any{"decision": "accept", "signerName": "Carla Signatária", "agree": true},
		"If-Match", `"1"`, "CloudFront-Viewer-Address", "198.51.100.77:4431"), http.StatusOK)
	u, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, carla.ID)
	if err != nil {
		t.Fatal(err)
	}
	mustErasePortalUser(t, d.admin, u.ID)
	pseudonym := erasure.Pseudonym(seed.DemoOrgID, u.ID)

	var console struct {
		Decision *struct {
			Decision, SignerName, IP, GrandTotal, At string
			By                                       struct{ ID, Name string }
			QuoteVersion                             int
		}
	}
	d.admin.Do("GET", "/api/admin/records/Quotes/"+id, nil).JSON(t, &console)
	dec := console.Decision
	if dec == nil {
		t.Fatal("the decision is gone after the erasure")
	}
	if dec.SignerName != pseudonym || dec.By.Name != pseudonym || dec.IP != "" {
		t.Errorf("the decision after the erasure = %+v, want signer and by %s and no address", dec, pseudonym)
	}
	if dec.Decision != "accept" || dec.QuoteVersion != 1 || dec.GrandTotal != "990.00" || dec.At == "" {
		t.Errorf("the decision after the erasure = %+v, want the acceptance of version 1 for 990.00 kept", dec)
	}
	entries, _, err := e.store.ListAudit(ctx, seed.DemoOrgID, store.AuditFilter{RecordID: id}, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if strings.Contains(en.Detail, "Carla Signatária") || strings.Contains(en.Actor.Name, "Carla Signatária") {
			t.Errorf("an audit entry still names the signer: %+v", en)
		}
	}
}
