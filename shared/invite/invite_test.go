package invite

import (
	"strings"
	"testing"
	"time"
)

func TestNext(t *testing.T) {
	tests := []struct {
		status, action string
		hasPassword    bool
		want           Transition
		refused        bool
	}{
		{Invited, Resend, false, Transition{Status: Invited, NewToken: true}, false},
		{Active, Resend, true, Transition{}, true},
		{Deactivated, Resend, false, Transition{}, true},
		{Invited, Revoke, false, Transition{Status: Removed, Seats: -1}, false},
		{Active, Revoke, true, Transition{}, true},
		{Deactivated, Revoke, true, Transition{}, true},
		{Invited, Deactivate, false, Transition{Status: Deactivated, Seats: -1, EndSessions: true}, false},
		{Active, Deactivate, true, Transition{Status: Deactivated, Seats: -1, EndSessions: true}, false},
		{Deactivated, Deactivate, true, Transition{}, true},
		{Deactivated, Activate, true, Transition{Status: Active, Seats: 1}, false},
		{Deactivated, Activate, false, Transition{Status: Invited, Seats: 1, NewToken: true}, false},
		{Active, Activate, true, Transition{}, true},
		{Invited, Activate, false, Transition{}, true},
		{Invited, ChangeType, false, Transition{Status: Invited, EndSessions: true}, false},
		{Active, ChangeType, true, Transition{Status: Active, EndSessions: true}, false},
		{Deactivated, ChangeType, true, Transition{Status: Deactivated, EndSessions: true}, false},
		{Invited, Erase, false, Transition{Status: Removed, Seats: -1, EndSessions: true}, false},
		{Active, Erase, true, Transition{Status: Removed, Seats: -1, EndSessions: true}, false},
		{Deactivated, Erase, true, Transition{Status: Removed, EndSessions: true}, false},
		{Active, "promote", true, Transition{}, true},
		{"weird", Erase, true, Transition{}, true},
		{"weird", ChangeType, true, Transition{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.status+"/"+tt.action, func(t *testing.T) {
			got, rule := Next(tt.status, tt.action, tt.hasPassword)
			if (rule != "") != tt.refused {
				t.Fatalf("Next(%q, %q) rule = %q, want refused %v", tt.status, tt.action, rule, tt.refused)
			}
			if got != tt.want {
				t.Errorf("Next(%q, %q) = %+v, want %+v", tt.status, tt.action, got, tt.want)
			}
		})
	}
}

// TestSeatsBalance: every sequence of allowed actions keeps the seats counted equal to the
// users holding one (invited + active), so the type's counter never drifts.
func TestSeatsBalance(t *testing.T) {
	all := append(append([]string{}, Actions...), Erase)
	var walk func(status string, hasPassword bool, held, depth int)
	walk = func(status string, hasPassword bool, held, depth int) {
		if want := map[bool]int{true: 1, false: 0}[holdsSeat(status)]; held != want {
			t.Fatalf("status %s holds %d seats by the transitions, want %d", status, held, want)
		}
		if depth == 0 || status == Removed {
			return
		}
		for _, a := range all {
			tr, rule := Next(status, a, hasPassword)
			if rule != "" {
				continue
			}
			walk(tr.Status, hasPassword, held+tr.Seats, depth-1)
		}
	}
	walk(Invited, false, 1, 6)
	walk(Active, true, 1, 6)
}

func TestCanInvite(t *testing.T) {
	tests := []struct {
		name, module, base, email string
		fields                    []string
	}{
		{"contact", "Contacts", "Contacts", "ana@example.com", nil},
		{"lead", "Leads", "Leads", "ana@example.com.br", nil},
		{"account", "Accounts", "Contacts", "ana@example.com", []string{"module"}},
		{"wrong base", "Leads", "Contacts", "ana@example.com", []string{"userTypeId"}},
		{"no email", "Contacts", "Contacts", "", []string{"email"}},
		{"bad email", "Contacts", "Contacts", "ana at example", []string{"email"}},
		{"named email", "Contacts", "Contacts", "Ana <ana@example.com>", []string{"email"}},
		{"no domain dot", "Contacts", "Contacts", "ana@localhost", []string{"email"}},
		{"both", "Contacts", "Leads", " ", []string{"userTypeId", "email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := CanInvite(tt.module, tt.base, tt.email)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("CanInvite fields = %v, want %v (%v)", got, tt.fields, errs)
			}
		})
	}
}

func TestCheckModule(t *testing.T) {
	tests := []struct {
		name, module, want string
	}{
		{"contacts", "Contacts", ""},
		{"leads", "Leads", ""},
		{"accounts", "Accounts", "only Contacts and Leads records can be invited"},
		{"deals", "Deals", "only Contacts and Leads records can be invited"},
		{"lower case is another module", "contacts", "only Contacts and Leads records can be invited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckModule(tt.module); got != tt.want {
				t.Errorf("CheckModule(%q) = %q, want %q", tt.module, got, tt.want)
			}
		})
	}
}

func TestLifetime(t *testing.T) {
	for _, tt := range []struct {
		hours int
		want  time.Duration
	}{{0, 72 * time.Hour}, {-1, 72 * time.Hour}, {1, time.Hour}, {720, 720 * time.Hour}, {721, 72 * time.Hour}} {
		if got := Lifetime(tt.hours); got != tt.want {
			t.Errorf("Lifetime(%d) = %v, want %v", tt.hours, got, tt.want)
		}
	}
}

func TestIsRepeat(t *testing.T) {
	at := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, status, typeID, asType string
		now                          time.Time
		want                         bool
	}{
		{"double click", Invited, "t1", "t1", at.Add(2 * time.Second), true},
		{"later", Invited, "t1", "t1", at.Add(RepeatWindow), false},
		{"other type", Invited, "t1", "t2", at.Add(time.Second), false},
		{"active", Active, "t1", "t1", at.Add(time.Second), false},
		{"clock behind", Invited, "t1", "t1", at.Add(-time.Second), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRepeat(tt.status, tt.typeID, at, tt.asType, tt.now); got != tt.want {
				t.Errorf("IsRepeat = %v, want %v", got, tt.want)
			}
		})
	}
}
