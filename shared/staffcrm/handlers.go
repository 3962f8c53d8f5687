package staffcrm

import (
	"context"
	"errors"
	"net/http"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/outbox"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

type moduleList struct {
	Items []moduleSummary `json:"items"`
}

type moduleSummary struct {
	APIName        string            `json:"apiName"`
	Labels         map[string]string `json:"labels"`
	SingularLabels map[string]string `json:"singularLabels"`
	NameField      string            `json:"nameField"`
}

type moduleJSON struct {
	crm.Module
	Version int `json:"version"`
}

// ListModules answers the standard modules.
func (s *Service) ListModules(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	var out moduleList
	for _, m := range crm.Standard() {
		out.Items = append(out.Items, moduleSummary{APIName: m.APIName, Labels: m.Labels, SingularLabels: m.SingularLabels, NameField: m.NameField})
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// GetModule answers a module's fields and layouts as the organization sees them.
func (s *Service) GetModule(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	// Its ETag goes back in the next PATCH's If-Match: read it as it is now.
	m, version, err := s.Modules.ModuleConsistent(ctx, p.OrgID, r.PathParameters["module"])
	if err != nil {
		return nil, err
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, moduleJSON{Module: m, Version: version}), version), nil
}

type modulePatch struct {
	Fields  *[]crm.Field  `json:"fields"`
	Layouts *[]crm.Layout `json:"layouts"`
	// Sortable lists the fields the staff list sorts by besides Modified_Time and the name
	// field (at most crm.MaxSortIndexes).
	Sortable *[]string `json:"sortable"`
}

// UpdateModule replaces the organization's custom fields and/or extra layouts of a module
// (admins only, If-Match with the module's version). A customization must pass
// crm.ValidateCustomization and stay within crm.MaxCustomizationBytes (422 naming the part).
func (s *Service) UpdateModule(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	name := r.PathParameters["module"]
	base, ok := crm.StandardModule(name)
	if !ok {
		return nil, httpapi.Errorf(httpapi.NotFound, "no module %q", name)
	}
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	var in modulePatch
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	c, version, err := s.Store.GetCustomizationConsistent(ctx, p.OrgID, name)
	if err != nil {
		return nil, err
	}
	if want != version {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the module changed since you read it (version %d); reload it", version)
	}
	if in.Fields != nil {
		c.Fields = *in.Fields
	}
	if in.Layouts != nil {
		c.Layouts = *in.Layouts
	}
	if errs := append(crm.ValidateCustomization(base, c), crm.CustomizationSizeErrors(c)...); len(errs) > 0 {
		return nil, modules.FieldErrors(errs)
	}
	m, err := crm.Merge(base, c)
	if err != nil {
		return nil, err
	}
	removed, err := markSortable(m, &c, in.Sortable)
	if err != nil {
		return nil, err
	}
	newVersion, err := s.Store.PutCustomization(ctx, p.OrgID, name, c, version)
	if err != nil {
		return nil, storeErr(err, name)
	}
	if m, newVersion, err = s.indexSortable(ctx, p.OrgID, base, c, removed, newVersion); err != nil {
		return nil, err
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, moduleJSON{Module: m, Version: newVersion}), newVersion), nil
}

type recordList struct {
	Items      []RecordJSON `json:"items"`
	NextCursor string       `json:"nextCursor,omitempty"`
}

// ListRecords answers a page of a module's records: up to the query's limit, and fewer when
// the page's records would take the answer over httpapi.ResponseBudget (records are up to
// 400 KB each); nextCursor then resumes after the last record answered.
func (s *Service) ListRecords(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	m, _, err := s.Modules.Module(ctx, p.OrgID, r.PathParameters["module"])
	if err != nil {
		return nil, err
	}
	q, errs := m.ParseListQuerySortable(r.QueryStringParameters, staffSorts(m))
	if len(errs) > 0 {
		e := modules.FieldErrors(errs).(*httpapi.Error)
		e.Kind, e.Detail = httpapi.Invalid, "the list query is not valid"
		return nil, e
	}
	if _, marked := m.SortField(q.Sort); marked {
		return s.sortedList(ctx, m, p.OrgID, q)
	}
	page, err := s.Store.ListRecordsPage(ctx, m, p.OrgID, q)
	if err != nil {
		return nil, storeErr(err, m.APIName)
	}
	var out recordList
	out.Items, out.NextCursor, err = httpapi.FillPage(0, page.Items, page.Next, page.CursorAfter,
		func(rec store.Record) (RecordJSON, bool) { return ToJSON(rec), true })
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// CreateRecord creates a record; 422 lists every field and rule broken. The module is read
// strongly consistently, so a field an admin has just added can be filled at once.
func (s *Service) CreateRecord(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	m, _, err := s.Modules.ModuleConsistent(ctx, p.OrgID, r.PathParameters["module"])
	if err != nil {
		return nil, err
	}
	in, err := decodeBody(r)
	if err != nil {
		return nil, err
	}
	rec, err := s.Modules.Build(ctx, m, p.OrgID, author(p), in.LayoutID, in.Fields)
	if err != nil {
		return nil, err
	}
	if in.OwnerID != nil {
		if rec.OwnerID, err = s.owner(ctx, p.OrgID, *in.OwnerID); err != nil {
			return nil, err
		}
	}
	if err := s.Store.CreateRecord(ctx, m, rec, outbox.StaffRecord(m, nil, rec, nil, actor(p))...); err != nil {
		return nil, storeErr(err, m.APIName)
	}
	reply := httpapi.WithETag(httpapi.JSON(http.StatusCreated, ToJSON(rec)), rec.Version)
	reply.Headers["Location"] = "/api/admin/records/" + m.APIName + "/" + rec.ID
	return reply, nil
}

// load returns the module and record a path names ({module}, {id}) in the principal's
// organization (modules.Catalog.Record: an unknown module, a malformed id and a missing
// record are 404).
func (s *Service) load(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (crm.Module, store.Record, error) {
	return s.Modules.Record(ctx, s.Store, p.OrgID, r.PathParameters["module"], r.PathParameters["id"])
}

// GetRecord answers one record with its version as ETag.
func (s *Service) GetRecord(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	_, rec, err := s.load(ctx, p, r)
	if err != nil {
		return nil, err
	}
	out := ToJSON(rec)
	if rec.Module == crm.Quotes && s.Decisions != nil {
		d, err := s.Decisions.GetQuoteDecision(ctx, rec.OrgID, rec.Module, rec.ID, true)
		if err == nil {
			out.Decision = &d
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, out), rec.Version), nil
}

// UpdateRecord changes the fields sent (null clears one) if If-Match is the current version:
// 428 without If-Match, 412 when stale, 422 for invalid fields; nothing is written on error.
func (s *Service) UpdateRecord(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	m, old, err := s.load(ctx, p, r)
	if err != nil {
		return nil, err
	}
	in, err := decodeBody(r)
	if err != nil {
		return nil, err
	}
	if old.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the record is at version %d, not %d; reload it and try again", old.Version, want)
	}
	next, err := s.Modules.Apply(ctx, m, old, author(p), in.LayoutID, in.Fields)
	if err != nil {
		return nil, err
	}
	if in.OwnerID != nil {
		if next.OwnerID, err = s.owner(ctx, p.OrgID, *in.OwnerID); err != nil {
			return nil, err
		}
	}
	var notifying map[string]bool
	if len(outbox.ChangedFields(m, old, next)) > 0 {
		// Which fields a tab marks as notifying: the user types' own read (one Query of the
		// organization's partition), only when a field changed.
		uts, err := s.Store.ListUserTypes(ctx, p.OrgID)
		if err != nil {
			return nil, err
		}
		notifying = access.NotifyingFields(userTypes(uts), m.APIName)
	}
	if err := s.Store.UpdateRecord(ctx, m, old, next, outbox.StaffRecord(m, &old, next, notifying, actor(p))...); err != nil {
		return nil, storeErr(err, m.APIName)
	}
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, ToJSON(next)), next.Version), nil
}

