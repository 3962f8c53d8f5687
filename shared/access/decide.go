package access

import (
	"strconv"

	"crmportal/shared/crm"
)

// Messages of [CheckWrite].
const (
	// MsgNotAField answers both a name that is not a field and a hidden field, so hidden
	// fields cannot be found by probing.
	MsgNotAField   = "is not a field you can change"
	MsgReadOnly    = "is read-only"
	MsgSetByPortal = "is set by the portal"
)

// effective is the permission perms give field f: as listed, capped at read for system
// fields; hidden when not listed or unknown.
func effective(perms map[string]Perm, f crm.Field) Perm {
	switch perms[f.APIName] {
	case PermRead:
		return PermRead
	case PermWrite:
		if f.System {
			return PermRead
		}
		return PermWrite
	}
	return PermHidden
}

// Visible returns the fields of module that ut's portal users can see (read-only or
// read-write), in the module's order. A field that is not listed in ut.Fields is hidden.
func Visible(ut UserType, module crm.Module) []crm.Field {
	perms := ut.Fields[module.APIName]
	if len(perms) == 0 {
		return nil
	}
	out := make([]crm.Field, 0, min(len(perms), len(module.Fields)))
	for _, f := range module.Fields {
		if effective(perms, f) != PermHidden {
			out = append(out, f)
		}
	}
	return out
}

// Project builds what a portal user of ut sees of a record of module, shown in tab: the
// entries of fields (the record's stored values) that are fields of module and visible to ut
// ([Visible]); the others, hidden or not listed, are left out. A picklist value that has
// customer-facing labels in tab.PicklistLabels is replaced by its label for lang
// ([crm.ValueLabel]: the customer label, else the product's, else the customer label in
// English or another language), so an internal value that has a customer label never shows;
// multipicklists are relabelled element by element (into a new slice). Other values are shared with fields, not copied.
//
// It fails closed: when tab is not for module, is not enabled or does not allow view, the
// result is empty. The result is never nil.
func Project(ut UserType, tab Tab, module crm.Module, fields map[string]any, lang string) map[string]any {
	perms := ut.Fields[module.APIName]
	if tab.Module != module.APIName || !Can(tab, ActionView) || len(perms) == 0 || len(fields) == 0 {
		return map[string]any{}
	}
	out := make(map[string]any, min(len(fields), len(perms)))
	for _, f := range module.Fields {
		if effective(perms, f) == PermHidden {
			continue
		}
		v, ok := fields[f.APIName]
		if !ok {
			continue
		}
		if labels := tab.PicklistLabels[f.APIName]; len(labels) > 0 {
			v = relabel(f, v, labels, lang)
		}
		out[f.APIName] = v
	}
	return out
}

// relabel replaces a picklist value, or each value of a multipicklist, that has customer
// labels by the label [crm.ValueLabel] chooses for lang; values without customer labels stay
// as stored.
func relabel(f crm.Field, v any, labels map[string]map[string]string, lang string) any {
	label := func(s string) string {
		for _, l := range labels[s] {
			if l != "" {
				return crm.ValueLabel(f, s, labels[s], lang)
			}
		}
		return s
	}
	switch f.Type {
	case crm.TypePicklist:
		if s, ok := v.(string); ok {
			return label(s)
		}
	case crm.TypeMultipicklist:
		switch list := v.(type) {
		case []string:
			out := make([]string, len(list))
			for i, s := range list {
				out[i] = label(s)
			}
			return out
		case []any:
			out := make([]any, len(list))
			for i, e := range list {
				out[i] = e
				if s, ok := e.(string); ok {
					out[i] = label(s)
				}
			}
			return out
		}
	}
	return v
}

// CheckWrite checks which fields a portal user of ut may send when creating (creating) or
// editing a record of module in tab; sent are the field names of the request. Each refused
// field gets one error, sorted by field:
//   - not a field of module, or hidden for ut: [MsgNotAField] (the same message for both, so
//     hidden fields cannot be probed; call CheckWrite before [crm.Module.Validate], whose
//     message for unknown fields differs);
//   - the tab's ScopeField or another lookup the portal sets ([SetByPortal]): [MsgSetByPortal];
//   - read-only, a system field, or any field when the tab does not allow the action
//     ([Can] create or edit; a catalog tab allows neither): [MsgReadOnly].
//
// A tab that is not for module refuses every field with MsgNotAField. CheckWrite does not
// replace [Can]: with nothing sent it returns no error even when the action is not allowed.
func CheckWrite(ut UserType, tab Tab, module crm.Module, sent []string, creating bool) []crm.FieldError {
	if len(sent) == 0 {
		return nil
	}
	action := ActionEdit
	if creating {
		action = ActionCreate
	}
	usable := tab.Module == module.APIName
	allowed := usable && Can(tab, action)
	perms := ut.Fields[module.APIName]
	var errs []crm.FieldError
	for _, name := range sent {
		f, ok := module.Field(name)
		p := PermHidden
		if ok && usable {
			p = effective(perms, f)
		}
		switch {
		case p == PermHidden:
			errs = append(errs, crm.FieldError{Field: name, Message: MsgNotAField})
		case SetByPortal(tab, f):
			errs = append(errs, crm.FieldError{Field: name, Message: MsgSetByPortal})
		case p != PermWrite || !allowed:
			errs = append(errs, crm.FieldError{Field: name, Message: MsgReadOnly})
		}
	}
	return sortErrors(errs)
}

