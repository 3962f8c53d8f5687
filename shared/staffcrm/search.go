package staffcrm

import (
	"context"
	"net/http"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// searchStore is what the search reads: the prefix's search keys and the records they name.
type searchStore interface {
	SearchKeysIn(ctx context.Context, org string, leads []string, in []store.SearchIn, max int) ([][]store.SearchHit, error)
	SearchedRecords(ctx context.Context, org string, refs []store.RefKey, mods map[string]crm.Module) (map[store.RefKey]store.Record, error)
}

var _ searchStore = (*store.Store)(nil)

// Search answers the records whose name fields (crm.SearchFields) have words starting with the
// words of ?q=, case- and accent-insensitively, across every module or only ?module=, in
// module order and word order, at most crm.SearchPerModule per module. Any member of the
// organization may search, as any may list records. Round trips: the session's batch, which
// also brings the modules' customizations (staffguard); ONE Query per module of the search
// keys of the query's first lead, all at the same time, and of its other leads only where
// that one's were too many (store.SearchKeysIn); ONE BatchGetItem of the records found (each
// matched again: the keys are eventually consistent). An email query looks only in modules
// with an email field (crm.SearchQuery.Fields). 400 names q (2 to 100 characters) or module.
func (s *Service) Search(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	q, problem := crm.ParseSearch(r.QueryStringParameters["q"])
	var errs []httpapi.FieldError
	if problem != "" {
		errs = append(errs, httpapi.FieldError{Field: "q", Message: problem})
	}
	names := []string{}
	for _, m := range crm.Standard() {
		names = append(names, m.APIName)
	}
	if only := r.QueryStringParameters["module"]; only != "" {
		if _, ok := crm.StandardModule(only); !ok {
			errs = append(errs, httpapi.FieldError{Field: "module", Message: "is not a module"})
		}
		names = []string{only}
	}
	if len(errs) > 0 {
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "the search is not valid", Fields: errs}
	}
	out := crm.SearchAnswer{Items: []crm.SearchResult{}, PerModule: crm.SearchPerModule}
	if len(q.Leads) == 0 {
		return httpapi.JSON(http.StatusOK, out), nil
	}
	mods, err := s.Modules.Modules(ctx, p.OrgID, names)
	if err != nil {
		return nil, err
	}
	in := make([]store.SearchIn, len(names))
	for i, name := range names {
		in[i] = store.SearchIn{Module: name, Fields: q.Fields(mods[name], crm.SearchFields(mods[name]))}
	}
	hits, err := s.Finder.SearchKeysIn(ctx, p.OrgID, q.Leads, in, crm.SearchPerModule)
	if err != nil {
		return nil, err
	}
	var refs []store.RefKey
	for i, name := range names {
		for _, h := range hits[i] {
			refs = append(refs, store.RefKey{Module: name, ID: h.RecordID})
		}
	}
	if len(refs) == 0 {
		return httpapi.JSON(http.StatusOK, out), nil
	}
	recs, err := s.Finder.SearchedRecords(ctx, p.OrgID, refs, mods)
	if err != nil {
		return nil, err
	}
	for _, ref := range refs {
		rec, ok := recs[ref]
		if !ok || !q.Matches(crm.SearchTerms(mods[ref.Module], rec.Fields)) {
			continue
		}
		out.Items = append(out.Items, crm.SearchResult{Module: ref.Module, ID: rec.ID, Name: rec.Name})
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// SearchFunction is the handler of GET /api/admin/search: the modules' customizations come
// with the session (staffguard.ReadCustomizations).
func SearchFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.GuardReading(staffguard.ReadCustomizations, s.Search))
}

// ListOrSearchFunction is the one Lambda function (functions/records-list) of GET
// /api/admin/records/{module} and GET /api/admin/search: both read records by one Query and
// need the same grants.
func ListOrSearchFunction(d platform.Deps) httpapi.LambdaFunc {
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"GET /api/admin/records/{module}": ListRecordsFunction(d),
		"GET /api/admin/search":           SearchFunction(d),
	})
}
