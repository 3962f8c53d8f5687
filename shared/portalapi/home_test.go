package portalapi

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"sync"
	"testing"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

func TestCaseOpen(t *testing.T) {
	tests := []struct {
		name   string
		fields map[string]any
		want   bool
	}{
		{name: "new", fields: map[string]any{"Status": "New"}, want: true},
		{name: "escalated", fields: map[string]any{"Status": "Escalated"}, want: true},
		{name: "on hold", fields: map[string]any{"Status": "On Hold"}, want: true},
		{name: "no status yet", fields: map[string]any{}, want: true},
		{name: "a value the organization added", fields: map[string]any{"Status": "Waiting for parts"}, want: true},
		{name: "closed", fields: map[string]any{"Status": "Closed"}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CaseOpen(tt.fields); got != tt.want {
				t.Errorf("CaseOpen(%v) = %v, want %v", tt.fields, got, tt.want)
			}
		})
	}
}

func TestInvoiceDue(t *testing.T) {
	const today = "2026-03-01"
	tests := []struct {
		name        string
		fields      map[string]any
		datesShown  bool
		wantDue     bool
		wantOverdue bool
	}{
		{name: "sent, due later", fields: map[string]any{"Status": "Sent", "Due_Date": "2026-03-10"}, datesShown: true, wantDue: true},
		{name: "created (issued)", fields: map[string]any{"Status": "Created"}, datesShown: true, wantDue: true},
		{name: "approved, due today", fields: map[string]any{"Status": "Approved", "Due_Date": today}, datesShown: true, wantDue: true},
		{name: "sent, past its due date", fields: map[string]any{"Status": "Sent", "Due_Date": "2026-02-28"}, datesShown: true, wantDue: true, wantOverdue: true},
		{name: "past its due date the user may not see", fields: map[string]any{"Status": "Sent", "Due_Date": "2026-02-28"}, wantDue: true},
		{name: "overdue by status", fields: map[string]any{"Status": "Overdue", "Due_Date": "2026-04-01"}, wantDue: true, wantOverdue: true},
		{name: "paid", fields: map[string]any{"Status": "Paid", "Due_Date": "2026-02-01"}, datesShown: true},
		{name: "draft", fields: map[string]any{"Status": "Draft"}, datesShown: true},
		{name: "cancelled", fields: map[string]any{"Status": "Cancelled"}, datesShown: true},
		{name: "no status", fields: map[string]any{"Due_Date": "2026-02-01"}, datesShown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, overdue := InvoiceDue(tt.fields, today, tt.datesShown)
			if due != tt.wantDue || overdue != tt.wantOverdue {
				t.Errorf("InvoiceDue(%v) = %v, %v, want %v, %v", tt.fields, due, overdue, tt.wantDue, tt.wantOverdue)
			}
		})
	}
}

func TestQuoteAwaiting(t *testing.T) {
	const today = "2026-03-01"
	tests := []struct {
		name   string
		fields map[string]any
		want   bool
	}{
		{name: "delivered", fields: map[string]any{"Quote_Stage": "Delivered", "Valid_Till": "2026-03-30"}, want: true},
		{name: "negotiation without a validity", fields: map[string]any{"Quote_Stage": "Negotiation"}, want: true},
		{name: "valid until today", fields: map[string]any{"Quote_Stage": "Delivered", "Valid_Till": today}, want: true},
		{name: "expired", fields: map[string]any{"Quote_Stage": "Delivered", "Valid_Till": "2026-02-28"}, want: false},
		{name: "draft", fields: map[string]any{"Quote_Stage": "Draft"}, want: false},
		{name: "confirmed", fields: map[string]any{"Quote_Stage": "Confirmed"}, want: false},
		{name: "closed won", fields: map[string]any{"Quote_Stage": "Closed Won"}, want: false},
		{name: "no stage", fields: map[string]any{}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuoteAwaiting(tt.fields, today, AwaitingQuoteStages); got != tt.want {
				t.Errorf("QuoteAwaiting(%v) = %v, want %v", tt.fields, got, tt.want)
			}
		})
	}
}

