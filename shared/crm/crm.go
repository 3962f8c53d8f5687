// Package crm holds the CRM metadata (the nine standard modules with their fields and default
// layouts, and the custom fields and layouts an organization adds) and the rules that turn a
// client's JSON into clean, typed record values and list queries.
//
// Module and field API names follow the hosted CRM's conventions (Contacts, Sales_Orders,
// First_Name, Account_Name, ...), so its users' data and CSV exports carry over. The package is
// plain Go: it knows nothing of storage; the store decides how values are kept and looked up.
package crm

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// FieldType is the type of a field's values. Each type's accepted input and stored form are
// described in [Module.Validate].
type FieldType string

// The field types.
const (
	TypeText          FieldType = "text"
	TypeTextarea      FieldType = "textarea"
	TypeEmail         FieldType = "email"
	TypePhone         FieldType = "phone"
	TypeURL           FieldType = "url"
	TypeNumber        FieldType = "number"
	TypeCurrency      FieldType = "currency"
	TypePercent       FieldType = "percent"
	TypeDate          FieldType = "date"
	TypeDatetime      FieldType = "datetime"
	TypeBoolean       FieldType = "boolean"
	TypePicklist      FieldType = "picklist"
	TypeMultipicklist FieldType = "multipicklist"
	TypeLookup        FieldType = "lookup"
	TypeLineItems     FieldType = "lineitems"
)

// FieldTypes lists every field type, in a stable order.
var FieldTypes = []FieldType{
	TypeText, TypeTextarea, TypeEmail, TypePhone, TypeURL, TypeNumber, TypeCurrency, TypePercent,
	TypeDate, TypeDatetime, TypeBoolean, TypePicklist, TypeMultipicklist, TypeLookup, TypeLineItems,
}

// Known reports whether t is one of [FieldTypes].
func (t FieldType) Known() bool {
	switch t {
	case TypeText, TypeTextarea, TypeEmail, TypePhone, TypeURL, TypeNumber, TypeCurrency, TypePercent,
		TypeDate, TypeDatetime, TypeBoolean, TypePicklist, TypeMultipicklist, TypeLookup, TypeLineItems:
		return true
	}
	return false
}

// Option is one value of a picklist or multipicklist field. Value is what records store and
// what clients send; Labels are for display, keyed by language ("en", "pt-BR").
type Option struct {
	Value  string            `json:"value"`
	Labels map[string]string `json:"labels"`
}

// Field describes one field of a module.
//
// MaxLength bounds text and textarea values, in characters (zero means the type's default:
// 255 for text, 32000 for textarea). Options are the values of a picklist or multipicklist.
// LookupModule names the standard module a lookup points to. System marks fields only the
// server writes (none of the standard fields is one yet; [Module.Validate] refuses them).
// Custom marks the fields an organization added; [Merge] sets it.
type Field struct {
	APIName      string            `json:"apiName"`
	Labels       map[string]string `json:"labels"`
	Type         FieldType         `json:"type"`
	Required     bool              `json:"required"`
	MaxLength    int               `json:"maxLength,omitempty"`
	Options      []Option          `json:"options,omitempty"`
	LookupModule string            `json:"lookupModule,omitempty"`
	System       bool              `json:"system"`
	Custom       bool              `json:"custom"`
}

// Section is a titled group of fields in a layout; Fields are API names, in display order.
type Section struct {
	Name string `json:"name"`
	// Labels are the section's title by language ("en", "pt-BR"); Name is its fallback.
	Labels map[string]string `json:"labels,omitempty"`
	Fields []string          `json:"fields"`
}

// Layout is one arrangement of a module's fields. Every module has the layout "default";
// organizations add others. Every layout shows every required field.
type Layout struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Sections []Section `json:"sections"`
}

// Module is a CRM module: its fields, its layouts and the field that names a record.
// Labels are the plural labels ("Contacts"), SingularLabels the singular ones ("Contact"),
// both keyed by language.
type Module struct {
	APIName        string            `json:"apiName"`
	Labels         map[string]string `json:"labels"`
	SingularLabels map[string]string `json:"singularLabels"`
	NameField      string            `json:"nameField"`
	Fields         []Field           `json:"fields"`
	Layouts        []Layout          `json:"layouts"`
	// Sortable are the fields an admin marked sortable for the staff list ([SortIndex]).
	Sortable []SortIndex `json:"sortable,omitempty"`
}

