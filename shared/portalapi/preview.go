package portalapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// PreviewLifetime is how long a preview session lasts.
const PreviewLifetime = 30 * time.Minute

type previewBody struct {
	UserTypeID string `json:"userTypeId"`
	RecordID   string `json:"recordId"`
}

// PreviewJSON is the answer of POST /api/admin/preview.
type PreviewJSON struct {
	URL       string    `json:"url"`
	UserType  TypeRef   `json:"userType"`
	RecordID  string    `json:"recordId,omitempty"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// Preview starts a read-only portal session as a user type (admins), optionally looking
// through a record of the type's base module, for 30 minutes, in the __Host-portal cookie.
// The portal then answers exactly as it answers a user of that type.
func (s *Service) Preview(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in previewBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if !auth.ValidID(in.UserTypeID) {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
	}
	ut, err := s.Store.GetUserType(ctx, p.OrgID, in.UserTypeID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "userTypeId", Message: "is not a user type"})
	}
	if err != nil {
		return nil, err
	}
	if in.RecordID != "" {
		m, _, err := s.Records.Module(ctx, p.OrgID, ut.BaseModule)
		if err != nil {
			return nil, err
		}
		if !auth.ValidID(in.RecordID) {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "recordId", Message: "is not a " + ut.BaseModule + " record"})
		}
		if _, err := s.Store.GetRecord(ctx, m, p.OrgID, in.RecordID); errors.Is(err, store.ErrNotFound) {
			return nil, httpapi.FieldErrors(httpapi.FieldError{Field: "recordId", Message: "is not a " + ut.BaseModule + " record"})
		} else if err != nil {
			return nil, err
		}
	}
	portal, err := s.Store.GetPortal(ctx, p.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, httpapi.Errorf(httpapi.Conflict, "configure the portal first")
	}
	if err != nil {
		return nil, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return nil, err
	}
	now := s.Store.Now()
	by := s.Staff.Actor(ctx, p)
	sess := store.Session{Hash: auth.HashSecret(secret), OrgID: p.OrgID, UserID: p.UserID, Kind: "portal", Preview: true, UserName: by.Name,
		UserTypeID: ut.ID, RecordID: in.RecordID, CreatedAt: now, LastSeenAt: now,
		IdleExpiresAt: now.Add(PreviewLifetime), ExpiresAt: now.Add(PreviewLifetime)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: by,
		Action: audit.PreviewStarted, Module: ut.BaseModule, RecordID: in.RecordID, Detail: ut.Name})
	reply := httpapi.JSON(http.StatusCreated, PreviewJSON{URL: s.Guard.PortalOrigin(ctx) + "/p/" + portal.Slug + "?preview=1",
		UserType: TypeRef{ID: ut.ID, Name: ut.Name}, RecordID: in.RecordID, ExpiresAt: sess.ExpiresAt})
	hints := auth.SessionHints{UserID: p.UserID, UserTypeID: ut.ID}
	if in.RecordID != "" {
		hints.RecordModule, hints.RecordID = ut.BaseModule, in.RecordID
	}
	reply.Cookies = []string{auth.SetCookie(auth.PortalCookie, auth.FormatSessionTokenWith(p.OrgID, secret, hints), PreviewLifetime)}
	return reply, nil
}

// PreviewFunction is the handler of POST /api/admin/preview.
func PreviewFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Staff.Guard(s.Preview))
}
