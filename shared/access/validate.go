package access

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"crmportal/shared/crm"
	"crmportal/shared/names"
)

// languagePattern is a label's language tag. It is compiled on first use (a user type's
// check), not at package initialization, which every function linking access would pay for.
var languagePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)
})

// ValidateUserType checks a user type's configuration against the organization's modules
// (modules returns a module with its custom fields and layouts, by API name). Positions,
// counts and seats against the limits are checked by [CheckTypeCount], [CheckAllocations]
// and [CheckAllocationChange].
//
// The user type: Name as a portal name ([CheckName]); BaseModule by [CheckBase] and an
// existing module; Seats >= 0 for a licensed type.
//
// Each tab (path "tabs[i]..."): Module exists and has no other tab. Scope: the base module's
// tab is "own" with no ScopeField (it shows the user's own record); another module's tab is
// "own" with ScopeField a lookup to the base module, "account" with ScopeField a lookup to
// Accounts (only when the base module has an Account_Name lookup to Accounts: Contacts), or
// "catalog" with no ScopeField (only for [CatalogModules]). Layouts: at least one, each an
// existing layout of the module, no repeats. Actions: View is on when Create, Edit or Delete
// is; a catalog tab has no Create, Edit or Delete; the base module's tab has no Create or
// Delete (the user's own record). Notes and Attachments need View and are off on catalog
// tabs. Display: "list" with 1 to 10 Columns, or "canvas" with a Title, an optional Subtitle
// and at most 4 CardFields; each an existing field of the module, not line items, no repeats,
// and the other kind's fields empty. Filterable: existing fields that are not line items, no
// repeats. Fixed: an existing field that is not line items, Op "eq" or "ne" with exactly one
// value or "in" with 1 to 50 distinct values, each a valid value of the field (for a
// multipicklist, one option) written as the record stores it ("1234.50" for a currency, UTC
// "2026-01-02T15:04:05Z" for a datetime, "true" for a boolean, the record id for a lookup);
// the criterion may use a hidden field. PicklistLabels: fields that are picklists or
// multipicklists, values that are their options, language tags such as "en" or "pt-BR", and
// labels that are not blank, at most 100 characters, without control characters.
//
// Checks that depend on field permissions apply to enabled tabs only, so a tab can be kept
// disabled (as [CandidateTabs] returns them) before its fields are opened: Columns, Title,
// Subtitle, CardFields and Filterable must be visible fields; and when Create is on, every
// required field of the module other than ScopeField must be writable.
//
// OpenFirstTab needs an enabled tab that allows view: the tab the portal opens.
//
// Field permissions (path "fields.<Module>.<Field>"): existing modules and fields, values
// "hidden", "read" or "write"; "write" is refused for system fields, for the fields the
// portal sets ([SetByPortal]) and for the fields of a module whose tab is a catalog.
//
// The errors are sorted by path, then message.
func ValidateUserType(ut UserType, modules func(string) (crm.Module, bool)) []crm.FieldError {
	v := validator{}
	if msg := CheckName(ut.Name); msg != "" {
		v.add("name", msg)
	}
	if ut.Position < 0 {
		v.add("position", "must be 0 or more")
	} else if msg := CheckBase(ut.Position, ut.BaseModule); msg != "" {
		v.add("baseModule", msg)
	}
	if !ut.Free() && ut.Seats < 0 {
		v.add("seats", "must be 0 or more")
	}
	base, baseOK := modules(ut.BaseModule)
	if !baseOK && ut.BaseModule != "" {
		v.add("baseModule", "is not a module")
	}

	tabs := make(map[string]Tab, len(ut.Tabs))
	for i, t := range ut.Tabs {
		p := fmt.Sprintf("tabs[%d]", i)
		m, ok := modules(t.Module)
		switch {
		case t.Module == "":
			v.add(p+".module", "is required")
			continue
		case !ok:
			v.add(p+".module", "is not a module")
			continue
		}
		if _, dup := tabs[t.Module]; dup {
			v.add(p+".module", "has another tab in this user type")
			continue
		}
		tabs[t.Module] = t
		if baseOK {
			v.tab(p, ut, base, t, m)
		}
		v.notifyFields(p, t, m)
	}
	v.errs = append(v.errs, CheckKinds("notify", ut.Notify, CustomerKinds)...)

	if ut.OpenFirstTab && !hasViewableTab(ut.Tabs) {
		v.add("openFirstTab", "needs an enabled tab that allows view (the tab the portal opens)")
	}

	for modName, perms := range ut.Fields {
		p := "fields." + modName
		m, ok := modules(modName)
		if !ok {
			v.add(p, "is not a module")
			continue
		}
		tab, hasTab := tabs[modName]
		for name, perm := range perms {
			fp := p + "." + name
			f, ok := m.Field(name)
			if !ok {
				v.add(fp, "is not a field of "+modName)
				continue
			}
			switch perm {
			case PermHidden, PermRead:
			case PermWrite:
				switch {
				case f.System:
					v.add(fp, "is a system field: it can be hidden or read-only")
				case SetByPortal(tab, f):
					v.add(fp, "links records to portal users and is set by the portal: it can be hidden or read-only")
				case hasTab && tab.Scope == ScopeCatalog:
					v.add(fp, "is in a catalog tab: it can be hidden or read-only")
				}
			default:
				v.add(fp, "must be hidden, read or write")
			}
		}
	}
	return sortErrors(v.errs)
}

