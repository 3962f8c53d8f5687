package portalapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/paylink"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

// RecordJSON is a record as a portal user sees it: only the fields their type shows.
type RecordJSON struct {
	ID         string         `json:"id"`
	Module     string         `json:"module"`
	LayoutID   string         `json:"layoutId"`
	Version    int            `json:"version"`
	Fields     map[string]any `json:"fields"`
	CreatedAt  time.Time      `json:"createdAt"`
	ModifiedAt time.Time      `json:"modifiedAt"`
	// PayURL is the organization's payment link for an invoice the user owes (payURL); only
	// in a record view.
	PayURL string `json:"payUrl,omitempty"`
	// Decision is the customer's decision on a quote (DecideQuote); only in a quote's view
	// and the decision's answer.
	Decision *DecisionJSON `json:"decision,omitempty"`
}

type recordList struct {
	Items      []RecordJSON `json:"items"`
	NextCursor string       `json:"nextCursor,omitempty"`
}

func (s *Service) toJSON(p portalguard.Principal, t access.Tab, m crm.Module, r store.Record, lang string) RecordJSON {
	return RecordJSON{ID: r.ID, Module: r.Module, LayoutID: r.LayoutID, Version: r.Version,
		Fields: access.Project(p.UserType.UserType, t, m, r.Fields, lang), CreatedAt: r.CreatedAt, ModifiedAt: r.ModifiedAt}
}

// ListRecords answers a page of the tab's records in the user's scope, sorted by modified time
// or, on a catalog, by the name field: one Query on the user's (or their account's) link
// items, or on the module for a catalog; any other visible field sorts the whole scope in
// memory (listSorted, bounded by SortScopeMax); records hidden by
// the tab's fixed criterion or outside the allowed layouts are left out, and each record
// carries only the fields the type shows. A page stops early when its records would take the
// answer over httpapi.ResponseBudget; nextCursor then resumes after the last record answered.
func (s *Service) ListRecords(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	t, m, err := s.Guard.Tab(ctx, p, r.PathParameters["module"])
	if err != nil {
		return nil, err
	}
	q := r.QueryStringParameters
	lq, err := listQuery(t, m, q, sortableFields(p.UserType.UserType, m))
	if err != nil {
		return nil, err
	}
	self, err := s.Guard.Self(ctx, p)
	if err != nil {
		return nil, err
	}
	out := recordList{Items: []RecordJSON{}}
	src, ok := access.ListFrom(t, self)
	if !ok {
		return httpapi.JSON(http.StatusOK, out), nil
	}
	lang := q["lang"]
	if !indexedSort(src, m, lq) {
		out, err := s.listSorted(ctx, p, t, self, m, src, lq, lang)
		if err != nil {
			return nil, err
		}
		return httpapi.JSON(http.StatusOK, out), nil
	}
	page, err := s.page(ctx, p, m, src, lq)
	if err != nil {
		return nil, err // a bad cursor is 400 (httpapi's store errors)
	}
	out.Items, out.NextCursor, err = httpapi.FillPage(0, page.Items, page.Next, page.CursorAfter,
		func(rec store.Record) (RecordJSON, bool) {
			if !access.InScope(t, self, rec.ID, rec.Fields) || !t.AllowsLayout(rec.LayoutID) {
				return RecordJSON{}, false
			}
			return s.toJSON(p, t, m, rec, lang), true
		})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// page reads one page of a list source with one read: the user's own record (a single page),
// the link items of their record or account, or the module (catalog). The caller filters the
// records through access.InScope and the tab's layouts.
func (s *Service) page(ctx context.Context, p portalguard.Principal, m crm.Module, src access.ListSource, q crm.ListQuery) (store.Page[store.Record], error) {
	switch src.Kind {
	case access.SourceSelf:
		if q.Cursor != "" {
			return store.Page[store.Record]{}, nil
		}
		rec, err := s.Store.GetRecord(ctx, m, p.OrgID, src.Target)
		if errors.Is(err, store.ErrNotFound) {
			return store.Page[store.Record]{}, nil
		}
		if err != nil {
			return store.Page[store.Record]{}, err
		}
		return store.Page[store.Record]{Items: []store.Record{rec}}, nil
	case access.SourceLinked:
		return s.Store.ListLinkedPage(ctx, m, p.OrgID, src.Target, src.LinkField, q)
	case access.SourceModule:
		return s.Store.ListRecordsPage(ctx, m, p.OrgID, q)
	}
	return store.Page[store.Record]{}, nil
}

// listQuery reads a portal list's query: limit, cursor, sort and filters, where a filter may
// name only the tab's filterable fields and sort only one of sortable. Every other field
// (hidden, not filterable or not a field at all) gets the same answer, so hidden fields
// cannot be probed.
func listQuery(t access.Tab, m crm.Module, q map[string]string, sortable []string) (crm.ListQuery, error) {
	var errs []httpapi.FieldError
	for k := range q {
		rest, ok := strings.CutPrefix(k, crm.FilterPrefix)
		if !ok {
			continue
		}
		field, _, _ := strings.Cut(rest, ".")
		if !slices.Contains(t.Filterable, field) {
			errs = append(errs, httpapi.FieldError{Field: k, Message: "is not a filterable field of this tab"})
		}
	}
	if len(errs) == 0 {
		lq, ferrs := m.ParseListQuerySortable(q, sortable)
		if len(ferrs) == 0 {
			return sharedLabels(t, m, lq, q["lang"]), nil
		}
		for _, e := range ferrs {
			errs = append(errs, httpapi.FieldError{Field: e.Field, Message: e.Message})
		}
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return crm.ListQuery{}, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the list query is not valid", Fields: errs}
}

// GetRecord answers one record in the user's scope (portalguard.Guard.Scoped); a record out
// of scope answers 404 exactly like a missing one, so ids cannot be probed.
func (s *Service) GetRecord(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	sc, err := s.Guard.Scoped(ctx, p, r, access.ActionView)
	if err != nil {
		return nil, err
	}
	rec := sc.Record
	out := s.toJSON(p, sc.Tab, sc.Module, rec, r.QueryStringParameters["lang"])
	if sc.Module.APIName == crm.Invoices {
		if out.PayURL, err = s.payURL(ctx, p, sc.Module, rec); err != nil {
			return nil, err
		}
	}
	if out.Decision, err = QuoteDecision(ctx, s.Decisions, rec); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.RecordView, Module: sc.Module.APIName, RecordID: rec.ID})
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, out), rec.Version), nil
}

