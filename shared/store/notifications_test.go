package store

import (
	"sort"
	"testing"
	"time"
)

func TestNotificationIDSortsByWindowStart(t *testing.T) {
	base := time.Date(2026, 12, 7, 4, 30, 0, 0, time.UTC)
	starts := []time.Time{base.Add(time.Hour), base, base.Add(2 * time.Millisecond), base.Add(300 * time.Second), base.AddDate(3, 0, 0)}
	var ids []string
	for i, at := range starts {
		// Modules and record ids that sort the other way round, so only the time orders them.
		ids = append(ids, NotificationID(at, []string{"Zeta", "Cases", "Accounts", "Invoices", "A"}[i], "rec"+string(rune('z'-i))))
	}
	got := append([]string(nil), ids...)
	sort.Strings(got)
	want := []string{ids[1], ids[2], ids[3], ids[0], ids[4]}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sorted ids = %v, want %v", got, want)
		}
	}
}

func TestValidNotificationID(t *testing.T) {
	at := time.Date(2026, 12, 7, 4, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{"made by NotificationID", NotificationID(at, "Cases", "k3j4h5g6f7d8s9a0"), true},
		{"a custom module with an underscore", NotificationID(at, "cm_Projects", "abcdefgh"), true},
		{"empty", "", false},
		{"no module", NotificationID(at, "", "abcdefgh"), false},
		{"no record", NotificationID(at, "Cases", ""), false},
		{"a slash", NotificationID(at, "Cases", "ab/cdefgh"), false},
		{"a hash, which would reach another key", NotificationID(at, "Cases", "abc#NEVT"), false},
		{"an extra dot", NotificationID(at, "Cases", "abc.defgh"), false},
		{"a short time", "0abc.Cases.abcdefgh", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidNotificationID(tt.id); got != tt.want {
				t.Errorf("ValidNotificationID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}
