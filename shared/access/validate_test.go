package access

import (
	"reflect"
	"strings"
	"testing"

	"crmportal/shared/crm"
	"crmportal/shared/problemcode"
)

func TestValidateUserType(t *testing.T) {
	mods := testModules(t)
	const (
		contactsTab = 0
		invoicesTab = 1
		casesTab    = 2
		productsTab = 3
	)
	minimal := func(position int, base string) UserType {
		return UserType{Name: "Type", Position: position, BaseModule: base}
	}
	leadsTab := Tab{Module: crm.Leads, Enabled: true, Scope: ScopeOwn, Layouts: []string{"default"}, View: true,
		Display: Display{Kind: DisplayList, Columns: []string{"Last_Name"}}}
	inList := func(n int) []string {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = "abcdefgh" + itoa(10+i)
		}
		return vals
	}
	tests := []struct {
		name   string
		ut     UserType
		modify func(ut *UserType)
		want   []crm.FieldError
	}{
		// The user type.
		{name: "valid free type", ut: freeType()},
		{name: "valid minimal free type", ut: minimal(0, crm.Contacts)},
		{name: "valid licensed on Leads", ut: minimal(1, crm.Leads)},
		{name: "valid licensed on Contacts", ut: minimal(4, crm.Contacts)},
		{name: "valid Leads type with its tab", ut: minimal(1, crm.Leads), modify: func(ut *UserType) {
			ut.Tabs = []Tab{leadsTab}
			ut.Fields = map[string]map[string]Perm{crm.Leads: {"Last_Name": PermRead, "Company": PermWrite}}
		}},
		{name: "name blank", ut: minimal(0, crm.Contacts), modify: func(ut *UserType) { ut.Name = "  " },
			want: []crm.FieldError{fe("name", "is required")}},
		{name: "name too long", ut: minimal(0, crm.Contacts), modify: func(ut *UserType) { ut.Name = strings.Repeat("n", 101) },
			want: []crm.FieldError{fe("name", "must be at most 100 characters")}},
		{name: "name control character", ut: minimal(0, crm.Contacts), modify: func(ut *UserType) { ut.Name = "a\x07b" },
			want: []crm.FieldError{fe("name", "must not contain control characters or line breaks")}},
		{name: "free type on Leads", ut: minimal(0, crm.Leads),
			want: []crm.FieldError{fe("baseModule", "must be Contacts: the first (free) user type can only be based on Contacts")}},
		{name: "licensed on Accounts", ut: minimal(1, crm.Accounts),
			want: []crm.FieldError{fe("baseModule", "must be Leads or Contacts")}},
		{name: "licensed on nothing", ut: minimal(1, ""),
			want: []crm.FieldError{fe("baseModule", "must be Leads or Contacts")}},
		{name: "negative position", ut: minimal(-1, crm.Contacts),
			want: []crm.FieldError{fe("position", "must be 0 or more")}},
		{name: "licensed negative seats", ut: minimal(2, crm.Leads), modify: func(ut *UserType) { ut.Seats = -1 },
			want: []crm.FieldError{fe("seats", "must be 0 or more")}},
		{name: "free type seats ignored", ut: minimal(0, crm.Contacts), modify: func(ut *UserType) { ut.Seats = -1 }},

		// Tabs: module.
		{name: "tab without module", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Module = "" },
			want: []crm.FieldError{fe("tabs[1].module", "is required")}},
		{name: "tab of an unknown module", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Module = "Deals" },
			want: []crm.FieldError{fe("tabs[1].module", "is not a module")}},
		{name: "two tabs for one module", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs = append(ut.Tabs, ut.Tabs[invoicesTab])
		}, want: []crm.FieldError{fe("tabs[4].module", "has another tab in this user type")}},

		// Tabs: scope.
		{name: "base tab with account scope", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[contactsTab].Scope = ScopeAccount
			ut.Tabs[contactsTab].ScopeField = "Account_Name"
		}, want: []crm.FieldError{
			fe("tabs[0].scope", "must be own: the base module's tab shows the user's own record"),
			fe("tabs[0].scopeField", "must be empty: the base module's tab shows the user's own record"),
		}},
		{name: "base tab with catalog scope", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[contactsTab].Scope = ScopeCatalog },
			want: []crm.FieldError{
				fe("fields.Contacts.First_Name", "is in a catalog tab: it can be hidden or read-only"),
				fe("fields.Contacts.Last_Name", "is in a catalog tab: it can be hidden or read-only"),
				fe("fields.Contacts.Mailing_City", "is in a catalog tab: it can be hidden or read-only"),
				fe("fields.Contacts.Phone", "is in a catalog tab: it can be hidden or read-only"),
				fe("tabs[0].edit", "is not allowed on a catalog tab: catalog records are read-only"),
				fe("tabs[0].notes", "is not allowed on a catalog tab: every portal user would see them"),
				fe("tabs[0].scope", "must be own: the base module's tab shows the user's own record"),
			}},
		{name: "own without scope field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].ScopeField = "" },
			want: []crm.FieldError{fe("tabs[1].scopeField", "is required for own scope")}},
		{name: "own through an unknown field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].ScopeField = "Customer" },
			want: []crm.FieldError{fe("tabs[1].scopeField", "is not a field of Invoices")}},
		{name: "own through a text field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].ScopeField = "Subject" },
			want: []crm.FieldError{fe("tabs[1].scopeField", "must be a lookup to Contacts")}},
		{name: "own through a lookup to Accounts", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].ScopeField = "Account_Name" },
			want: []crm.FieldError{fe("tabs[1].scopeField", "must be a lookup to Contacts")}},
		{name: "own through a lookup to another module", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].ScopeField = "Sales_Order" },
			want: []crm.FieldError{fe("tabs[1].scopeField", "must be a lookup to Contacts")}},
		{name: "account through Account_Name", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Scope, ut.Tabs[invoicesTab].ScopeField = ScopeAccount, "Account_Name"
		}},
		{name: "account without scope field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].ScopeField = "" },
			want: []crm.FieldError{fe("tabs[2].scopeField", "is required for account scope")}},
		{name: "account through a lookup to Contacts", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].ScopeField = "Contact_Name" },
			want: []crm.FieldError{fe("tabs[2].scopeField", "must be a lookup to Accounts")}},
		{name: "account scope on a Leads type", ut: minimal(1, crm.Leads), modify: func(ut *UserType) {
			tab := tabOf(t, freeType(), crm.Cases)
			tab.Create, tab.Enabled = false, false
			ut.Tabs = []Tab{tab}
		}, want: []crm.FieldError{fe("tabs[0].scope", "can be account only when the base module has an Account_Name lookup to Accounts (Contacts)")}},
		{name: "own scope on a Leads type without a lookup to Leads", ut: minimal(1, crm.Leads), modify: func(ut *UserType) {
			tab := tabOf(t, freeType(), crm.Invoices)
			tab.Enabled = false
			ut.Tabs = []Tab{tab}
		}, want: []crm.FieldError{fe("tabs[0].scopeField", "must be a lookup to Leads")}},
		{name: "catalog on Invoices", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Scope, ut.Tabs[invoicesTab].ScopeField = ScopeCatalog, ""
		}, want: []crm.FieldError{
			fe("tabs[1].attachments", "is not allowed on a catalog tab: every portal user would see them"),
			fe("tabs[1].scope", "can be catalog only for Products and Solutions"),
		}},
		{name: "catalog with a scope field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[productsTab].ScopeField = "Product_Name" },
			want: []crm.FieldError{fe("tabs[3].scopeField", "must be empty for catalog scope")}},
		{name: "Products in own scope is impossible without a lookup", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[productsTab].Scope = ScopeOwn
		}, want: []crm.FieldError{fe("tabs[3].scopeField", "is required for own scope")}},
		{name: "unknown scope", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Scope = "everything" },
			want: []crm.FieldError{fe("tabs[1].scope", "must be own, account or catalog")}},
		{name: "empty scope", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Scope = "" },
			want: []crm.FieldError{fe("tabs[1].scope", "must be own, account or catalog")}},

		// Tabs: layouts.
		{name: "no layouts", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Layouts = nil },
			want: []crm.FieldError{fe("tabs[1].layouts", "must have at least one layout")}},
		{name: "unknown layout", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Layouts = []string{"default", "compact"} },
			want: []crm.FieldError{fe("tabs[2].layouts[1]", "is not a layout of Cases")}},
		{name: "repeated layout", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Layouts = []string{"compact", "compact"} },
			want: []crm.FieldError{fe("tabs[1].layouts[1]", "repeats a layout")}},
		{name: "only a custom layout", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Layouts = []string{"compact"} }},

		// Tabs: actions.
		{name: "edit without view", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].View = false },
			want: []crm.FieldError{
				fe("tabs[2].attachments", "needs view"),
				fe("tabs[2].notes", "needs view"),
				fe("tabs[2].view", "is required when create, edit or delete is on"),
			}},
		{name: "delete without view", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[casesTab] = Tab{Module: crm.Cases, Scope: ScopeAccount, ScopeField: "Account_Name",
				Layouts: []string{"default"}, Delete: true, Display: Display{Kind: DisplayList, Columns: []string{"Subject"}}}
		}, want: []crm.FieldError{fe("tabs[2].view", "is required when create, edit or delete is on")}},
		{name: "nothing on", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].View, ut.Tabs[invoicesTab].Attachments = false, false
		}},
		{name: "catalog with create, edit and delete", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[productsTab].Create, ut.Tabs[productsTab].Edit, ut.Tabs[productsTab].Delete = true, true, true
		}, want: []crm.FieldError{
			fe("tabs[3].create", "is not allowed on a catalog tab: catalog records are read-only"),
			fe("tabs[3].delete", "is not allowed on a catalog tab: catalog records are read-only"),
			fe("tabs[3].edit", "is not allowed on a catalog tab: catalog records are read-only"),
		}},
		{name: "catalog with notes and attachments", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[productsTab].Notes, ut.Tabs[productsTab].Attachments = true, true
		}, want: []crm.FieldError{
			fe("tabs[3].attachments", "is not allowed on a catalog tab: every portal user would see them"),
			fe("tabs[3].notes", "is not allowed on a catalog tab: every portal user would see them"),
		}},
		{name: "own record create and delete", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[contactsTab].Create, ut.Tabs[contactsTab].Delete = true, true
		}, want: []crm.FieldError{
			fe("tabs[0].create", "is not allowed on the user's own record"),
			fe("tabs[0].delete", "is not allowed on the user's own record"),
		}},
		{name: "own record view only", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[contactsTab].Edit = false }},
		{name: "notes without view", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].View = false
			ut.Tabs[invoicesTab].Notes = true
		}, want: []crm.FieldError{
			fe("tabs[1].attachments", "needs view"),
			fe("tabs[1].notes", "needs view"),
		}},
		{name: "create with a read-only required field", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields[crm.Cases]["Subject"] = PermRead
		}, want: []crm.FieldError{fe("tabs[2].create", "needs the required field Subject to be read-write")}},
		{name: "create with a hidden required field", ut: freeType(), modify: func(ut *UserType) {
			delete(ut.Fields[crm.Cases], "Subject")
			ut.Tabs[casesTab].Display.Columns = []string{"Status"}
		}, want: []crm.FieldError{fe("tabs[2].create", "needs the required field Subject to be read-write")}},
		{name: "create on a disabled tab with a read-only required field", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields[crm.Cases]["Subject"] = PermRead
			ut.Tabs[casesTab].Enabled = false
		}},
		{name: "edit with a read-only required field", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields[crm.Cases]["Subject"] = PermRead
			ut.Tabs[casesTab].Create = false
		}},

		// Tabs: display.
		{name: "no display kind", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Kind = "" },
			want: []crm.FieldError{fe("tabs[2].display.kind", "must be list or canvas")}},
		{name: "table display kind", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Kind = "table" },
			want: []crm.FieldError{fe("tabs[2].display.kind", "must be list or canvas")}},
		{name: "list without columns", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Columns = nil },
			want: []crm.FieldError{fe("tabs[2].display.columns", "must have 1 to 10 fields")}},
		{name: "list with ten columns", ut: freeType(), modify: func(ut *UserType) {
			cols := []string{"Subject", "Status", "Priority", "Case_Origin", "Type", "Contact_Name", "Account_Name", "Product_Name", "Email", "Phone"}
			for _, c := range cols {
				ut.Fields[crm.Cases][c] = PermRead
			}
			ut.Fields[crm.Cases]["Subject"] = PermWrite
			ut.Tabs[casesTab].Display.Columns = cols
		}},
		{name: "list with eleven columns", ut: freeType(), modify: func(ut *UserType) {
			cols := []string{"Subject", "Status", "Priority", "Case_Origin", "Type", "Contact_Name", "Account_Name", "Product_Name", "Email", "Phone", "Reported_At"}
			for _, c := range cols {
				ut.Fields[crm.Cases][c] = PermRead
			}
			ut.Fields[crm.Cases]["Subject"] = PermWrite
			ut.Tabs[casesTab].Display.Columns = cols
		}, want: []crm.FieldError{fe("tabs[2].display.columns", "must have 1 to 10 fields")}},
		{name: "unknown column", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Columns = []string{"Subject", "Nope"} },
			want: []crm.FieldError{fe("tabs[2].display.columns[1]", "is not a field of Cases")}},
		{name: "empty column", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Columns = []string{""} },
			want: []crm.FieldError{fe("tabs[2].display.columns[0]", "is required")}},
		{name: "repeated column", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Columns = []string{"Subject", "Subject"} },
			want: []crm.FieldError{fe("tabs[2].display.columns[1]", "repeats a field")}},
		{name: "hidden column", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Columns = []string{"Subject", "Internal_Comments"} },
			want: []crm.FieldError{fe("tabs[2].display.columns[1]", "is hidden for this user type")}},
		{name: "unlisted column", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[casesTab].Display.Columns = []string{"Email"} },
			want: []crm.FieldError{fe("tabs[2].display.columns[0]", "is hidden for this user type")}},
		{name: "hidden column on a disabled tab", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[casesTab].Display.Columns = []string{"Email"}
			ut.Tabs[casesTab].Enabled = false
		}},
		{name: "line items column", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Display = Display{Kind: DisplayList, Columns: []string{"Subject", "Product_Details"}}
		}, want: []crm.FieldError{fe("tabs[1].display.columns[1]", "is a line items field: it cannot be shown in a list or on a card")}},
		{name: "list with canvas fields", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[casesTab].Display.Title = "Subject"
			ut.Tabs[casesTab].Display.Subtitle = "Status"
			ut.Tabs[casesTab].Display.CardFields = []string{"Priority"}
		}, want: []crm.FieldError{
			fe("tabs[2].display.cardFields", "must be empty for a list display"),
			fe("tabs[2].display.subtitle", "must be empty for a list display"),
			fe("tabs[2].display.title", "must be empty for a list display"),
		}},
		{name: "canvas with title only", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Display = Display{Kind: DisplayCanvas, Title: "Subject"}
		}},
		{name: "canvas without title", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Display.Title = "" },
			want: []crm.FieldError{fe("tabs[1].display.title", "is required for a canvas display")}},
		{name: "canvas hidden title", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Display.Title = "Description" },
			want: []crm.FieldError{fe("tabs[1].display.title", "is hidden for this user type")}},
		{name: "canvas unknown subtitle", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Display.Subtitle = "Nope" },
			want: []crm.FieldError{fe("tabs[1].display.subtitle", "is not a field of Invoices")}},
		{name: "canvas subtitle repeats title", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Display.Subtitle = "Subject" },
			want: []crm.FieldError{fe("tabs[1].display.subtitle", "repeats a field")}},
		{name: "canvas four card fields", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Display.CardFields = []string{"Invoice_Date", "Grand_Total", "Due_Date", "Contact_Name"}
		}},
		{name: "canvas five card fields", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Display.CardFields = []string{"Invoice_Date", "Grand_Total", "Due_Date", "Contact_Name", "Paid_At"}
		}, want: []crm.FieldError{fe("tabs[1].display.cardFields", "must have at most 4 fields")}},
		{name: "canvas card field repeats", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Display.CardFields = []string{"Subject", "Status", "Due_Date", "Due_Date"}
		}, want: []crm.FieldError{
			fe("tabs[1].display.cardFields[0]", "repeats a field"),
			fe("tabs[1].display.cardFields[1]", "repeats a field"),
			fe("tabs[1].display.cardFields[3]", "repeats a field"),
		}},
		{name: "canvas hidden card field", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Display.CardFields = []string{"Terms_and_Conditions"}
		}, want: []crm.FieldError{fe("tabs[1].display.cardFields[0]", "is hidden for this user type")}},
		{name: "canvas line items card field", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields[crm.Invoices]["Product_Details"] = PermRead
			ut.Tabs[invoicesTab].Display.CardFields = []string{"Product_Details"}
		}, want: []crm.FieldError{fe("tabs[1].display.cardFields[0]", "is a line items field: it cannot be shown in a list or on a card")}},
		{name: "canvas with columns", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Display.Columns = []string{"Subject"} },
			want: []crm.FieldError{fe("tabs[1].display.columns", "must be empty for a canvas display")}},

		// Tabs: filters.
		{name: "no filters", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Filterable = nil }},
		{name: "filter on every filterable type", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Filterable = []string{"Subject", "Status", "Invoice_Date", "Grand_Total", "Contact_Name", "Paid_At", "Tags"}
		}},
		{name: "unknown filter", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Filterable = []string{"Nope"} },
			want: []crm.FieldError{fe("tabs[1].filterable[0]", "is not a field of Invoices")}},
		{name: "repeated filter", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Filterable = []string{"Status", "Status"} },
			want: []crm.FieldError{fe("tabs[1].filterable[1]", "repeats a field")}},
		{name: "line items filter", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields[crm.Invoices]["Product_Details"] = PermRead
			ut.Tabs[invoicesTab].Filterable = []string{"Product_Details"}
		}, want: []crm.FieldError{fe("tabs[1].filterable[0]", "is a lineitems field: it cannot be filtered on")}},
		{name: "hidden filter", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Filterable = []string{"Region"} },
			want: []crm.FieldError{fe("tabs[1].filterable[0]", "is hidden for this user type")}},
		{name: "hidden filter on a disabled tab", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Filterable = []string{"Region"}
			ut.Tabs[invoicesTab].Enabled = false
		}},

		// Tabs: fixed criterion.
		{name: "no criterion", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed = nil }},
		{name: "criterion without field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Field = "" },
			want: []crm.FieldError{fe("tabs[1].fixed.field", "is required")}},
		{name: "criterion unknown field", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Field = "Nope" },
			want: []crm.FieldError{fe("tabs[1].fixed.field", "is not a field of Invoices")}},
		{name: "criterion on line items", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Field = "Product_Details" },
			want: []crm.FieldError{fe("tabs[1].fixed.field", "is a line items field: it cannot be a criterion")}},
		{name: "criterion on a hidden field", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Region", Op: OpEq, Values: []string{"North"}}
		}},
		{name: "criterion unknown op", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Op = "gt" },
			want: []crm.FieldError{fe("tabs[1].fixed.op", "must be eq, ne or in")}},
		{name: "criterion eq two values", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Status", Op: OpEq, Values: []string{"Paid", "Sent"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values", "must have exactly one value for eq")}},
		{name: "criterion ne no value", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Values = nil },
			want: []crm.FieldError{fe("tabs[1].fixed.values", "must have exactly one value for ne")}},
		{name: "criterion in no value", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Status", Op: OpIn}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values", "must have 1 to 50 values")}},
		{name: "criterion in values", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Status", Op: OpIn, Values: []string{"Sent", "Paid", "Overdue"}}
		}},
		{name: "criterion in fifty values", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Sales_Order", Op: OpIn, Values: inList(50)}
		}},
		{name: "criterion in fifty-one values", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Sales_Order", Op: OpIn, Values: inList(51)}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values", "must have 1 to 50 values")}},
		{name: "criterion in repeated value", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Status", Op: OpIn, Values: []string{"Sent", "Sent"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[1]", "repeats a value")}},
		{name: "criterion not an option", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Values = []string{"Unpaid"} },
			want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be one of: Draft, Created, Approved, Sent, Paid, Cancelled, Overdue")}},
		{name: "criterion option case", ut: freeType(), modify: func(ut *UserType) { ut.Tabs[invoicesTab].Fixed.Values = []string{"draft"} },
			want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be one of: Draft, Created, Approved, Sent, Paid, Cancelled, Overdue")}},
		{name: "criterion multipicklist option", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Tags", Op: OpNe, Values: []string{"vip"}}
		}},
		{name: "criterion multipicklist not an option", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Tags", Op: OpEq, Values: []string{"urgent;late"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be one of: urgent, late, vip")}},
		{name: "criterion currency canonical", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Grand_Total", Op: OpNe, Values: []string{"0.00"}}
		}},
		{name: "criterion currency not canonical", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Grand_Total", Op: OpNe, Values: []string{"10.5"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be written as 10.50")}},
		{name: "criterion currency three decimals", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Grand_Total", Op: OpNe, Values: []string{"10.505"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must have at most 2 decimals")}},
		{name: "criterion datetime canonical", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Paid_At", Op: OpEq, Values: []string{"2026-01-02T15:00:00Z"}}
		}},
		{name: "criterion datetime with offset", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Paid_At", Op: OpEq, Values: []string{"2026-01-02T12:00:00-03:00"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be written as 2026-01-02T15:00:00Z")}},
		{name: "criterion date invalid", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Due_Date", Op: OpNe, Values: []string{"2026-02-30"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be a date YYYY-MM-DD")}},
		{name: "criterion lookup id", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Sales_Order", Op: OpNe, Values: []string{"abcdefgh12"}}
		}},
		{name: "criterion lookup not an id", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Sales_Order", Op: OpNe, Values: []string{"SO-1"}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be a record id")}},
		{name: "criterion text trimmed", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Purchase_Order", Op: OpNe, Values: []string{" PO-1 "}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "must be written as PO-1")}},
		{name: "criterion text blank", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].Fixed = &Criterion{Field: "Purchase_Order", Op: OpNe, Values: []string{"  "}}
		}, want: []crm.FieldError{fe("tabs[1].fixed.values[0]", "needs a value")}},
		{name: "criterion boolean", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[casesTab].Fixed = &Criterion{Field: "Internal_Comments", Op: OpEq, Values: []string{"public"}}
			ut.Tabs[contactsTab].Fixed = &Criterion{Field: "Email_Opt_Out", Op: OpNe, Values: []string{"true"}}
		}},
		{name: "criterion boolean not canonical", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[contactsTab].Fixed = &Criterion{Field: "Email_Opt_Out", Op: OpNe, Values: []string{"sim"}}
		}, want: []crm.FieldError{fe("tabs[0].fixed.values[0]", "must be written as true")}},
		{name: "criterion number", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[productsTab].Fixed = &Criterion{Field: "Qty_in_Stock", Op: OpNe, Values: []string{"0"}}
		}},
		{name: "criterion number not canonical", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[productsTab].Fixed = &Criterion{Field: "Qty_in_Stock", Op: OpNe, Values: []string{"1,5"}}
		}, want: []crm.FieldError{fe("tabs[3].fixed.values[0]", "must be written as 1.5")}},
		{name: "criterion number not a number", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[productsTab].Fixed = &Criterion{Field: "Qty_in_Stock", Op: OpNe, Values: []string{"many"}}
		}, want: []crm.FieldError{fe("tabs[3].fixed.values[0]", "must be a number")}},

		// Tabs: customer-facing labels.
		{name: "labels of an unknown field", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Nope"] = map[string]map[string]string{"x": {"en": "X"}}
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Nope", "is not a field of Invoices")}},
		{name: "labels of a text field", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Subject"] = map[string]map[string]string{"x": {"en": "X"}}
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Subject", "is not a picklist")}},
		{name: "label of an unknown option", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Status"]["Unpaid"] = map[string]string{"en": "Unpaid"}
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Status.Unpaid", "is not an option of Status")}},
		{name: "label language not a tag", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Status"]["Overdue"]["english"] = "Due"
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Status.Overdue.english", "is not a language tag such as en or pt-BR")}},
		{name: "label blank", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Status"]["Overdue"]["es"] = " "
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Status.Overdue.es", "must not be blank")}},
		{name: "label too long", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Status"]["Overdue"]["es"] = strings.Repeat("é", 101)
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Status.Overdue.es", "must be at most 100 characters")}},
		{name: "label control character", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Status"]["Overdue"]["es"] = "a\nb"
		}, want: []crm.FieldError{fe("tabs[1].picklistLabels.Status.Overdue.es", "must not contain control characters or line breaks")}},
		{name: "label of a hidden picklist", ut: freeType(), modify: func(ut *UserType) {
			ut.Tabs[invoicesTab].PicklistLabels["Region"] = map[string]map[string]string{"North": {"pt-BR": "Norte", "es": "Norte"}}
		}},

		// Field permissions.
		{name: "permissions of an unknown module", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields["Deals"] = map[string]Perm{"Amount": PermRead}
		}, want: []crm.FieldError{fe("fields.Deals", "is not a module")}},
		{name: "permission of an unknown field", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Nope"] = PermRead },
			want: []crm.FieldError{fe("fields.Invoices.Nope", "is not a field of Invoices")}},
		{name: "unknown permission", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Purchase_Order"] = "rw" },
			want: []crm.FieldError{fe("fields.Invoices.Purchase_Order", "must be hidden, read or write")}},
		{name: "unknown permission hides the field", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Status"] = "READ" },
			want: []crm.FieldError{
				fe("fields.Invoices.Status", "must be hidden, read or write"),
				fe("tabs[1].display.subtitle", "is hidden for this user type"),
				fe("tabs[1].filterable[0]", "is hidden for this user type"),
			}},
		{name: "empty permission", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Description"] = "" },
			want: []crm.FieldError{fe("fields.Invoices.Description", "must be hidden, read or write")}},
		{name: "write on a system field", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Paid_At"] = PermWrite },
			want: []crm.FieldError{fe("fields.Invoices.Paid_At", "is a system field: it can be hidden or read-only")}},
		{name: "write on the scope field", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Contact_Name"] = PermWrite },
			want: []crm.FieldError{fe("fields.Invoices.Contact_Name", "links records to portal users and is set by the portal: it can be hidden or read-only")}},
		{name: "write on the account scope field", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Cases]["Account_Name"] = PermWrite },
			want: []crm.FieldError{fe("fields.Cases.Account_Name", "links records to portal users and is set by the portal: it can be hidden or read-only")}},
		{name: "write on a lookup to Contacts outside the scope", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Cases]["Contact_Name"] = PermWrite },
			want: []crm.FieldError{fe("fields.Cases.Contact_Name", "links records to portal users and is set by the portal: it can be hidden or read-only")}},
		{name: "write on the user's own account link", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Contacts]["Account_Name"] = PermWrite },
			want: []crm.FieldError{fe("fields.Contacts.Account_Name", "links records to portal users and is set by the portal: it can be hidden or read-only")}},
		{name: "write on a lookup to Products", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Cases]["Product_Name"] = PermWrite }},
		{name: "write on a catalog module", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Products]["Product_Name"] = PermWrite },
			want: []crm.FieldError{fe("fields.Products.Product_Name", "is in a catalog tab: it can be hidden or read-only")}},
		{name: "permissions of a module without a tab", ut: freeType(), modify: func(ut *UserType) {
			ut.Fields[crm.Solutions] = map[string]Perm{"Solution_Title": PermWrite, "Answer": PermRead}
		}},
		{name: "hidden listed explicitly", ut: freeType(), modify: func(ut *UserType) { ut.Fields[crm.Invoices]["Description"] = PermHidden }},

		// Several errors, sorted.
		{name: "errors sorted by path", ut: freeType(), modify: func(ut *UserType) {
			ut.Name = ""
			ut.Tabs[productsTab].Layouts = nil
			ut.Tabs[invoicesTab].Display.Kind = "grid"
			ut.Fields[crm.Cases]["Nope"] = PermRead
		}, want: []crm.FieldError{
			fe("fields.Cases.Nope", "is not a field of Cases"),
			fe("name", "is required"),
			fe("tabs[1].display.kind", "must be list or canvas"),
			fe("tabs[3].layouts", "must have at least one layout"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := tt.ut
			if tt.modify != nil {
				tt.modify(&ut)
			}
			got := ValidateUserType(ut, lookupIn(mods))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateUserType:\n got %v\nwant %v", got, tt.want)
			}
			// The user type editor shows each refusal in the admin's language by its code.
			for _, e := range got {
				if _, _, ok := problemcode.Match(e.Message); !ok {
					t.Errorf("%s %q matches no problem code (problemcode.Defs)", e.Field, e.Message)
				}
			}
		})
	}

	t.Run("base module missing from the organization", func(t *testing.T) {
		none := func(string) (crm.Module, bool) { return crm.Module{}, false }
		got := ValidateUserType(freeType(), none)
		want := []crm.FieldError{
			fe("baseModule", "is not a module"),
			fe("fields.Cases", "is not a module"),
			fe("fields.Contacts", "is not a module"),
			fe("fields.Invoices", "is not a module"),
			fe("fields.Products", "is not a module"),
			fe("tabs[0].module", "is not a module"),
			fe("tabs[1].module", "is not a module"),
			fe("tabs[2].module", "is not a module"),
			fe("tabs[3].module", "is not a module"),
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ValidateUserType:\n got %v\nwant %v", got, want)
		}
	})
}

