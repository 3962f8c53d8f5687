package staff

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/mail"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

type resetRequest struct {
	Email string `json:"email"`
}

// maxResetsPerHour bounds reset emails per account.
const maxResetsPerHour = 5

// RequestReset sends a password reset link to a staff email. The answer is the same 202
// whether or not the email belongs to an account; at most five links an hour go to one account.
func (s *Service) RequestReset(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	var in resetRequest
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if trimmed(in.Email) == "" || len(in.Email) > 254 {
		return nil, &httpapi.Error{Kind: httpapi.Invalid, Detail: "email is required",
			Fields: []httpapi.FieldError{{Field: "email", Message: "is required"}}}
	}
	accepted := httpapi.JSON(http.StatusAccepted, struct{}{})
	now := s.Store.Now()
	window := now.Truncate(ResetLifetime)
	k := store.ThrottleKey{Kind: "reset", Hash: auth.HashSecret(store.NormalizeEmail(in.Email))}
	counts, err := s.Store.Failures(ctx, window, k)
	if err != nil {
		return nil, err
	}
	if counts[0] >= maxResetsPerHour {
		return accepted, nil
	}
	if err := s.Store.AddFailure(ctx, window, window.Add(ResetLifetime), k); err != nil {
		return nil, err
	}
	user, err := s.Store.StaffByEmail(ctx, in.Email)
	if errors.Is(err, store.ErrNotFound) {
		return accepted, nil
	}
	if err != nil {
		return nil, err
	}
	if user.Status != "active" {
		return accepted, nil
	}
	if _, err := s.SendPasswordLink(ctx, user, false); err != nil {
		// The answer stays the same; the failure is in the logs.
		httpapi.Logger(ctx).Error("password reset email not sent", "userId", user.ID, "err", err.Error())
	}
	return accepted, nil
}

// SendPasswordLink creates a single-use token for user and emails the link to set a
// password: a first-password link (setup, 72 hours) or a reset link (1 hour). It returns the
// link (the operator CLI prints it).
func (s *Service) SendPasswordLink(ctx context.Context, user store.Staff, setup bool) (string, error) {
	link, expires, err := s.PasswordLink(ctx, user, setup)
	if err != nil {
		return "", err
	}
	org, err := s.Store.GetOrg(ctx, user.OrgID)
	if err != nil {
		return "", err
	}
	msg, err := mail.Render("staff-reset", org.Language, map[string]any{
		"Name": user.Name, "Company": org.Name, "Link": link, "Setup": setup,
		"Expires": expires.Format("2006-01-02 15:04 MST")})
	if err != nil {
		return "", err
	}
	msg.To = user.Email
	if _, err := s.Mail.Send(ctx, msg); err != nil {
		return link, err
	}
	return link, nil
}

// PasswordLink creates the token and returns the link without sending it.
func (s *Service) PasswordLink(ctx context.Context, user store.Staff, setup bool) (string, time.Time, error) {
	secret, err := auth.NewSecret()
	if err != nil {
		return "", time.Time{}, err
	}
	life, purpose := ResetLifetime, "reset"
	if setup {
		life, purpose = SetupLifetime, "setup"
	}
	expires := s.Store.Now().Add(life)
	if err := s.Store.CreateResetToken(ctx, store.ResetToken{Hash: auth.HashSecret(secret), OrgID: user.OrgID, UserID: user.ID,
		Purpose: purpose, ExpiresAt: expires}); err != nil {
		return "", time.Time{}, err
	}
	return s.Config.PortalBaseURL + "/admin/reset/" + secret, expires, nil
}

type newPassword struct {
	Password string `json:"password"`
}

var errResetGone = httpapi.Errorf(httpapi.Gone, "this link is no longer valid; ask for a new one")

// Reset sets a new password with a token from a reset or first-password link, once. An
// unknown, used or expired token is 410; a password the policy refuses is 422. Every
// session of the account ends.
func (s *Service) Reset(ctx context.Context, r *httpapi.Request) (*httpapi.Reply, error) {
	token := r.PathParameters["token"]
	var in newPassword
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if len(token) > 100 {
		return nil, errResetGone
	}
	t, err := s.Store.GetResetToken(ctx, auth.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errResetGone
	}
	if err != nil {
		return nil, err
	}
	user, err := s.Store.GetStaff(ctx, t.OrgID, t.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errResetGone
	}
	if err != nil {
		return nil, err
	}
	hash, err := NewPasswordHash(in.Password, user.Email)
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

// NewPasswordHash checks a new password against the policy (a 422 naming the field
// "password" when it fails) and hashes it with Argon2id.
func NewPasswordHash(password, email string) (string, error) {
	if msg := auth.CheckPassword(password, email); msg != "" {
		return "", httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: msg})
	}
	return auth.HashPassword(password)
}

// RequestResetFunction is the handler of POST /api/admin/password-reset.
func RequestResetFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).RequestReset) }

// ResetFunction is the handler of POST /api/admin/password-reset/{token}.
func ResetFunction(d platform.Deps) httpapi.LambdaFunc { return d.Adapt(New(d).Reset) }