// payURL is the organization's payment link (paylink.Expand) for invoice rec, or "" when the
// organization has none, the invoice is not due (InvoiceDue) or the user may not see its
// Status or a field the link carries: the link never tells what the tab hides. The
// organization's item comes with the session (portalguard.ReadOrgOnInvoices).
func (s *Service) payURL(ctx context.Context, p portalguard.Principal, m crm.Module, rec store.Record) (string, error) {
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return "", err
	}
	if org.PaymentURL == "" || paylink.Check(org.PaymentURL) != "" {
		return "", nil
	}
	ut := p.UserType.UserType
	for _, f := range append([]string{"Status"}, paylink.Fields(org.PaymentURL)...) {
		if !visible(ut, m, f) {
			return "", nil
		}
	}
	today := s.Store.Now().UTC().Format(time.DateOnly)
	if due, _ := InvoiceDue(rec.Fields, today, visible(ut, m, "Due_Date")); !due {
		return "", nil
	}
	return paylink.Expand(org.PaymentURL, rec.ID, rec.Fields), nil
}

// ListRecordsFunction is the handler of GET /api/records/{module}.
func ListRecordsFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.ListRecords))
}

// GetRecordFunction is the handler of GET /api/records/{module}/{id}.
func GetRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.GuardReading(portalguard.ReadOrgOnInvoices, s.GetRecord))
}

// sharedLabels widens each equality filter on a picklist to the options shown under the same
// label in lang (access.SameLabel): the portal lists "Emitida" once when the user type gives
// it to both Created and Approved, and choosing it must find both.
func sharedLabels(t access.Tab, m crm.Module, lq crm.ListQuery, lang string) crm.ListQuery {
	for i, f := range lq.Filters {
		fd, _ := m.Field(f.Field)
		v, ok := f.Value.(string)
		if f.Op != crm.OpEq || fd.Type != crm.TypePicklist || !ok {
			continue
		}
		if values := access.SameLabel(t, fd, v, lang); len(values) > 1 {
			lq.Filters[i] = crm.Filter{Field: f.Field, Op: crm.OpIn, Value: values}
		}
	}
	return lq
}
