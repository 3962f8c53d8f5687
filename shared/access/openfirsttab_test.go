package access

import (
	"slices"
	"testing"

	"crmportal/shared/crm"
)

func TestValidateOpenFirstTab(t *testing.T) {
	mods := testModules(t)
	tests := []struct {
		name   string
		modify func(ut *UserType)
		want   []crm.FieldError
	}{
		{name: "home (the zero value) with tabs", modify: func(*UserType) {}},
		{name: "first tab with a viewable tab", modify: func(ut *UserType) { ut.OpenFirstTab = true }},
		{name: "home without any tab", modify: func(ut *UserType) { ut.Tabs, ut.Fields = nil, nil }},
		{name: "first tab without any tab", modify: func(ut *UserType) { ut.Tabs, ut.Fields, ut.OpenFirstTab = nil, nil, true },
			want: []crm.FieldError{fe("openFirstTab", "needs an enabled tab that allows view (the tab the portal opens)")}},
		{name: "first tab with every tab disabled", modify: func(ut *UserType) {
			ut.OpenFirstTab = true
			for i := range ut.Tabs {
				ut.Tabs[i].Enabled = false
			}
		}, want: []crm.FieldError{fe("openFirstTab", "needs an enabled tab that allows view (the tab the portal opens)")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := freeType()
			tt.modify(&ut)
			var got []crm.FieldError
			for _, e := range ValidateUserType(ut, lookupIn(mods)) {
				if e.Field == "openFirstTab" {
					got = append(got, e)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("openFirstTab errors = %v, want %v", got, tt.want)
			}
		})
	}
}