// Customization is what an organization adds to a standard module: custom fields (appended
// after the standard ones) and extra layouts. It is stored per organization and module, checked
// by [ValidateCustomization] and applied by [Merge].
type Customization struct {
	Fields  []Field  `json:"fields"`
	Layouts []Layout `json:"layouts"`
	// Sortable are the fields marked sortable for the staff list, with their index state.
	Sortable []SortIndex `json:"sortable,omitempty"`
}

// FieldError names one field of a request, by its path ("Email", "fields[2].apiName",
// "Product_Details[3].Quantity"), and the rule it broke, as a short English sentence without
// the field's name ("is required", "must be a valid email address").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FieldErrors is a list of field errors used as an error value (by [Merge]).
type FieldErrors []FieldError

func (e FieldErrors) Error() string {
	if len(e) == 0 {
		return "no field errors"
	}
	msg := e[0].Field + " " + e[0].Message
	if len(e) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(e)-1)
	}
	return msg
}

// DefaultLayoutID is the id of the layout every module has.
const DefaultLayoutID = "default"

// Field returns the field named name.
func (m Module) Field(name string) (Field, bool) {
	for _, f := range m.Fields {
		if f.APIName == name {
			return f, true
		}
	}
	return Field{}, false
}

// Layout returns the layout with the given id.
func (m Module) Layout(id string) (Layout, bool) {
	for _, l := range m.Layouts {
		if l.ID == id {
			return l, true
		}
	}
	return Layout{}, false
}

// Label picks the label for lang from labels, falling back to English, then to any label
// (the smallest language key, so the choice is stable), then to "".
func Label(labels map[string]string, lang string) string {
	if s := labels[lang]; s != "" {
		return s
	}
	if s := labels["en"]; s != "" {
		return s
	}
	keys := make([]string, 0, len(labels))
	for k, v := range labels {
		if v != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	return labels[keys[0]]
}

// sortErrors orders errors by field path, then message, so output is deterministic.
func sortErrors(errs []FieldError) []FieldError {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Field != errs[j].Field {
			return errs[i].Field < errs[j].Field
		}
		return errs[i].Message < errs[j].Message
	})
	return errs
}

// cloneLabels copies a label map (nil stays nil).
func cloneLabels(l map[string]string) map[string]string {
	if l == nil {
		return nil
	}
	c := make(map[string]string, len(l))
	for k, v := range l {
		c[k] = v
	}
	return c
}

func cloneField(f Field) Field {
	f.Labels = cloneLabels(f.Labels)
	if f.Options != nil {
		opts := make([]Option, len(f.Options))
		for i, o := range f.Options {
			opts[i] = Option{Value: o.Value, Labels: cloneLabels(o.Labels)}
		}
		f.Options = opts
	}
	return f
}

func cloneLayout(l Layout) Layout {
	if l.Sections != nil {
		secs := make([]Section, len(l.Sections))
		for i, s := range l.Sections {
			secs[i] = Section{Name: s.Name, Labels: cloneLabels(s.Labels), Fields: append([]string(nil), s.Fields...)}
		}
		l.Sections = secs
	}
	return l
}

// clone copies a module deeply, so the copy can be changed without touching m.
func (m Module) clone() Module {
	c := m
	c.Labels = cloneLabels(m.Labels)
	c.SingularLabels = cloneLabels(m.SingularLabels)
	c.Fields = make([]Field, len(m.Fields))
	for i, f := range m.Fields {
		c.Fields[i] = cloneField(f)
	}
	c.Layouts = make([]Layout, len(m.Layouts))
	for i, l := range m.Layouts {
		c.Layouts[i] = cloneLayout(l)
	}
	c.Sortable = slices.Clone(m.Sortable)
	return c
}

// oneOf is the message for a value that is not one of a field's options: "must be one of: A,
// B, C", or a generic phrase when the list is too long to be useful in a message.
func oneOf(f Field) string {
	if len(f.Options) > 20 {
		return "must be one of the field's options"
	}
	vals := make([]string, len(f.Options))
	for i, o := range f.Options {
		vals[i] = o.Value
	}
	return "must be one of: " + strings.Join(vals, ", ")
}
