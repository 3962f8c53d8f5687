package access

import (
	"fmt"
	"slices"

	"crmportal/shared/crm"
)

// Kinds of notification: what happened to a record that someone may be told of. The store's
// events (store.Event) carry them; the first four are for customers, the others for staff.
const (
	// NotifyNotePublic: staff added a note that is not internal.
	NotifyNotePublic = "note.public"
	// NotifyFileShared: staff shared a file with the customer.
	NotifyFileShared = "file.shared"
	// NotifyFieldChanged: staff changed a field a tab marks as notifying (Tab.NotifyFields).
	NotifyFieldChanged = "field.changed"
	// NotifyRecordLinked: staff linked a record to the customer (a new invoice for them).
	NotifyRecordLinked = "record.linked"

	// NotifyCustomerRecordCreated: a portal user created a record.
	NotifyCustomerRecordCreated = "customer.record.created"
	// NotifyCustomerRecordUpdated: a portal user edited a record.
	NotifyCustomerRecordUpdated = "customer.record.updated"
	// NotifyCustomerNoteCreated: a portal user added a note.
	NotifyCustomerNoteCreated = "customer.note.created"
	// NotifyCustomerFileAdded: a portal user added a file.
	NotifyCustomerFileAdded = "customer.file.added"
	// NotifyCustomerQuoteAccepted: a portal user accepted a quote (signed it).
	NotifyCustomerQuoteAccepted = "customer.quote.accepted"
	// NotifyCustomerQuoteDeclined: a portal user declined a quote.
	NotifyCustomerQuoteDeclined = "customer.quote.declined"
)

// CustomerKinds are the kinds customers may be notified of, in the order the settings show
// them. A user type that has not chosen (Notify nil) notifies all of them.
var CustomerKinds = []string{NotifyNotePublic, NotifyFileShared, NotifyFieldChanged, NotifyRecordLinked}

// StaffKinds are the kinds staff may be notified of, in the order the settings show them.
var StaffKinds = []string{NotifyCustomerRecordCreated, NotifyCustomerRecordUpdated, NotifyCustomerNoteCreated, NotifyCustomerFileAdded,
	NotifyCustomerQuoteAccepted, NotifyCustomerQuoteDeclined}

// NotifyKinds are the kinds ut's users are notified of: Notify as chosen, or every customer
// kind when the type has not chosen (a type stored before the setting existed).
func (ut UserType) NotifyKinds() []string {
	if ut.Notify == nil {
		return slices.Clone(CustomerKinds)
	}
	return slices.Clone(ut.Notify)
}

// Notifies reports whether ut's users are notified of kind (see NotifyKinds).
func (ut UserType) Notifies(kind string) bool {
	if ut.Notify == nil {
		return slices.Contains(CustomerKinds, kind)
	}
	return slices.Contains(ut.Notify, kind)
}

// CheckKinds returns the errors of a list of notification kinds at path (path[i]): each one
// of allowed, none twice.
func CheckKinds(path string, kinds, allowed []string) []crm.FieldError {
	var errs []crm.FieldError
	seen := map[string]bool{}
	for i, k := range kinds {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !slices.Contains(allowed, k):
			errs = append(errs, crm.FieldError{Field: p, Message: fmt.Sprintf("must be one of %v", allowed)})
		case seen[k]:
			errs = append(errs, crm.FieldError{Field: p, Message: "is listed twice"})
		}
		seen[k] = true
	}
	return errs
}

// LayoutFields are the fields the layouts of tab t show (of module m): the fields a
// customer of the tab can see on a record's page, permissions aside.
func LayoutFields(m crm.Module, t Tab) map[string]bool {
	out := map[string]bool{}
	for _, id := range t.Layouts {
		l, ok := m.Layout(id)
		if !ok {
			continue
		}
		for _, s := range l.Sections {
			for _, f := range s.Fields {
				out[f] = true
			}
		}
	}
	return out
}

// notifyFields checks tab t's NotifyFields (path p.notifyFields[i]): fields of m that the
// tab's layouts show, none twice; a catalog tab has none (its records belong to no customer,
// so a change notifies nobody).
func (v *validator) notifyFields(p string, t Tab, m crm.Module) {
	if len(t.NotifyFields) > 0 && t.Scope == ScopeCatalog {
		v.add(p+".notifyFields", "must be empty on a catalog tab: its records concern no one customer")
		return
	}
	shown := LayoutFields(m, t)
	seen := map[string]bool{}
	for i, f := range t.NotifyFields {
		fp := fmt.Sprintf("%s.notifyFields[%d]", p, i)
		_, ok := m.Field(f)
		switch {
		case !ok:
			v.add(fp, "is not a field of "+m.APIName)
		case !shown[f]:
			v.add(fp, "is not shown by the tab's layouts")
		case seen[f]:
			v.add(fp, "is listed twice")
		}
		seen[f] = true
	}
}

// NotifyingFields are the fields of module whose change notifies the customers of some tab
// of uts (enabled tabs' NotifyFields); a staff edit that changes none of them makes no
// field.changed event.
func NotifyingFields(uts []UserType, module string) map[string]bool {
	out := map[string]bool{}
	for _, ut := range uts {
		if t, ok := ut.Tab(module); ok && t.Enabled {
			for _, f := range t.NotifyFields {
				out[f] = true
			}
		}
	}
	return out
}

// Staff notification roles: who on the staff side gets customer events of a record that has
// no owner, besides (or instead of) StaffNotify's address.
const (
	StaffNotifyNone  = ""
	StaffNotifyAdmin = "admin"
	StaffNotifyAll   = "all"
)
