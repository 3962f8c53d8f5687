// Package staffcrm serves the staff console's CRM routes: modules (fields and layouts, with
// an organization's custom ones) and records (create, read, update with If-Match, delete,
// list with sort, filters and cursor pages).
package staffcrm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// Service holds what the record routes share.
type Service struct {
	Staff *staffauth.Service
	Store *store.Store
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	st := staffauth.New(d)
	return &Service{Staff: st, Store: st.Store}
}

// Module returns the module named name as org sees it (standard fields and layouts plus the
// org's custom ones) and the customization's version. Unknown modules are NotFound.
func (s *Service) Module(ctx context.Context, org, name string) (crm.Module, int, error) {
	return s.module(ctx, org, name, s.Store.GetCustomization)
}

// ModuleConsistent is Module read with a strongly consistent read: for an answer whose
// version (ETag) the client sends back in If-Match right after.
func (s *Service) ModuleConsistent(ctx context.Context, org, name string) (crm.Module, int, error) {
	return s.module(ctx, org, name, s.Store.GetCustomizationConsistent)
}

func (s *Service) module(ctx context.Context, org, name string,
	get func(ctx context.Context, org, module string) (crm.Customization, int, error)) (crm.Module, int, error) {
	base, ok := crm.StandardModule(name)
	if !ok {
		return crm.Module{}, 0, httpapi.Errorf(httpapi.NotFound, "no module %q", name)
	}
	c, version, err := get(ctx, org, name)
	if err != nil {
		return crm.Module{}, 0, err
	}
	if len(c.Fields) == 0 && len(c.Layouts) == 0 {
		return base, version, nil
	}
	m, err := crm.Merge(base, c)
	if err != nil {
		return crm.Module{}, 0, fmt.Errorf("merge customization of %s: %w", name, err)
	}
	return m, version, nil
}

// RecordJSON is a record as the API answers it.
type RecordJSON struct {
	ID         string         `json:"id"`
	Module     string         `json:"module"`
	LayoutID   string         `json:"layoutId"`
	Version    int            `json:"version"`
	Fields     map[string]any `json:"fields"`
	CreatedAt  time.Time      `json:"createdAt"`
	ModifiedAt time.Time      `json:"modifiedAt"`
	CreatedBy  store.Ref      `json:"createdBy"`
	ModifiedBy store.Ref      `json:"modifiedBy"`
}

// ToJSON is the API form of r.
func ToJSON(r store.Record) RecordJSON {
	f := r.Fields
	if f == nil {
		f = map[string]any{}
	}
	return RecordJSON{ID: r.ID, Module: r.Module, LayoutID: r.LayoutID, Version: r.Version, Fields: f,
		CreatedAt: r.CreatedAt, ModifiedAt: r.ModifiedAt, CreatedBy: r.CreatedBy, ModifiedBy: r.ModifiedBy}
}

// FieldErrors is the 422 answer listing errs.
func FieldErrors(errs []crm.FieldError) error {
	out := make([]httpapi.FieldError, len(errs))
	for i, e := range errs {
		out[i] = httpapi.FieldError{Field: e.Field, Message: e.Message}
	}
	return httpapi.FieldErrors(out...)
}

func notFound(module string) error {
	return httpapi.Errorf(httpapi.NotFound, "no %s record with that id", module)
}

// resolveLookups checks that every lookup points to an existing record of the right module in
// the organization and replaces each id with {id, name}. Missing ones are 422 naming the field.
func (s *Service) resolveLookups(ctx context.Context, org string, v crm.Values) error {
	if len(v.Lookups) == 0 {
		return nil
	}
	keys := make([]store.RefKey, len(v.Lookups))
	for i, l := range v.Lookups {
		keys[i] = store.RefKey{Module: l.Module, ID: l.ID}
	}
	names, err := s.Store.RecordNames(ctx, org, keys)
	if err != nil {
		return err
	}
	var errs []crm.FieldError
	for _, l := range v.Lookups {
		name, ok := names[store.RefKey{Module: l.Module, ID: l.ID}]
		if !ok {
			errs = append(errs, crm.FieldError{Field: l.Field, Message: "must point to an existing " + l.Module + " record"})
			continue
		}
		setLookup(v.Fields, l.Field, map[string]any{"id": l.ID, "name": name})
	}
	if len(errs) > 0 {
		return FieldErrors(errs)
	}
	return nil
}

// setLookup puts ref at path: a field name, or "Field[i].Sub" inside line items.
func setLookup(fields map[string]any, path string, ref map[string]any) {
	name, rest, nested := strings.Cut(path, "[")
	if !nested {
		fields[name] = ref
		return
	}
	idx, sub, _ := strings.Cut(rest, "].")
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 {
		return
	}
	switch lines := fields[name].(type) {
	case []map[string]any:
		if i < len(lines) {
			lines[i][sub] = ref
		}
	case []any:
		if i < len(lines) {
			if line, ok := lines[i].(map[string]any); ok {
				line[sub] = ref
			}
		}
	}
}

