package staffguard

import (
	"testing"

	"crmportal/shared/store"
)

func TestEffectiveRole(t *testing.T) {
	tests := []struct {
		name          string
		token, member string
		want          string
	}{
		{"admin token of an admin", store.RoleAdmin, store.RoleAdmin, store.RoleAdmin},
		{"admin token of a demoted admin", store.RoleAdmin, store.RoleUser, store.RoleUser},
		{"user token of a promoted user", store.RoleUser, store.RoleAdmin, store.RoleUser},
		{"user token of a user", store.RoleUser, store.RoleUser, store.RoleUser},
		{"unknown token role", "owner", store.RoleAdmin, store.RoleUser},
		{"unknown member role", store.RoleAdmin, "", store.RoleUser},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EffectiveRole(tc.token, tc.member); got != tc.want {
				t.Errorf("EffectiveRole(%q, %q) = %q, want %q", tc.token, tc.member, got, tc.want)
			}
		})
	}
}
