package crm

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestStandardModuleNames(t *testing.T) {
	var got []string
	for _, m := range Standard() {
		got = append(got, m.APIName)
	}
	want := []string{"Contacts", "Leads", "Accounts", "Products", "Quotes", "Sales_Orders", "Invoices", "Cases", "Solutions"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Standard() names: got %v, want %v", got, want)
	}
	all := Standard()
	for i, name := range want {
		m, ok := StandardModule(name)
		if !ok || m.APIName != name {
			t.Errorf("StandardModule(%q): got %q, %v, want the module", name, m.APIName, ok)
		}
		if !reflect.DeepEqual(m, all[i]) {
			t.Errorf("StandardModule(%q) differs from the module Standard() lists", name)
		}
		if !IsStandard(name) {
			t.Errorf("IsStandard(%q): got false, want true", name)
		}
	}
	for _, name := range []string{"", "contacts", "Sales Orders", "SalesOrders", "Notes"} {
		if _, ok := StandardModule(name); ok {
			t.Errorf("StandardModule(%q): got a module, want none", name)
		}
		if IsStandard(name) {
			t.Errorf("IsStandard(%q): got true, want false", name)
		}
	}
}

func TestStandardNameFields(t *testing.T) {
	want := map[string]string{
		"Contacts": "Last_Name", "Leads": "Last_Name", "Accounts": "Account_Name",
		"Products": "Product_Name", "Quotes": "Subject", "Sales_Orders": "Subject",
		"Invoices": "Subject", "Cases": "Subject", "Solutions": "Solution_Title",
	}
	for _, m := range Standard() {
		t.Run(m.APIName, func(t *testing.T) {
			if got := m.NameField; got != want[m.APIName] {
				t.Fatalf("NameField: got %q, want %q", got, want[m.APIName])
			}
			f, ok := m.Field(m.NameField)
			if !ok {
				t.Fatalf("name field %s: got none, want a field", m.NameField)
			}
			if got, want := f.Type, TypeText; got != want {
				t.Errorf("name field type: got %q, want %q", got, want)
			}
			if !f.Required {
				t.Errorf("name field %s: got optional, want required", f.APIName)
			}
		})
	}
}

// TestStandardModulesAreConsistent checks every standard module's metadata: labels in every
// UI language (locale.UILanguages), unique well-formed field names, known types, picklist options, lookups that name
// standard modules, and a default layout that shows every field once, required ones included.
func TestStandardModulesAreConsistent(t *testing.T) {
	for _, m := range Standard() {
		t.Run(m.APIName, func(t *testing.T) {
			for _, l := range []map[string]string{m.Labels, m.SingularLabels} {
				if miss := missingLanguages(l); len(miss) > 0 {
					t.Errorf("module labels: got %v, want also %v", l, miss)
				}
			}
			seen := map[string]bool{}
			for _, f := range m.Fields {
				if seen[f.APIName] {
					t.Errorf("field %s: got it twice, want once", f.APIName)
				}
				seen[f.APIName] = true
				if !isAPIName(f.APIName) {
					t.Errorf("field %s: got a name that is not a custom field's API name", f.APIName)
				}
				if miss := missingLanguages(f.Labels); len(miss) > 0 {
					t.Errorf("field %s labels: got %v, want also %v", f.APIName, f.Labels, miss)
				}
				if !f.Type.Known() {
					t.Errorf("field %s type: got %q, want a known type", f.APIName, f.Type)
				}
				if f.Custom || f.System {
					t.Errorf("field %s: got custom=%v system=%v, want both false", f.APIName, f.Custom, f.System)
				}
				if f.Type == TypeLookup && !IsStandard(f.LookupModule) {
					t.Errorf("field %s lookup: got %q, want a standard module", f.APIName, f.LookupModule)
				}
				if f.Type != TypeLookup && f.LookupModule != "" {
					t.Errorf("field %s: got lookupModule %q on a %s field, want none", f.APIName, f.LookupModule, f.Type)
				}
				isPick := f.Type == TypePicklist || f.Type == TypeMultipicklist
				if isPick && len(f.Options) == 0 {
					t.Errorf("field %s: got no options, want some", f.APIName)
				}
				if !isPick && len(f.Options) > 0 {
					t.Errorf("field %s: got options on a %s field, want none", f.APIName, f.Type)
				}
				values := map[string]bool{}
				for _, o := range f.Options {
					if values[o.Value] || o.Value == "" {
						t.Errorf("field %s option %q: got a blank or repeated value", f.APIName, o.Value)
					}
					values[o.Value] = true
					if miss := missingLanguages(o.Labels); len(miss) > 0 {
						t.Errorf("field %s option %q labels: got %v, want also %v", f.APIName, o.Value, o.Labels, miss)
					}
				}
			}

			def, ok := m.Layout(DefaultLayoutID)
			if !ok {
				t.Fatalf("layout %q: got none, want one", DefaultLayoutID)
			}
			if got, want := len(m.Layouts), 1; got != want {
				t.Errorf("layouts: got %d, want %d", got, want)
			}
			shown := map[string]int{}
			for _, s := range def.Sections {
				if s.Name == "" || len(s.Fields) == 0 {
					t.Errorf("section %q: got a blank name or no fields", s.Name)
				}
				for _, name := range s.Fields {
					shown[name]++
					if !seen[name] {
						t.Errorf("default layout: got field %s, which the module lacks", name)
					}
				}
			}
			for _, f := range m.Fields {
				if got := shown[f.APIName]; got != 1 {
					t.Errorf("default layout shows %s: got %d times, want 1", f.APIName, got)
				}
				if f.Required && shown[f.APIName] == 0 {
					t.Errorf("default layout: required field %s missing", f.APIName)
				}
			}
			if errs := ValidateCustomization(m, Customization{}); len(errs) > 0 {
				t.Errorf("ValidateCustomization(empty): got %v, want none", errs)
			}
		})
	}
}

