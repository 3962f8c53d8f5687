package staffadmin

import (
	"slices"
	"testing"

	"crmportal/shared/store"
)

func TestCheckStaffNotify(t *testing.T) {
	tests := []struct {
		name string
		in   store.StaffNotify
		want []string // the fields refused
	}{
		{"no one", store.StaffNotify{}, nil},
		{"an address", store.StaffNotify{Email: "suporte@acme.example"}, nil},
		{"the admins", store.StaffNotify{Role: "admin"}, nil},
		{"everyone and an address", store.StaffNotify{Email: "suporte@acme.example", Role: "all"}, nil},
		{"not an address", store.StaffNotify{Email: "suporte"}, []string{"staffNotify.email"}},
		{"a display name", store.StaffNotify{Email: "Suporte <suporte@acme.example>"}, []string{"staffNotify.email"}},
		{"an unknown role", store.StaffNotify{Role: "owner"}, []string{"staffNotify.role"}},
		{"both wrong", store.StaffNotify{Email: "x", Role: "Admin"}, []string{"staffNotify.email", "staffNotify.role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range CheckStaffNotify(tt.in) {
				got = append(got, e.Field)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
