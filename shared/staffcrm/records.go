// Package staffcrm serves the staff console's CRM routes: modules (fields and layouts, with
// an organization's custom ones) and records (create, read, update with If-Match, delete,
// list with sort, filters and cursor pages).
package staffcrm

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// Service holds what the record routes share.
type Service struct {
	Staff   *staffauth.Service
	Store   *store.Store
	Modules *modules.Catalog
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	st := staffauth.New(d)
	return &Service{Staff: st, Store: st.Store, Modules: modules.New(st.Store)}
}

// MaxRecordLookups is [modules.MaxRecordLookups].
const MaxRecordLookups = modules.MaxRecordLookups

// Module is [modules.Catalog.Module].
func (s *Service) Module(ctx context.Context, org, name string) (crm.Module, int, error) {
	return s.Modules.Module(ctx, org, name)
}

// ModuleConsistent is [modules.Catalog.ModuleConsistent].
func (s *Service) ModuleConsistent(ctx context.Context, org, name string) (crm.Module, int, error) {
	return s.Modules.ModuleConsistent(ctx, org, name)
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
	return s.Modules.Build(ctx, m, org, by, layoutID, in)
}

// Apply is [modules.Catalog.Apply].
func (s *Service) Apply(ctx context.Context, m crm.Module, old store.Record, by store.Ref, layoutID string, in map[string]json.RawMessage) (store.Record, error) {
	return s.Modules.Apply(ctx, m, old, by, layoutID, in)
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
