package access

import (
	"slices"
	"testing"

	"crmportal/shared/crm"
)

func TestNotifyKinds(t *testing.T) {
	tests := []struct {
		name   string
		notify []string
		want   []string
	}{
		{"not chosen: every customer kind", nil, CustomerKinds},
		{"none", []string{}, []string{}},
		{"some", []string{NotifyNotePublic}, []string{NotifyNotePublic}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := UserType{Notify: tt.notify}
			if got := ut.NotifyKinds(); !slices.Equal(got, tt.want) {
				t.Errorf("NotifyKinds: got %v, want %v", got, tt.want)
			}
			for _, k := range CustomerKinds {
				if got, want := ut.Notifies(k), slices.Contains(tt.want, k); got != want {
					t.Errorf("Notifies(%s): got %v, want %v", k, got, want)
				}
			}
			if ut.Notifies(NotifyCustomerNoteCreated) {
				t.Errorf("Notifies(%s): a staff kind notifies no customer", NotifyCustomerNoteCreated)
			}
		})
	}
}

func TestCheckKinds(t *testing.T) {
	tests := []struct {
		name  string
		kinds []string
		want  []string // paths
	}{
		{"none", nil, nil},
		{"all", CustomerKinds, nil},
		{"unknown", []string{NotifyNotePublic, "note.secret"}, []string{"notify[1]"}},
		{"a staff kind", []string{NotifyCustomerFileAdded}, []string{"notify[0]"}},
		{"twice", []string{NotifyFileShared, NotifyFileShared}, []string{"notify[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range CheckKinds("notify", tt.kinds, CustomerKinds) {
				got = append(got, e.Field)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateNotifySettings(t *testing.T) {
	mods := testModules(t)
	tests := []struct {
		name   string
		change func(*UserType)
		want   []string // the paths of the errors
	}{
		{"valid", func(ut *UserType) {
			ut.Tabs[1].NotifyFields = []string{"Status", "Due_Date"}
			ut.Tabs[2].NotifyFields = []string{"Status"}
			ut.Notify = []string{NotifyNotePublic, NotifyFieldChanged}
		}, nil},
		{"no kinds at all", func(ut *UserType) { ut.Notify = []string{} }, nil},
		{"unknown kind", func(ut *UserType) { ut.Notify = []string{"everything"} }, []string{"notify[0]"}},
		{"not a field", func(ut *UserType) { ut.Tabs[1].NotifyFields = []string{"Nope"} }, []string{"tabs[1].notifyFields[0]"}},
		{"not in the tab's layouts", func(ut *UserType) { ut.Tabs[1].NotifyFields = []string{"Status", "Paid_At"} }, []string{"tabs[1].notifyFields[1]"}},
		{"twice", func(ut *UserType) { ut.Tabs[2].NotifyFields = []string{"Status", "Status"} }, []string{"tabs[2].notifyFields[1]"}},
		{"catalog tab", func(ut *UserType) { ut.Tabs[3].NotifyFields = []string{"Product_Name"} }, []string{"tabs[3].notifyFields"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := freeType()
			tt.change(&ut)
			var got []string
			for _, e := range ValidateUserType(ut, lookupIn(mods)) {
				got = append(got, e.Field)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors at %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNotifyingFields(t *testing.T) {
	a := UserType{Tabs: []Tab{{Module: crm.Invoices, Enabled: true, NotifyFields: []string{"Status"}}}}
	b := UserType{Tabs: []Tab{{Module: crm.Invoices, Enabled: true, NotifyFields: []string{"Due_Date"}}, {Module: crm.Cases, Enabled: true, NotifyFields: []string{"Priority"}}}}
	off := UserType{Tabs: []Tab{{Module: crm.Invoices, Enabled: false, NotifyFields: []string{"Subject"}}}}
	tests := []struct {
		name   string
		uts    []UserType
		module string
		want   []string
	}{
		{"union of the types", []UserType{a, b}, crm.Invoices, []string{"Due_Date", "Status"}},
		{"other module", []UserType{a, b}, crm.Cases, []string{"Priority"}},
		{"disabled tab", []UserType{off}, crm.Invoices, nil},
		{"no tab", []UserType{a}, crm.Quotes, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for f := range NotifyingFields(tt.uts, tt.module) {
				got = append(got, f)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
