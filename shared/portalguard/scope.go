package portalguard

import (
	"context"
	"errors"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// ErrNoRecord is the answer for a record the user may not reach: missing, out of scope,
// hidden by the tab's layouts or a malformed id are all this same 404, so ids cannot be probed.
var ErrNoRecord = httpapi.Errorf(httpapi.NotFound, "no record with that id")

// Scope is a record a portal route names, as the user may reach it.
type Scope struct {
	Tab    access.Tab // the user's tab of the record's module
	Module crm.Module // the module as the organization sees it
	Self   access.Self
	Record store.Record // read with a strongly consistent read
}

// Self is who the principal is for scopes: their own record and, when it has one, its
// account. It reads the own record once (a preview without a record has neither).
func (g *Guard) Self(ctx context.Context, p Principal) (access.Self, error) {
	if p.RecordID == "" {
		return access.Self{}, nil
	}
	base, ok := crm.StandardModule(p.UserType.BaseModule)
	if !ok {
		return access.Self{}, nil
	}
	own, err := g.store.GetRecord(ctx, base, p.OrgID, p.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		return access.Self{}, nil
	}
	if err != nil {
		return access.Self{}, err
	}
	self := access.Self{RecordID: p.RecordID}
	if ref, ok := own.Fields["Account_Name"].(map[string]any); ok {
		self.AccountID, _ = ref["id"].(string)
	}
	return self, nil
}

// Tab returns the principal's enabled, viewable tab of module and the module as the
// organization sees it; anything else is NotFound, like a missing record.
func (g *Guard) Tab(ctx context.Context, p Principal, module string) (access.Tab, crm.Module, error) {
	t, ok := p.UserType.Tab(module)
	if !ok || !t.Enabled || !access.Can(t, access.ActionView) {
		return access.Tab{}, crm.Module{}, httpapi.Errorf(httpapi.NotFound, "no tab %q", module)
	}
	m, _, err := g.modules.Module(ctx, p.OrgID, module)
	if err != nil {
		return access.Tab{}, crm.Module{}, err
	}
	return t, m, nil
}

// Modules returns the modules of the principal's enabled tabs as the organization sees them
// (custom fields included), in one read of their customizations.
func (g *Guard) Modules(ctx context.Context, p Principal) (map[string]crm.Module, error) {
	var names []string
	for _, t := range p.UserType.Tabs {
		if t.Enabled {
			names = append(names, t.Module)
		}
	}
	return g.modules.Modules(ctx, p.OrgID, names)
}

// Scoped loads the record of the path ({module}, {id}) in the user's scope for action; out of
// scope, missing and malformed ids all answer ErrNoRecord, and a tab that does not allow the
// action Forbidden.
func (g *Guard) Scoped(ctx context.Context, p Principal, r *httpapi.Request, action string) (Scope, error) {
	t, m, err := g.Tab(ctx, p, r.PathParameters["module"])
	if err != nil {
		return Scope{}, err
	}
	id := r.PathParameters["id"]
	if !auth.ValidID(id) {
		return Scope{}, ErrNoRecord
	}
	self, err := g.Self(ctx, p)
	if err != nil {
		return Scope{}, err
	}
	rec, err := g.store.GetRecordConsistent(ctx, m, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return Scope{}, ErrNoRecord
	}
	if err != nil {
		return Scope{}, err
	}
	if !access.InScope(t, self, rec.ID, rec.Fields) || !t.AllowsLayout(rec.LayoutID) {
		return Scope{}, ErrNoRecord
	}
	if !access.May(p.UserType.UserType, t, self, action, rec.ID, rec.Fields) {
		return Scope{}, Forbidden(action)
	}
	return Scope{Tab: t, Module: m, Self: self, Record: rec}, nil
}

// Forbidden is the answer when the user's tab does not allow action on its records.
func Forbidden(action string) error {
	return httpapi.Errorf(httpapi.Forbidden, "this tab does not allow you to %s its records", action)
}
