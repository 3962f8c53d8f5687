// Package notify delivers the events the writes record (store.Event, the outbox): the
// notifier (functions/notifier, started by the table's stream) decides who may be told of
// each event and adds it to each recipient's in-app notifications and email digest; the
// digest mailer (functions/digest-mailer, started by the digest queue) sends one email per
// recipient and record per window; the unsubscribe route (functions/unsubscribe) turns a kind
// off from an email's one-click link; and the email events function records the addresses
// SES reports as bounced or complaining, which get no more email.
//
// Who may be told what is decided from the record, the note or the file as they are when the
// event is delivered, never from the event alone: a notification never names a record, a
// field, an internal note or an internal file the recipient cannot see.
package notify

import (
	"slices"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/invite"
	"crmportal/shared/store"
)

// Target is where the customers of a user type's tab are for one record: Kind "self" (the
// record is the customer's own Contact or Lead: ID is the record), "own" (ID is the Contact
// or Lead the tab's ScopeField looks up) or "account" (ID is the Account the ScopeField looks
// up: its Contacts are the customers).
type Target struct {
	Kind string
	ID   string
}

// Target kinds.
const (
	TargetSelf    = "self"
	TargetOwn     = "own"
	TargetAccount = "account"
)

// TabTarget is where the customers of ut's tab for the record r of module m are. False when
// the tab notifies no one: not enabled or not viewable, a catalog tab (its records belong to
// no customer), a lookup that is empty, or a tab whose shape does not fit ut.
func TabTarget(ut access.UserType, tab access.Tab, r store.Record) (Target, bool) {
	if !access.Can(tab, access.ActionView) {
		return Target{}, false
	}
	switch {
	case tab.Scope == access.ScopeOwn && tab.ScopeField == "":
		if tab.Module != ut.BaseModule || r.ID == "" {
			return Target{}, false
		}
		return Target{Kind: TargetSelf, ID: r.ID}, true
	case tab.Scope == access.ScopeOwn:
		if id := lookupID(r.Fields[tab.ScopeField]); id != "" {
			return Target{Kind: TargetOwn, ID: id}, true
		}
	case tab.Scope == access.ScopeAccount && tab.ScopeField != "":
		if id := lookupID(r.Fields[tab.ScopeField]); id != "" {
			return Target{Kind: TargetAccount, ID: id}, true
		}
	}
	return Target{}, false // catalog, an empty lookup, or an unknown scope
}

// lookupID is the id a stored lookup holds ({"id", "name"} or a plain id); "" otherwise.
func lookupID(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		id, _ := x["id"].(string)
		return id
	case map[string]string:
		return x["id"]
	}
	return ""
}

// Subject is what an event concerns besides its record, as the notifier read it: the note of
// a note event, the file of a file event (nil when gone).
type Subject struct {
	Note *store.Note
	File *store.Attachment
}

// ForCustomer decides whether the portal user u (of type ut, who is self) is told of ev on
// the record r of module m, and which changed fields it may name (field.changed only). Every
// rule must hold:
//   - u is active and of type ut, and is not the event's actor;
//   - ev is a customer kind that ut notifies and that u did not turn off;
//   - ut's tab of the module lets u view r now (access.May: scope, fixed criterion);
//   - note.public: the note exists, is not internal, and the tab shows notes;
//   - file.shared: the file exists, is shared and complete, and the tab shows attachments;
//   - field.changed: at least one changed field is in the tab's notifyFields, shown by its
//     layouts and visible to ut; only those are named.
func ForCustomer(ut access.UserType, u store.PortalUser, self access.Self, ev store.Event, m crm.Module, r store.Record, sub Subject) ([]string, bool) {
	if u.Status != invite.Active || u.UserTypeID != ut.ID || u.ID == "" {
		return nil, false
	}
	if ev.Actor.Kind == store.ActorPortal && ev.Actor.ID == u.ID {
		return nil, false
	}
	if !slices.Contains(access.CustomerKinds, ev.Kind) || !ut.Notifies(ev.Kind) {
		return nil, false
	}
	if u.Preferences != nil && slices.Contains(u.Preferences.NotifyOff, ev.Kind) {
		return nil, false
	}
	tab, ok := ut.Tab(m.APIName)
	if !ok || r.Module != m.APIName || !access.May(ut, tab, self, access.ActionView, r.ID, r.Fields) {
		return nil, false
	}
	switch ev.Kind {
	case store.EventNotePublic:
		n := sub.Note
		if n == nil || n.Internal || n.RecordID != r.ID || !access.Can(tab, access.ActionNotes) {
			return nil, false
		}
	case store.EventFileShared:
		f := sub.File
		if f == nil || !f.Shared || f.Status != store.AttachmentReady || f.RecordID != r.ID || !access.Can(tab, access.ActionAttachments) {
			return nil, false
		}
	case store.EventFieldChanged:
		fields := VisibleChanged(ut, tab, m, ev.Fields)
		return fields, len(fields) > 0
	}
	return nil, true
}

// VisibleChanged are the fields of changed that tab marks as notifying, that its layouts show
// and that ut may see, in changed's order.
func VisibleChanged(ut access.UserType, tab access.Tab, m crm.Module, changed []string) []string {
	shown := access.LayoutFields(m, tab)
	var out []string
	for _, f := range changed {
		if slices.Contains(tab.NotifyFields, f) && shown[f] && ut.Perm(m.APIName, f) != access.PermHidden && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// StaffTo are the staff recipients of ev on the record r: the record's owner when it has one
// (and they are an active member), else the members the organization's StaffNotify role
// names (admin: the active admins; all: every active member); in both cases minus the
// event's actor and those who turned the kind off. Address is StaffNotify's address when the
// record has no owner ("" otherwise, or when it is the address of a member already told).
func StaffTo(ev store.Event, r store.Record, o store.Org, members []store.Staff) (to []store.Staff, address string) {
	if !slices.Contains(access.StaffKinds, ev.Kind) {
		return nil, ""
	}
	keep := func(s store.Staff) bool {
		return s.Status == store.StaffActive && !(ev.Actor.Kind == store.ActorStaff && ev.Actor.ID == s.ID) &&
			!slices.Contains(s.Preferences.NotifyOff, ev.Kind)
	}
	if r.OwnerID != "" {
		for _, s := range members {
			if s.ID == r.OwnerID && keep(s) {
				return []store.Staff{s}, ""
			}
		}
		return nil, ""
	}
	for _, s := range members {
		if !keep(s) {
			continue
		}
		if o.StaffNotify.Role == access.StaffNotifyAll || (o.StaffNotify.Role == access.StaffNotifyAdmin && s.Role == store.RoleAdmin) {
			to = append(to, s)
		}
	}
	address = store.NormalizeEmail(o.StaffNotify.Email)
	for _, s := range to {
		if store.NormalizeEmail(s.Email) == address {
			address = ""
		}
	}
	return to, address
}
