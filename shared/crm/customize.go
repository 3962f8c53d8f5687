package crm

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a customization.
const (
	MaxCustomFields = 100 // custom fields per module
	MaxLayouts      = 20  // layouts per module, the default one included
	MaxOptions      = 200 // options of a picklist or multipicklist
	MaxSections     = 50  // sections per layout
	MaxLabelLength  = 100 // characters of a label, option value, layout or section name
)

// CustomFieldsSection is the name of the section [Merge] adds to the default layout to show
// the custom fields.
const CustomFieldsSection = "Custom Fields"

var customFieldTypes = []FieldType{
	TypeText, TypeTextarea, TypeEmail, TypePhone, TypeURL, TypeNumber, TypeCurrency,
	TypePercent, TypeDate, TypeDatetime, TypeBoolean, TypePicklist, TypeMultipicklist, TypeLookup,
}

// Merge returns base (a standard module, see [StandardModule]) with an organization's
// customization applied: the custom fields appended after the standard ones with Custom set,
// a "Custom Fields" section listing them at the end of the default layout (so the default
// layout still shows every field, required custom ones included), and the extra layouts after
// the default one. The customization must pass [ValidateCustomization]; otherwise the error is
// a [FieldErrors]. The result shares no memory with base or c.
func Merge(base Module, c Customization) (Module, error) {
	if errs := ValidateCustomization(base, c); len(errs) > 0 {
		return Module{}, FieldErrors(errs)
	}
	m := base.clone()
	added := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		f = cloneField(f)
		f.Custom = true
		m.Fields = append(m.Fields, f)
		added = append(added, f.APIName)
	}
	if len(added) > 0 {
		for i := range m.Layouts {
			if m.Layouts[i].ID == DefaultLayoutID {
				m.Layouts[i].Sections = append(m.Layouts[i].Sections, Section{Name: CustomFieldsSection, Fields: added})
			}
		}
	}
	for _, l := range c.Layouts {
		m.Layouts = append(m.Layouts, cloneLayout(l))
	}
	for _, s := range c.Sortable {
		s.Cursor = "" // the fill's position stays in the store
		m.Sortable = append(m.Sortable, s)
	}
	return m, nil
}

// ValidateCustomization checks an organization's customization of base, a standard module.
//
// Custom fields: API names match `^[A-Z][A-Za-z0-9_]{1,49}$` and collide with no standard
// field and no other custom field; at least one label, label languages look like "en" or
// "pt-BR" and labels have at most 100 characters; the type is known (line items are reserved
// to the standard fields); system is not set (the server sets it); maxLength only on text
// (1..255) and textarea (1..32000); picklists and multipicklists have 1 to 200 options with
// distinct, non-blank, trimmed values of at most 100 characters, and no other type has
// options; a lookup names a standard module, and no other type has one; at most 100 custom
// fields.
//
// Layouts: ids match `^[a-z0-9-]{1,40}$`, are distinct and are not the id of a standard
// layout ("default"); names are not blank and have at most 100 characters; at most 50
// sections, each with a name; sections list existing fields (standard or custom), each at most
// once in the layout; every layout shows every required field; a module has at most 20 layouts.
//
// Errors name paths such as "fields[2].apiName" or "layouts[0].sections[1].fields[3]" and are
// sorted by path.
func ValidateCustomization(base Module, c Customization) []FieldError {
	var errs []FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, FieldError{path, fmt.Sprintf(format, args...)})
	}

	known := make(map[string]bool, len(base.Fields)+len(c.Fields))
	var requiredFields []string
	for _, f := range base.Fields {
		known[f.APIName] = true
		if f.Required {
			requiredFields = append(requiredFields, f.APIName)
		}
	}

	if len(c.Fields) > MaxCustomFields {
		add("fields", "must have at most %d custom fields", MaxCustomFields)
	}
	custom := make(map[string]bool, len(c.Fields))
	for i, f := range c.Fields {
		p := fmt.Sprintf("fields[%d]", i)
		switch {
		case !isAPIName(f.APIName):
			add(p+".apiName", "must start with a capital letter and have 2 to 50 letters, digits or underscores")
		case known[f.APIName]:
			add(p+".apiName", "is the name of a standard field")
		case custom[f.APIName]:
			add(p+".apiName", "is used by another custom field")
		default:
			custom[f.APIName] = true
			if f.Required {
				requiredFields = append(requiredFields, f.APIName)
			}
		}
		errs = append(errs, checkLabels(p+".labels", f.Labels, true)...)
		if f.System {
			add(p+".system", "is set by the server")
		}
		errs = append(errs, checkFieldShape(p, f)...)
	}
	for name := range custom {
		known[name] = true
	}

	if max := MaxLayouts - len(base.Layouts); len(c.Layouts) > max {
		add("layouts", "must have at most %d layouts (a module has at most %d)", max, MaxLayouts)
	}
	reserved := make(map[string]bool, len(base.Layouts)+1)
	reserved[DefaultLayoutID] = true
	for _, l := range base.Layouts {
		reserved[l.ID] = true
	}
	ids := make(map[string]bool, len(c.Layouts))
	for k, l := range c.Layouts {
		p := fmt.Sprintf("layouts[%d]", k)
		switch {
		case !isLayoutID(l.ID):
			add(p+".id", "must be 1 to 40 lowercase letters, digits or hyphens")
		case reserved[l.ID]:
			add(p+".id", "is the id of a standard layout")
		case ids[l.ID]:
			add(p+".id", "is used by another layout")
		default:
			ids[l.ID] = true
		}
		if msg := checkName(l.Name); msg != "" {
			add(p+".name", "%s", msg)
		}
		if len(l.Sections) > MaxSections {
			add(p+".sections", "must have at most %d sections", MaxSections)
		}
		shown := make(map[string]bool)
		for s, sec := range l.Sections {
			sp := fmt.Sprintf("%s.sections[%d]", p, s)
			if msg := checkName(sec.Name); msg != "" {
				add(sp+".name", "%s", msg)
			}
			for j, name := range sec.Fields {
				fp := fmt.Sprintf("%s.fields[%d]", sp, j)
				switch {
				case !known[name]:
					add(fp, "is not a field of %s", base.APIName)
				case shown[name]:
					add(fp, "appears more than once in the layout")
				default:
					shown[name] = true
				}
			}
		}
		for _, name := range requiredFields {
			if !shown[name] {
				add(p+".sections", "must include the required field %s", name)
			}
		}
	}
	return sortErrors(errs)
}