// homeStore is fakeStore with the link items of the user's tabs: linked answers a module's
// records (every one, whatever the target; the handler must filter by scope) and counts the
// reads. The home reads its sections concurrently, so the count is guarded.
type homeStore struct {
	*fakeStore
	linked map[string][]store.Record
	mu     sync.Mutex
	reads  map[string]int
}

func (h *homeStore) ListLinkedPage(_ context.Context, m crm.Module, _, _, _ string, q crm.ListQuery) (store.Page[store.Record], error) {
	h.mu.Lock()
	h.reads[m.APIName]++
	h.mu.Unlock()
	if q.Limit != HomeWindow || !q.Desc || q.Sort != crm.ModifiedTime {
		return store.Page[store.Record]{}, unexpected("ListLinkedPage with another query")
	}
	return store.Page[store.Record]{Items: h.linked[m.APIName]}, nil
}

// fakeReplies answers each case's latest public staff note from notes (record id -> note).
type fakeReplies struct{ notes map[string]store.Note }

func (f fakeReplies) LatestPublicNote(_ context.Context, _, record, kind string, window int) (store.Note, bool, error) {
	if kind != store.ActorStaff || window != ReplyWindow {
		return store.Note{}, false, unexpected("LatestPublicNote of another kind")
	}
	n, ok := f.notes[record]
	return n, ok, nil
}

// homeType is clientes with Invoices (own scope: Contact_Name; Due_Date hidden unless
// dueDate) and Quotes tabs, and notes on the Cases tab.
func homeType(dueDate bool) store.UserType {
	ut := clientes()
	ut.Tabs[1].Notes = true
	ut.Tabs = append(ut.Tabs,
		access.Tab{Module: crm.Invoices, Enabled: true, Scope: access.ScopeOwn, ScopeField: "Contact_Name", Layouts: []string{"default"}, View: true,
			PicklistLabels: map[string]map[string]map[string]string{"Status": {"Sent": {"pt-BR": "Emitida"}}}},
		access.Tab{Module: crm.Quotes, Enabled: true, Scope: access.ScopeOwn, ScopeField: "Contact_Name", Layouts: []string{"default"}, View: true})
	ut.Fields[crm.Invoices] = map[string]access.Perm{"Subject": access.PermRead, "Status": access.PermRead, "Grand_Total": access.PermRead}
	if dueDate {
		ut.Fields[crm.Invoices]["Due_Date"] = access.PermRead
	}
	ut.Fields[crm.Quotes] = map[string]access.Perm{"Subject": access.PermRead, "Quote_Stage": access.PermRead}
	return ut
}

func rec(module, id string, fields map[string]any) store.Record {
	return store.Record{OrgID: org, ID: id, Module: module, LayoutID: "default", Version: 1, Fields: fields}
}

func homeRecords() map[string][]store.Record {
	mine := map[string]any{"id": contact}
	acct := map[string]any{"id": account}
	return map[string][]store.Record{
		crm.Cases: {
			rec(crm.Cases, "case00001", map[string]any{"Subject": "Printer", "Status": "Open", "Account_Name": acct, "Internal_Comments": "VIP"}),
			rec(crm.Cases, "case00002", map[string]any{"Subject": "Closed one", "Status": "Closed", "Account_Name": acct}),
			rec(crm.Cases, "case00003", map[string]any{"Subject": "Another account's", "Status": "Open", "Account_Name": map[string]any{"id": "account999"}}),
		},
		crm.Invoices: {
			rec(crm.Invoices, "inv000001", map[string]any{"Subject": "NF-1", "Status": "Sent", "Due_Date": "2026-02-01", "Grand_Total": "10.00", "Contact_Name": mine, "Purchase_Order": "OC-1"}),
			rec(crm.Invoices, "inv000002", map[string]any{"Subject": "NF-2", "Status": "Paid", "Contact_Name": mine}),
			rec(crm.Invoices, "inv000003", map[string]any{"Subject": "Someone else's", "Status": "Overdue", "Contact_Name": map[string]any{"id": "contact999"}}),
			rec(crm.Invoices, "inv000004", map[string]any{"Subject": "NF-4", "Status": "Overdue", "Contact_Name": mine}),
		},
		crm.Quotes: {
			rec(crm.Quotes, "quote0001", map[string]any{"Subject": "Q-1", "Quote_Stage": "Delivered", "Contact_Name": mine}),
			rec(crm.Quotes, "quote0002", map[string]any{"Subject": "Q-2", "Quote_Stage": "Draft", "Contact_Name": mine}),
		},
	}
}