// hasViewableTab reports whether one of tabs is enabled and allows view.
func hasViewableTab(tabs []Tab) bool {
	for _, t := range tabs {
		if t.Enabled && Can(t, ActionView) {
			return true
		}
	}
	return false
}

type validator struct{ errs []crm.FieldError }

func (v *validator) add(path, msg string) {
	v.errs = append(v.errs, crm.FieldError{Field: path, Message: msg})
}

// tab checks one tab t of ut, for module m; p is its path.
func (v *validator) tab(p string, ut UserType, base crm.Module, t Tab, m crm.Module) {
	isBase := t.Module == base.APIName
	catalog := t.Scope == ScopeCatalog
	perms := ut.Fields[m.APIName]

	// Scope.
	scopeField := func(target string) {
		f, ok := m.Field(t.ScopeField)
		switch {
		case t.ScopeField == "":
			v.add(p+".scopeField", "is required for "+t.Scope+" scope")
		case !ok:
			v.add(p+".scopeField", "is not a field of "+m.APIName)
		case f.Type != crm.TypeLookup || f.LookupModule != target:
			v.add(p+".scopeField", "must be a lookup to "+target)
		}
	}
	switch {
	case isBase:
		if t.Scope != ScopeOwn {
			v.add(p+".scope", "must be own: the base module's tab shows the user's own record")
		}
		if t.ScopeField != "" {
			v.add(p+".scopeField", "must be empty: the base module's tab shows the user's own record")
		}
	case t.Scope == ScopeOwn:
		scopeField(base.APIName)
	case t.Scope == ScopeAccount:
		if !hasAccount(base) {
			v.add(p+".scope", "can be account only when the base module has an Account_Name lookup to Accounts (Contacts)")
		} else {
			scopeField(crm.Accounts)
		}
	case catalog:
		if !CatalogModules[m.APIName] {
			v.add(p+".scope", "can be catalog only for Products and Solutions")
		}
		if t.ScopeField != "" {
			v.add(p+".scopeField", "must be empty for catalog scope")
		}
	default:
		v.add(p+".scope", "must be own, account or catalog")
	}

	// Layouts.
	if len(t.Layouts) == 0 {
		v.add(p+".layouts", "must have at least one layout")
	}
	for j, id := range t.Layouts {
		lp := fmt.Sprintf("%s.layouts[%d]", p, j)
		if _, ok := m.Layout(id); !ok {
			v.add(lp, "is not a layout of "+m.APIName)
		} else if indexOf(t.Layouts[:j], id) >= 0 {
			v.add(lp, "repeats a layout")
		}
	}

	// Actions.
	if (t.Create || t.Edit || t.Delete) && !t.View {
		v.add(p+".view", "is required when create, edit or delete is on")
	}
	for _, a := range []struct {
		name string
		on   bool
	}{{ActionCreate, t.Create}, {ActionEdit, t.Edit}, {ActionDelete, t.Delete}} {
		switch {
		case !a.on:
		case catalog:
			v.add(p+"."+a.name, "is not allowed on a catalog tab: catalog records are read-only")
		case isBase && a.name != ActionEdit:
			v.add(p+"."+a.name, "is not allowed on the user's own record")
		}
	}
	for _, a := range []struct {
		name string
		on   bool
	}{{ActionNotes, t.Notes}, {ActionAttachments, t.Attachments}} {
		switch {
		case !a.on:
		case !t.View:
			v.add(p+"."+a.name, "needs view")
		case catalog:
			v.add(p+"."+a.name, "is not allowed on a catalog tab: every portal user would see them")
		}
	}
	if t.Decide {
		switch {
		case m.APIName != crm.Quotes:
			v.add(p+".decide", "is only for the Quotes tab")
		case !t.View:
			v.add(p+".decide", "needs view")
		}
	}
	if t.Enabled && t.Create && !catalog && !isBase {
		for _, f := range m.Fields {
			if f.Required && f.APIName != t.ScopeField && (effective(perms, f) != PermWrite || SetByPortal(t, f)) {
				v.add(p+".create", "needs the required field "+f.APIName+" to be read-write")
			}
		}
	}

	// Display.
	shown := func(path, name string) {
		f, ok := m.Field(name)
		switch {
		case name == "":
			v.add(path, "is required")
		case !ok:
			v.add(path, "is not a field of "+m.APIName)
		case f.Type == crm.TypeLineItems:
			v.add(path, "is a line items field: it cannot be shown in a list or on a card")
		case t.Enabled && effective(perms, f) == PermHidden:
			v.add(path, "is hidden for this user type")
		}
	}
	dp := p + ".display"
	d := t.Display
	switch d.Kind {
	case DisplayList:
		if len(d.Columns) == 0 || len(d.Columns) > MaxColumns {
			v.add(dp+".columns", fmt.Sprintf("must have 1 to %d fields", MaxColumns))
		}
		for j, c := range d.Columns {
			cp := fmt.Sprintf("%s.columns[%d]", dp, j)
			if indexOf(d.Columns[:j], c) >= 0 {
				v.add(cp, "repeats a field")
				continue
			}
			shown(cp, c)
		}
		for path, set := range map[string]bool{"title": d.Title != "", "subtitle": d.Subtitle != "", "cardFields": len(d.CardFields) > 0} {
			if set {
				v.add(dp+"."+path, "must be empty for a list display")
			}
		}
	case DisplayCanvas:
		if d.Title == "" {
			v.add(dp+".title", "is required for a canvas display")
		} else {
			shown(dp+".title", d.Title)
		}
		if d.Subtitle != "" {
			if d.Subtitle == d.Title {
				v.add(dp+".subtitle", "repeats a field")
			} else {
				shown(dp+".subtitle", d.Subtitle)
			}
		}
		if len(d.CardFields) > MaxCardFields {
			v.add(dp+".cardFields", fmt.Sprintf("must have at most %d fields", MaxCardFields))
		}
		for j, c := range d.CardFields {
			cp := fmt.Sprintf("%s.cardFields[%d]", dp, j)
			if c == d.Title || c == d.Subtitle || indexOf(d.CardFields[:j], c) >= 0 {
				v.add(cp, "repeats a field")
				continue
			}
			shown(cp, c)
		}
		if len(d.Columns) > 0 {
			v.add(dp+".columns", "must be empty for a canvas display")
		}
	default:
		v.add(dp+".kind", "must be list or canvas")
	}

	// Filters.
	for j, name := range t.Filterable {
		fp := fmt.Sprintf("%s.filterable[%d]", p, j)
		f, ok := m.Field(name)
		switch {
		case !ok:
			v.add(fp, "is not a field of "+m.APIName)
		case indexOf(t.Filterable[:j], name) >= 0:
			v.add(fp, "repeats a field")
		case !Filterable(f.Type):
			v.add(fp, "is a "+string(f.Type)+" field: it cannot be filtered on")
		case t.Enabled && effective(perms, f) == PermHidden:
			v.add(fp, "is hidden for this user type")
		}
	}
	if t.Fixed != nil {
		v.criterion(p+".fixed", m, *t.Fixed)
	}

	// Customer-facing picklist labels.
	for name, values := range t.PicklistLabels {
		lp := p + ".picklistLabels." + name
		f, ok := m.Field(name)
		switch {
		case !ok:
			v.add(lp, "is not a field of "+m.APIName)
			continue
		case f.Type != crm.TypePicklist && f.Type != crm.TypeMultipicklist:
			v.add(lp, "is not a picklist")
			continue
		}
		for value, langs := range values {
			vp := lp + "." + value
			if !hasOption(f, value) {
				v.add(vp, "is not an option of "+name)
				continue
			}
			for lang, label := range langs {
				if !languagePattern().MatchString(lang) {
					v.add(vp+"."+lang, "is not a language tag such as en or pt-BR")
				} else if msg := checkLabel(label); msg != "" {
					v.add(vp+"."+lang, msg)
				}
			}
		}
	}
}

