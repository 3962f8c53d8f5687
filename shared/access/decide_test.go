package access

import (
	"encoding/json"
	"reflect"
	"testing"

	"crmportal/shared/crm"
)

func TestUserTypePerm(t *testing.T) {
	ut := freeType()
	ut.Fields[crm.Invoices]["Region"] = "READ"
	tests := []struct {
		name, module, field string
		want                Perm
	}{
		{"write", crm.Cases, "Subject", PermWrite},
		{"read", crm.Cases, "Status", PermRead},
		{"hidden", crm.Cases, "Internal_Comments", PermHidden},
		{"not listed", crm.Cases, "Email", PermHidden},
		{"unknown value", crm.Invoices, "Region", PermHidden},
		{"module not listed", crm.Solutions, "Answer", PermHidden},
		{"system field as listed", crm.Invoices, "Paid_At", PermRead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ut.Perm(tt.module, tt.field); got != tt.want {
				t.Errorf("Perm(%s, %s): got %q, want %q", tt.module, tt.field, got, tt.want)
			}
		})
	}
}

func TestVisible(t *testing.T) {
	mods := testModules(t)
	names := func(fields []crm.Field) []string {
		var out []string
		for _, f := range fields {
			out = append(out, f.APIName)
		}
		return out
	}
	tests := []struct {
		name   string
		modify func(ut *UserType)
		module string
		want   []string
	}{
		{"in module order, hidden and unlisted left out", nil, crm.Cases,
			[]string{"Subject", "Status", "Priority", "Contact_Name", "Account_Name", "Description"}},
		{"system and custom fields", nil, crm.Invoices,
			[]string{"Subject", "Status", "Invoice_Date", "Due_Date", "Contact_Name", "Grand_Total", "Tags", "Paid_At"}},
		{"system field listed as write is visible", func(ut *UserType) { ut.Fields[crm.Invoices] = map[string]Perm{"Paid_At": PermWrite} },
			crm.Invoices, []string{"Paid_At"}},
		{"unknown permission is hidden", func(ut *UserType) { ut.Fields[crm.Invoices] = map[string]Perm{"Subject": "Write", "Status": ""} },
			crm.Invoices, nil},
		{"fields that are not in the module", func(ut *UserType) { ut.Fields[crm.Solutions] = map[string]Perm{"Gone": PermRead, "Answer": PermRead} },
			crm.Solutions, []string{"Answer"}},
		{"module without permissions", nil, crm.Solutions, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := freeType()
			if tt.modify != nil {
				tt.modify(&ut)
			}
			got := names(Visible(ut, mods[tt.module]))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Visible:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestProject(t *testing.T) {
	mods := testModules(t)
	inv := mods[crm.Invoices]
	record := func() map[string]any {
		return map[string]any{
			"Subject":         "INV-1",
			"Status":          "Overdue",
			"Grand_Total":     "120.00",
			"Contact_Name":    map[string]any{"id": "abcdefgh12", "name": "Ana"},
			"Description":     "internal note",                    // not listed
			"Region":          "North",                            // not listed
			"Paid_At":         "2026-01-02T15:00:00Z",             // system, read
			"Tags":            []any{"late", "vip", 7},            // multipicklist, read
			"Product_Details": []map[string]any{{"Product": "x"}}, // not listed
			"Secret_Key":      "not a field",
		}
	}
	labelled := func(labels map[string]map[string]map[string]string) func(*UserType, *Tab) {
		return func(_ *UserType, tab *Tab) { tab.PicklistLabels = labels }
	}
	tests := []struct {
		name   string
		modify func(ut *UserType, tab *Tab)
		fields map[string]any
		lang   string
		want   map[string]any
	}{
		{"visible fields with labels", nil, record(), "pt-BR", map[string]any{
			"Subject": "INV-1", "Status": "Pagamento pendente", "Grand_Total": "120.00",
			"Contact_Name": map[string]any{"id": "abcdefgh12", "name": "Ana"},
			"Paid_At":      "2026-01-02T15:00:00Z", "Tags": []any{"Late", "vip", 7},
		}},
		{"english label", nil, map[string]any{"Status": "Overdue"}, "en", map[string]any{"Status": "Payment due"}},
		{"falls back to English", nil, map[string]any{"Status": "Overdue"}, "fr", map[string]any{"Status": "Payment due"}},
		{"the product's Spanish label before a customer label of another language", nil, map[string]any{"Status": "Overdue"}, "es", map[string]any{"Status": "Vencida"}},
		{"falls back to the smallest tag", labelled(map[string]map[string]map[string]string{
			"Status": {"Overdue": {"pt-BR": "Pagamento pendente", "es": "Pago pendiente"}},
		}), map[string]any{"Status": "Overdue"}, "fr", map[string]any{"Status": "Pago pendiente"}},
		{"product label in the language before a customer label in another", labelled(map[string]map[string]map[string]string{
			"Status": {"Overdue": {"en": "Payment due"}},
		}), map[string]any{"Status": "Overdue"}, "pt-BR", map[string]any{"Status": "Vencida"}},
		{"blank label ignored", labelled(map[string]map[string]map[string]string{
			"Status": {"Overdue": {"en": ""}},
		}), map[string]any{"Status": "Overdue"}, "en", map[string]any{"Status": "Overdue"}},
		{"value without a label", nil, map[string]any{"Status": "Paid"}, "en", map[string]any{"Status": "Paid"}},
		{"no labels", labelled(nil), map[string]any{"Status": "Overdue"}, "en", map[string]any{"Status": "Overdue"}},
		{"multipicklist of strings", nil, map[string]any{"Tags": []string{"vip", "late"}}, "en",
			map[string]any{"Tags": []string{"vip", "Late"}}},
		{"labels on a text field are ignored", labelled(map[string]map[string]map[string]string{
			"Subject": {"INV-1": {"en": "X"}},
		}), map[string]any{"Subject": "INV-1"}, "en", map[string]any{"Subject": "INV-1"}},
		{"non-string picklist value kept", nil, map[string]any{"Status": 3.0}, "en", map[string]any{"Status": 3.0}},
		{"nil value of a visible field kept", nil, map[string]any{"Subject": nil}, "en", map[string]any{"Subject": nil}},
		{"field added later stays hidden", func(ut *UserType, _ *Tab) {}, map[string]any{"Region": "North"}, "en", map[string]any{}},
		{"explicitly hidden", func(ut *UserType, _ *Tab) { ut.Fields[crm.Invoices]["Subject"] = PermHidden },
			map[string]any{"Subject": "INV-1"}, "en", map[string]any{}},
		{"unknown permission", func(ut *UserType, _ *Tab) { ut.Fields[crm.Invoices]["Subject"] = "Read" },
			map[string]any{"Subject": "INV-1"}, "en", map[string]any{}},
		{"no permissions for the module", func(ut *UserType, _ *Tab) { delete(ut.Fields, crm.Invoices) },
			record(), "en", map[string]any{}},
		{"tab of another module", func(_ *UserType, tab *Tab) { tab.Module = crm.Cases }, record(), "en", map[string]any{}},
		{"disabled tab", func(_ *UserType, tab *Tab) { tab.Enabled = false }, record(), "en", map[string]any{}},
		{"tab without view", func(_ *UserType, tab *Tab) { tab.View = false }, record(), "en", map[string]any{}},
		{"nil fields", nil, nil, "en", map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := freeType()
			tab := tabOf(t, ut, crm.Invoices)
			if tt.modify != nil {
				tt.modify(&ut, &tab)
			}
			got := Project(ut, tab, inv, tt.fields, tt.lang)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Project:\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}

	t.Run("input not changed", func(t *testing.T) {
		ut := freeType()
		in := record()
		Project(ut, tabOf(t, ut, crm.Invoices), inv, in, "en")
		if !reflect.DeepEqual(in, record()) {
			t.Errorf("Project changed its input: got %v, want %v", in, record())
		}
	})
}

func TestCheckWrite(t *testing.T) {
	mods := testModules(t)
	const (
		notAField = "is not a field you can change"
		readOnly  = "is read-only"
		byPortal  = "is set by the portal"
	)
	tests := []struct {
		name     string
		module   string
		modify   func(ut *UserType, tab *Tab)
		sent     []string
		creating bool
		want     []crm.FieldError
	}{
		{"own record edit", crm.Contacts, nil, []string{"First_Name", "Phone", "Mailing_City"}, false, nil},
		{"own record read-only field", crm.Contacts, nil, []string{"First_Name", "Email"}, false,
			[]crm.FieldError{fe("Email", readOnly)}},
		{"own record account link", crm.Contacts, nil, []string{"Account_Name"}, false,
			[]crm.FieldError{fe("Account_Name", byPortal)}},
		{"own record unlisted field", crm.Contacts, nil, []string{"Date_of_Birth"}, false,
			[]crm.FieldError{fe("Date_of_Birth", notAField)}},
		{"unknown field", crm.Contacts, nil, []string{"Password"}, false,
			[]crm.FieldError{fe("Password", notAField)}},
		{"own record cannot be created", crm.Contacts, nil, []string{"First_Name"}, true,
			[]crm.FieldError{fe("First_Name", readOnly)}},
		{"account case create", crm.Cases, nil, []string{"Subject", "Priority", "Description"}, true, nil},
		{"account case edit", crm.Cases, nil, []string{"Subject"}, false, nil},
		{"account case refused fields, sorted", crm.Cases, nil,
			[]string{"Status", "Internal_Comments", "Account_Name", "Contact_Name", "Email", "Nope"}, true,
			[]crm.FieldError{
				fe("Account_Name", byPortal),
				fe("Contact_Name", byPortal),
				fe("Email", notAField),
				fe("Internal_Comments", notAField),
				fe("Nope", notAField),
				fe("Status", readOnly),
			}},
		{"hidden scope field is not revealed", crm.Cases, func(ut *UserType, _ *Tab) { delete(ut.Fields[crm.Cases], "Account_Name") },
			[]string{"Account_Name"}, true, []crm.FieldError{fe("Account_Name", notAField)}},
		{"scope field stays locked even when listed as write", crm.Invoices, func(ut *UserType, tab *Tab) {
			ut.Fields[crm.Invoices]["Contact_Name"] = PermWrite
			tab.Edit = true
		}, []string{"Contact_Name"}, false, []crm.FieldError{fe("Contact_Name", byPortal)}},
		{"text scope field is locked", crm.Invoices, func(ut *UserType, tab *Tab) {
			ut.Fields[crm.Invoices]["Purchase_Order"] = PermWrite
			tab.Edit, tab.ScopeField = true, "Purchase_Order"
		}, []string{"Purchase_Order"}, false, []crm.FieldError{fe("Purchase_Order", byPortal)}},
		{"system field listed as write", crm.Invoices, func(ut *UserType, tab *Tab) {
			ut.Fields[crm.Invoices]["Paid_At"] = PermWrite
			tab.Edit = true
		}, []string{"Paid_At"}, false, []crm.FieldError{fe("Paid_At", readOnly)}},
		{"tab without edit", crm.Invoices, func(ut *UserType, _ *Tab) { ut.Fields[crm.Invoices]["Subject"] = PermWrite },
			[]string{"Subject"}, false, []crm.FieldError{fe("Subject", readOnly)}},
		{"tab without create", crm.Cases, func(_ *UserType, tab *Tab) { tab.Create = false },
			[]string{"Subject"}, true, []crm.FieldError{fe("Subject", readOnly)}},
		{"disabled tab", crm.Cases, func(_ *UserType, tab *Tab) { tab.Enabled = false },
			[]string{"Subject"}, false, []crm.FieldError{fe("Subject", readOnly)}},
		{"catalog is read-only", crm.Products, func(ut *UserType, tab *Tab) {
			ut.Fields[crm.Products]["Product_Name"] = PermWrite
			tab.Edit, tab.Create = true, true
		}, []string{"Product_Name"}, false, []crm.FieldError{fe("Product_Name", readOnly)}},
		{"tab of another module", crm.Cases, func(_ *UserType, tab *Tab) { tab.Module = crm.Invoices },
			[]string{"Subject", "Status"}, false, []crm.FieldError{fe("Status", notAField), fe("Subject", notAField)}},
		{"line items lookup to Products is writable", crm.Cases, func(ut *UserType, _ *Tab) {
			ut.Fields[crm.Cases]["Product_Name"] = PermWrite
		}, []string{"Product_Name"}, false, nil},
		{"nothing sent", crm.Cases, func(_ *UserType, tab *Tab) { tab.Enabled = false }, nil, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := freeType()
			tab := tabOf(t, ut, tt.module)
			if tt.modify != nil {
				tt.modify(&ut, &tab)
			}
			got := CheckWrite(ut, tab, mods[tt.module], tt.sent, tt.creating)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckWrite:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestCan(t *testing.T) {
	all := []string{ActionView, ActionCreate, ActionEdit, ActionDelete, ActionNotes, ActionAttachments}
	full := func(scope, field string) Tab {
		return Tab{Enabled: true, Scope: scope, ScopeField: field, View: true, Create: true, Edit: true,
			Delete: true, Notes: true, Attachments: true}
	}
	tests := []struct {
		name string
		tab  Tab
		want []string // the actions allowed, out of all
	}{
		{"own related, everything on", full(ScopeOwn, "Contact_Name"), all},
		{"account, everything on", full(ScopeAccount, "Account_Name"), all},
		{"own record", full(ScopeOwn, ""), []string{ActionView, ActionEdit, ActionNotes, ActionAttachments}},
		{"catalog", full(ScopeCatalog, ""), []string{ActionView}},
		{"catalog with a scope field", full(ScopeCatalog, "Product_Name"), nil},
		{"account without scope field", full(ScopeAccount, ""), nil},
		{"unknown scope", full("all", ""), nil},
		{"empty scope", full("", ""), nil},
		{"disabled", func() Tab { t := full(ScopeOwn, "Contact_Name"); t.Enabled = false; return t }(), nil},
		{"no view", func() Tab { t := full(ScopeOwn, "Contact_Name"); t.View = false; return t }(), nil},
		{"view only", Tab{Enabled: true, Scope: ScopeOwn, ScopeField: "Contact_Name", View: true}, []string{ActionView}},
		{"each flag", Tab{Enabled: true, Scope: ScopeOwn, ScopeField: "Contact_Name", View: true, Edit: true, Attachments: true},
			[]string{ActionView, ActionEdit, ActionAttachments}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range append(all, "Delete", "export", "") {
				if Can(tt.tab, a) {
					got = append(got, a)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Can: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	rec := map[string]any{
		"Status":       "Sent",
		"Grand_Total":  "120.00",
		"Qty":          2.5,
		"Count":        3,
		"Big":          int64(7),
		"Active":       true,
		"Inactive":     false,
		"Tags":         []any{"late", "vip"},
		"Labels":       []string{"a", "b"},
		"Contact_Name": map[string]any{"id": "abcdefgh12", "name": "Ana"},
		"Product":      "abcdefgh99",
		"Ref":          map[string]string{"id": "abcdefgh77"},
		"Empty":        nil,
		"Items":        []map[string]any{{"Product": "abcdefgh99"}},
	}
	c := func(field, op string, values ...string) *Criterion {
		return &Criterion{Field: field, Op: op, Values: values}
	}
	tests := []struct {
		name string
		c    *Criterion
		want bool
	}{
		{"nil matches", nil, true},
		{"eq string", c("Status", OpEq, "Sent"), true},
		{"eq string other", c("Status", OpEq, "Paid"), false},
		{"eq is exact", c("Status", OpEq, "sent"), false},
		{"ne string", c("Status", OpNe, "Draft"), true},
		{"ne string same", c("Status", OpNe, "Sent"), false},
		{"in string", c("Status", OpIn, "Paid", "Sent"), true},
		{"in string none", c("Status", OpIn, "Paid", "Draft"), false},
		{"eq currency", c("Grand_Total", OpEq, "120.00"), true},
		{"eq currency as stored only", c("Grand_Total", OpEq, "120"), false},
		{"eq float", c("Qty", OpEq, "2.5"), true},
		{"eq float other", c("Qty", OpEq, "2.50001"), false},
		{"eq float written differently", c("Qty", OpEq, "2.50"), true},
		{"eq float not a number", c("Qty", OpEq, "two"), false},
		{"eq int", c("Count", OpEq, "3"), true},
		{"eq int64", c("Big", OpIn, "1", "7"), true},
		{"eq bool true", c("Active", OpEq, "true"), true},
		{"eq bool false", c("Inactive", OpEq, "false"), true},
		{"ne bool", c("Active", OpNe, "true"), false},
		{"eq bool not canonical", c("Active", OpEq, "yes"), false},
		{"multipicklist holds", c("Tags", OpEq, "vip"), true},
		{"multipicklist does not hold", c("Tags", OpEq, "urgent"), false},
		{"multipicklist ne", c("Tags", OpNe, "vip"), false},
		{"multipicklist ne absent", c("Tags", OpNe, "urgent"), true},
		{"multipicklist in", c("Tags", OpIn, "urgent", "late"), true},
		{"multipicklist of strings", c("Labels", OpEq, "b"), true},
		{"lookup object by id", c("Contact_Name", OpEq, "abcdefgh12"), true},
		{"lookup object not by name", c("Contact_Name", OpEq, "Ana"), false},
		{"lookup id string", c("Product", OpEq, "abcdefgh99"), true},
		{"lookup string map", c("Ref", OpNe, "abcdefgh77"), false},
		{"missing field eq", c("Region", OpEq, "North"), false},
		{"missing field ne", c("Region", OpNe, "North"), true},
		{"missing field in", c("Region", OpIn, "North"), false},
		{"nil value eq", c("Empty", OpEq, "x"), false},
		{"nil value ne", c("Empty", OpNe, "x"), true},
		{"line items never equal", c("Items", OpEq, "abcdefgh99"), false},
		{"unknown op fails closed", c("Status", "contains", "Sent"), false},
		{"empty op fails closed", c("Status", "", "Sent"), false},
		{"eq without value fails closed", c("Status", OpEq), false},
		{"ne without value fails closed", c("Status", OpNe), false},
		{"ne with two values fails closed", c("Status", OpNe, "a", "b"), false},
		{"eq with two values fails closed", c("Status", OpEq, "Sent", "Paid"), false},
		{"in without value fails closed", c("Status", OpIn), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Matches(tt.c, rec); got != tt.want {
				t.Errorf("Matches(%+v): got %v, want %v", tt.c, got, tt.want)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	tab := Tab{
		Module: "Invoices", Enabled: true, Scope: ScopeOwn, ScopeField: "Contact_Name", Layouts: []string{"default"},
		View: true, Display: Display{Kind: DisplayCanvas, Title: "Subject", CardFields: []string{"Status"}},
		Filterable: []string{"Status"}, Fixed: &Criterion{Field: "Status", Op: OpNe, Values: []string{"Draft"}},
		PicklistLabels: map[string]map[string]map[string]string{"Status": {"Sent": {"en": "Sent to you"}}},
		Notes:          true,
	}
	ut := UserType{ID: "u1", Name: "Customers", Position: 1, BaseModule: "Contacts", Seats: 5, Tabs: []Tab{tab},
		Fields: map[string]map[string]Perm{"Invoices": {"Subject": PermRead}}}
	b, err := json.Marshal(ut)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := `{"id":"u1","name":"Customers","position":1,"baseModule":"Contacts","seats":5,"tabs":[{"module":"Invoices",` +
		`"enabled":true,"scope":"own","scopeField":"Contact_Name","layouts":["default"],"create":false,"edit":false,` +
		`"view":true,"delete":false,"display":{"kind":"canvas","title":"Subject","cardFields":["Status"]},` +
		`"filterable":["Status"],"fixed":{"field":"Status","op":"ne","values":["Draft"]},` +
		`"picklistLabels":{"Status":{"Sent":{"en":"Sent to you"}}},"notes":true,"attachments":false}],` +
		`"fields":{"Invoices":{"Subject":"read"}},"notify":null}`
	if got != want {
		t.Errorf("json.Marshal:\n got %s\nwant %s", got, want)
	}
	var back UserType
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ut) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, ut)
	}
	lb, _ := json.Marshal(Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 10})
	if got, want := string(lb), `{"userTypes":5,"freeSeats":3000,"licensePool":10}`; got != want {
		t.Errorf("Limits JSON: got %s, want %s", got, want)
	}
}

func TestTabHelpers(t *testing.T) {
	ut := freeType()
	if _, ok := ut.Tab(crm.Leads); ok {
		t.Errorf("Tab(Leads): got a tab, want none")
	}
	inv := tabOf(t, ut, crm.Invoices)
	for _, tt := range []struct {
		id   string
		want bool
	}{{"default", true}, {"compact", true}, {"other", false}, {"", false}} {
		if got := inv.AllowsLayout(tt.id); got != tt.want {
			t.Errorf("AllowsLayout(%q): got %v, want %v", tt.id, got, tt.want)
		}
	}
	if got, want := ut.Free(), true; got != want {
		t.Errorf("Free: got %v, want %v", got, want)
	}
}

func BenchmarkProject(b *testing.B) {
	mods := testModules(b)
	ut := freeType()
	tab := tabOf(b, ut, crm.Invoices)
	rec := map[string]any{"Subject": "INV-1", "Status": "Overdue", "Grand_Total": "120.00",
		"Contact_Name": map[string]any{"id": "abcdefgh12", "name": "Ana"}, "Description": "x",
		"Tags": []any{"late"}, "Invoice_Date": "2026-01-02", "Due_Date": "2026-02-02"}
	b.ReportAllocs()
	for b.Loop() {
		Project(ut, tab, mods[crm.Invoices], rec, "pt-BR")
	}
}

func BenchmarkCheckWrite(b *testing.B) {
	mods := testModules(b)
	ut := freeType()
	tab := tabOf(b, ut, crm.Cases)
	sent := []string{"Subject", "Priority", "Description"}
	b.ReportAllocs()
	for b.Loop() {
		CheckWrite(ut, tab, mods[crm.Cases], sent, true)
	}
}

func BenchmarkMatches(b *testing.B) {
	c := &Criterion{Field: "Status", Op: OpIn, Values: []string{"Sent", "Paid", "Overdue"}}
	rec := map[string]any{"Status": "Overdue"}
	b.ReportAllocs()
	for b.Loop() {
		Matches(c, rec)
	}
}

func TestSameLabel(t *testing.T) {
	status := crm.Field{APIName: "Status", Type: crm.TypePicklist, Options: []crm.Option{
		{Value: "Draft", Labels: map[string]string{"en": "Draft", "pt-BR": "Rascunho"}},
		{Value: "Created", Labels: map[string]string{"en": "Created", "pt-BR": "Criada"}},
		{Value: "Approved", Labels: map[string]string{"en": "Approved", "pt-BR": "Aprovada"}},
		{Value: "Paid", Labels: map[string]string{"en": "Paid", "pt-BR": "Paga"}},
	}}
	issued := map[string]map[string]map[string]string{"Status": {
		"Created": {"pt-BR": "Emitida", "en": "Issued"}, "Approved": {"pt-BR": "Emitida", "en": "Issued"}}}
	ptOnly := map[string]map[string]map[string]string{"Status": {
		"Created": {"pt-BR": "Emitida"}, "Approved": {"pt-BR": "Emitida"}}}
	tests := []struct {
		name   string
		labels map[string]map[string]map[string]string
		value  string
		lang   string
		want   []string
	}{
		{"shared customer label in Portuguese", issued, "Created", "pt-BR", []string{"Created", "Approved"}},
		{"shared customer label in English", issued, "Approved", "en", []string{"Approved", "Created"}},
		{"shared only where the language has it", ptOnly, "Created", "en", []string{"Created"}},
		{"falls back to the shared customer label", ptOnly, "Created", "es", []string{"Created", "Approved"}},
		{"value of its own label", issued, "Paid", "pt-BR", []string{"Paid"}},
		{"no customer labels", nil, "Created", "pt-BR", []string{"Created"}},
		{"value not an option", issued, "Lost", "pt-BR", []string{"Lost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := Tab{Module: crm.Invoices, PicklistLabels: tt.labels}
			if got := SameLabel(tab, status, tt.value, tt.lang); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SameLabel(%q, %q) = %v, want %v", tt.value, tt.lang, got, tt.want)
			}
		})
	}
}
