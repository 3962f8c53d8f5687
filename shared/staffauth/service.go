// Package staffauth serves the staff console's own routes: login, logout, who am I, password
// resets, personal API tokens and the organization's settings. It also authenticates staff
// requests (session cookie or API token) for every other staff route.
package staffauth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// Staff sessions last auth.SessionIdle idle and auth.SessionAbsolute at most.
const (
	// ResetLifetime is how long a password reset link works; SetupLifetime a first-password link.
	ResetLifetime = time.Hour
	SetupLifetime = 72 * time.Hour
)

// Service holds what the staff routes share.
type Service struct {
	Store    *store.Store
	Mail     *mail.Sender
	Config   config.Config
	Throttle auth.Throttle
	// Sleep waits before answering a throttled login; tests replace it.
	Sleep func(context.Context, time.Duration)
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	return &Service{
		Store:    store.New(d.DynamoDB, d.Config.TableName, nil),
		Mail:     &mail.Sender{SES: d.SES, From: d.Config.SenderEmail, ConfigurationSet: d.Config.MailConfigurationSet},
		Config:   d.Config,
		Throttle: auth.DefaultThrottle,
		Sleep:    sleep,
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Principal is the staff principal of staffguard, named here for the packages that still
// reach it through this one.
type Principal = staffguard.Principal

// guard is the staff guard over s's store and configuration.
func (s *Service) guard() *staffguard.Guard { return staffguard.New(s.Store, s.Config) }

// origins are the browser origins allowed to change state with a cookie.
func (s *Service) origins(ctx context.Context) []string {
	if o := s.PortalOrigin(ctx); o != "" {
		return []string{o}
	}
	return nil
}

// Authenticate is staffguard.Guard.Authenticate.
func (s *Service) Authenticate(ctx context.Context, r *httpapi.Request) (Principal, error) {
	return s.guard().Authenticate(ctx, r)
}

// PortalOrigin is staffguard.Guard.PortalOrigin.
func (s *Service) PortalOrigin(ctx context.Context) string { return s.guard().PortalOrigin(ctx) }

// Actor is staffguard.Guard.Actor.
func (s *Service) Actor(ctx context.Context, p Principal) store.Actor { return s.guard().Actor(ctx, p) }

// RequireAdmin is staffguard.RequireAdmin.
func RequireAdmin(p Principal) error { return staffguard.RequireAdmin(p) }

// Guard is staffguard.Guard.Guard.
func (s *Service) Guard(h func(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error)) httpapi.HandlerFunc {
	return s.guard().Guard(h)
}

// storeError maps the store's errors to client errors; others stay internal.
func storeError(err error, what string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return httpapi.Errorf(httpapi.NotFound, "%s not found", what)
	case errors.Is(err, store.ErrVersion):
		return httpapi.Errorf(httpapi.PreconditionFailed, "%s changed since it was read; reload it", what)
	case errors.Is(err, store.ErrExists):
		return httpapi.Errorf(httpapi.Conflict, "%s already exists", what)
	}
	return err
}

func noContent() *httpapi.Reply { return &httpapi.Reply{Status: http.StatusNoContent} }

func trimmed(s string) string { return strings.TrimSpace(s) }