func TestHome(t *testing.T) {
	staff := store.Actor{Kind: store.ActorStaff, ID: "staff001", Name: "Ana (Acme)"}
	tests := []struct {
		name    string
		ut      store.UserType
		records func(map[string][]store.Record)
		notes   map[string]store.Note
		// want is section kind -> the ids of its items, in order
		want map[string][]string
		// check looks at the answer further
		check func(t *testing.T, h HomeJSON)
	}{
		{name: "each section in scope, matching its criterion", ut: homeType(true),
			want: map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}, HomeAwaitingQuotes: {"quote0001"}},
			check: func(t *testing.T, h HomeJSON) {
				inv := h.Sections[1].Items
				if !inv[0].Overdue || !inv[1].Overdue {
					t.Errorf("overdue = %v, %v, want both (a past due date, the Overdue status)", inv[0].Overdue, inv[1].Overdue)
				}
				if got := inv[0].Fields["Status"]; got != "Emitida" {
					t.Errorf("Status = %v, want the tab's pt-BR label Emitida", got)
				}
				if inv[0].Name != "NF-1" {
					t.Errorf("name = %q, want NF-1", inv[0].Name)
				}
			}},
		{name: "hidden fields never leave the server", ut: homeType(false),
			want: map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}, HomeAwaitingQuotes: {"quote0001"}},
			check: func(t *testing.T, h HomeJSON) {
				for _, sec := range h.Sections {
					for _, it := range sec.Items {
						for _, f := range []string{"Internal_Comments", "Due_Date", "Purchase_Order", "Contact_Name", "Account_Name"} {
							if _, ok := it.Fields[f]; ok {
								t.Errorf("%s %s carries the hidden field %s", sec.Kind, it.ID, f)
							}
						}
					}
				}
				if inv := h.Sections[1].Items[0]; inv.Overdue {
					t.Errorf("%s is overdue by a due date the user may not see", inv.ID)
				}
			}},
		{name: "a type without the Cases tab has no cases section", ut: func() store.UserType {
			ut := homeType(true)
			ut.Tabs = slices.DeleteFunc(ut.Tabs, func(t access.Tab) bool { return t.Module == crm.Cases })
			return ut
		}(), want: map[string][]string{HomeDueInvoices: {"inv000001", "inv000004"}, HomeAwaitingQuotes: {"quote0001"}}},
		{name: "a disabled tab has no section", ut: func() store.UserType {
			ut := homeType(true)
			ut.Tabs[4].Enabled = false // Quotes
			return ut
		}(), want: map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}}},
		{name: "a hidden criterion field has no section", ut: func() store.UserType {
			ut := homeType(true)
			delete(ut.Fields[crm.Quotes], "Quote_Stage")
			return ut
		}(), want: map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}}},
		{name: "the latest public staff reply", ut: homeType(true),
			notes: map[string]store.Note{"case00001": {ID: "note0001", Body: "We sent a technician.", Author: staff, CreatedAt: now}},
			want:  map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}, HomeAwaitingQuotes: {"quote0001"}},
			check: func(t *testing.T, h HomeJSON) {
				got := h.Sections[0].Items[0].LatestReply
				if got == nil || got.Body != "We sent a technician." || got.Author != "Ana (Acme)" || !got.At.Equal(now) {
					t.Errorf("latestReply = %+v, want the staff note", got)
				}
			}},
		{name: "an internal note never becomes the latest reply", ut: homeType(true),
			notes: map[string]store.Note{"case00001": {ID: "note0001", Body: "VIP, be quick", Internal: true, Author: staff}},
			want:  map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}, HomeAwaitingQuotes: {"quote0001"}},
			check: func(t *testing.T, h HomeJSON) {
				if got := h.Sections[0].Items[0].LatestReply; got != nil {
					t.Errorf("latestReply = %+v, want none", got)
				}
			}},
		{name: "no reply where the tab shows no notes", ut: func() store.UserType {
			ut := homeType(true)
			ut.Tabs[1].Notes = false
			return ut
		}(), notes: map[string]store.Note{"case00001": {ID: "note0001", Body: "Hello", Author: staff}},
			want: map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"}, HomeAwaitingQuotes: {"quote0001"}},
			check: func(t *testing.T, h HomeJSON) {
				if got := h.Sections[0].Items[0].LatestReply; got != nil {
					t.Errorf("latestReply = %+v, want none", got)
				}
			}},
		{name: "at most HomeItems, and more", ut: homeType(true), records: func(r map[string][]store.Record) {
			r[crm.Quotes] = nil
			for _, id := range []string{"quote0011", "quote0012", "quote0013", "quote0014", "quote0015", "quote0016"} {
				r[crm.Quotes] = append(r[crm.Quotes], rec(crm.Quotes, id, map[string]any{"Quote_Stage": "Negotiation", "Contact_Name": map[string]any{"id": contact}}))
			}
		}, want: map[string][]string{HomeOpenCases: {"case00001"}, HomeDueInvoices: {"inv000001", "inv000004"},
			HomeAwaitingQuotes: {"quote0011", "quote0012", "quote0013", "quote0014", "quote0015"}},
			check: func(t *testing.T, h HomeJSON) {
				if !h.Sections[2].More || h.Sections[0].More {
					t.Errorf("more = %v (cases), %v (quotes), want false, true", h.Sections[0].More, h.Sections[2].More)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			records := homeRecords()
			if tt.records != nil {
				tt.records(records)
			}
			fs := &homeStore{fakeStore: recordsStore(storedCase()), linked: records, reads: map[string]int{}}
			fs.org = func(id string) (store.Org, error) { return store.Org{ID: id}, nil } // default quote stages
			s := newService(fs.fakeStore)
			s.Store = fs
			p := principal()
			p.UserType = tt.ut
			h := &HomeService{Service: s, Replies: fakeReplies{notes: tt.notes}}
			r := jsonRequest(http.MethodGet, nil, "")
			r.QueryStringParameters = map[string]string{"lang": "pt-BR"}
			reply, err := h.Home(context.Background(), p, r)
			if err != nil {
				t.Fatalf("Home: %v", err)
			}
			home := reply.Body.(HomeJSON)
			got := map[string][]string{}
			for _, sec := range home.Sections {
				for _, it := range sec.Items {
					got[sec.Kind] = append(got[sec.Kind], it.ID)
				}
				if len(sec.Items) == 0 {
					got[sec.Kind] = []string{}
				}
			}
			if !maps.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("sections = %v, want %v", got, tt.want)
			}
			for module, n := range fs.reads {
				if n != 1 {
					t.Errorf("%s read %d times, want once", module, n)
				}
			}
			if tt.check != nil {
				tt.check(t, home)
			}
		})
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "short", in: "olá", want: "olá"},
		{name: "exactly the length", in: "abcde", want: "abcde"},
		{name: "cut with an ellipsis, by characters", in: "açúcar!", want: "açúc…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clip(tt.in, 5); got != tt.want {
				t.Errorf("clip(%q, 5) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
