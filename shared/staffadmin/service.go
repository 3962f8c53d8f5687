// Package staffadmin serves the staff console's administration: the organization's staff
// members (admins), its settings, API tokens (each member their own; admins all of them)
// and the audit log (admins). Its routes are guarded by staffguard; a new member's
// first-password link comes from staffpassword.
package staffadmin

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/staffpassword"
	"crmportal/shared/store"
)

// adminStore is what the administration routes read and write.
type adminStore interface {
	audit.Log
	GetOrg(ctx context.Context, id string) (store.Org, error)
	UpdateOrg(ctx context.Context, id string, c store.OrgChanges) (store.Org, error)
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
	GetStaffConsistent(ctx context.Context, org, id string) (store.Staff, error)
	FactorMethods(ctx context.Context, org, kind string, users []string) (map[string][]string, error)
	DeleteFactor(ctx context.Context, org, kind, user string, version int) error
	ListStaff(ctx context.Context, org string) ([]store.Staff, error)
	CreateStaff(ctx context.Context, u store.Staff) error
	ChangeStaff(ctx context.Context, from store.Staff, c store.StaffChange) (store.Staff, error)
	ListAPITokens(ctx context.Context, org, user string) ([]store.APIToken, error)
	ListOrgAPITokens(ctx context.Context, org, user string) ([]store.APIToken, error)
	CreateAPIToken(ctx context.Context, t store.APIToken) error
	DeleteAPIToken(ctx context.Context, org, user, id string) (store.APIToken, error)
	DeleteOrgAPIToken(ctx context.Context, org, id string) (store.APIToken, error)
	ListAuditPage(ctx context.Context, org string, f store.AuditFilter, limit int, after string) (store.Page[store.AuditEntry], error)
	CountUse(ctx context.Context, kind, who string, max int) (ok bool, next time.Time, err error)
	UncountUse(ctx context.Context, kind, who string, counted time.Time) error
}

var _ adminStore = (*store.Store)(nil)

// linkSender makes a member's password link and emails it (staffpassword.Links.Send).
type linkSender interface {
	Send(ctx context.Context, user store.Staff, setup bool) (string, error)
}

var _ linkSender = (*staffpassword.Links)(nil)

// Service serves the administration routes.
type Service struct {
	Store adminStore
	Guard *staffguard.Guard
	Links linkSender
}

// New builds the service from a function's dependencies, with the email sender that adding a
// member uses.
func New(d platform.Deps) *Service { return withSender(d, sesmail.New(d)) }

// withSender builds the service with sender; the builders of the routes that send no email
// give nil, so that their functions do not build an SES client.
func withSender(d platform.Deps, sender *sesmail.Sender) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Service{Store: st, Guard: staffguard.New(st, d.Config), Links: staffpassword.New(st, sender, d.Config)}
}

// named names the record of a store.ErrNotFound ("staff member not found"); any other error
// is returned as it came, for httpapi's classification.
func named(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return httpapi.Errorf(httpapi.NotFound, "%s not found", what)
	}
	return err
}

func noContent() *httpapi.Reply { return &httpapi.Reply{Status: http.StatusNoContent} }
