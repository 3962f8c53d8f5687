package customer

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// exportPerTab bounds the records of one tab in an export.
const exportPerTab = 1000

// ExportJSON is what a portal user downloads about themselves (LGPD/GDPR): their portal
// profile and preferences and the records they can see, as they see them.
type ExportJSON struct {
	ExportedAt time.Time               `json:"exportedAt"`
	Profile    ProfileJSON             `json:"profile"`
	Records    map[string][]RecordJSON `json:"records"`
	// Truncated names the tabs that had more than 1,000 records; the rest are in the portal.
	Truncated []string `json:"truncated,omitempty"`
}

// ProfileJSON is the portal's data about a user.
type ProfileJSON struct {
	ID           string             `json:"id"`
	Email        string             `json:"email"`
	Name         string             `json:"name"`
	Status       string             `json:"status"`
	UserType     TypeRef            `json:"userType"`
	Preferences  *store.Preferences `json:"preferences,omitempty"`
	InvitedAt    time.Time          `json:"invitedAt"`
	AcceptedAt   time.Time          `json:"acceptedAt,omitzero"`
	LastLoginAt  time.Time          `json:"lastLoginAt,omitzero"`
	RecordID     string             `json:"recordId"`
	RecordModule string             `json:"recordModule"`
}

// Export answers the user's data as a JSON file to download, and records the export.
func (s *Service) Export(ctx context.Context, p Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if p.Preview {
		return nil, httpapi.Errorf(httpapi.Forbidden, "a preview has no data of its own to export")
	}
	u, err := s.Store.GetPortalUser(ctx, p.OrgID, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	self, err := s.self(ctx, p)
	if err != nil {
		return nil, err
	}
	lang := r.QueryStringParameters["lang"]
	if lang == "" && u.Preferences != nil {
		lang = u.Preferences.Language
	}
	out := ExportJSON{ExportedAt: s.Store.Now(), Records: map[string][]RecordJSON{},
		Profile: ProfileJSON{ID: u.ID, Email: u.Email, Name: u.Name, Status: u.Status, UserType: TypeRef{ID: p.UserType.ID, Name: p.UserType.Name},
			Preferences: u.Preferences, InvitedAt: u.InvitedAt, AcceptedAt: u.AcceptedAt, LastLoginAt: u.LastLoginAt,
			RecordID: u.RecordID, RecordModule: u.RecordModule}}
	for _, t := range p.UserType.Tabs {
		if !t.Enabled || !access.Can(t, access.ActionView) {
			continue
		}
		m, _, err := s.Records.Module(ctx, p.OrgID, t.Module)
		if err != nil {
			return nil, err
		}
		recs, more, err := s.all(ctx, p, t, m, self)
		if err != nil {
			return nil, err
		}
		items := make([]RecordJSON, 0, len(recs))
		for _, rec := range recs {
			items = append(items, s.toJSON(p, t, m, rec, lang))
		}
		out.Records[t.Module] = items
		if more {
			out.Truncated = append(out.Truncated, t.Module)
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.DataExport})
	return &httpapi.Reply{Status: http.StatusOK, Raw: b, Headers: map[string]string{"Content-Type": "application/json",
		"Content-Disposition": `attachment; filename="my-data.json"`}}, nil
}

// all pages through a tab's records in the user's scope, up to exportPerTab; more tells
// that there were more.
func (s *Service) all(ctx context.Context, p Principal, t access.Tab, m crm.Module, self access.Self) ([]store.Record, bool, error) {
	src, ok := access.ListFrom(t, self)
	if !ok {
		return nil, false, nil
	}
	var out []store.Record
	q := crm.ListQuery{Sort: crm.ModifiedTime, Desc: true, Limit: store.MaxPage}
	for {
		recs, next, err := s.page(ctx, p, m, src, q)
		if err != nil {
			return nil, false, err
		}
		for _, rec := range recs {
			if access.InScope(t, self, rec.ID, rec.Fields) && t.AllowsLayout(rec.LayoutID) {
				if len(out) == exportPerTab {
					return out, true, nil
				}
				out = append(out, rec)
			}
		}
		if next == "" {
			return out, false, nil
		}
		q.Cursor = next
	}
}

// ExportFunction is the handler of GET /api/me/export.
func ExportFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard(s.Export))
}
