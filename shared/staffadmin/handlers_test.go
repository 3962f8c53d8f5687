package staffadmin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

func staffOf(ids ...string) []store.Staff {
	var out []store.Staff
	for _, id := range ids {
		role := store.RoleUser
		if strings.HasPrefix(id, "admin") {
			role = store.RoleAdmin
		}
		out = append(out, store.Staff{OrgID: admin.OrgID, ID: id, Email: id + "@example.com", Name: strings.ToUpper(id[:1]) + id[1:],
			Role: role, Status: store.StaffActive})
	}
	return out
}

func TestCreateMember(t *testing.T) {
	tests := []struct {
		name       string
		p          staffguard.Principal
		body       string
		create     func(store.Staff) error
		linkErr    error
		wantStatus int
		wantFields []string
		wantEmail  string // of the member created ("" none)
	}{
		{name: "a user may not", p: user, body: `{"email":"new@example.com","name":"New","role":"user"}`, wantStatus: http.StatusForbidden},
		{name: "every bad field named", p: admin, body: `{"email":"not an address","name":"","role":"owner"}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"email", "name", "role"}},
		{name: "an email of another account", p: admin, body: `{"email":"taken@example.com","name":"New","role":"user"}`,
			create: func(store.Staff) error { return store.ErrExists }, wantStatus: http.StatusConflict},
		{name: "created, email normalized, link sent", p: admin, body: `{"email":" New@Example.COM ","name":" New ","role":"admin"}`,
			create: func(store.Staff) error { return nil }, wantStatus: http.StatusCreated, wantEmail: "new@example.com"},
		{name: "created though the link was not emailed", p: admin, body: `{"email":"new@example.com","name":"New","role":"user"}`,
			create: func(store.Staff) error { return nil }, linkErr: errors.New("SES refused"), wantStatus: http.StatusCreated,
			wantEmail: "new@example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{createStaff: tc.create}
			l := &fakeLinks{err: tc.linkErr}
			reply, err := newService(f, l).CreateMember(context.Background(), tc.p, request("POST", tc.body, nil))
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := fieldsOf(err); !slices.Equal(got, tc.wantFields) {
				t.Errorf("fields %v, want %v", got, tc.wantFields)
			}
			if tc.wantEmail == "" {
				if len(f.createdStaff) != 0 || len(l.sent) != 0 || len(f.audits) != 0 {
					t.Errorf("a refused creation wrote %d members, sent %d links, audited %d", len(f.createdStaff), len(l.sent), len(f.audits))
				}
				return
			}
			if len(f.createdStaff) != 1 || f.createdStaff[0].Email != tc.wantEmail || f.createdStaff[0].Status != store.StaffActive ||
				f.createdStaff[0].OrgID != admin.OrgID || f.createdStaff[0].PasswordHash != "" {
				t.Fatalf("created %+v, want one active member %s of %s without a password", f.createdStaff, tc.wantEmail, admin.OrgID)
			}
			if len(l.sent) != 1 || l.sent[0].ID != f.createdStaff[0].ID {
				t.Errorf("links sent to %v, want one to the new member", l.sent)
			}
			if len(f.audits) != 1 || f.audits[0].Action != audit.StaffCreated || f.audits[0].Actor.ID != admin.UserID {
				t.Errorf("audit %+v, want one %s by the admin", f.audits, audit.StaffCreated)
			}
			if got := reply.Body.(StaffMember); got.Email != tc.wantEmail || got.Name != "New" {
				t.Errorf("answer %+v, want the member with a trimmed name", got)
			}
		})
	}
}

func TestUpdateMember(t *testing.T) {
	changed := func(from store.Staff, c store.StaffChange) (store.Staff, error) {
		from.Role, from.Status = c.Role, c.Status
		return from, nil
	}
	tests := []struct {
		name        string
		p           staffguard.Principal
		id, body    string
		change      func(store.Staff, store.StaffChange) (store.Staff, error)
		wantStatus  int
		wantDetail  string
		wantChanges int
		wantAudit   []string
	}{
		{name: "a user may not", p: user, id: "user5678", body: `{"status":"inactive"}`, wantStatus: http.StatusForbidden},
		{name: "not an id", p: admin, id: "X", body: `{"status":"inactive"}`, wantStatus: http.StatusNotFound, wantDetail: "staff member not found"},
		{name: "a member of no one", p: admin, id: "nobody12", body: `{"status":"inactive"}`, wantStatus: http.StatusNotFound,
			wantDetail: "staff member not found"},
		{name: "an unknown role", p: admin, id: "user5678", body: `{"role":"owner"}`, wantStatus: http.StatusUnprocessableEntity},
		{name: "deactivating oneself", p: admin, id: admin.UserID, body: `{"status":"inactive"}`, wantStatus: http.StatusConflict,
			wantDetail: ErrSelfChange.Detail},
		{name: "a member who keeps changing", p: admin, id: "user5678", body: `{"status":"inactive"}`,
			change:     func(store.Staff, store.StaffChange) (store.Staff, error) { return store.Staff{}, store.ErrVersion },
			wantStatus: http.StatusConflict, wantDetail: "the staff member changed meanwhile; try again", wantChanges: maxChangeTries},
		{name: "deactivated: sessions end, tokens go", p: admin, id: "user5678", body: `{"status":"inactive"}`, change: changed,
			wantStatus: http.StatusOK, wantChanges: 1, wantAudit: []string{audit.StaffDeactivated}},
		{name: "promoted", p: admin, id: "user5678", body: `{"role":"admin"}`, change: changed,
			wantStatus: http.StatusOK, wantChanges: 1, wantAudit: []string{audit.StaffRoleChanged}},
		{name: "nothing to change", p: admin, id: "user5678", body: `{"role":"user"}`, wantStatus: http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{staff: staffOf(admin.UserID, "user5678"), changeStaff: tc.change}
			reply, err := newService(f, &fakeLinks{}).UpdateMember(context.Background(), tc.p,
				request("PATCH", tc.body, map[string]string{"id": tc.id}))
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			var he *httpapi.Error
			if tc.wantDetail != "" && (!errors.As(err, &he) || he.Detail != tc.wantDetail) {
				t.Errorf("error %v, want %q", err, tc.wantDetail)
			}
			if len(f.changes) != tc.wantChanges {
				t.Errorf("%d changes written, want %d", len(f.changes), tc.wantChanges)
			}
			var actions []string
			for _, a := range f.audits {
				actions = append(actions, a.Action)
			}
			if !slices.Equal(actions, tc.wantAudit) {
				t.Errorf("audited %v, want %v", actions, tc.wantAudit)
			}
			if len(tc.wantAudit) > 0 && tc.wantAudit[0] == audit.StaffDeactivated && !(f.changes[0].EndSessions && f.changes[0].DeleteTokens) {
				t.Errorf("deactivation %+v, want its sessions ended and tokens deleted", f.changes[0])
			}
		})
	}
}

func TestListMembers(t *testing.T) {
	f := &fakeStore{staff: staffOf("user5678", admin.UserID, "bea12345")}
	s := newService(f, &fakeLinks{})
	if _, err := s.ListMembers(context.Background(), user, request("GET", "", nil)); httpapi.KindOf(err).Status() != http.StatusForbidden {
		t.Errorf("a user listing members: %v, want 403", err)
	}
	reply, err := s.ListMembers(context.Background(), admin, request("GET", "", nil))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range reply.Body.(memberList).Items {
		got = append(got, m.Name)
	}
	if want := []string{"Admin123", "Bea12345", "User5678"}; !slices.Equal(got, want) {
		t.Errorf("names %v, want %v (by name)", got, want)
	}
}

func TestTokens(t *testing.T) {
	mine := store.APIToken{OrgID: admin.OrgID, ID: "tok11111", Name: "mine", UserID: user.UserID, Role: store.RoleUser}
	many := make([]store.APIToken, maxTokensPerUser)
	for i := range many {
		many[i] = mine
	}
	tests := []struct {
		name        string
		run         func(*Service) (*httpapi.Reply, error)
		tokens      []store.APIToken
		wantStatus  int
		wantCreated int
		wantDeleted []string
		wantDays    int
	}{
		{name: "a 21st token", tokens: many, wantStatus: http.StatusConflict,
			run: func(s *Service) (*httpapi.Reply, error) {
				return s.CreateToken(context.Background(), user, request("POST", `{"name":"ci"}`, nil))
			}},
		{name: "a lifetime out of bounds", wantStatus: http.StatusUnprocessableEntity,
			run: func(s *Service) (*httpapi.Reply, error) {
				return s.CreateToken(context.Background(), user, request("POST", `{"name":"ci","expiresInDays":0}`, nil))
			}},
		{name: "the organization's lifetime by default", wantStatus: http.StatusCreated, wantCreated: 1, wantDays: 30,
			run: func(s *Service) (*httpapi.Reply, error) {
				return s.CreateToken(context.Background(), user, request("POST", `{"name":"ci"}`, nil))
			}},
		{name: "another's token is not found for a user", tokens: []store.APIToken{mine}, wantStatus: http.StatusNotFound,
			run: func(s *Service) (*httpapi.Reply, error) {
				other := user
				other.UserID = "user9999"
				return s.RevokeToken(context.Background(), other, request("DELETE", "", map[string]string{"id": mine.ID}))
			}},
		{name: "not an id", wantStatus: http.StatusNotFound,
			run: func(s *Service) (*httpapi.Reply, error) {
				return s.RevokeToken(context.Background(), admin, request("DELETE", "", map[string]string{"id": "../x"}))
			}},
		{name: "an admin revokes a member's token", tokens: []store.APIToken{mine}, wantStatus: http.StatusNoContent, wantDeleted: []string{mine.ID},
			run: func(s *Service) (*httpapi.Reply, error) {
				return s.RevokeToken(context.Background(), admin, request("DELETE", "", map[string]string{"id": mine.ID}))
			}},
		{name: "a user may not list the organization's", wantStatus: http.StatusForbidden,
			run: func(s *Service) (*httpapi.Reply, error) {
				return s.ListOrgTokens(context.Background(), user, request("GET", "", nil))
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{org: store.Org{ID: admin.OrgID, APITokenLifetimeDays: 30}, tokens: tc.tokens, staff: staffOf("user1234"),
				deleteToken: func(org, u, id string) (store.APIToken, error) {
					for _, tok := range tc.tokens {
						if tok.OrgID == org && tok.ID == id && (u == "" || tok.UserID == u) {
							return tok, nil
						}
					}
					return store.APIToken{}, store.ErrNotFound
				}}
			reply, err := tc.run(newService(f, &fakeLinks{}))
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if len(f.createdTokens) != tc.wantCreated || !slices.Equal(f.deletedTokens, tc.wantDeleted) {
				t.Errorf("created %d, deleted %v; want %d and %v", len(f.createdTokens), f.deletedTokens, tc.wantCreated, tc.wantDeleted)
			}
			if tc.wantCreated > 0 {
				tok := f.createdTokens[0]
				if got := tok.ExpiresAt.Sub(tok.CreatedAt).Hours() / 24; int(got) != tc.wantDays || tok.Role != user.Role || tok.SecretHash == "" {
					t.Errorf("token %+v lives %v days, want %d with the user's role and only a hash", tok, got, tc.wantDays)
				}
				created := reply.Body.(createdToken)
				if !strings.HasPrefix(created.Secret, "cpt_") || strings.Contains(created.Secret, tok.SecretHash) {
					t.Errorf("answered secret %q, want the token once, not its hash", created.Secret)
				}
			}
			if tc.wantStatus >= 400 && len(f.audits) != 0 {
				t.Errorf("a refused request audited %+v", f.audits)
			}
		})
	}
}

func TestUpdateOrg(t *testing.T) {
	tests := []struct {
		name       string
		p          staffguard.Principal
		body       string
		wantStatus int
		wantFields []string
		wantLang   string
	}{
		{name: "a user may not", p: user, body: `{"name":"X"}`, wantStatus: http.StatusForbidden},
		{name: "every bad field named, nothing written", p: admin,
			body:       `{"name":"","language":"xx-YY-ZZ-1","invitationHours":0,"apiTokenLifetimeDays":100000}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"name", "language", "invitationHours", "apiTokenLifetimeDays"}},
		{name: "the language stored canonical", p: admin, body: `{"language":"PT-br"}`, wantStatus: http.StatusOK, wantLang: "pt-BR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{org: store.Org{ID: admin.OrgID, Name: "Acme", Language: "en"}}
			reply, err := newService(f, &fakeLinks{}).UpdateOrg(context.Background(), tc.p, request("PATCH", tc.body, nil))
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := fieldsOf(err); !slices.Equal(got, tc.wantFields) {
				t.Errorf("fields %v, want %v", got, tc.wantFields)
			}
			if tc.wantLang == "" {
				if len(f.orgChanges) != 0 {
					t.Errorf("a refused change wrote %+v", f.orgChanges)
				}
				return
			}
			if len(f.orgChanges) != 1 || f.orgChanges[0].Language == nil || *f.orgChanges[0].Language != tc.wantLang {
				t.Errorf("changes %+v, want the language %s", f.orgChanges, tc.wantLang)
			}
		})
	}
}