// DeleteRecord deletes a record; with If-Match only if it is still that version.
func (s *Service) DeleteRecord(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	want, has, err := httpapi.IfMatch(r, false)
	if err != nil {
		return nil, err
	}
	m, rec, err := s.load(ctx, p, r)
	if err != nil {
		return nil, err
	}
	if has && rec.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the record is at version %d, not %d", rec.Version, want)
	}
	if err := s.Store.DeleteRecord(ctx, m, rec); err != nil {
		if errors.Is(err, store.ErrVersion) {
			return nil, storeErr(err, m.APIName)
		}
		return nil, err
	}
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// handler is a staff route's business code.
type handler = func(context.Context, staffguard.Principal, *httpapi.Request) (*httpapi.Reply, error)

// guarded builds the service once and serves pick's handler behind staff authentication.
func guarded(d platform.Deps, pick func(*Service) handler) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(pick(s)))
}

// ListModulesFunction is the handler of GET /api/admin/modules.
func ListModulesFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.ListModules })
}

// GetModuleFunction is the handler of GET /api/admin/modules/{module}.
func GetModuleFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.GetModule })
}

// UpdateModuleFunction is the handler of PATCH /api/admin/modules/{module}.
func UpdateModuleFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.UpdateModule })
}

// ListRecordsFunction is the handler of GET /api/admin/records/{module}.
func ListRecordsFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.ListRecords })
}

// CreateRecordFunction is the handler of POST /api/admin/records/{module}.
func CreateRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.CreateRecord })
}

// GetRecordFunction is the handler of GET /api/admin/records/{module}/{id}.
func GetRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.GetRecord })
}

// UpdateRecordFunction is the handler of PATCH /api/admin/records/{module}/{id}.
func UpdateRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.UpdateRecord })
}

// DeleteRecordFunction is the handler of DELETE /api/admin/records/{module}/{id}.
func DeleteRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	return guarded(d, func(s *Service) handler { return s.DeleteRecord })
}
