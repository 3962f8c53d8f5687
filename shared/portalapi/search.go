package portalapi

import (
	"context"
	"net/http"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

// searchStore is what the search reads: the prefix's search keys and the records they name.
type searchStore interface {
	SearchKeysIn(ctx context.Context, org string, leads []string, in []store.SearchIn, max int) ([][]store.SearchHit, error)
	SearchedRecords(ctx context.Context, org string, refs []store.RefKey, mods map[string]crm.Module) (map[store.RefKey]store.Record, error)
}

var _ searchStore = (*store.Store)(nil)

// searchQuery reads ?q= (crm.ParseSearch): 400 naming q and the rule otherwise.
func searchQuery(r *httpapi.Request) (crm.SearchQuery, error) {
	q, problem := crm.ParseSearch(r.QueryStringParameters["q"])
	if problem != "" {
		return crm.SearchQuery{}, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the search is not valid",
			Fields: []httpapi.FieldError{{Field: "q", Message: problem}}}
	}
	return q, nil
}

// Search answers the records of the user's tabs whose visible name fields (crm.SearchFields
// that the type shows) have words starting with the words of ?q=, case- and
// accent-insensitively. Per enabled, viewable tab, ONE Query of the search keys of the
// query's first lead (crm.SearchQuery.Leads; all at the same time) and, only in tabs where
// those were too many, of its other leads (store.SearchKeysIn), narrowed to the visible
// fields (for an email query, the email field: crm.SearchQuery.Fields) and to the tab's
// scope (the user's own record, or the records whose scope lookup holds the user or their
// account); then ONE BatchGetItem of the records found, each checked as a record view checks
// it (access.InScope, the tab's layouts) and matched again on its visible fields (the keys
// are eventually consistent, and a hidden field never makes a record match). Round trips:
// the session's batch (which brings the user type, the user's own record and the modules'
// customizations: SearchFunction reads them with the session), the Queries of keys, one
// BatchGetItem: none grows with the table.
func (s *Service) Search(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	sq, err := searchQuery(r)
	if err != nil {
		return nil, err
	}
	out := crm.SearchAnswer{Items: []crm.SearchResult{}, PerModule: crm.SearchPerModule}
	if len(sq.Leads) == 0 {
		return httpapi.JSON(http.StatusOK, out), nil
	}
	mods, err := s.Guard.Modules(ctx, p)
	if err != nil {
		return nil, err
	}
	self, err := s.Guard.Self(ctx, p)
	if err != nil {
		return nil, err
	}
	type searched struct {
		tab  access.Tab
		m    crm.Module
		hits []store.SearchHit
	}
	var found []searched
	var in []store.SearchIn
	for _, t := range p.UserType.Tabs {
		m, ok := mods[t.Module]
		if !ok || !t.Enabled {
			continue
		}
		src, ok := access.ListFrom(t, self)
		if !ok {
			continue
		}
		q := store.SearchIn{Module: m.APIName, Fields: sq.Fields(m, visibleSearchFields(p.UserType.UserType, m))}
		switch src.Kind {
		case access.SourceSelf:
			q.Scope.RecordID = src.Target
		case access.SourceLinked:
			q.Scope.LookupField, q.Scope.Target = src.LinkField, src.Target
		}
		found = append(found, searched{tab: t, m: m})
		in = append(in, q)
	}
	hits, err := s.Finder.SearchKeysIn(ctx, p.OrgID, sq.Leads, in, crm.SearchPerModule)
	if err != nil {
		return nil, err
	}
	var refs []store.RefKey
	for i := range found {
		found[i].hits = hits[i]
		for _, h := range hits[i] {
			refs = append(refs, store.RefKey{Module: found[i].m.APIName, ID: h.RecordID})
		}
	}
	if len(refs) == 0 {
		return httpapi.JSON(http.StatusOK, out), nil
	}
	recs, err := s.Finder.SearchedRecords(ctx, p.OrgID, refs, mods)
	if err != nil {
		return nil, err
	}
	lang := r.QueryStringParameters["lang"]
	for _, f := range found {
		for _, h := range f.hits {
			rec, ok := recs[store.RefKey{Module: f.m.APIName, ID: h.RecordID}]
			if !ok || !access.InScope(f.tab, self, rec.ID, rec.Fields) || !f.tab.AllowsLayout(rec.LayoutID) {
				continue
			}
			shown := access.Project(p.UserType.UserType, f.tab, f.m, rec.Fields, lang)
			if !sq.Matches(crm.SearchTerms(f.m, shown)) {
				continue
			}
			name := crm.NameOf(f.m, shown)
			if name == "" {
				name, _ = shown[h.Field].(string)
			}
			out.Items = append(out.Items, crm.SearchResult{Module: f.m.APIName, ID: rec.ID, Name: name})
		}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// visibleSearchFields are the search fields of m that ut's users can see: only their keys are
// read, so that a word of a hidden field finds nothing.
func visibleSearchFields(ut access.UserType, m crm.Module) []string {
	visible := map[string]bool{}
	for _, f := range access.Visible(ut, m) {
		visible[f.APIName] = true
	}
	var out []string
	for _, f := range crm.SearchFields(m) {
		if visible[f] {
			out = append(out, f)
		}
	}
	return out
}

// SearchFunction is the handler of GET /api/search: the modules' customizations and the
// user's own record come with the session (portalguard.ReadTabs).
func SearchFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.GuardReading(portalguard.ReadTabs, s.Search))
}

// ListOrSearchFunction is the one Lambda function (functions/records-portal-list) of GET
// /api/records/{module} and GET /api/search: both read the user's records by Query and need
// the same grants.
func ListOrSearchFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/records/{module}": ListRecordsFunction(d),
		"GET /api/search":           SearchFunction(d),
	})
}
