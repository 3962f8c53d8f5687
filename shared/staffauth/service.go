// Package staffauth serves the staff console's sign-in routes: login (throttled), logout,
// who am I, and password resets (the request, the reset mailer's part, the new password).
// Who is calling the other staff routes is staffguard's; the links that set a password are
// staffpassword's.
package staffauth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/staffpassword"
	"crmportal/shared/store"
)

// Service holds what the sign-in routes share.
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

// links makes and mails the password links over s's store, sender and configuration.
func (s *Service) links() *staffpassword.Links { return staffpassword.New(s.Store, s.Mail, s.Config) }

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

// named names the record of a store.ErrNotFound ("user not found"); any other error is
// returned as it came, for httpapi's classification.
func named(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return httpapi.Errorf(httpapi.NotFound, "%s not found", what)
	}
	return err
}

func noContent() *httpapi.Reply { return &httpapi.Reply{Status: http.StatusNoContent} }
