package portalapi

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

func TestPreview(t *testing.T) {
	admin := staffguard.Principal{OrgID: org, UserID: "staff001", Role: store.RoleAdmin, Name: "Bea"}
	member := admin
	member.Role = store.RoleUser
	tests := []struct {
		name      string
		p         staffguard.Principal
		body      string
		noPortal  bool
		want      int
		wantField string
	}{
		{name: "an admin previews a type", p: admin, body: `{"userTypeId":"ut000001"}`, want: http.StatusCreated},
		{name: "an admin previews a type through a record", p: admin, body: `{"userTypeId":"ut000001","recordId":"` + contact + `"}`, want: http.StatusCreated},
		{name: "a member who is no admin", p: member, body: `{"userTypeId":"ut000001"}`, want: http.StatusForbidden},
		{name: "an unknown user type", p: admin, body: `{"userTypeId":"ut999999"}`, want: http.StatusUnprocessableEntity, wantField: "userTypeId"},
		{name: "a record of no such id", p: admin, body: `{"userTypeId":"ut000001","recordId":"nobody001"}`, want: http.StatusUnprocessableEntity, wantField: "recordId"},
		{name: "before the portal is configured", p: admin, body: `{"userTypeId":"ut000001"}`, noPortal: true, want: http.StatusConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{now: now,
				userType: func(_, id string) (store.UserType, error) {
					if id != "ut000001" {
						return store.UserType{}, store.ErrNotFound
					}
					return clientes(), nil
				},
				record: func(m crm.Module, _, id string) (store.Record, error) {
					if m.APIName == crm.Contacts && id == contact {
						return ownContact(), nil
					}
					return store.Record{}, store.ErrNotFound
				},
				portal: func(string) (store.Portal, error) {
					if tt.noPortal {
						return store.Portal{}, store.ErrNotFound
					}
					return store.Portal{OrgID: org, Slug: "acme"}, nil
				},
			}
			reply, err := newService(fs).Preview(context.Background(), tt.p, jsonRequest("POST", nil, tt.body))
			if got := status(reply, err); got != tt.want {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.want)
			}
			if tt.wantField != "" {
				var e *httpapi.Error
				if !asError(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != tt.wantField {
					t.Errorf("error %v, want one field error naming %s", err, tt.wantField)
				}
			}
			if tt.want != http.StatusCreated {
				if len(fs.writes) > 0 {
					t.Errorf("a refused preview wrote %v", fs.writes)
				}
				return
			}
			if len(fs.sessions) != 1 || !fs.sessions[0].Preview || fs.sessions[0].UserName != "Bea" || fs.sessions[0].ExpiresAt != now.Add(PreviewLifetime) {
				t.Errorf("sessions = %+v, want one 30-minute preview session named for the admin", fs.sessions)
			}
			if got := reply.Body.(PreviewJSON).URL; got != "https://portal.example/p/acme?preview=1" {
				t.Errorf("URL = %q", got)
			}
			if len(reply.Cookies) != 1 || !strings.HasPrefix(reply.Cookies[0], auth.PortalCookie+"=") {
				t.Errorf("cookies = %v, want the portal cookie", reply.Cookies)
			}
		})
	}
}
