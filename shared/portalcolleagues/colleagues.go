// Package portalcolleagues is the customer account admin's side of the portal user lifecycle:
// a portal user staff marked as admin of their Account (store.PortalUser.AccountAdmin) sees
// the portal users of that Account, invites its Contacts as the user types staff delegated
// (access.UserType.Delegable), resends invitations, and deactivates and reactivates
// colleagues. The invitations and actions are staffportalusers' own (the same transaction,
// seat rules and emails), run on behalf of the account admin with hooks that keep them inside
// their Account and the delegated types; everything is audited with the account admin as
// the actor. For every other portal user, and for a staff preview, the routes do not exist
// (404).
//
// The Account is the one of the account admin's Contact record as the CRM has it now, and a
// colleague is the portal user of a Contact whose record links to that Account now: the same
// rule as the portal's account scope (portalguard.Self), so a Contact moved to another Account
// in the CRM moves with it.
package portalcolleagues

import (
	"context"
	"errors"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/store"
)

// colleaguesStore is what the routes read besides what staffportalusers writes: the account
// admin, the Contacts of their Account, the claims of those Contacts, the user types and the
// organization's limits.
type colleaguesStore interface {
	GetPortalUser(ctx context.Context, org, id string) (store.PortalUser, error)
	GetOrg(ctx context.Context, id string) (store.Org, error)
	ListUserTypes(ctx context.Context, org string) ([]store.UserType, error)
	ListLinkedPage(ctx context.Context, m crm.Module, org, target, linkField string, q crm.ListQuery) (store.Page[store.Record], error)
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	PortalUsersByRecords(ctx context.Context, org string, records []string) ([]store.PortalUser, error)
}

var _ colleaguesStore = (*store.Store)(nil)

// catalog gives a module as the organization sees it (modules.Catalog).
type catalog interface {
	Module(ctx context.Context, org, name string) (crm.Module, int, error)
}

// users is the invitation service and the actions on portal users (staffportalusers.Service).
type users interface {
	Invite(ctx context.Context, r *httpapi.Request, by staffportalusers.Acting, module, id, typeID string) (store.PortalUser, string, int, error)
	Apply(ctx context.Context, r *httpapi.Request, by staffportalusers.Acting, id, action, toUserType string) (store.PortalUser, string, bool, error)
}

var _ users = (*staffportalusers.Service)(nil)

// Service holds what the account admin's routes use.
type Service struct {
	guard   *portalguard.Guard
	store   colleaguesStore
	modules catalog
	users   users
}

// errNoRoute is every answer to a caller who is not an account admin: the routes do not
// exist for them.
var errNoRoute = httpapi.Errorf(httpapi.NotFound, "no such route")

// MaxContacts bounds the Contacts of one Account the colleagues list reads (pages of 100);
// an Account with more shows the first ones in the CRM's order.
const MaxContacts = 500

// New builds the service from a function's dependencies, with the email sender invitations use.
func New(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Service{guard: portalguard.New(st, d.Config), store: st, modules: modules.New(st), users: staffportalusers.New(d)}
}

// admin is the account admin behind p and the id of their Account now, or errNoRoute.
func (s *Service) admin(ctx context.Context, p portalguard.Principal) (store.PortalUser, string, error) {
	if p.Preview || p.RecordID == "" {
		return store.PortalUser{}, "", errNoRoute
	}
	u, err := s.store.GetPortalUser(ctx, p.OrgID, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return store.PortalUser{}, "", errNoRoute
	}
	if err != nil {
		return store.PortalUser{}, "", err
	}
	if !u.AccountAdmin || u.Status != "active" || u.RecordModule != crm.Contacts {
		return store.PortalUser{}, "", errNoRoute
	}
	// The own record as it is now (a strongly consistent read, unlike the scopes' Self): the
	// routes exist or not on what it says.
	m, _, err := s.modules.Module(ctx, p.OrgID, crm.Contacts)
	if err != nil {
		return store.PortalUser{}, "", err
	}
	own, err := s.store.GetRecordConsistent(ctx, m, p.OrgID, u.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		return store.PortalUser{}, "", errNoRoute
	}
	if err != nil {
		return store.PortalUser{}, "", err
	}
	account := accountOf(own)
	if account == "" {
		return store.PortalUser{}, "", errNoRoute
	}
	return u, account, nil
}
