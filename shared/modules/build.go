package modules

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// RecordBody is the body of a record create or update, staff or portal.
type RecordBody struct {
	LayoutID string                     `json:"layoutId"`
	Fields   map[string]json.RawMessage `json:"fields"`
}

// DecodeBody reads a record body; "fields", an object, is required (422 naming it).
func DecodeBody(r *httpapi.Request) (RecordBody, error) {
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

// FieldErrors is the 422 answer listing errs.
func FieldErrors(errs []crm.FieldError) error {
	out := make([]httpapi.FieldError, len(errs))
	for i, e := range errs {
		out[i] = httpapi.FieldError{Field: e.Field, Message: e.Message}
	}
	return httpapi.FieldErrors(out...)
}

// Build turns input into a new record of org made by by (version 1): the layout must exist,
// the fields pass the module's rules, every lookup points to an existing record and the
// record fits DynamoDB's limits ([LimitErrors]). A field of the module's defaults
// (crm.Module.Defaults) left without a value gets its default. It writes nothing.
func (c *Catalog) Build(ctx context.Context, m crm.Module, org string, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	if layoutID == "" {
		layoutID = "default"
	}
	if _, ok := m.Layout(layoutID); !ok {
		return store.Record{}, notALayout(m)
	}
	vals, errs := m.Validate(in, true)
	if len(errs) > 0 {
		return store.Record{}, FieldErrors(errs)
	}
	if err := c.resolveLookups(ctx, org, vals); err != nil {
		return store.Record{}, err
	}
	id, err := auth.NewID()
	if err != nil {
		return store.Record{}, err
	}
	now := c.store.Now()
	fields := map[string]any{}
	for k, v := range vals.Fields {
		if v != nil {
			fields[k] = v
		}
	}
	// A record made without its module's first step (a case without a Status) starts there,
	// whoever makes it: a portal user, who may not see the field, staff or an import.
	m.ApplyDefaults(fields)
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
func (c *Catalog) Apply(ctx context.Context, m crm.Module, old store.Record, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	layout := old.LayoutID
	if layoutID != "" {
		if _, ok := m.Layout(layoutID); !ok {
			return store.Record{}, notALayout(m)
		}
		layout = layoutID
	}
	vals, errs := m.Validate(in, false)
	if len(errs) > 0 {
		return store.Record{}, FieldErrors(errs)
	}
	if err := c.resolveLookups(ctx, old.OrgID, vals); err != nil {
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
	next.ModifiedAt = c.store.Now()
	next.ModifiedBy = by
	if err := checkLimits(m, &old, next); err != nil {
		return store.Record{}, err
	}
	return next, nil
}

func notALayout(m crm.Module) error {
	return httpapi.FieldErrors(httpapi.FieldError{Field: "layoutId", Message: "is not a layout of " + m.APIName})
}

// resolveLookups checks that every lookup points to an existing record of the right module in
// the organization and replaces each id with {id, name}. Missing ones are 422 naming the field.
func (c *Catalog) resolveLookups(ctx context.Context, org string, v crm.Values) error {
	if len(v.Lookups) == 0 {
		return nil
	}
	keys := make([]store.RefKey, len(v.Lookups))
	for i, l := range v.Lookups {
		keys[i] = store.RefKey{Module: l.Module, ID: l.ID}
	}
	names, err := c.store.RecordNames(ctx, org, keys)
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
