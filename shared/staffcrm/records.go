// Package staffcrm serves the staff console's CRM routes: modules (fields and layouts, with
// an organization's custom ones) and records (create, read, update with If-Match, delete,
// list with sort, filters and cursor pages).
package staffcrm

import (
	"context"
	"errors"
	"time"

	"crmportal/shared/config"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// recordStore is what the module and record routes read and write.
type recordStore interface {
	GetCustomizationConsistent(ctx context.Context, org, module string) (crm.Customization, int, error)
	PutCustomization(ctx context.Context, org, module string, c crm.Customization, version int) (int, error)
	ListRecordsPage(ctx context.Context, m crm.Module, org string, q crm.ListQuery) (store.Page[store.Record], error)
	CreateRecord(ctx context.Context, m crm.Module, r store.Record, evs ...store.Event) error
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	UpdateRecord(ctx context.Context, m crm.Module, old, r store.Record, evs ...store.Event) error
	DeleteRecord(ctx context.Context, m crm.Module, r store.Record) error
	// ListUserTypes: which fields' change notifies customers (field.changed).
	ListUserTypes(ctx context.Context, org string) ([]store.UserType, error)
	// GetStaff: a record's owner must be an active member.
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
}

var _ recordStore = (*store.Store)(nil)

// Service holds what the module and record routes use: the staff guard, the store and the
// module catalog.
type Service struct {
	Guard   *staffguard.Guard
	Store   recordStore
	Modules *modules.Catalog
	// Finder reads search keys and the records they name (GET /api/admin/search).
	Finder searchStore
	// Sort reads and keeps the indexes of the fields marked sortable.
	Sort sortStore
	// Decisions read customers' decisions on quotes (the signature a quote's view shows).
	Decisions decisionReader
}

// decisionReader reads the customer's decision on a quote.
type decisionReader interface {
	GetQuoteDecision(ctx context.Context, org, module, id string, consistent bool) (store.QuoteDecision, error)
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	return NewFrom(store.New(d.DynamoDB, d.Config.TableName, nil), d.Config)
}

// NewFrom builds the service over st (a store with a call log, in a benchmark) with the
// configuration cfg.
func NewFrom(st *store.Store, cfg config.Config) *Service {
	return &Service{Guard: staffguard.New(st, cfg), Store: st, Modules: modules.New(st), Finder: st, Sort: st, Decisions: st}
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
	// OwnerID is the staff member who owns the record (absent: none).
	OwnerID string `json:"ownerId,omitempty"`
	// Decision is the customer's decision on a quote: who signed, when, from which address,
	// on which version and total; only in a quote's view, when it has one.
	Decision *store.QuoteDecision `json:"decision,omitempty"`
}

// ToJSON is the API form of r.
func ToJSON(r store.Record) RecordJSON {
	f := r.Fields
	if f == nil {
		f = map[string]any{}
	}
	return RecordJSON{ID: r.ID, Module: r.Module, LayoutID: r.LayoutID, Version: r.Version, Fields: f,
		CreatedAt: r.CreatedAt, ModifiedAt: r.ModifiedAt, CreatedBy: r.CreatedBy, ModifiedBy: r.ModifiedBy, OwnerID: r.OwnerID}
}

func notFound(module string) error {
	return httpapi.Errorf(httpapi.NotFound, "no %s record with that id", module)
}

// actor is the principal as the actor of the events its writes make.
func actor(p staffguard.Principal) store.Actor {
	return store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: p.Name}
}

// author is the principal as a record's creator or modifier, named as the guard read the
// member on this request.
func author(p staffguard.Principal) store.Ref {
	return store.Ref{ID: p.UserID, Name: p.Name}
}

// storeErr is a record write's or read's store error with the meaning the client needs: which
// module has no such record, and that the record (not just "it") changed. Other errors go as
// they came, to the one store-error table.
func storeErr(err error, module string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFound(module)
	case errors.Is(err, store.ErrVersion):
		return httpapi.Errorf(httpapi.PreconditionFailed, "the record changed since you read it; reload it and try again")
	}
	return err
}
