package portalapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"sort"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/outbox"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

// checkWrite refuses, with one 422 listing every field, the fields a portal user may not
// write: hidden ones (answered like unknown ones), read-only ones and the lookups the portal
// sets itself.
func checkWrite(p portalguard.Principal, t access.Tab, m crm.Module, in map[string]json.RawMessage, creating bool) error {
	sent := sortedKeys(in)
	if errs := access.CheckWrite(p.UserType.UserType, t, m, sent, creating); len(errs) > 0 {
		return modules.FieldErrors(errs)
	}
	return nil
}

// layoutFor is the layout a portal user's record is written in: the one asked for if the tab
// allows it (422 otherwise), else the record's own, else the tab's first allowed layout.
func layoutFor(t access.Tab, m crm.Module, asked, current string) (string, error) {
	if asked != "" {
		if _, ok := m.Layout(asked); !ok || !t.AllowsLayout(asked) {
			return "", httpapi.FieldErrors(httpapi.FieldError{Field: "layoutId", Message: "is not a layout of this tab"})
		}
		return asked, nil
	}
	if current != "" {
		return current, nil
	}
	for _, l := range m.Layouts {
		if t.AllowsLayout(l.ID) {
			return l.ID, nil
		}
	}
	return "", httpapi.Errorf(httpapi.Conflict, "this tab allows no layout to create records in")
}

// Author is the portal user as a record's creator or modifier.
func (s *Service) Author(p portalguard.Principal) store.Ref {
	return store.Ref{ID: p.UserID, Name: p.Name + " (portal)"}
}

// CreateRecord creates a record in a tab that allows it. The server links it to the user:
// the tab's scope lookup is set to the user's record (own scope) or account (account scope),
// and, for own scope, the record's account lookup to the user's account, so colleagues with
// account scope see it too. Those lookups cannot be sent.
func (s *Service) CreateRecord(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	t, m, err := s.Guard.Tab(ctx, p, r.PathParameters["module"])
	if err != nil {
		return nil, err
	}
	self, err := s.Guard.Self(ctx, p)
	if err != nil {
		return nil, err
	}
	if !access.May(p.UserType.UserType, t, self, access.ActionCreate, "", nil) {
		return nil, portalguard.Forbidden(access.ActionCreate)
	}
	in, err := modules.DecodeBody(r)
	if err != nil {
		return nil, err
	}
	if err := checkWrite(p, t, m, in.Fields, true); err != nil {
		return nil, err
	}
	layout, err := layoutFor(t, m, in.LayoutID, "")
	if err != nil {
		return nil, err
	}
	src, _ := access.ListFrom(t, self)
	fields := map[string]json.RawMessage{}
	for k, v := range in.Fields {
		fields[k] = v
	}
	id, _ := json.Marshal(src.Target)
	fields[src.LinkField] = id
	if f, ok := m.Field("Account_Name"); ok && f.Type == crm.TypeLookup && f.LookupModule == crm.Accounts &&
		src.LinkField != "Account_Name" && self.AccountID != "" {
		acct, _ := json.Marshal(self.AccountID)
		fields["Account_Name"] = acct
	}
	rec, err := s.Records.Build(ctx, m, p.OrgID, s.Author(p), layout, fields)
	if err != nil {
		return nil, err
	}
	if !access.InScope(t, self, rec.ID, rec.Fields) {
		return nil, httpapi.Errorf(httpapi.Unprocessable, "the record would not be visible in this tab (its fixed criterion); nothing was created")
	}
	if err := s.Store.CreateRecord(ctx, m, rec, outbox.CustomerRecord(m, nil, rec, p.Actor())...); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.RecordCreate, Module: m.APIName,
		RecordID: rec.ID, Fields: sortedKeys(in.Fields)})
	reply := httpapi.WithETag(httpapi.JSON(http.StatusCreated, s.toJSON(p, t, m, rec, r.QueryStringParameters["lang"])), rec.Version)
	reply.Headers["Location"] = "/api/records/" + m.APIName + "/" + rec.ID
	return reply, nil
}