// criterion checks a fixed criterion of module m at path p.
func (v *validator) criterion(p string, m crm.Module, c Criterion) {
	f, ok := m.Field(c.Field)
	switch {
	case c.Field == "":
		v.add(p+".field", "is required")
		return
	case !ok:
		v.add(p+".field", "is not a field of "+m.APIName)
		return
	case f.Type == crm.TypeLineItems:
		v.add(p+".field", "is a line items field: it cannot be a criterion")
		return
	}
	switch c.Op {
	case OpEq, OpNe:
		if len(c.Values) != 1 {
			v.add(p+".values", "must have exactly one value for "+c.Op)
			return
		}
	case OpIn:
		if len(c.Values) == 0 || len(c.Values) > MaxCriterionVals {
			v.add(p+".values", fmt.Sprintf("must have 1 to %d values", MaxCriterionVals))
			return
		}
	default:
		v.add(p+".op", "must be eq, ne or in")
		return
	}
	for j, val := range c.Values {
		vp := fmt.Sprintf("%s.values[%d]", p, j)
		if indexOf(c.Values[:j], val) >= 0 {
			v.add(vp, "repeats a value")
		} else if msg := criterionValue(m, f, val); msg != "" {
			v.add(vp, msg)
		}
	}
}

// criterionValue checks that s is a value of f written as records store it, so [Matches]
// compares it without parsing dates or amounts.
func criterionValue(m crm.Module, f crm.Field, s string) string {
	g := f
	g.Required, g.System = false, false
	if g.Type == crm.TypeMultipicklist {
		g.Type = crm.TypePicklist // the criterion names one option
	}
	one := crm.Module{APIName: m.APIName, Fields: []crm.Field{g}}
	vals, errs := one.Validate(map[string]json.RawMessage{g.APIName: g.RawFromText(s)}, true)
	if len(errs) > 0 {
		return errs[0].Message
	}
	stored, ok := vals.Fields[g.APIName]
	if !ok || stored == nil {
		return "needs a value"
	}
	var canon string
	switch x := stored.(type) {
	case string:
		canon = x
	case float64:
		canon = strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		canon = strconv.FormatBool(x)
	default:
		return "cannot be a criterion value"
	}
	if canon != s {
		return "must be written as " + canon
	}
	return ""
}

