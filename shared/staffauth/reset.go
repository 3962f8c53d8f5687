package staffauth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/platform"
	"crmportal/shared/staffpassword"
	"crmportal/shared/store"
)

type resetRequest struct {
	Email string `json:"email"`
}

// maxResetsPerHour bounds reset requests per address.
const maxResetsPerHour = 5

// RequestReset asks for a password reset link for a staff email. It does the same work for
// every address, known or not: it counts the request against the address's bound (five an
// hour) and stores a mail request, in one transaction, then answers 202. The reset mailer
// (MailReset, started by the table's stream) looks the account up, makes the link and sends
// it.
func (s *Service) RequestReset(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	var in resetRequest
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Email) == "" || len(in.Email) > 254 {
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "email is required",
			Fields: []httpapi.FieldError{{Field: "email", Message: "is required"}}}
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	window := s.Store.Now().Truncate(staffpassword.ResetLifetime)
	k := store.ThrottleKey{Kind: "reset", Hash: auth.HashSecret(store.NormalizeEmail(in.Email))}
	// Over the bound nothing is stored, for known and unknown addresses alike.
	if _, err := s.Store.RequestMail(ctx, store.MailRequest{ID: id, Kind: store.MailStaffReset, Email: in.Email, Origin: httpapi.RequestOrigin(ctx)},
		k, window, window.Add(staffpassword.ResetLifetime), maxResetsPerHour); err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusAccepted, struct{}{}), nil
}

// MailReset carries out a staff reset request (the reset mailer's part): when its address
// belongs to an active account, a reset link replaces the account's earlier one and is
// emailed; otherwise nothing is sent. The request is then marked done, and a request done
// already (a stream record delivered again) does nothing. An error leaves the request to be
// tried again: a link made by a failed attempt is replaced by the next one's.
func (s *Service) MailReset(ctx context.Context, req store.MailRequest) error {
	user, err := s.Store.StaffByEmail(ctx, req.Email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && user.Status != "active") {
		return s.Store.FinishMailRequest(ctx, req.ID, store.MailNone)
	}
	if err != nil {
		return err
	}
	link, expires, err := s.Links.Make(ctx, user, false, req.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // carried out meanwhile
	}
	if err != nil {
		return err
	}
	if err := s.Links.Mail(ctx, user, link, expires, false); err != nil {
		return err
	}
	return s.Store.FinishMailRequest(ctx, req.ID, store.MailSent)
}

// PasswordLink makes a password link for user without sending it (staffpassword.Links.Make).
func (s *Service) PasswordLink(ctx context.Context, user store.Staff, setup bool) (string, time.Time, error) {
	return s.Links.Make(ctx, user, setup, "")
}

type newPassword struct {
	Password string `json:"password"`
}

var errResetGone = httpapi.Errorf(httpapi.Gone, "this link is no longer valid; ask for a new one")

// Reset sets a new password with a token from a reset or first-password link, once. An
// unknown, used, expired or superseded token (a newer link, or a password change since) is
// 410; a password the policy refuses is 422. Every session of the account ends.
func (s *Service) Reset(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := s.Guard.CheckStateChange(ctx, r); err != nil {
		return nil, err
	}
	token := r.PathParameters["token"]
	var in newPassword
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if len(token) > 100 {
		return nil, errResetGone
	}
	t, err := s.Store.GetResetToken(ctx, auth.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.Purpose != store.PurposeReset && t.Purpose != store.PurposeSetup) {
		return nil, errResetGone
	}
	if err != nil {
		return nil, err
	}
	user, err := s.Store.GetStaffConsistent(ctx, t.OrgID, t.UserID)
	// A deactivated member's links stop with the deactivation, as their sessions and tokens do.
	if errors.Is(err, store.ErrNotFound) || (err == nil && user.Status != store.StaffActive) {
		return nil, errResetGone
	}
	if err != nil {
		return nil, err
	}
	hash, err := logins.NewPasswordHash(in.Password, user.Email)
	if err != nil {
		return nil, err
	}
	if err := s.Store.UseResetToken(ctx, t, hash); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errResetGone
		}
		return nil, err
	}
	return noContent(), nil
}

// RequestResetFunction is the handler of POST /api/admin/password-reset.
func RequestResetFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).RequestReset) }

// ResetFunction is the handler of POST /api/admin/password-reset/{token}.
func ResetFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).Reset) }
