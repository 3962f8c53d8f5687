package staffauth

import (
	"slices"
	"testing"

	"crmportal/shared/store"
)

func TestCheckStaffPreferences(t *testing.T) {
	tests := []struct {
		name string
		off  []string
		want []string // the fields refused
	}{
		{"nothing off", nil, nil},
		{"every staff kind off", []string{"customer.record.created", "customer.record.updated", "customer.note.created", "customer.file.added"}, nil},
		{"a customer kind", []string{"customer.note.created", "note.public"}, []string{"notifyOff[1]"}},
		{"unknown", []string{"everything"}, []string{"notifyOff[0]"}},
		{"twice", []string{"customer.file.added", "customer.file.added"}, []string{"notifyOff[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range CheckStaffPreferences(store.StaffPreferences{NotifyOff: tt.off}) {
				got = append(got, e.Field)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