// UpdateRecord changes the fields sent (null clears one) of a record in scope, if If-Match
// names its current version: 428 without it, 412 when stale, 422 for hidden, read-only or
// invalid fields; nothing is written on error.
func (s *Service) UpdateRecord(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	sc, err := s.Guard.Scoped(ctx, p, r, access.ActionEdit)
	if err != nil {
		return nil, err
	}
	t, m, self, old := sc.Tab, sc.Module, sc.Self, sc.Record
	want, _, err := httpapi.IfMatch(r, true)
	if err != nil {
		return nil, err
	}
	in, err := modules.DecodeBody(r)
	if err != nil {
		return nil, err
	}
	if err := checkWrite(p, t, m, in.Fields, false); err != nil {
		return nil, err
	}
	if old.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the record is at version %d, not %d; reload it and try again", old.Version, want)
	}
	layout, err := layoutFor(t, m, in.LayoutID, old.LayoutID)
	if err != nil {
		return nil, err
	}
	next, err := s.Records.Apply(ctx, m, old, s.Author(p), layout, in.Fields)
	if err != nil {
		return nil, err
	}
	if !access.InScope(t, self, next.ID, next.Fields) {
		return nil, httpapi.Errorf(httpapi.Unprocessable, "after this change the record would leave this tab (its fixed criterion); nothing was changed")
	}
	if err := s.Store.UpdateRecord(ctx, m, old, next, outbox.CustomerRecord(m, &old, next, p.Actor())...); errors.Is(err, store.ErrVersion) {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the record changed since you read it; reload it and try again")
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.RecordUpdate, Module: m.APIName,
		RecordID: old.ID, Fields: Changed(old.Fields, next.Fields)})
	return httpapi.WithETag(httpapi.JSON(http.StatusOK, s.toJSON(p, t, m, next, r.QueryStringParameters["lang"])), next.Version), nil
}

// DeleteRecord deletes a record in scope where the tab allows it; with If-Match only if it
// is still that version.
func (s *Service) DeleteRecord(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	sc, err := s.Guard.Scoped(ctx, p, r, access.ActionDelete)
	if err != nil {
		return nil, err
	}
	m, rec := sc.Module, sc.Record
	want, has, err := httpapi.IfMatch(r, false)
	if err != nil {
		return nil, err
	}
	if has && rec.Version != want {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the record is at version %d, not %d", rec.Version, want)
	}
	if err := s.Store.DeleteRecord(ctx, m, rec); errors.Is(err, store.ErrVersion) {
		return nil, httpapi.Errorf(httpapi.PreconditionFailed, "the record changed since you read it; reload it and try again")
	} else if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.RecordDelete, Module: m.APIName, RecordID: rec.ID})
	return &httpapi.Reply{Status: http.StatusNoContent}, nil
}

// Changed lists, sorted, the fields whose values differ between before and after.
func Changed(before, after map[string]any) []string {
	var out []string
	for k, v := range after {
		if w, ok := before[k]; !ok || !reflect.DeepEqual(v, w) {
			out = append(out, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CreateRecordFunction is the handler of POST /api/records/{module}.
func CreateRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.CreateRecord))
}

// UpdateRecordFunction is the handler of PATCH /api/records/{module}/{id} and of a quote's
// decision (POST /api/records/{module}/{id}/decision): both change a record in scope under
// If-Match.
func UpdateRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return httpapi.ByRoute(d.Logger, map[string]httpapi.LambdaFunc{
		"PATCH /api/records/{module}/{id}":         d.Adapt(s.Guard.Guard(s.UpdateRecord)),
		"POST /api/records/{module}/{id}/decision": d.Adapt(s.Guard.Guard(s.DecideQuote)),
	})
}

// DeleteRecordFunction is the handler of DELETE /api/records/{module}/{id}.
func DeleteRecordFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.DeleteRecord))
}
