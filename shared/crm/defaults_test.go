package crm

import (
	"reflect"
	"testing"
)

func TestStandardDefaults(t *testing.T) {
	want := map[string]map[string]string{
		"Contacts": {}, "Accounts": {}, "Products": {},
		"Leads":        {"Lead_Status": "Not Contacted"},
		"Quotes":       {"Quote_Stage": "Draft"},
		"Sales_Orders": {"Status": "Created"},
		"Invoices":     {"Status": "Created"},
		"Cases":        {"Status": "New"},
		"Solutions":    {"Status": "Draft"},
	}
	for _, m := range Standard() {
		t.Run(m.APIName, func(t *testing.T) {
			got := m.Defaults()
			if !reflect.DeepEqual(got, want[m.APIName]) {
				t.Errorf("Defaults() = %v, want %v", got, want[m.APIName])
			}
		})
	}
	// Every default names a picklist of its module and one of its options: a typo would leave
	// the module without its default, silently.
	for module, fields := range standardDefaults {
		m, ok := StandardModule(module)
		if !ok {
			t.Errorf("defaults for %q, not a standard module", module)
			continue
		}
		if got := m.Defaults(); len(got) != len(fields) {
			t.Errorf("%s: %d of %d defaults apply (%v)", module, len(got), len(fields), got)
		}
	}
}

func TestApplyDefaults(t *testing.T) {
	cases, _ := StandardModule(Cases)
	withoutStatus := cases
	withoutStatus.Fields = nil
	for _, f := range cases.Fields {
		if f.APIName != "Status" {
			withoutStatus.Fields = append(withoutStatus.Fields, f)
		}
	}
	withoutNew := cases
	withoutNew.Fields = append([]Field(nil), cases.Fields...)
	for i, f := range withoutNew.Fields {
		if f.APIName == "Status" {
			withoutNew.Fields[i].Options = []Option{{Value: "Open"}, {Value: "Closed"}}
		}
	}
	contacts, _ := StandardModule(Contacts)
	tests := []struct {
		name    string
		m       Module
		fields  map[string]any
		want    map[string]any
		wantSet []string
	}{
		{name: "a case without a status is New", m: cases,
			fields: map[string]any{"Subject": "Broken"}, want: map[string]any{"Subject": "Broken", "Status": "New"}, wantSet: []string{"Status"}},
		{name: "a null status is no status", m: cases,
			fields: map[string]any{"Subject": "Broken", "Status": nil}, want: map[string]any{"Subject": "Broken", "Status": "New"}, wantSet: []string{"Status"}},
		{name: "a status given is kept", m: cases,
			fields: map[string]any{"Subject": "Broken", "Status": "Escalated"}, want: map[string]any{"Subject": "Broken", "Status": "Escalated"}},
		{name: "the priority has no default", m: cases,
			fields: map[string]any{"Priority": "High"}, want: map[string]any{"Priority": "High", "Status": "New"}, wantSet: []string{"Status"}},
		{name: "a module without defaults is unchanged", m: contacts,
			fields: map[string]any{"Last_Name": "Lima"}, want: map[string]any{"Last_Name": "Lima"}},
		{name: "a field the module no longer has gets nothing", m: withoutStatus,
			fields: map[string]any{"Subject": "Broken"}, want: map[string]any{"Subject": "Broken"}},
		{name: "a value the picklist no longer offers is not set", m: withoutNew,
			fields: map[string]any{"Subject": "Broken"}, want: map[string]any{"Subject": "Broken"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotSet := tt.m.ApplyDefaults(tt.fields)
			if !reflect.DeepEqual(tt.fields, tt.want) {
				t.Errorf("fields = %v, want %v", tt.fields, tt.want)
			}
			if !reflect.DeepEqual(gotSet, tt.wantSet) {
				t.Errorf("set = %v, want %v", gotSet, tt.wantSet)
			}
		})
	}
}
