package access

import (
	"reflect"
	"testing"

	"crmportal/shared/crm"
)

// choice is what distinguishes candidate tabs.
type choice struct{ Module, Scope, ScopeField string }

func choices(tabs []Tab) []choice {
	out := make([]choice, len(tabs))
	for i, t := range tabs {
		out[i] = choice{t.Module, t.Scope, t.ScopeField}
	}
	return out
}

func TestCandidateTabs(t *testing.T) {
	std := crm.Standard()
	mod := func(name string) crm.Module {
		m, _ := crm.StandardModule(name)
		return m
	}
	// Cases with a custom lookup to Leads, for a Leads-based type.
	casesWithLead, err := crm.Merge(mod(crm.Cases), crm.Customization{Fields: []crm.Field{
		{APIName: "Lead_Name", Labels: map[string]string{"en": "Lead"}, Type: crm.TypeLookup, LookupModule: crm.Leads},
		{APIName: "Second_Contact", Labels: map[string]string{"en": "Second contact"}, Type: crm.TypeLookup, LookupModule: crm.Contacts},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		base crm.Module
		all  []crm.Module
		want []choice
	}{
		{"Contacts", mod(crm.Contacts), std, []choice{
			{crm.Contacts, ScopeOwn, ""},
			{crm.Products, ScopeCatalog, ""},
			{crm.Quotes, ScopeOwn, "Contact_Name"},
			{crm.Quotes, ScopeAccount, "Account_Name"},
			{crm.SalesOrders, ScopeOwn, "Contact_Name"},
			{crm.SalesOrders, ScopeAccount, "Account_Name"},
			{crm.Invoices, ScopeOwn, "Contact_Name"},
			{crm.Invoices, ScopeAccount, "Account_Name"},
			{crm.Cases, ScopeOwn, "Contact_Name"},
			{crm.Cases, ScopeAccount, "Account_Name"},
			{crm.Solutions, ScopeCatalog, ""},
		}},
		{"Leads", mod(crm.Leads), std, []choice{
			{crm.Leads, ScopeOwn, ""},
			{crm.Products, ScopeCatalog, ""},
			{crm.Solutions, ScopeCatalog, ""},
		}},
		{"Leads with a custom lookup", mod(crm.Leads), []crm.Module{mod(crm.Leads), casesWithLead}, []choice{
			{crm.Leads, ScopeOwn, ""},
			{crm.Cases, ScopeOwn, "Lead_Name"},
		}},
		{"Contacts with two lookups", mod(crm.Contacts), []crm.Module{casesWithLead}, []choice{
			{crm.Contacts, ScopeOwn, ""},
			{crm.Cases, ScopeOwn, "Contact_Name"},
			{crm.Cases, ScopeOwn, "Second_Contact"},
			{crm.Cases, ScopeAccount, "Account_Name"},
		}},
		{"no other modules", mod(crm.Contacts), nil, []choice{{crm.Contacts, ScopeOwn, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := choices(CandidateTabs(tt.base, tt.all))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CandidateTabs:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestCandidateTabDefaults(t *testing.T) {
	contacts, _ := crm.StandardModule(crm.Contacts)
	tabs := CandidateTabs(contacts, crm.Standard())
	byChoice := map[choice]Tab{}
	for _, tab := range tabs {
		byChoice[choice{tab.Module, tab.Scope, tab.ScopeField}] = tab
	}
	tests := []struct {
		name string
		key  choice
		want Tab
	}{
		{"own record", choice{crm.Contacts, ScopeOwn, ""}, Tab{
			Module: crm.Contacts, Scope: ScopeOwn, Layouts: []string{"default"}, View: true, Edit: true,
			Display: Display{Kind: DisplayList, Columns: []string{"First_Name", "Last_Name", "Email", "Phone", "Mobile"}},
		}},
		{"own quotes", choice{crm.Quotes, ScopeOwn, "Contact_Name"}, Tab{
			Module: crm.Quotes, Scope: ScopeOwn, ScopeField: "Contact_Name", Layouts: []string{"default"}, View: true,
			Display: Display{Kind: DisplayList, Columns: []string{"Subject", "Quote_Stage", "Valid_Till", "Contact_Name", "Account_Name"}},
		}},
		{"account invoices", choice{crm.Invoices, ScopeAccount, "Account_Name"}, Tab{
			Module: crm.Invoices, Scope: ScopeAccount, ScopeField: "Account_Name", Layouts: []string{"default"}, View: true,
			Display: Display{Kind: DisplayList, Columns: []string{"Subject", "Status", "Invoice_Date", "Due_Date", "Purchase_Order"}},
		}},
		{"catalog solutions", choice{crm.Solutions, ScopeCatalog, ""}, Tab{
			Module: crm.Solutions, Scope: ScopeCatalog, Layouts: []string{"default"}, View: true,
			Display: Display{Kind: DisplayList, Columns: []string{"Solution_Title", "Status", "Product_Name", "Question", "Answer"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := byChoice[tt.key]
			if !ok {
				t.Fatalf("no candidate %v", tt.key)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("candidate:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}

	t.Run("line items are never columns", func(t *testing.T) {
		m := crm.Module{APIName: "Orders", Fields: []crm.Field{
			{APIName: "Items", Type: crm.TypeLineItems}, {APIName: "Subject", Type: crm.TypeText},
		}, Layouts: []crm.Layout{{ID: "default", Sections: []crm.Section{{Fields: []string{"Items", "Subject"}}}}}}
		got, want := defaultColumnsOf(m), []string{"Subject"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("columns: got %v, want %v", got, want)
		}
	})
	t.Run("module without a default layout", func(t *testing.T) {
		m := crm.Module{APIName: "Orders", Fields: []crm.Field{
			{APIName: "A", Type: crm.TypeText}, {APIName: "B", Type: crm.TypeText},
		}}
		got, want := defaultColumnsOf(m), []string{"A", "B"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("columns: got %v, want %v", got, want)
		}
	})
}

// TestCandidatesValidate checks that every candidate passes ValidateUserType disabled, as
// returned, and enabled once its columns are readable.
func TestCandidatesValidate(t *testing.T) {
	mods := testModules(t)
	var all []crm.Module
	for _, m := range crm.Standard() {
		all = append(all, mods[m.APIName])
	}
	for _, base := range []struct {
		position int
		module   string
	}{{0, crm.Contacts}, {1, crm.Leads}, {2, crm.Contacts}} {
		for _, tab := range CandidateTabs(mods[base.module], all) {
			name := base.module + "/" + tab.Module + "/" + tab.Scope + "/" + tab.ScopeField
			t.Run(name+"/disabled", func(t *testing.T) {
				ut := UserType{Name: "T", Position: base.position, BaseModule: base.module, Tabs: []Tab{tab}}
				if got := ValidateUserType(ut, lookupIn(mods)); got != nil {
					t.Errorf("ValidateUserType: got %v, want no errors", got)
				}
			})
			t.Run(name+"/enabled", func(t *testing.T) {
				tab := tab
				tab.Enabled = true
				perms := map[string]Perm{}
				for _, c := range tab.Display.Columns {
					perms[c] = PermRead
				}
				ut := UserType{Name: "T", Position: base.position, BaseModule: base.module, Tabs: []Tab{tab},
					Fields: map[string]map[string]Perm{tab.Module: perms}}
				if got := ValidateUserType(ut, lookupIn(mods)); got != nil {
					t.Errorf("ValidateUserType: got %v, want no errors", got)
				}
			})
		}
	}
}
