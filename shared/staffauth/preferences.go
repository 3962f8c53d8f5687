package staffauth

import (
	"context"
	"net/http"
	"strings"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// preferencesStore is what the staff preferences routes read and write.
type preferencesStore interface {
	audit.Log
	GetStaffConsistent(ctx context.Context, org, id string) (store.Staff, error)
	SetStaffPreferences(ctx context.Context, org, id string, p store.StaffPreferences) error
}

var _ preferencesStore = (*store.Store)(nil)

// preferencesJSON is a staff member's preferences as the API answers them: NotifyOff is
// never null.
func preferencesJSON(p store.StaffPreferences) store.StaffPreferences {
	if p.NotifyOff == nil {
		p.NotifyOff = []string{}
	}
	return p
}

// Preferences answers the logged-in staff member's own preferences (read strongly
// consistently: the page shows a change just saved).
func (s *Service) Preferences(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	st := s.Prefs
	user, err := st.GetStaffConsistent(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, named(err, "user")
	}
	return httpapi.JSON(http.StatusOK, preferencesJSON(user.Preferences)), nil
}

// CheckStaffPreferences returns the field errors of a staff member's preferences: notifyOff
// lists staff kinds of notification (access.StaffKinds), each at most once.
func CheckStaffPreferences(in store.StaffPreferences) []httpapi.FieldError {
	var errs []httpapi.FieldError
	for _, e := range access.CheckKinds("notifyOff", in.NotifyOff, access.StaffKinds) {
		errs = append(errs, httpapi.FieldError{Field: e.Field, Message: e.Message})
	}
	return errs
}

// SetPreferences replaces the logged-in staff member's own preferences (an API token acts
// for its member too: the preferences are the member's).
func (s *Service) SetPreferences(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	st := s.Prefs
	var in store.StaffPreferences
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	if errs := CheckStaffPreferences(in); len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	in = preferencesJSON(in)
	if err := st.SetStaffPreferences(ctx, p.OrgID, p.UserID, in); err != nil {
		return nil, named(err, "user")
	}
	audit.Record(ctx, st, r, audit.Entry{OrgID: p.OrgID, Actor: store.Actor{Kind: store.ActorStaff, ID: p.UserID, Name: p.Name},
		Action: audit.Preferences, Detail: "notifyOff: " + strings.Join(in.NotifyOff, " ")})
	return httpapi.JSON(http.StatusOK, in), nil
}
