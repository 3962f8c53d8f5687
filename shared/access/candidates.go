package access

import "crmportal/shared/crm"

// defaultColumns is how many fields a candidate tab's list shows.
const defaultColumns = 5

// CandidateTabs returns the tabs an admin can choose from for a user type based on base,
// given the organization's modules all (with their custom fields), each disabled and
// configured with defaults:
//   - first, the base module's tab: scope own with no ScopeField (the user's own record),
//     view and edit;
//   - then, for each other module of all, in order, one tab per possible scope: own through
//     each lookup to the base module (in field order), account through each lookup to
//     Accounts when the base module has an Account_Name lookup to Accounts (Contacts), and
//     catalog for [CatalogModules]; these allow view only.
//
// Every candidate has layouts ["default"] and a list display whose columns are the first 5
// fields of the default layout (in section order) that can be shown in a list. An admin
// keeps at most one tab per module. A module with no possible scope (Accounts, or Leads for a
// Contacts-based type) has no candidate. Candidates pass [ValidateUserType] as they are;
// enabling one needs its columns to be visible fields.
func CandidateTabs(base crm.Module, all []crm.Module) []Tab {
	tabs := []Tab{candidate(base, ScopeOwn, "", true)}
	account := hasAccount(base)
	for _, m := range all {
		if m.APIName == base.APIName {
			continue
		}
		for _, f := range m.Fields {
			if f.Type == crm.TypeLookup && f.LookupModule == base.APIName {
				tabs = append(tabs, candidate(m, ScopeOwn, f.APIName, false))
			}
		}
		if account {
			for _, f := range m.Fields {
				if f.Type == crm.TypeLookup && f.LookupModule == crm.Accounts {
					tabs = append(tabs, candidate(m, ScopeAccount, f.APIName, false))
				}
			}
		}
		if CatalogModules[m.APIName] {
			tabs = append(tabs, candidate(m, ScopeCatalog, "", false))
		}
	}
	return tabs
}

func candidate(m crm.Module, scope, scopeField string, edit bool) Tab {
	return Tab{
		Module:     m.APIName,
		Scope:      scope,
		ScopeField: scopeField,
		Layouts:    []string{crm.DefaultLayoutID},
		View:       true,
		Edit:       edit,
		Display:    Display{Kind: DisplayList, Columns: defaultColumnsOf(m)},
	}
}

// defaultColumnsOf is the first fields of m's default layout (or, lacking one, of m) that a
// list can show.
func defaultColumnsOf(m crm.Module) []string {
	var cols []string
	add := func(name string) bool {
		if f, ok := m.Field(name); ok && f.Type != crm.TypeLineItems && indexOf(cols, name) < 0 {
			cols = append(cols, name)
		}
		return len(cols) == defaultColumns
	}
	if l, ok := m.Layout(crm.DefaultLayoutID); ok {
		for _, s := range l.Sections {
			for _, name := range s.Fields {
				if add(name) {
					return cols
				}
			}
		}
		if len(cols) > 0 {
			return cols
		}
	}
	for _, f := range m.Fields {
		if add(f.APIName) {
			break
		}
	}
	return cols
}