// checkFieldShape checks a custom field's type and the attributes that depend on it.
func checkFieldShape(p string, f Field) []FieldError {
	var errs []FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, FieldError{path, fmt.Sprintf(format, args...)})
	}
	switch {
	case f.Type == TypeLineItems:
		add(p+".type", "cannot be used for a custom field")
	case !f.Type.Known():
		names := make([]string, len(customFieldTypes))
		for i, t := range customFieldTypes {
			names[i] = string(t)
		}
		add(p+".type", "must be one of: %s", strings.Join(names, ", "))
	}

	switch f.Type {
	case TypeText:
		if f.MaxLength < 0 || f.MaxLength > TextMaxLength {
			add(p+".maxLength", "must be from 1 to %d, or 0 for the default", TextMaxLength)
		}
	case TypeTextarea:
		if f.MaxLength < 0 || f.MaxLength > TextareaMaxLength {
			add(p+".maxLength", "must be from 1 to %d, or 0 for the default", TextareaMaxLength)
		}
	default:
		if f.MaxLength != 0 {
			add(p+".maxLength", "is only for text and textarea fields")
		}
	}

	if f.Type == TypePicklist || f.Type == TypeMultipicklist {
		if len(f.Options) < 1 || len(f.Options) > MaxOptions {
			add(p+".options", "must have 1 to %d options", MaxOptions)
		}
		seen := make(map[string]bool, len(f.Options))
		for j, o := range f.Options {
			op := fmt.Sprintf("%s.options[%d]", p, j)
			switch {
			case checkName(o.Value) != "" || strings.TrimSpace(o.Value) != o.Value:
				add(op+".value", "must be 1 to %d characters without leading or trailing spaces", MaxLabelLength)
			case seen[o.Value]:
				add(op+".value", "repeats another option")
			default:
				seen[o.Value] = true
			}
			errs = append(errs, checkLabels(op+".labels", o.Labels, false)...)
		}
	} else if len(f.Options) > 0 {
		add(p+".options", "is only for picklist and multipicklist fields")
	}

	if f.Type == TypeLookup {
		if !IsStandard(f.LookupModule) {
			add(p+".lookupModule", "must be one of: %s, %s, %s, %s, %s, %s, %s, %s, %s",
				Contacts, Leads, Accounts, Products, Quotes, SalesOrders, Invoices, Cases, Solutions)
		}
	} else if f.LookupModule != "" {
		add(p+".lookupModule", "is only for lookup fields")
	}
	return errs
}

// checkLabels checks a label map: language keys like "en" or "pt-BR", labels of at most 100
// characters, and (when needed) at least one label that is not blank.
func checkLabels(p string, labels map[string]string, needed bool) []FieldError {
	var errs []FieldError
	found := false
	for lang, label := range labels {
		if !isLanguageTag(lang) {
			errs = append(errs, FieldError{p, "must be keyed by language tags like en or pt-BR"})
			continue
		}
		if strings.TrimSpace(label) == "" {
			continue
		}
		if msg := checkName(label); msg != "" {
			errs = append(errs, FieldError{p + "." + lang, msg})
			continue
		}
		found = true
	}
	if needed && !found {
		errs = append(errs, FieldError{p, "must have at least one label"})
	}
	return errs
}

// checkName checks a display name: not blank, at most 100 characters, no control characters.
func checkName(s string) string {
	if strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > MaxLabelLength {
		return fmt.Sprintf("must be 1 to %d characters", MaxLabelLength)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "must not contain control characters"
		}
	}
	return ""
}
