package outbox

import (
	"slices"
	"testing"

	"crmportal/shared/crm"
	"crmportal/shared/store"
)

func invoices(t *testing.T) crm.Module {
	t.Helper()
	m, ok := crm.StandardModule(crm.Invoices)
	if !ok {
		t.Fatal("no Invoices module")
	}
	return m
}

func rec(fields map[string]any) store.Record {
	return store.Record{OrgID: "o1", Module: crm.Invoices, ID: "r1", Fields: fields}
}

func ref(id string) map[string]any { return map[string]any{"id": id, "name": "X"} }

var staff = store.Actor{Kind: store.ActorStaff, ID: "s1", Name: "Ana"}
var portal = store.Actor{Kind: store.ActorPortal, ID: "u1", Name: "Patrícia"}

func TestChangedFields(t *testing.T) {
	m := invoices(t)
	tests := []struct {
		name      string
		old, next map[string]any
		want      []string
	}{
		{"nothing", map[string]any{"Subject": "a"}, map[string]any{"Subject": "a"}, nil},
		{"changed", map[string]any{"Subject": "a", "Status": "Draft"}, map[string]any{"Subject": "a", "Status": "Sent"}, []string{"Status"}},
		{"set", map[string]any{}, map[string]any{"Status": "Sent"}, []string{"Status"}},
		{"cleared", map[string]any{"Status": "Sent"}, map[string]any{"Status": nil}, []string{"Status"}},
		{"nil and absent are the same", map[string]any{"Status": nil}, map[string]any{}, nil},
		{"lookup moved", map[string]any{"Contact_Name": ref("c1")}, map[string]any{"Contact_Name": ref("c2")}, []string{"Contact_Name"}},
		{"module order", map[string]any{}, map[string]any{"Contact_Name": ref("c1"), "Subject": "s"}, []string{"Subject", "Contact_Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ChangedFields(m, rec(tt.old), rec(tt.next))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStaffRecord(t *testing.T) {
	m := invoices(t)
	status := map[string]bool{"Status": true}
	tests := []struct {
		name       string
		old        map[string]any // nil: a new record
		next       map[string]any
		notifying  map[string]bool
		wantKinds  []string
		wantFields []string
	}{
		{"new record for a contact", nil, map[string]any{"Subject": "s", "Contact_Name": ref("c1")}, status, []string{store.EventRecordLinked}, nil},
		{"new record for an account", nil, map[string]any{"Account_Name": ref("a1")}, status, []string{store.EventRecordLinked}, nil},
		{"new record for no one", nil, map[string]any{"Subject": "s", "Sales_Order": ref("so1")}, status, []string{}, nil},
		{"notifying field changed", map[string]any{"Status": "Draft"}, map[string]any{"Status": "Sent"}, status, []string{store.EventFieldChanged}, []string{"Status"}},
		{"other field changed", map[string]any{"Subject": "a"}, map[string]any{"Subject": "b"}, status, []string{}, nil},
		{"no tab marks a field", map[string]any{"Status": "Draft"}, map[string]any{"Status": "Sent"}, nil, []string{}, nil},
		{"only the notifying fields are named", map[string]any{"Status": "Draft", "Subject": "a"}, map[string]any{"Status": "Sent", "Subject": "b"}, status, []string{store.EventFieldChanged}, []string{"Status"}},
		{"lookup set on an edit", map[string]any{}, map[string]any{"Contact_Name": ref("c1")}, nil, []string{store.EventRecordLinked}, nil},
		{"lookup kept on an edit", map[string]any{"Contact_Name": ref("c1"), "Subject": "a"}, map[string]any{"Contact_Name": ref("c1"), "Subject": "b"}, nil, []string{}, nil},
		{"lookup cleared", map[string]any{"Contact_Name": ref("c1")}, map[string]any{}, nil, []string{}, nil},
		{"linked and changed", map[string]any{"Status": "Draft"}, map[string]any{"Status": "Sent", "Contact_Name": ref("c1")}, status, []string{store.EventRecordLinked, store.EventFieldChanged}, []string{"Status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var old *store.Record
			if tt.old != nil {
				o := rec(tt.old)
				old = &o
			}
			got := StaffRecord(m, old, rec(tt.next), tt.notifying, staff)
			if kinds := Kinds(got); !slices.Equal(kinds, tt.wantKinds) {
				t.Fatalf("kinds: got %v, want %v", kinds, tt.wantKinds)
			}
			for _, e := range got {
				if e.OrgID != "o1" || e.Module != crm.Invoices || e.RecordID != "r1" || e.Actor != staff {
					t.Errorf("event %+v: want the record and the actor", e)
				}
				if e.Kind == store.EventFieldChanged && !slices.Equal(e.Fields, tt.wantFields) {
					t.Errorf("fields: got %v, want %v", e.Fields, tt.wantFields)
				}
			}
		})
	}
}

func TestCustomerRecord(t *testing.T) {
	m := invoices(t)
	tests := []struct {
		name       string
		old        map[string]any
		next       map[string]any
		wantKinds  []string
		wantFields []string
	}{
		{"created", nil, map[string]any{"Subject": "s"}, []string{store.EventCustomerRecordCreated}, nil},
		{"updated", map[string]any{"Subject": "a"}, map[string]any{"Subject": "b"}, []string{store.EventCustomerRecordUpdated}, []string{"Subject"}},
		{"nothing changed", map[string]any{"Subject": "a"}, map[string]any{"Subject": "a"}, []string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var old *store.Record
			if tt.old != nil {
				o := rec(tt.old)
				old = &o
			}
			got := CustomerRecord(m, old, rec(tt.next), portal)
			if kinds := Kinds(got); !slices.Equal(kinds, tt.wantKinds) {
				t.Fatalf("kinds: got %v, want %v", kinds, tt.wantKinds)
			}
			if len(got) == 1 && !slices.Equal(got[0].Fields, tt.wantFields) {
				t.Errorf("fields: got %v, want %v", got[0].Fields, tt.wantFields)
			}
		})
	}
}

func TestQuoteDecided(t *testing.T) {
	tests := []struct {
		name     string
		accepted bool
		want     string
	}{
		{"accepted", true, store.EventCustomerQuoteAccepted},
		{"declined", false, store.EventCustomerQuoteDeclined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := rec(map[string]any{"Quote_Stage": "Closed Won"})
			got := QuoteDecided(next, portal, tt.accepted)
			if kinds := Kinds(got); !slices.Equal(kinds, []string{tt.want}) {
				t.Fatalf("kinds: got %v, want [%s]", kinds, tt.want)
			}
			if e := got[0]; !slices.Equal(e.Fields, []string{"Quote_Stage"}) || e.RecordID != next.ID || e.Actor != portal {
				t.Errorf("event = %+v: want Quote_Stage of record %s by the portal user", e, next.ID)
			}
			if !slices.Contains(store.StaffEventKinds, got[0].Kind) {
				t.Errorf("%s is not a staff kind: staff would not be told", got[0].Kind)
			}
		})
	}
}

func TestNote(t *testing.T) {
	tests := []struct {
		name     string
		author   store.Actor
		internal bool
		want     []string
	}{
		{"staff public", staff, false, []string{store.EventNotePublic}},
		{"staff internal", staff, true, []string{}},
		{"customer", portal, false, []string{store.EventCustomerNoteCreated}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Note(store.Note{OrgID: "o1", ID: "n1", RecordID: "r1", Module: crm.Cases, Internal: tt.internal, Author: tt.author})
			if kinds := Kinds(got); !slices.Equal(kinds, tt.want) {
				t.Fatalf("kinds: got %v, want %v", kinds, tt.want)
			}
			for _, e := range got {
				if e.NoteID != "n1" || e.RecordID != "r1" || e.Module != crm.Cases || e.Actor != tt.author {
					t.Errorf("event %+v: want the note, its record and its author", e)
				}
			}
		})
	}
}

func TestFile(t *testing.T) {
	tests := []struct {
		name   string
		by     store.Actor
		shared bool
		want   []string
	}{
		{"staff shared", staff, true, []string{store.EventFileShared}},
		{"staff internal", staff, false, []string{}},
		{"customer", portal, false, []string{store.EventCustomerFileAdded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := File(store.Attachment{OrgID: "o1", ID: "f1", RecordID: "r1", Module: crm.Cases, UploadedBy: tt.by, Shared: tt.shared})
			if kinds := Kinds(got); !slices.Equal(kinds, tt.want) {
				t.Fatalf("kinds: got %v, want %v", kinds, tt.want)
			}
			for _, e := range got {
				if e.AttachmentID != "f1" || e.RecordID != "r1" {
					t.Errorf("event %+v: want the file and its record", e)
				}
			}
		})
	}
}
