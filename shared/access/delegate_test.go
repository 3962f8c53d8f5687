package access

import (
	"testing"

	"crmportal/shared/crm"
)

func TestCheckDelegable(t *testing.T) {
	tests := []struct {
		name      string
		base      string
		delegable bool
		wantError bool
	}{
		{"a Contacts type delegated", crm.Contacts, true, false},
		{"a Contacts type kept by staff", crm.Contacts, false, false},
		{"a Leads type delegated", crm.Leads, true, true},
		{"a Leads type kept by staff", crm.Leads, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckDelegable(UserType{BaseModule: tt.base, Delegable: tt.delegable})
			if (got != "") != tt.wantError {
				t.Errorf("CheckDelegable(%s, %v) = %q, want an error: %v", tt.base, tt.delegable, got, tt.wantError)
			}
		})
	}
}
