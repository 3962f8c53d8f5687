package portalapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/outbox"
	"crmportal/shared/portalguard"
	"crmportal/shared/quotes"
	"crmportal/shared/store"
)

// decisionStore is what a quote decision reads and writes besides the record routes'
// storage.
type decisionStore interface {
	DecideQuote(ctx context.Context, m crm.Module, old, next store.Record, d store.QuoteDecision, entry store.AuditEntry, evs ...store.Event) error
	GetQuoteDecision(ctx context.Context, org, module, id string, consistent bool) (store.QuoteDecision, error)
	GetOrgConsistent(ctx context.Context, id string) (store.Org, error)
}

var _ decisionStore = (*store.Store)(nil)

// DecideQuote answers POST /api/records/{module}/{id}/decision: the customer accepts (signing
// with their full name and agreeing) or declines (with an optional reason) a quote in their
// scope that awaits them (quotes.Decidable with the organization's quoteStages), if the tab
// allows deciding and If-Match names the version they opened. One transaction moves the quote
// to the stage the organization maps the decision to (quotes.Stages) through the record
// write path (its events tell staff, as any customer edit does), stores the decision (name,
// time, client address, the quote's version and Grand_Total) and appends the audit entry.
// 404 for a quote out of scope; 403 when the tab does not allow deciding (any other module);
// 428 without If-Match, 412 when the quote changed; 409 when it is not awaiting a decision
// (already decided); 422 naming Valid_Till when it expired (in the organization's time zone)
// and naming each bad field of the body. Nothing is written on error.
func (s *Service) DecideQuote(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	// The scope first, as for every record route (404 out of scope); only a Quotes tab can
	// allow deciding (access.Can), so another module's record in scope is a 403.
	sc, err := s.Guard.Scoped(ctx, p, r, access.ActionDecide)
	if err != nil {
		return nil, err
	}
	t, m, old := sc.Tab, sc.Module, sc.Record
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	var in quotes.Input
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if errs := quotes.Check(in); len(errs) > 0 {
		return nil, modules.FieldErrors(errs)
	}
	if old.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the quote is at version %d, not %d: it changed since you opened it; reload it and decide again", old.Version, want)
	}
	// Read as it is now: the quote stages an admin just mapped apply to the very next decision.
	org, err := s.Decisions.GetOrgConsistent(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	now := s.Store.Now()
	stages := org.QuoteStages.WithDefaults()
	switch quotes.Decidable(old.Fields, quotes.Today(now, org.TimeZone), stages.Awaiting) {
	case quotes.RefusalNotAwaiting:
		return nil, httpapi.Errorf(httpapi.Conflict, "this quote is not awaiting your decision (it was decided already, or is not yet yours to decide)")
	case quotes.RefusalExpired:
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "Valid_Till", Message: "has passed: the quote expired and can no longer be decided"})
	}
	stage, _ := json.Marshal(stages.Stage(in.Decision))
	next, err := s.Records.Apply(ctx, m, old, s.Author(p), old.LayoutID, map[string]json.RawMessage{"Quote_Stage": stage})
	if err != nil {
		return nil, err
	}
	entry, err := audit.Prepare(s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.RecordUpdate, Module: m.APIName,
		RecordID: old.ID, Fields: []string{"Quote_Stage"}, Detail: quotes.AuditDetail(in)})
	if err != nil {
		return nil, err
	}
	total, _ := old.Fields["Grand_Total"].(string)
	d := store.QuoteDecision{OrgID: p.OrgID, QuoteID: old.ID, Decision: in.Decision, SignerName: strings.TrimSpace(in.SignerName),
		Reason: strings.TrimSpace(in.Reason), At: now, By: s.Author(p), IP: entry.IP, QuoteVersion: old.Version, GrandTotal: total,
		Stage: stages.Stage(in.Decision)}
	if err := s.Decisions.DecideQuote(ctx, m, old, next, d, entry, outbox.QuoteDecided(next, p.Actor(), in.Decision == quotes.Accept)...); errors.Is(err, store.ErrVersion) {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the quote changed since you opened it; reload it and decide again")
	} else if err != nil {
		return nil, err
	}
	out := s.toJSON(p, t, m, next, r.QueryStringParameters["lang"])
	out.Decision = decisionJSON(d)
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, out), next.Version), nil
}

// DecisionJSON is a quote's decision as the portal and the console show it.
type DecisionJSON struct {
	Decision     string `json:"decision"`
	SignerName   string `json:"signerName,omitempty"`
	Reason       string `json:"reason,omitempty"`
	At           string `json:"at"`
	By           string `json:"by"`
	QuoteVersion int    `json:"quoteVersion"`
	GrandTotal   string `json:"grandTotal,omitempty"`
	Stage        string `json:"stage"`
}

func decisionJSON(d store.QuoteDecision) *DecisionJSON {
	return &DecisionJSON{Decision: d.Decision, SignerName: d.SignerName, Reason: d.Reason, At: d.At.UTC().Format("2006-01-02T15:04:05Z"),
		By: d.By.Name, QuoteVersion: d.QuoteVersion, GrandTotal: d.GrandTotal, Stage: d.Stage}
}

// QuoteDecision is the decision on quote rec for its page (nil when it has none), read
// consistently so the page right after a decision shows it.
func QuoteDecision(ctx context.Context, st decisionStore, rec store.Record) (*DecisionJSON, error) {
	if rec.Module != crm.Quotes {
		return nil, nil
	}
	d, err := st.GetQuoteDecision(ctx, rec.OrgID, rec.Module, rec.ID, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return decisionJSON(d), nil
}
