package access

import (
	"testing"

	"crmportal/shared/crm"
)

// TestCanDecide: deciding a quote needs Decide on an enabled, viewable Quotes tab; it is off
// by default and never on another module.
func TestCanDecide(t *testing.T) {
	quotes := Tab{Module: crm.Quotes, Enabled: true, View: true, Scope: ScopeOwn, ScopeField: "Contact_Name", Decide: true}
	for _, tt := range []struct {
		name string
		edit func(*Tab)
		want bool
	}{
		{"on", func(*Tab) {}, true},
		{"off by default", func(t *Tab) { t.Decide = false }, false},
		{"tab disabled", func(t *Tab) { t.Enabled = false }, false},
		{"no view", func(t *Tab) { t.View = false }, false},
		{"account scope", func(t *Tab) { t.Scope, t.ScopeField = ScopeAccount, "Account_Name" }, true},
		{"another module", func(t *Tab) { t.Module = crm.Invoices }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tab := quotes
			tt.edit(&tab)
			if got := Can(tab, ActionDecide); got != tt.want {
				t.Errorf("Can(decide) = %v, want %v", got, tt.want)
			}
		})
	}
}