// TestStandardFields checks the fields the CRM's users rely on by name.
func TestStandardFields(t *testing.T) {
	type spec struct {
		typ      FieldType
		required bool
		lookup   string
	}
	req := func(t FieldType) spec { return spec{typ: t, required: true} }
	opt := func(t FieldType) spec { return spec{typ: t} }
	look := func(m string) spec { return spec{typ: TypeLookup, lookup: m} }
	want := map[string]map[string]spec{
		"Contacts": {
			"First_Name": opt(TypeText), "Last_Name": req(TypeText), "Email": opt(TypeEmail),
			"Phone": opt(TypePhone), "Mobile": opt(TypePhone), "Title": opt(TypeText),
			"Account_Name": look("Accounts"), "Mailing_Street": opt(TypeText), "Mailing_City": opt(TypeText),
			"Mailing_State": opt(TypeText), "Mailing_Zip": opt(TypeText), "Mailing_Country": opt(TypeText),
			"Description": opt(TypeTextarea),
		},
		"Leads": {
			"First_Name": opt(TypeText), "Last_Name": req(TypeText), "Company": req(TypeText),
			"Email": opt(TypeEmail), "Phone": opt(TypePhone), "Lead_Status": opt(TypePicklist),
			"Lead_Source": opt(TypePicklist), "City": opt(TypeText), "State": opt(TypeText), "Country": opt(TypeText),
		},
		"Accounts": {
			"Account_Name": req(TypeText), "Phone": opt(TypePhone), "Website": opt(TypeURL),
			"Industry": opt(TypePicklist), "Billing_Street": opt(TypeText), "Billing_City": opt(TypeText),
			"Billing_State": opt(TypeText), "Billing_Code": opt(TypeText), "Billing_Country": opt(TypeText),
			"Annual_Revenue": opt(TypeCurrency), "Employees": opt(TypeNumber),
		},
		"Products": {
			"Product_Name": req(TypeText), "Product_Code": opt(TypeText), "Product_Category": opt(TypePicklist),
			"Unit_Price": opt(TypeCurrency), "Product_Active": opt(TypeBoolean), "Description": opt(TypeTextarea),
		},
		"Quotes": {
			"Subject": req(TypeText), "Quote_Stage": opt(TypePicklist), "Valid_Till": opt(TypeDate),
			"Contact_Name": look("Contacts"), "Account_Name": look("Accounts"), "Product_Details": opt(TypeLineItems),
			"Grand_Total": opt(TypeCurrency), "Terms_and_Conditions": opt(TypeTextarea),
		},
		"Sales_Orders": {
			"Subject": req(TypeText), "Status": opt(TypePicklist), "Due_Date": opt(TypeDate),
			"Contact_Name": look("Contacts"), "Account_Name": look("Accounts"), "Product_Details": opt(TypeLineItems),
			"Grand_Total": opt(TypeCurrency),
		},
		"Invoices": {
			"Subject": req(TypeText), "Status": opt(TypePicklist), "Invoice_Date": opt(TypeDate),
			"Due_Date": opt(TypeDate), "Contact_Name": look("Contacts"), "Account_Name": look("Accounts"),
			"Product_Details": opt(TypeLineItems), "Grand_Total": opt(TypeCurrency), "Description": opt(TypeTextarea),
		},
		"Cases": {
			"Subject": req(TypeText), "Status": opt(TypePicklist), "Priority": opt(TypePicklist),
			"Case_Origin": opt(TypePicklist), "Type": opt(TypePicklist), "Contact_Name": look("Contacts"),
			"Account_Name": look("Accounts"), "Description": opt(TypeTextarea), "Reported_At": opt(TypeDatetime),
		},
		"Solutions": {
			"Solution_Title": req(TypeText), "Status": opt(TypePicklist), "Question": opt(TypeTextarea),
			"Answer": opt(TypeTextarea), "Product_Name": look("Products"),
		},
	}
	for module, fields := range want {
		m, ok := StandardModule(module)
		if !ok {
			t.Fatalf("StandardModule(%q): got none", module)
		}
		for name, w := range fields {
			t.Run(module+"/"+name, func(t *testing.T) {
				f, ok := m.Field(name)
				if !ok {
					t.Fatalf("got no field %s", name)
				}
				got := spec{typ: f.Type, required: f.Required, lookup: f.LookupModule}
				if got != w {
					t.Errorf("got %+v, want %+v", got, w)
				}
			})
		}
	}
}