// checkLabel applies the rules of a customer-facing label.
func checkLabel(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "must not be blank"
	case !utf8.ValidString(s):
		return "must be valid UTF-8 text"
	case utf8.RuneCountInString(s) > MaxLabelLength:
		return fmt.Sprintf("must be at most %d characters", MaxLabelLength)
	}
	return names.Line(s)
}

// Filterable reports whether a tab may let portal users filter on fields of type t: every
// type but line items.
func Filterable(t crm.FieldType) bool {
	return t.Known() && t != crm.TypeLineItems
}

// SetByPortal reports whether portal users of tab can never write field f: f is the tab's
// ScopeField, or a lookup to Contacts, Leads or Accounts. Those lookups link records to
// portal users (they are the scope of some tab, in this user type or another one), so a
// portal user who wrote one could take records out of someone's view or plant them into it;
// the portal sets the tab's ScopeField on create (to the user's own record for own scope, to
// the user's account for account scope) and leaves the others as they are.
func SetByPortal(tab Tab, f crm.Field) bool {
	if f.APIName == tab.ScopeField && tab.ScopeField != "" {
		return true
	}
	if f.Type != crm.TypeLookup {
		return false
	}
	switch f.LookupModule {
	case crm.Contacts, crm.Leads, crm.Accounts:
		return true
	}
	return false
}

// hasAccount reports whether records of base link to an Account through Account_Name, which
// makes account scope possible.
func hasAccount(base crm.Module) bool {
	f, ok := base.Field("Account_Name")
	return ok && f.Type == crm.TypeLookup && f.LookupModule == crm.Accounts
}

func hasOption(f crm.Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// sortErrors orders errors by path, then message.
func sortErrors(errs []crm.FieldError) []crm.FieldError {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Field != errs[j].Field {
			return errs[i].Field < errs[j].Field
		}
		return errs[i].Message < errs[j].Message
	})
	return errs
}
