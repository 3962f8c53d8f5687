// Package staffauth serves the staff console's sign-in routes: login, logout, who am I, and
// password resets (the request, the reset mailer's part, the new password). Logins holds the
// login throttle, which portal logins use too. Who is calling the other staff routes is
// staffguard's; the links that set a password are staffpassword's.
package staffauth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/config"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/mail/sesmail"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/staffpassword"
	"crmportal/shared/store"
)

// authStore is what the sign-in routes read and write (the throttle's counters aside).
type authStore interface {
	audit.Log
	GetOrg(ctx context.Context, id string) (store.Org, error)
	StaffForLogin(ctx context.Context, email string) (store.Staff, error)
	StaffByEmail(ctx context.Context, email string) (store.Staff, error)
	GetStaff(ctx context.Context, org, id string) (store.Staff, error)
	GetStaffConsistent(ctx context.Context, org, id string) (store.Staff, error)
	RehashPassword(ctx context.Context, org, userID, old, hash string) error
	StaffSessionGuard(org, user, passwordHash string) store.SessionGuard
	CreateSession(ctx context.Context, ss store.Session, guards ...store.SessionGuard) error
	GetSession(ctx context.Context, hash string) (store.Session, error)
	DeleteSession(ctx context.Context, hash string) error
	RequestMail(ctx context.Context, r store.MailRequest, limit store.ThrottleKey, window, expires time.Time, max int) (bool, error)
	FinishMailRequest(ctx context.Context, id, outcome string) error
	GetResetToken(ctx context.Context, hash string) (store.ResetToken, error)
	UseResetToken(ctx context.Context, t store.ResetToken, passwordHash string) error
}

var _ authStore = (*store.Store)(nil)

// passwordLinks makes a password link and emails it (staffpassword.Links).
type passwordLinks interface {
	Make(ctx context.Context, user store.Staff, setup bool, request string) (string, time.Time, error)
	Mail(ctx context.Context, user store.Staff, link string, expires time.Time, setup bool) error
}

var _ passwordLinks = (*staffpassword.Links)(nil)

// Service holds what the sign-in routes share.
type Service struct {
	Store  authStore
	Prefs  preferencesStore // the staff preferences routes
	Guard  *staffguard.Guard
	Links  passwordLinks
	Logins *logins.Logins
	// Factors are the second factor's flows; only the login's and /me's builders set them
	// (withFactors, from stafffactors), so that the other functions link neither the key
	// service nor the WebAuthn library. Nil: a login whose member a second factor is due for
	// fails.
	Factors FactorFlows
}

// New builds the service from a function's dependencies, without an email sender: the staff
// sign-in routes send none (the reset mailer, shared/resetmail, mails a reset and builds the
// service with NewFrom and its sender), so they do not build an SES client.
func New(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return NewFrom(st, nil, d.Config)
}

// NewFrom builds the service over st, sending mail with sender (tests and benchmarks give
// ones that record their calls).
func NewFrom(st *store.Store, sender *sesmail.Sender, cfg config.Config) *Service {
	// Without the second factor's flows: the builders of the functions that run them add them
	// (withFactors), and so do the callers of NewFrom that log members in.
	return &Service{Store: st, Prefs: st, Guard: staffguard.New(st, cfg), Links: staffpassword.New(st, sender, cfg), Logins: logins.New(st)}
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