func TestListAudit(t *testing.T) {
	tests := []struct {
		name       string
		p          staffguard.Principal
		query      map[string]string
		page       func(store.AuditFilter, int, string) (store.Page[store.AuditEntry], error)
		wantStatus int
		wantFields []string
	}{
		{name: "a user may not", p: user, wantStatus: http.StatusForbidden},
		{name: "bad filters named", p: admin, query: map[string]string{"userId": "X", "from": "yesterday", "format": "xml"},
			wantStatus: http.StatusBadRequest, wantFields: []string{"userId", "from", "format"}},
		{name: "a cursor the store refuses", p: admin, query: map[string]string{"cursor": "garbage"},
			page: func(store.AuditFilter, int, string) (store.Page[store.AuditEntry], error) {
				return store.Page[store.AuditEntry]{}, store.ErrBadCursor
			},
			wantStatus: http.StatusBadRequest}, // httpapi's ErrBadCursor, which names the field

		{name: "a page by actor", p: admin, query: map[string]string{"userId": "user1234", "limit": "10"},
			page: func(f store.AuditFilter, limit int, _ string) (store.Page[store.AuditEntry], error) {
				if f.ActorID != "user1234" || limit != 10 {
					return store.Page[store.AuditEntry]{}, errors.New("fake: wrong filter")
				}
				return store.Page[store.AuditEntry]{Items: []store.AuditEntry{{ID: "e1"}}}, nil
			},
			wantStatus: http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeStore{auditPage: tc.page}
			r := request("GET", "", nil)
			for k, v := range tc.query {
				r.QueryStringParameters[k] = v
			}
			reply, err := newService(f, &fakeLinks{}).ListAudit(context.Background(), tc.p, r)
			if got := status(t, reply, err); got != tc.wantStatus {
				t.Fatalf("status %d (%v), want %d", got, err, tc.wantStatus)
			}
			if got := fieldsOf(err); !slices.Equal(got, tc.wantFields) {
				t.Errorf("fields %v, want %v", got, tc.wantFields)
			}
			if tc.wantStatus == http.StatusOK && len(reply.Body.(auditList).Items) != 1 {
				t.Errorf("answer %+v, want the page's entry", reply.Body)
			}
		})
	}
}
