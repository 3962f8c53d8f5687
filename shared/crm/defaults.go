package crm

import "sort"

// standardDefaults are the picklist values a new record of a standard module starts with when
// it is created without them, by module and field: the first step of each module's process
// (a case is New until someone works on it), so that a record made in the portal, by a staff
// member or by an import shows and filters like one an agent would have set up.
var standardDefaults = map[string]map[string]string{
	Leads:       {"Lead_Status": "Not Contacted"},
	Quotes:      {"Quote_Stage": "Draft"},
	SalesOrders: {"Status": "Created"},
	Invoices:    {"Status": "Created"},
	Cases:       {"Status": "New"},
	Solutions:   {"Status": "Draft"},
}

// Defaults are the fields m's new records start with when created without them (field API
// name to value): the standard defaults of m's module whose field m has as a picklist offering
// that value. A field a customization has dropped, or whose value it no longer offers, has no
// default.
func (m Module) Defaults() map[string]string {
	out := map[string]string{}
	for name, value := range standardDefaults[m.APIName] {
		f, ok := m.Field(name)
		if !ok || f.Type != TypePicklist {
			continue
		}
		for _, o := range f.Options {
			if o.Value == value {
				out[name] = value
				break
			}
		}
	}
	return out
}

// ApplyDefaults sets m's Defaults in fields, a new record's values, where fields has no value
// (absent or nil), and returns the names of the fields it set, sorted. Values given are kept.
func (m Module) ApplyDefaults(fields map[string]any) []string {
	var set []string
	for name, value := range m.Defaults() {
		if v, ok := fields[name]; ok && v != nil {
			continue
		}
		fields[name] = value
		set = append(set, name)
	}
	sort.Strings(set)
	return set
}
