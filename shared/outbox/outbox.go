// Package outbox decides which events (store.Event) a write makes happen: the pure rules the
// write routes apply before the store puts the events in the write's own transaction. An
// event names the record, the kind and the changed fields' names, never a value: who may be
// told what is the notifier's decision, made when it delivers.
package outbox

import (
	"reflect"
	"slices"

	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// CustomerModules are the modules whose records are customers: a record that looks one of
// them up concerns that customer (an invoice for a Contact or an Account).
var CustomerModules = map[string]bool{crm.Contacts: true, crm.Leads: true, crm.Accounts: true}

// ChangedFields are the API names of the fields of m whose values differ between old and
// next (a field set, cleared or changed), in the module's order.
func ChangedFields(m crm.Module, old, next store.Record) []string {
	var out []string
	for _, f := range m.Fields {
		a, aok := old.Fields[f.APIName]
		b, bok := next.Fields[f.APIName]
		if aok && a == nil {
			aok = false
		}
		if bok && b == nil {
			bok = false
		}
		if aok != bok || (aok && !reflect.DeepEqual(a, b)) {
			out = append(out, f.APIName)
		}
	}
	return out
}

// customerLinks are the (field, target id) pairs of r's lookups to customer modules.
func customerLinks(m crm.Module, r store.Record) map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, f := range m.Fields {
		if f.Type != crm.TypeLookup || !CustomerModules[f.LookupModule] {
			continue
		}
		if ref, ok := r.Fields[f.APIName].(map[string]any); ok {
			if id, _ := ref["id"].(string); id != "" {
				out[[2]string{f.APIName, id}] = true
			}
		}
	}
	return out
}

// linksNew reports whether next looks up a customer that old did not (through that field).
func linksNew(m crm.Module, old *store.Record, next store.Record) bool {
	before := map[[2]string]bool{}
	if old != nil {
		before = customerLinks(m, *old)
	}
	for l := range customerLinks(m, next) {
		if !before[l] {
			return true
		}
	}
	return false
}

func event(kind string, r store.Record, by store.Actor) store.Event {
	return store.Event{OrgID: r.OrgID, Kind: kind, Module: r.Module, RecordID: r.ID, Actor: by}
}

// StaffRecord are the events of a staff write of record next (old nil: a new record):
// record.linked when next looks up a customer (Contact, Lead, Account) it did not before,
// and, for an edit, field.changed naming the changed fields that notifying holds (the
// fields a tab marks, access.NotifyingFields) when there are any.
func StaffRecord(m crm.Module, old *store.Record, next store.Record, notifying map[string]bool, by store.Actor) []store.Event {
	var out []store.Event
	if linksNew(m, old, next) {
		out = append(out, event(store.EventRecordLinked, next, by))
	}
	if old != nil {
		var fields []string
		for _, f := range ChangedFields(m, *old, next) {
			if notifying[f] {
				fields = append(fields, f)
			}
		}
		if len(fields) > 0 {
			e := event(store.EventFieldChanged, next, by)
			e.Fields = fields
			out = append(out, e)
		}
	}
	return out
}

// CustomerRecord are the events of a portal user's write of record next (old nil: a new
// record): customer.record.created, or customer.record.updated naming the changed fields
// (none for an edit that changed nothing).
func CustomerRecord(m crm.Module, old *store.Record, next store.Record, by store.Actor) []store.Event {
	if old == nil {
		return []store.Event{event(store.EventCustomerRecordCreated, next, by)}
	}
	fields := ChangedFields(m, *old, next)
	if len(fields) == 0 {
		return nil
	}
	e := event(store.EventCustomerRecordUpdated, next, by)
	e.Fields = fields
	return []store.Event{e}
}

// QuoteDecided is the event of a portal user's decision on the quote next:
// customer.quote.accepted or customer.quote.declined, naming Quote_Stage (the field the
// decision moved), instead of the generic customer.record.updated, so staff are told which.
func QuoteDecided(next store.Record, by store.Actor, accepted bool) []store.Event {
	kind := store.EventCustomerQuoteDeclined
	if accepted {
		kind = store.EventCustomerQuoteAccepted
	}
	e := event(kind, next, by)
	e.Fields = []string{"Quote_Stage"}
	return []store.Event{e}
}

// Note are the events of a new note: a portal user's is customer.note.created, staff's
// note.public unless it is internal (an internal note tells no customer anything, not even
// that it exists).
func Note(n store.Note) []store.Event {
	e := store.Event{OrgID: n.OrgID, Module: n.Module, RecordID: n.RecordID, Actor: n.Author, NoteID: n.ID}
	switch {
	case n.Author.Kind == store.ActorPortal:
		e.Kind = store.EventCustomerNoteCreated
	case n.Internal:
		return nil
	default:
		e.Kind = store.EventNotePublic
	}
	return []store.Event{e}
}

// File are the events of a completed upload: a portal user's is customer.file.added, staff's
// file.shared when it is shared with the customer (an internal file is never announced).
func File(a store.Attachment) []store.Event {
	e := store.Event{OrgID: a.OrgID, Module: a.Module, RecordID: a.RecordID, Actor: a.UploadedBy, AttachmentID: a.ID}
	switch {
	case a.UploadedBy.Kind == store.ActorPortal:
		e.Kind = store.EventCustomerFileAdded
	case a.Shared:
		e.Kind = store.EventFileShared
	default:
		return nil
	}
	return []store.Event{e}
}

// Kinds are the kinds of evs, for tests and logs.
func Kinds(evs []store.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Kind
	}
	return slices.Clip(out)
}
