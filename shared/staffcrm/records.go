// Package staffcrm serves the staff console's CRM routes: modules (fields and layouts, with
// an organization's custom ones) and records (create, read, update with If-Match, delete,
// list with sort, filters and cursor pages).
package staffcrm

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// recordStore is what the module and record routes read and write.
type recordStore interface {
	GetCustomizationConsistent(ctx context.Context, org, module string) (crm.Customization, int, error)
	PutCustomization(ctx context.Context, org, module string, c crm.Customization, version int) (int, error)
	ListRecordsPage(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (store.Page[store.Record], error)
	CreateRecord(ctx context.Context, m crm.Module, r store.Record) error
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	UpdateRecord(ctx context.Context, m crm.Module, old, r store.Record) error
	DeleteRecord(ctx context.Context, m crm.Module, r store.Record) error
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
}

var _ recordStore = (*store.Store)(nil)

// Service holds what the module and record routes use: the staff guard, the store and the
// module catalog. Build one with New or NewFrom.
type Service struct {
	guard   *staffguard.Guard
	records recordStore
	catalog *modules.Catalog

	// Staff and Store are kept for the packages that still reach through this service;
	// a Service made as a literal with them works as one made by NewFrom(Store, Staff.Config).
	Staff *staffauth.Service
	Store *store.Store
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	s := NewFrom(store.New(d.DynamoDB, d.Config.TableName, nil), d.Config)
	s.Staff = staffauth.New(d)
	s.Staff.Store = s.Store
	return s
}

// NewFrom builds the service over st (a store with a call log, in a benchmark) with the
// configuration cfg.
func NewFrom(st *store.Store, cfg config.Config) *Service {
	return &Service{guard: staffguard.New(st, cfg), records: st, catalog: modules.New(st), Store: st}
}

// Guard is the staff guard the routes are served behind.
func (s *Service) Guard() *staffguard.Guard {
	if s.guard == nil {
		var cfg config.Config
		if s.Staff != nil {
			cfg = s.Staff.Config
		}
		return staffguard.New(s.Store, cfg)
	}
	return s.guard
}

func (s *Service) store() recordStore {
	if s.records == nil {
		return s.Store
	}
	return s.records
}

// Modules is the catalog of modules as organizations see them.
func (s *Service) Modules() *modules.Catalog {
	if s.catalog == nil {
		return modules.New(s.Store)
	}
	return s.catalog
}

// MaxRecordLookups is [modules.MaxRecordLookups].
const MaxRecordLookups = modules.MaxRecordLookups

// Module is [modules.Catalog.Module].
func (s *Service) Module(ctx context.Context, org, name string) (crm.Module, int, error) {
	return s.Modules().Module(ctx, org, name)
}

// ModuleConsistent is [modules.Catalog.ModuleConsistent].
func (s *Service) ModuleConsistent(ctx context.Context, org, name string) (crm.Module, int, error) {
	return s.Modules().ModuleConsistent(ctx, org, name)
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

// FieldErrors is [modules.FieldErrors].
func FieldErrors(errs []crm.FieldError) error { return modules.FieldErrors(errs) }

func notFound(module string) error {
	return httpapi.Errorf(httpapi.NotFound, "no %s record with that id", module)
}

// RecordBody is [modules.RecordBody].
type RecordBody = modules.RecordBody

// Build is [modules.Catalog.Build].
func (s *Service) Build(ctx context.Context, m crm.Module, org string, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	return s.Modules().Build(ctx, m, org, by, layoutID, in)
}

// Apply is [modules.Catalog.Apply].
func (s *Service) Apply(ctx context.Context, m crm.Module, old store.Record, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	return s.Modules().Apply(ctx, m, old, by, layoutID, in)
}

// Actor is the staff principal in the audit log.
func (s *Service) Actor(ctx context.Context, p staffguard.Principal) store.Actor {
	return s.Guard().Actor(ctx, p)
}

// Author is the principal as a record's creator or modifier.
func (s *Service) Author(ctx context.Context, p staffguard.Principal) store.Ref {
	return store.Ref{ID: p.UserID, Name: s.userName(ctx, p)}
}

// userName is the principal's name: as the request read it, else from the member record
// (best effort: a record is written either way).
func (s *Service) userName(ctx context.Context, p staffguard.Principal) string {
	if p.Name != "" {
		return p.Name
	}
	u, err := s.store().GetStaff(ctx, p.OrgID, p.UserID)
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
	}
	return err
}