func TestStandardPicklistOptions(t *testing.T) {
	tests := []struct {
		module, field string
		want          []string
	}{
		{"Quotes", "Quote_Stage", []string{"Draft", "Negotiation", "Delivered", "On Hold", "Confirmed", "Closed Won", "Closed Lost"}},
		{"Invoices", "Status", []string{"Draft", "Created", "Approved", "Sent", "Paid", "Cancelled", "Overdue"}},
		{"Cases", "Status", []string{"New", "Open", "Escalated", "On Hold", "Closed"}},
		{"Cases", "Priority", []string{"High", "Medium", "Low"}},
		{"Solutions", "Status", []string{"Draft", "Reviewed", "Published"}},
	}
	for _, tt := range tests {
		t.Run(tt.module+"/"+tt.field, func(t *testing.T) {
			m, _ := StandardModule(tt.module)
			f, _ := m.Field(tt.field)
			var got []string
			for _, o := range f.Options {
				got = append(got, o.Value)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("options: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStandardReturnsFreshValues(t *testing.T) {
	first := Standard()
	first[0].Fields[0].Labels["en"] = "changed"
	first[0].Layouts[0].Sections[0].Fields[0] = "changed"
	first[4].Fields[1].Options[0].Value = "changed"
	again := Standard()
	if got := again[0].Fields[0].Labels["en"]; got == "changed" {
		t.Errorf("label after changing an earlier result: got %q, want the original", got)
	}
	if got := again[0].Layouts[0].Sections[0].Fields[0]; got == "changed" {
		t.Errorf("layout after changing an earlier result: got %q, want the original", got)
	}
	if got := again[4].Fields[1].Options[0].Value; got == "changed" {
		t.Errorf("option after changing an earlier result: got %q, want the original", got)
	}
}

func TestModuleJSON(t *testing.T) {
	m, _ := StandardModule("Invoices")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	var back Module
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("JSON round trip: got %+v, want %+v", back, m)
	}
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(b, &keys)
	for _, k := range []string{"apiName", "labels", "singularLabels", "nameField", "fields", "layouts"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("JSON key %q: got none, want it", k)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name   string
		labels map[string]string
		lang   string
		want   string
	}{
		{"exact", map[string]string{"en": "Contact", "pt-BR": "Contato"}, "pt-BR", "Contato"},
		{"falls back to English", map[string]string{"en": "Contact", "pt-BR": "Contato"}, "es", "Contact"},
		{"falls back to any", map[string]string{"pt-BR": "Contato", "es": "Contacto"}, "fr", "Contacto"},
		{"blank is missing", map[string]string{"en": "Contact", "pt-BR": ""}, "pt-BR", "Contact"},
		{"none", nil, "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Label(tt.labels, tt.lang); got != tt.want {
				t.Errorf("Label(%v, %q): got %q, want %q", tt.labels, tt.lang, got, tt.want)
			}
		})
	}
}
