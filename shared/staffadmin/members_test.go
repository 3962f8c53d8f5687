package staffadmin

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"crmportal/shared/audit"
	"crmportal/shared/store"
)

func TestTokenExpiry(t *testing.T) {
	created := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		expires time.Time
		now     time.Time
		want    bool
	}{
		{"before expiry", created.AddDate(0, 0, 30), created.AddDate(0, 0, 29), false},
		{"a nanosecond before", created.AddDate(0, 0, 30), created.AddDate(0, 0, 30).Add(-time.Nanosecond), false},
		{"at expiry", created.AddDate(0, 0, 30), created.AddDate(0, 0, 30), true},
		{"after expiry", created.AddDate(0, 0, 30), created.AddDate(0, 0, 31), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := store.APIToken{CreatedAt: created, ExpiresAt: tc.expires}
			if got := tok.Expired(tc.now); got != tc.want {
				t.Errorf("Expired(%s) = %v, want %v", tc.now, got, tc.want)
			}
		})
	}
}

func TestNewMemberCheck(t *testing.T) {
	tests := []struct {
		name   string
		in     NewMember
		fields string // the fields refused, in order
	}{
		{"valid", NewMember{Email: " ana@acme.example ", Name: " Ana Souza ", Role: "user"}, ""},
		{"admin", NewMember{Email: "ana@acme.example", Name: "Ana", Role: "admin"}, ""},
		{"empty", NewMember{}, "email,name,role"},
		{"display name in the email", NewMember{Email: "Ana <ana@acme.example>", Name: "Ana", Role: "user"}, "email"},
		{"not an email", NewMember{Email: "ana", Name: "Ana", Role: "user"}, "email"},
		{"email too long", NewMember{Email: strings.Repeat("a", 250) + "@x.io", Name: "Ana", Role: "user"}, "email"},
		{"name of 100 characters", NewMember{Email: "a@x.io", Name: strings.Repeat("é", 100), Role: "user"}, ""},
		{"name of 101 characters", NewMember{Email: "a@x.io", Name: strings.Repeat("é", 101), Role: "user"}, "name"},
		{"name with CR LF", NewMember{Email: "a@x.io", Name: "Ana\r\nBcc: x@y.io", Role: "user"}, "name"},
		{"name with a control character", NewMember{Email: "a@x.io", Name: "Ana\x1b[31m", Role: "user"}, "name"},
		{"blank name", NewMember{Email: "a@x.io", Name: "   ", Role: "user"}, "name"},
		{"unknown role", NewMember{Email: "a@x.io", Name: "Ana", Role: "owner"}, "role"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			var got []string
			for _, e := range in.Check() {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != tc.fields {
				t.Errorf("fields refused = %v, want %q", got, tc.fields)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	const self, other, third = "aaaaaaaa", "bbbbbbbb", "cccccccc"
	member := func(id, role, status string) store.Staff {
		return store.Staff{ID: id, Role: role, Status: status}
	}
	activeAdmin := member(other, store.RoleAdmin, store.StaffActive)
	activeUser := member(other, store.RoleUser, store.StaffActive)
	inactiveAdmin := member(other, store.RoleAdmin, store.StaffInactive)
	inactiveUser := member(other, store.RoleUser, store.StaffInactive)
	tests := []struct {
		name        string
		actor       string
		target      store.Staff
		change      Change
		otherAdmins []string
		want        store.StaffChange
		actions     string
		changed     bool
		err         error
	}{
		{"nothing sent", self, activeAdmin, Change{}, nil,
			store.StaffChange{Role: "admin", Status: "active"}, "", false, nil},
		{"the same values", self, activeUser, Change{Role: "user", Status: "active"}, nil,
			store.StaffChange{Role: "user", Status: "active"}, "", false, nil},
		{"deactivate an inactive member again finishes the sweep", self, inactiveUser, Change{Status: "inactive"}, nil,
			store.StaffChange{Role: "user", Status: "inactive", EndSessions: true, DeleteTokens: true}, "", true, nil},
		{"deactivate a user", self, activeUser, Change{Status: "inactive"}, nil,
			store.StaffChange{Role: "user", Status: "inactive", EndSessions: true, DeleteTokens: true}, audit.StaffDeactivated, true, nil},
		{"deactivate an admin keeps the actor", self, activeAdmin, Change{Status: "inactive"}, nil,
			store.StaffChange{Role: "admin", Status: "inactive", KeepAdmin: self, EndSessions: true, DeleteTokens: true}, audit.StaffDeactivated, true, nil},
		{"demote an admin keeps the actor", self, activeAdmin, Change{Role: "user"}, nil,
			store.StaffChange{Role: "user", Status: "active", KeepAdmin: self, EndSessions: true, DemoteTokens: true}, audit.StaffRoleChanged, true, nil},
		{"promote a user", self, activeUser, Change{Role: "admin"}, nil,
			store.StaffChange{Role: "admin", Status: "active", EndSessions: true}, audit.StaffRoleChanged, true, nil},
		{"activate sweeps tokens", self, inactiveUser, Change{Status: "active"}, nil,
			store.StaffChange{Role: "user", Status: "active", DeleteTokens: true}, audit.StaffActivated, true, nil},
		{"demote an inactive admin keeps nobody", self, inactiveAdmin, Change{Role: "user"}, nil,
			store.StaffChange{Role: "user", Status: "inactive", EndSessions: true, DemoteTokens: true}, audit.StaffRoleChanged, true, nil},
		{"demote and deactivate at once", self, activeAdmin, Change{Role: "user", Status: "inactive"}, nil,
			store.StaffChange{Role: "user", Status: "inactive", KeepAdmin: self, EndSessions: true, DeleteTokens: true},
			audit.StaffDeactivated + "," + audit.StaffRoleChanged, true, nil},
		{"an admin deactivates themselves", other, activeAdmin, Change{Status: "inactive"}, []string{self},
			store.StaffChange{}, "", false, ErrSelfChange},
		{"an admin demotes themselves", other, activeAdmin, Change{Role: "user"}, []string{self},
			store.StaffChange{}, "", false, ErrSelfChange},
		{"an admin sets their own role to admin", other, activeAdmin, Change{Role: "admin", Status: "active"}, nil,
			store.StaffChange{Role: "admin", Status: "active"}, "", false, nil},
		{"the operator demotes the last admin", "", activeAdmin, Change{Role: "user"}, nil,
			store.StaffChange{}, "", false, ErrLastAdmin},
		{"the operator deactivates the last admin (listed among the others)", "", activeAdmin, Change{Status: "inactive"}, []string{other},
			store.StaffChange{}, "", false, ErrLastAdmin},
		{"the operator demotes one of two admins", "", activeAdmin, Change{Role: "user"}, []string{other, third},
			store.StaffChange{Role: "user", Status: "active", KeepAdmin: third, EndSessions: true, DemoteTokens: true}, audit.StaffRoleChanged, true, nil},
		{"the operator deactivates a user without admins", "", activeUser, Change{Status: "inactive"}, nil,
			store.StaffChange{Role: "user", Status: "inactive", EndSessions: true, DeleteTokens: true}, audit.StaffDeactivated, true, nil},
		{"the operator activates the only admin", "", inactiveAdmin, Change{Status: "active"}, nil,
			store.StaffChange{Role: "admin", Status: "active", DeleteTokens: true}, audit.StaffActivated, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pl, err := plan(tc.actor, tc.target, tc.change, tc.otherAdmins)
			got, actions, changed := pl.Change, pl.Actions, pl.Changes
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if changed != tc.changed {
				t.Errorf("changed = %v, want %v", changed, tc.changed)
			}
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tc.want) {
				t.Errorf("change = %+v, want %+v", got, tc.want)
			}
			if a := strings.Join(actions, ","); a != tc.actions {
				t.Errorf("actions = %q, want %q", a, tc.actions)
			}
		})
	}
}