func TestSetByPortal(t *testing.T) {
	mods := testModules(t)
	field := func(module, name string) crm.Field {
		f, ok := mods[module].Field(name)
		if !ok {
			t.Fatalf("no field %s.%s", module, name)
		}
		return f
	}
	own := Tab{Module: crm.Invoices, Scope: ScopeOwn, ScopeField: "Contact_Name"}
	tests := []struct {
		name string
		tab  Tab
		f    crm.Field
		want bool
	}{
		{"the scope field", own, field(crm.Invoices, "Contact_Name"), true},
		{"a lookup to Accounts", own, field(crm.Invoices, "Account_Name"), true},
		{"a lookup to Contacts", Tab{Module: crm.Cases, Scope: ScopeAccount, ScopeField: "Account_Name"}, field(crm.Cases, "Contact_Name"), true},
		{"a lookup to Leads", Tab{}, crm.Field{APIName: "Referrer", Type: crm.TypeLookup, LookupModule: crm.Leads}, true},
		{"the base record's account", Tab{Module: crm.Contacts, Scope: ScopeOwn}, field(crm.Contacts, "Account_Name"), true},
		{"a lookup to another module", own, field(crm.Invoices, "Sales_Order"), false},
		{"a lookup to Products", Tab{}, field(crm.Cases, "Product_Name"), false},
		{"a text field", own, field(crm.Invoices, "Subject"), false},
		{"a text scope field", Tab{ScopeField: "Subject"}, field(crm.Invoices, "Subject"), true},
		{"line items", own, field(crm.Invoices, "Product_Details"), false},
		{"no scope field", Tab{}, crm.Field{APIName: ""}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SetByPortal(tt.tab, tt.f); got != tt.want {
				t.Errorf("SetByPortal(%s): got %v, want %v", tt.f.APIName, got, tt.want)
			}
		})
	}
}

func TestFilterable(t *testing.T) {
	for _, ft := range crm.FieldTypes {
		t.Run(string(ft), func(t *testing.T) {
			got, want := Filterable(ft), ft != crm.TypeLineItems
			if got != want {
				t.Errorf("Filterable(%s): got %v, want %v", ft, got, want)
			}
		})
	}
	if Filterable("color") {
		t.Errorf("Filterable(color): got true, want false")
	}
}
