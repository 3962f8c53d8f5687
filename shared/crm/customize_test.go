package crm

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func customText(name string) Field {
	return Field{APIName: name, Labels: map[string]string{"en": name}, Type: TypeText}
}

func contactsLayout(id string, extra ...string) Layout {
	return Layout{ID: id, Name: "Portal", Sections: []Section{{Name: "Main", Fields: append([]string{"Last_Name"}, extra...)}}}
}

func TestValidateCustomization(t *testing.T) {
	with := func(f func(*Field)) Field {
		fl := customText("Tax_Id")
		f(&fl)
		return fl
	}
	picklist := func(values ...string) Field {
		return with(func(f *Field) {
			f.Type = TypePicklist
			for _, v := range values {
				f.Options = append(f.Options, Option{Value: v})
			}
		})
	}
	manyFields := make([]Field, 101)
	for i := range manyFields {
		manyFields[i] = customText(fmt.Sprintf("Custom_%d", i))
	}
	manyOptions := make([]string, 201)
	for i := range manyOptions {
		manyOptions[i] = fmt.Sprintf("v%d", i)
	}
	manyLayouts := make([]Layout, 20)
	for i := range manyLayouts {
		manyLayouts[i] = contactsLayout(fmt.Sprintf("l%d", i))
	}

	tests := []struct {
		name string
		c    Customization
		want []FieldError
	}{
		{"empty", Customization{}, nil},
		{"valid field and layout", Customization{
			Fields: []Field{
				customText("Tax_Id"),
				{APIName: "Tier", Labels: map[string]string{"en": "Tier", "pt-BR": "Nível"}, Type: TypePicklist, Required: true,
					Options: []Option{{Value: "Gold", Labels: map[string]string{"pt-BR": "Ouro"}}, {Value: "Silver"}}},
				{APIName: "Partner", Labels: map[string]string{"en": "Partner"}, Type: TypeLookup, LookupModule: Accounts},
				{APIName: "Notes_2", Labels: map[string]string{"es": "Notas"}, Type: TypeTextarea, MaxLength: 2000},
				{APIName: "Code", Labels: map[string]string{"en": "Code"}, Type: TypeText, MaxLength: 20},
			},
			Layouts: []Layout{contactsLayout("portal-view", "Tier", "Email", "Tax_Id")},
		}, nil},

		{"name lowercase", Customization{Fields: []Field{customText("tax_id")}},
			[]FieldError{{"fields[0].apiName", "must start with a capital letter and have 2 to 50 letters, digits or underscores"}}},
		{"name one letter", Customization{Fields: []Field{customText("T")}},
			[]FieldError{{"fields[0].apiName", "must start with a capital letter and have 2 to 50 letters, digits or underscores"}}},
		{"name 51 chars", Customization{Fields: []Field{customText("T" + strings.Repeat("a", 50))}},
			[]FieldError{{"fields[0].apiName", "must start with a capital letter and have 2 to 50 letters, digits or underscores"}}},
		{"name with dot", Customization{Fields: []Field{customText("Tax.Id")}},
			[]FieldError{{"fields[0].apiName", "must start with a capital letter and have 2 to 50 letters, digits or underscores"}}},
		{"name standard", Customization{Fields: []Field{customText("Email")}},
			[]FieldError{{"fields[0].apiName", "is the name of a standard field"}}},
		{"name repeated", Customization{Fields: []Field{customText("Tax_Id"), customText("Other"), customText("Tax_Id")}},
			[]FieldError{{"fields[2].apiName", "is used by another custom field"}}},
		{"too many fields", Customization{Fields: manyFields},
			[]FieldError{{"fields", "must have at most 100 custom fields"}}},

		{"no label", Customization{Fields: []Field{with(func(f *Field) { f.Labels = nil })}},
			[]FieldError{{"fields[0].labels", "must have at least one label"}}},
		{"blank label", Customization{Fields: []Field{with(func(f *Field) { f.Labels = map[string]string{"en": " "} })}},
			[]FieldError{{"fields[0].labels", "must have at least one label"}}},
		{"bad language", Customization{Fields: []Field{with(func(f *Field) { f.Labels = map[string]string{"en": "Tax", "English": "Tax"} })}},
			[]FieldError{{"fields[0].labels", "must be keyed by language tags like en or pt-BR"}}},
		{"long label", Customization{Fields: []Field{with(func(f *Field) { f.Labels = map[string]string{"en": strings.Repeat("x", 101)} })}},
			[]FieldError{{"fields[0].labels", "must have at least one label"}, {"fields[0].labels.en", "must be 1 to 100 characters"}}},
		{"system", Customization{Fields: []Field{with(func(f *Field) { f.System = true })}},
			[]FieldError{{"fields[0].system", "is set by the server"}}},

		{"unknown type", Customization{Fields: []Field{with(func(f *Field) { f.Type = "money" })}},
			[]FieldError{{"fields[0].type", "must be one of: text, textarea, email, phone, url, number, currency, percent, date, datetime, boolean, picklist, multipicklist, lookup"}}},
		{"line items", Customization{Fields: []Field{with(func(f *Field) { f.Type = TypeLineItems })}},
			[]FieldError{{"fields[0].type", "cannot be used for a custom field"}}},
		{"text max length too big", Customization{Fields: []Field{with(func(f *Field) { f.MaxLength = 256 })}},
			[]FieldError{{"fields[0].maxLength", "must be from 1 to 255, or 0 for the default"}}},
		{"text max length negative", Customization{Fields: []Field{with(func(f *Field) { f.MaxLength = -1 })}},
			[]FieldError{{"fields[0].maxLength", "must be from 1 to 255, or 0 for the default"}}},
		{"textarea max length too big", Customization{Fields: []Field{with(func(f *Field) { f.Type = TypeTextarea; f.MaxLength = 32001 })}},
			[]FieldError{{"fields[0].maxLength", "must be from 1 to 32000, or 0 for the default"}}},
		{"max length on number", Customization{Fields: []Field{with(func(f *Field) { f.Type = TypeNumber; f.MaxLength = 10 })}},
			[]FieldError{{"fields[0].maxLength", "is only for text and textarea fields"}}},

		{"picklist without options", Customization{Fields: []Field{picklist()}},
			[]FieldError{{"fields[0].options", "must have 1 to 200 options"}}},
		{"picklist 200 options", Customization{Fields: []Field{picklist(manyOptions[:200]...)}}, nil},
		{"picklist 201 options", Customization{Fields: []Field{picklist(manyOptions...)}},
			[]FieldError{{"fields[0].options", "must have 1 to 200 options"}}},
		{"picklist repeated option", Customization{Fields: []Field{picklist("A", "B", "A")}},
			[]FieldError{{"fields[0].options[2].value", "repeats another option"}}},
		{"picklist blank option", Customization{Fields: []Field{picklist("A", "")}},
			[]FieldError{{"fields[0].options[1].value", "must be 1 to 100 characters without leading or trailing spaces"}}},
		{"picklist padded option", Customization{Fields: []Field{picklist(" A")}},
			[]FieldError{{"fields[0].options[0].value", "must be 1 to 100 characters without leading or trailing spaces"}}},
		{"multipicklist without options", Customization{Fields: []Field{with(func(f *Field) { f.Type = TypeMultipicklist })}},
			[]FieldError{{"fields[0].options", "must have 1 to 200 options"}}},
		{"options on text", Customization{Fields: []Field{with(func(f *Field) { f.Options = []Option{{Value: "A"}} })}},
			[]FieldError{{"fields[0].options", "is only for picklist and multipicklist fields"}}},
		{"option bad label language", Customization{Fields: []Field{with(func(f *Field) {
			f.Type = TypePicklist
			f.Options = []Option{{Value: "A", Labels: map[string]string{"x": "A"}}}
		})}},
			[]FieldError{{"fields[0].options[0].labels", "must be keyed by language tags like en or pt-BR"}}},

		{"lookup to custom module", Customization{Fields: []Field{with(func(f *Field) { f.Type = TypeLookup; f.LookupModule = "Vendors" })}},
			[]FieldError{{"fields[0].lookupModule", "must be one of: Contacts, Leads, Accounts, Products, Quotes, Sales_Orders, Invoices, Cases, Solutions"}}},
		{"lookup without module", Customization{Fields: []Field{with(func(f *Field) { f.Type = TypeLookup })}},
			[]FieldError{{"fields[0].lookupModule", "must be one of: Contacts, Leads, Accounts, Products, Quotes, Sales_Orders, Invoices, Cases, Solutions"}}},
		{"lookup module on text", Customization{Fields: []Field{with(func(f *Field) { f.LookupModule = Accounts })}},
			[]FieldError{{"fields[0].lookupModule", "is only for lookup fields"}}},

		{"layout id upper case", Customization{Layouts: []Layout{contactsLayout("Portal")}},
			[]FieldError{{"layouts[0].id", "must be 1 to 40 lowercase letters, digits or hyphens"}}},
		{"layout id empty", Customization{Layouts: []Layout{contactsLayout("")}},
			[]FieldError{{"layouts[0].id", "must be 1 to 40 lowercase letters, digits or hyphens"}}},
		{"layout id 41", Customization{Layouts: []Layout{contactsLayout(strings.Repeat("a", 41))}},
			[]FieldError{{"layouts[0].id", "must be 1 to 40 lowercase letters, digits or hyphens"}}},
		{"layout id default", Customization{Layouts: []Layout{contactsLayout("default")}},
			[]FieldError{{"layouts[0].id", "is the id of a standard layout"}}},
		{"layout id repeated", Customization{Layouts: []Layout{contactsLayout("a"), contactsLayout("a")}},
			[]FieldError{{"layouts[1].id", "is used by another layout"}}},
		{"layout name blank", Customization{Layouts: []Layout{{ID: "a", Name: " ", Sections: contactsLayout("a").Sections}}},
			[]FieldError{{"layouts[0].name", "must be 1 to 100 characters"}}},
		{"section name blank", Customization{Layouts: []Layout{{ID: "a", Name: "A", Sections: []Section{{Fields: []string{"Last_Name"}}}}}},
			[]FieldError{{"layouts[0].sections[0].name", "must be 1 to 100 characters"}}},
		{"layout unknown field", Customization{Layouts: []Layout{{ID: "a", Name: "A", Sections: []Section{
			{Name: "One", Fields: []string{"Last_Name"}},
			{Name: "Two", Fields: []string{"Email", "Phone", "Mobile", "Nope"}},
		}}}},
			[]FieldError{{"layouts[0].sections[1].fields[3]", "is not a field of Contacts"}}},
		{"layout repeated field", Customization{Layouts: []Layout{{ID: "a", Name: "A", Sections: []Section{
			{Name: "One", Fields: []string{"Last_Name", "Email"}},
			{Name: "Two", Fields: []string{"Email"}},
		}}}},
			[]FieldError{{"layouts[0].sections[1].fields[0]", "appears more than once in the layout"}}},
		{"layout custom field", Customization{Fields: []Field{customText("Tax_Id")}, Layouts: []Layout{contactsLayout("a", "Tax_Id")}}, nil},
		{"layout without required standard field", Customization{Layouts: []Layout{{ID: "a", Name: "A", Sections: []Section{{Name: "One", Fields: []string{"Email"}}}}}},
			[]FieldError{{"layouts[0].sections", "must include the required field Last_Name"}}},
		{"layout without required custom field", Customization{
			Fields:  []Field{with(func(f *Field) { f.Required = true })},
			Layouts: []Layout{contactsLayout("a")},
		},
			[]FieldError{{"layouts[0].sections", "must include the required field Tax_Id"}}},
		{"layout without sections", Customization{Layouts: []Layout{{ID: "a", Name: "A"}}},
			[]FieldError{{"layouts[0].sections", "must include the required field Last_Name"}}},
		{"19 extra layouts", Customization{Layouts: manyLayouts[:19]}, nil},
		{"20 extra layouts", Customization{Layouts: manyLayouts},
			[]FieldError{{"layouts", "must have at most 19 layouts (a module has at most 20)"}}},
	}
	contacts, _ := StandardModule(Contacts)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidateCustomization(contacts, tt.c)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateCustomization: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateCustomizationSortsErrors(t *testing.T) {
	contacts, _ := StandardModule(Contacts)
	c := Customization{
		Fields:  []Field{customText("x"), customText("Email")},
		Layouts: []Layout{contactsLayout("default"), contactsLayout("B")},
	}
	want := []FieldError{
		{"fields[0].apiName", "must start with a capital letter and have 2 to 50 letters, digits or underscores"},
		{"fields[1].apiName", "is the name of a standard field"},
		{"layouts[0].id", "is the id of a standard layout"},
		{"layouts[1].id", "must be 1 to 40 lowercase letters, digits or hyphens"},
	}
	if got := ValidateCustomization(contacts, c); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestMerge(t *testing.T) {
	base, _ := StandardModule(Contacts)
	c := Customization{
		Fields: []Field{
			{APIName: "Tax_Id", Labels: map[string]string{"en": "Tax ID", "pt-BR": "CPF"}, Type: TypeText, Required: true},
			{APIName: "Tier", Labels: map[string]string{"en": "Tier"}, Type: TypePicklist, Options: []Option{{Value: "Gold"}}},
		},
		Layouts: []Layout{contactsLayout("portal", "Tax_Id")},
	}
	m, err := Merge(base, c)
	if err != nil {
		t.Fatalf("Merge: got %v, want no error", err)
	}

	if got, want := len(m.Fields), len(base.Fields)+2; got != want {
		t.Fatalf("fields: got %d, want %d", got, want)
	}
	for i, name := range []string{"Tax_Id", "Tier"} {
		f := m.Fields[len(base.Fields)+i]
		if f.APIName != name || !f.Custom || f.System {
			t.Errorf("field %d: got %s custom=%v system=%v, want %s custom=true system=false", i, f.APIName, f.Custom, f.System, name)
		}
	}
	for i, f := range base.Fields {
		if !reflect.DeepEqual(m.Fields[i], f) {
			t.Errorf("standard field %d: got %+v, want %+v", i, m.Fields[i], f)
		}
	}

	def, _ := m.Layout(DefaultLayoutID)
	last := def.Sections[len(def.Sections)-1]
	if want := (Section{Name: CustomFieldsSection, Fields: []string{"Tax_Id", "Tier"}}); !reflect.DeepEqual(last, want) {
		t.Errorf("default layout's last section: got %+v, want %+v", last, want)
	}
	if got, want := len(m.Layouts), 2; got != want {
		t.Fatalf("layouts: got %d, want %d", got, want)
	}
	if got, want := m.Layouts[1], c.Layouts[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("extra layout: got %+v, want %+v", got, want)
	}

	// The merged module's layouts obey the same rules as a customization's.
	for _, l := range m.Layouts {
		shown := map[string]bool{}
		for _, s := range l.Sections {
			for _, f := range s.Fields {
				shown[f] = true
			}
		}
		for _, f := range m.Fields {
			if f.Required && !shown[f.APIName] {
				t.Errorf("layout %s: required field %s missing", l.ID, f.APIName)
			}
		}
	}

	// The result shares nothing with its inputs.
	m.Fields[0].Labels["en"] = "changed"
	m.Fields[len(base.Fields)].Labels["en"] = "changed"
	m.Layouts[0].Sections[0].Fields[0] = "changed"
	m.Layouts[1].Sections[0].Fields[0] = "changed"
	if base.Fields[0].Labels["en"] == "changed" || base.Layouts[0].Sections[0].Fields[0] == "changed" {
		t.Errorf("base changed through the merged module")
	}
	if c.Fields[0].Labels["en"] == "changed" || c.Layouts[0].Sections[0].Fields[0] == "changed" {
		t.Errorf("customization changed through the merged module")
	}
	if c.Fields[0].Custom {
		t.Errorf("customization's field: got Custom set, want it untouched")
	}

	// A merged module validates records with its custom fields.
	_, errs := m.Validate(map[string]json.RawMessage{"Last_Name": json.RawMessage(`"Silva"`), "Tier": json.RawMessage(`"Gold"`)}, true)
	if want := []FieldError{{"Tax_Id", "is required"}}; !reflect.DeepEqual(errs, want) {
		t.Errorf("Validate on the merged module: got %v, want %v", errs, want)
	}
}

func TestMergeWithoutCustomFields(t *testing.T) {
	base, _ := StandardModule(Cases)
	m, err := Merge(base, Customization{})
	if err != nil {
		t.Fatalf("Merge: got %v, want no error", err)
	}
	if !reflect.DeepEqual(m, base) {
		t.Errorf("Merge(empty): got %+v, want the base module", m)
	}
}

func TestMergeRefusesInvalid(t *testing.T) {
	base, _ := StandardModule(Contacts)
	_, err := Merge(base, Customization{Fields: []Field{customText("Email"), customText("x")}})
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("Merge: got %v, want FieldErrors", err)
	}
	if got, want := len(fe), 2; got != want {
		t.Errorf("errors: got %d, want %d", got, want)
	}
	if got, want := err.Error(), "fields[0].apiName is the name of a standard field (and 1 more)"; got != want {
		t.Errorf("Error(): got %q, want %q", got, want)
	}
}
