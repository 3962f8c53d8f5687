// Package modules is the definition of a module as an organization sees it (the standard
// fields and layouts with the organization's custom ones) and the building of records from
// request bodies against that definition. Both sides use it: the staff CRM routes, the
// portal user's routes, the import worker and the staff's user-type and invitation routes.
package modules

import (
	"context"
	"errors"
	"fmt"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// Store is what a Catalog reads: an organization's customizations, the names of the records
// lookups point to, and the clock records are stamped with. *store.Store is one.
type Store interface {
	GetCustomization(ctx context.Context, org, module string) (crm.Customization, int, error)
	GetCustomizationConsistent(ctx context.Context, org, module string) (crm.Customization, int, error)
	GetCustomizations(ctx context.Context, org string, modules []string) (map[string]crm.Customization, error)
	RecordNames(ctx context.Context, org string, refs []store.RefKey) (map[store.RefKey]string, error)
	Now() time.Time
}

var _ Store = (*store.Store)(nil)

// Catalog answers modules as organizations see them and builds their records.
type Catalog struct {
	store Store
}

// New returns the catalog that reads st.
func New(st Store) *Catalog {
	return &Catalog{store: st}
}

// Module returns the module named name as org sees it (standard fields and layouts plus the
// org's custom ones) and the customization's version. An unknown module is NotFound
// ("no module %q").
func (c *Catalog) Module(ctx context.Context, org, name string) (crm.Module, int, error) {
	return c.module(ctx, org, name, c.store.GetCustomization)
}

// ModuleConsistent is Module read with a strongly consistent read: for an answer whose
// version (ETag) the client sends back in If-Match right after.
func (c *Catalog) ModuleConsistent(ctx context.Context, org, name string) (crm.Module, int, error) {
	return c.module(ctx, org, name, c.store.GetCustomizationConsistent)
}

func (c *Catalog) module(ctx context.Context, org, name string,
	get func(ctx context.Context, org, module string) (crm.Customization, int, error)) (crm.Module, int, error) {
	base, ok := crm.StandardModule(name)
	if !ok {
		return crm.Module{}, 0, httpapi.Errorf(httpapi.NotFound, "no module %q", name)
	}
	cust, version, err := get(ctx, org, name)
	if err != nil {
		return crm.Module{}, 0, err
	}
	m, err := merge(base, cust)
	if err != nil {
		return crm.Module{}, 0, err
	}
	return m, version, nil
}

// Modules returns the modules named in names as org sees them, in one BatchGetItem of their
// customizations. Names of no standard module are left out of the map.
func (c *Catalog) Modules(ctx context.Context, org string, names []string) (map[string]crm.Module, error) {
	custom, err := c.store.GetCustomizations(ctx, org, names)
	if err != nil {
		return nil, err
	}
	out := map[string]crm.Module{}
	for _, name := range names {
		base, ok := crm.StandardModule(name)
		if !ok {
			continue
		}
		m, err := merge(base, custom[name])
		if err != nil {
			return nil, err
		}
		out[name] = m
	}
	return out, nil
}

// merge is base with the customization cust; an empty one leaves base as it is.
func merge(base crm.Module, cust crm.Customization) (crm.Module, error) {
	if len(cust.Fields) == 0 && len(cust.Layouts) == 0 && len(cust.Sortable) == 0 {
		return base, nil
	}
	m, err := crm.Merge(base, cust)
	if err != nil {
		return crm.Module{}, fmt.Errorf("merge customization of %s: %w", base.APIName, err)
	}
	return m, nil
}

// RecordReader reads one record with a strongly consistent read.
type RecordReader interface {
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
}

// Record returns the module and the record a staff route's path names ({module}, {id}) in
// org, both read strongly consistently: the caller may change the record next, against the
// module's fields as they are now (a field an admin has just added is known at once).
// An unknown module is NotFound ("no module %q"); a malformed id and a missing record are
// the same NotFound ("no <module> record with that id"), so an id's shape tells nothing.
// Portal routes go through portalguard.Scoped instead, which adds the user's scope.
func (c *Catalog) Record(ctx context.Context, st RecordReader, org, module, id string) (crm.Module, store.Record, error) {
	m, _, err := c.ModuleConsistent(ctx, org, module)
	if err != nil {
		return crm.Module{}, store.Record{}, err
	}
	noRecord := httpapi.Errorf(httpapi.NotFound, "no %s record with that id", m.APIName)
	if !auth.ValidID(id) {
		return crm.Module{}, store.Record{}, noRecord
	}
	rec, err := st.GetRecordConsistent(ctx, m, org, id)
	if errors.Is(err, store.ErrNotFound) {
		return crm.Module{}, store.Record{}, noRecord
	}
	if err != nil {
		return crm.Module{}, store.Record{}, err
	}
	return m, rec, nil
}