// RecordBody is the body of a create or update.
type RecordBody struct {
	LayoutID string                     `json:"layoutId"`
	Fields   map[string]json.RawMessage `json:"fields"`
}

// decodeBody reads a record body; fields is required.
func decodeBody(r *httpapi.Request) (RecordBody, error) {
	var in RecordBody
	if err := httpapi.Decode(r, &in); err != nil {
		return in, err
	}
	if in.Fields == nil {
		return in, &httpapi.Error{Kind: httpapi.Invalid, Detail: `the body needs "fields", an object`,
			Fields: []httpapi.FieldError{{Field: "fields", Message: "is required"}}}
	}
	return in, nil
}

// Build turns input into a new record of org made by by (version 1): the layout must exist,
// the fields pass the module's rules, every lookup points to an existing record and the
// record fits DynamoDB's limits ([LimitErrors]).
func (s *Service) Build(ctx context.Context, m crm.Module, org string, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	if layoutID == "" {
		layoutID = "default"
	}
	if _, ok := m.Layout(layoutID); !ok {
		return store.Record{}, httpapi.FieldErrors(httpapi.FieldError{Field: "layoutId", Message: "is not a layout of " + m.APIName})
	}
	vals, errs := m.Validate(in, true)
	if len(errs) > 0 {
		return store.Record{}, FieldErrors(errs)
	}
	if err := s.resolveLookups(ctx, org, vals); err != nil {
		return store.Record{}, err
	}
	id, err := auth.NewID()
	if err != nil {
		return store.Record{}, err
	}
	now := s.Store.Now()
	fields := map[string]any{}
	for k, v := range vals.Fields {
		if v != nil {
			fields[k] = v
		}
	}
	rec := store.Record{OrgID: org, Module: m.APIName, ID: id, LayoutID: layoutID, Version: 1,
		Name: crm.NameOf(m, fields), Fields: fields, CreatedAt: now, ModifiedAt: now, CreatedBy: by, ModifiedBy: by}
	if err := checkLimits(m, nil, rec); err != nil {
		return store.Record{}, err
	}
	return rec, nil
}

// Apply returns old changed by the fields of in (null clears one) and, when layoutID is set,
// moved to that layout, as the next version made by by. It checks the fields, lookups and
// limits like Build, the limits with the transaction that replaces old; it writes nothing.
func (s *Service) Apply(ctx context.Context, m crm.Module, old store.Record, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	layout := old.LayoutID
	if layoutID != "" {
		if _, ok := m.Layout(layoutID); !ok {
			return store.Record{}, httpapi.FieldErrors(httpapi.FieldError{Field: "layoutId", Message: "is not a layout of " + m.APIName})
		}
		layout = layoutID
	}
	vals, errs := m.Validate(in, false)
	if len(errs) > 0 {
		return store.Record{}, FieldErrors(errs)
	}
	if err := s.resolveLookups(ctx, old.OrgID, vals); err != nil {
		return store.Record{}, err
	}
	fields := map[string]any{}
	for k, v := range old.Fields {
		fields[k] = v
	}
	for k, v := range vals.Fields {
		if v == nil {
			delete(fields, k)
		} else {
			fields[k] = v
		}
	}
	next := old
	next.Fields, next.LayoutID, next.Version = fields, layout, old.Version+1
	next.Name = crm.NameOf(m, fields)
	next.ModifiedAt = s.Store.Now()
	next.ModifiedBy = by
	if err := checkLimits(m, &old, next); err != nil {
		return store.Record{}, err
	}
	return next, nil
}

// Actor is the staff principal in the audit log.
func (s *Service) Actor(ctx context.Context, p staffauth.Principal) store.Actor {
	return s.Staff.Actor(ctx, p)
}

// Author is the principal as a record's creator or modifier.
func (s *Service) Author(ctx context.Context, p staffauth.Principal) store.Ref {
	return store.Ref{ID: p.UserID, Name: s.userName(ctx, p)}
}

func (s *Service) userName(ctx context.Context, p staffauth.Principal) string {
	u, err := s.Store.GetStaff(ctx, p.OrgID, p.UserID)
	if err != nil {
		return ""
	}
	return u.Name
}

func storeErr(err error, module string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFound(module)
	case errors.Is(err, store.ErrVersion):
		return httpapi.Errorf(httpapi.PreconditionFailed, "the record changed since you read it; reload it and try again")
	case errors.Is(err, store.ErrBadCursor):
		return httpapi.ErrBadCursor
	}
	return err
}
