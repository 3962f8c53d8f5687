package access

import (
	"testing"

	"crmportal/shared/crm"
)

// testModules are the standard modules, with Invoices customized: two custom fields (a
// picklist and a multipicklist), a second layout, and a system field.
func testModules(t testing.TB) map[string]crm.Module {
	t.Helper()
	mods := map[string]crm.Module{}
	for _, m := range crm.Standard() {
		mods[m.APIName] = m
	}
	inv, err := crm.Merge(mods[crm.Invoices], crm.Customization{
		Fields: []crm.Field{
			{APIName: "Region", Labels: map[string]string{"en": "Region"}, Type: crm.TypePicklist,
				Options: []crm.Option{{Value: "North"}, {Value: "South"}}},
			{APIName: "Tags", Labels: map[string]string{"en": "Tags"}, Type: crm.TypeMultipicklist,
				Options: []crm.Option{{Value: "urgent"}, {Value: "late"}, {Value: "vip"}}},
		},
		Layouts: []crm.Layout{{ID: "compact", Name: "Compact", Sections: []crm.Section{{Name: "Main", Fields: []string{"Subject", "Status"}}}}},
	})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	inv.Fields = append(inv.Fields, crm.Field{APIName: "Paid_At", Type: crm.TypeDatetime, System: true})
	mods[crm.Invoices] = inv
	return mods
}

// lookupIn returns a modules function over mods.
func lookupIn(mods map[string]crm.Module) func(string) (crm.Module, bool) {
	return func(name string) (crm.Module, bool) {
		m, ok := mods[name]
		return m, ok
	}
}

// freeType is a valid free user type based on Contacts, with one tab of each scope:
//
//	tabs[0] Contacts, the user's own record (view, edit, notes);
//	tabs[1] Invoices, own through Contact_Name, canvas display, a fixed criterion and labels;
//	tabs[2] Cases, account through Account_Name (view, create, edit, notes, attachments);
//	tabs[3] Products, catalog.
func freeType() UserType {
	return UserType{
		ID: "ut1", Name: "Customers", Position: 0, BaseModule: crm.Contacts,
		Tabs: []Tab{
			{
				Module: crm.Contacts, Enabled: true, Scope: ScopeOwn, Layouts: []string{"default"},
				View: true, Edit: true, Notes: true,
				Display: Display{Kind: DisplayList, Columns: []string{"First_Name", "Last_Name", "Email"}},
			},
			{
				Module: crm.Invoices, Enabled: true, Scope: ScopeOwn, ScopeField: "Contact_Name",
				Layouts: []string{"default", "compact"}, View: true, Attachments: true,
				Display: Display{Kind: DisplayCanvas, Title: "Subject", Subtitle: "Status",
					CardFields: []string{"Invoice_Date", "Grand_Total"}},
				Filterable: []string{"Status", "Due_Date"},
				Fixed:      &Criterion{Field: "Status", Op: OpNe, Values: []string{"Draft"}},
				PicklistLabels: map[string]map[string]map[string]string{
					"Status": {"Overdue": {"en": "Payment due", "pt-BR": "Pagamento pendente"}},
					"Tags":   {"late": {"en": "Late"}},
				},
			},
			{
				Module: crm.Cases, Enabled: true, Scope: ScopeAccount, ScopeField: "Account_Name",
				Layouts: []string{"default"}, View: true, Create: true, Edit: true, Notes: true, Attachments: true,
				Display:    Display{Kind: DisplayList, Columns: []string{"Subject", "Status", "Priority"}},
				Filterable: []string{"Status"},
			},
			{
				Module: crm.Products, Enabled: true, Scope: ScopeCatalog, Layouts: []string{"default"}, View: true,
				Display: Display{Kind: DisplayList, Columns: []string{"Product_Name", "Unit_Price"}},
			},
		},
		Fields: map[string]map[string]Perm{
			crm.Contacts: {"First_Name": PermWrite, "Last_Name": PermWrite, "Email": PermRead,
				"Phone": PermWrite, "Account_Name": PermRead, "Mailing_City": PermWrite},
			crm.Invoices: {"Subject": PermRead, "Status": PermRead, "Invoice_Date": PermRead, "Due_Date": PermRead,
				"Grand_Total": PermRead, "Contact_Name": PermRead, "Paid_At": PermRead, "Tags": PermRead},
			crm.Cases: {"Subject": PermWrite, "Status": PermRead, "Priority": PermWrite, "Description": PermWrite,
				"Contact_Name": PermRead, "Account_Name": PermRead, "Internal_Comments": PermHidden},
			crm.Products: {"Product_Name": PermRead, "Unit_Price": PermRead, "Product_Category": PermRead},
		},
	}
}

func tabOf(t testing.TB, ut UserType, module string) Tab {
	t.Helper()
	tab, ok := ut.Tab(module)
	if !ok {
		t.Fatalf("no %s tab", module)
	}
	return tab
}

func fe(field, msg string) crm.FieldError { return crm.FieldError{Field: field, Message: msg} }