// Can reports whether tab lets its portal users perform action on the records in its scope:
// "view", "create", "edit", "delete", "notes" (read and add notes), "attachments" or "decide"
// (accept or decline a quote: Decide on a Quotes tab only). It fails
// closed: a tab that is not enabled, does not allow view, or has an unknown or incomplete
// scope allows nothing; a catalog tab allows only view; the base module's tab (own scope
// without a ScopeField, the user's own record) allows only view, edit, notes and
// attachments; an unknown action is refused.
func Can(tab Tab, action string) bool {
	k := kindOf(tab)
	if !tab.Enabled || !tab.View || k == scopeInvalid {
		return false
	}
	own := k == scopeSelf
	catalog := k == scopeCatalog
	switch action {
	case ActionView:
		return true
	case ActionCreate:
		return tab.Create && !catalog && !own
	case ActionEdit:
		return tab.Edit && !catalog
	case ActionDelete:
		return tab.Delete && !catalog && !own
	case ActionNotes:
		return tab.Notes && !catalog
	case ActionAttachments:
		return tab.Attachments && !catalog
	case ActionDecide:
		return tab.Decide && tab.Module == crm.Quotes && !catalog && !own
	}
	return false
}

// Matches reports whether a record with the stored field values fields passes criterion c
// (a nil criterion passes every record). Values compare with the stored, typed values:
// strings exactly (picklists, dates, UTC datetimes, 2-decimal currencies), numbers
// numerically, booleans as "true" or "false", lookups by their id (stored as the id or as
// {"id", "name"}), multipicklists by membership. Op:
//   - "eq": the field has the value (for a multipicklist, the list holds it);
//   - "ne": it does not (a record without the field passes);
//   - "in": the field has one of the values (for a multipicklist, the list holds one).
//
// It fails closed: an unknown operator, or "eq" or "ne" without exactly one value, or "in"
// without values, passes no record.
func Matches(c *Criterion, fields map[string]any) bool {
	if c == nil {
		return true
	}
	v, has := fields[c.Field]
	switch c.Op {
	case OpEq:
		return len(c.Values) == 1 && has && holds(v, c.Values)
	case OpNe:
		return len(c.Values) == 1 && !(has && holds(v, c.Values))
	case OpIn:
		return len(c.Values) > 0 && has && holds(v, c.Values)
	}
	return false
}

// holds reports whether the stored value v equals one of values, or for a list, whether one
// of its elements does.
func holds(v any, values []string) bool {
	switch list := v.(type) {
	case []string:
		for _, e := range list {
			if equalsAny(e, values) {
				return true
			}
		}
		return false
	case []any:
		for _, e := range list {
			if equalsAny(e, values) {
				return true
			}
		}
		return false
	}
	return equalsAny(v, values)
}

func equalsAny(v any, values []string) bool {
	for _, s := range values {
		if equals(v, s) {
			return true
		}
	}
	return false
}

// equals compares one stored scalar value with a criterion value.
func equals(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return x == s
	case bool:
		return s == strconv.FormatBool(x)
	case float64:
		y, err := strconv.ParseFloat(s, 64)
		return err == nil && x == y
	case int:
		y, err := strconv.ParseFloat(s, 64)
		return err == nil && float64(x) == y
	case int64:
		y, err := strconv.ParseFloat(s, 64)
		return err == nil && float64(x) == y
	case map[string]any:
		id, ok := x["id"].(string)
		return ok && id == s
	case map[string]string:
		id, ok := x["id"]
		return ok && id == s
	}
	return false
}

// SameLabel are the options of f that a reader of lang sees under the same label as value in
// tab ([crm.ValueLabel] with the tab's customer labels), value first: a filter on one of them
// is a filter on all, as the portal lists each label once. It is just value when no other
// option shares its label.
func SameLabel(tab Tab, f crm.Field, value, lang string) []string {
	custom := tab.PicklistLabels[f.APIName]
	label := func(v string) string { return crm.ValueLabel(f, v, custom[v], lang) }
	want := label(value)
	out := []string{value}
	for _, o := range f.Options {
		if o.Value != value && label(o.Value) == want {
			out = append(out, o.Value)
		}
	}
	return out
}
