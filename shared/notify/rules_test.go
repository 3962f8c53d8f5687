package notify

import (
	"slices"
	"testing"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/invite"
	"crmportal/shared/locale"
	"crmportal/shared/store"
)

func ref(id string) map[string]any { return map[string]any{"id": id, "name": "x"} }

// cases is a user type whose Cases tab is scope (own through Contact_Name, or account
// through Account_Name), with notes and attachments, Status notifying.
func casesType(scope, field string) access.UserType {
	tab := access.Tab{Module: crm.Cases, Enabled: true, Scope: scope, ScopeField: field, Layouts: []string{"default"}, View: true,
		Notes: true, Attachments: true, NotifyFields: []string{"Status"}, Display: access.Display{Kind: access.DisplayList, Columns: []string{"Subject"}}}
	own := access.Tab{Module: crm.Contacts, Enabled: true, Scope: access.ScopeOwn, Layouts: []string{"default"}, View: true,
		Display: access.Display{Kind: access.DisplayList, Columns: []string{"Last_Name"}}}
	return access.UserType{ID: "ut1", BaseModule: crm.Contacts, Tabs: []access.Tab{own, tab},
		Fields: map[string]map[string]access.Perm{crm.Cases: {"Subject": access.PermRead, "Status": access.PermRead}}}
}

func TestTabTarget(t *testing.T) {
	r := store.Record{ID: "case1", Module: crm.Cases, Fields: map[string]any{"Contact_Name": ref("pat"), "Account_Name": ref("acme")}}
	own, account := casesType(access.ScopeOwn, "Contact_Name"), casesType(access.ScopeAccount, "Account_Name")
	for _, tt := range []struct {
		name   string
		ut     access.UserType
		tab    access.Tab
		r      store.Record
		want   Target
		wantOK bool
	}{
		{"own scope: the contact the lookup names", own, own.Tabs[1], r, Target{TargetOwn, "pat"}, true},
		{"account scope: the account the lookup names", account, account.Tabs[1], r, Target{TargetAccount, "acme"}, true},
		{"the base tab: the record is the customer", own, own.Tabs[0], store.Record{ID: "pat", Module: crm.Contacts}, Target{TargetSelf, "pat"}, true},
		{"an empty lookup names no one", own, own.Tabs[1], store.Record{ID: "c", Fields: map[string]any{}}, Target{}, false},
		{"a catalog tab notifies no one", own, access.Tab{Module: crm.Products, Enabled: true, View: true, Scope: access.ScopeCatalog}, r, Target{}, false},
		{"a disabled tab notifies no one", own, func() access.Tab { tb := own.Tabs[1]; tb.Enabled = false; return tb }(), r, Target{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TabTarget(tt.ut, tt.tab, tt.r)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestForCustomer(t *testing.T) {
	m, _ := crm.StandardModule(crm.Cases)
	ut := casesType(access.ScopeOwn, "Contact_Name")
	pat := store.PortalUser{ID: "u1", RecordID: "pat", UserTypeID: "ut1", Status: invite.Active}
	self := access.Self{RecordID: "pat"}
	rec := store.Record{ID: "case1", Module: crm.Cases, Fields: map[string]any{"Contact_Name": ref("pat")}}
	staff := store.Actor{Kind: store.ActorStaff, ID: "s1", Name: "Ana"}
	ev := func(kind string, fields ...string) store.Event {
		return store.Event{Kind: kind, Module: crm.Cases, RecordID: "case1", Actor: staff, Fields: fields}
	}
	public := &store.Note{RecordID: "case1"}
	internal := &store.Note{RecordID: "case1", Internal: true}
	shared := &store.Attachment{RecordID: "case1", Shared: true, Status: store.AttachmentReady}
	internalFile := &store.Attachment{RecordID: "case1", Status: store.AttachmentReady}
	with := func(f func(*store.PortalUser)) store.PortalUser { u := pat; f(&u); return u }
	for _, tt := range []struct {
		name       string
		ut         access.UserType
		u          store.PortalUser
		self       access.Self
		ev         store.Event
		r          store.Record
		sub        Subject
		wantFields []string
		want       bool
	}{
		{"a public note on her case", ut, pat, self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, true},
		{"an internal note: no", ut, pat, self, ev(store.EventNotePublic), rec, Subject{Note: internal}, nil, false},
		{"a note gone before delivery: no", ut, pat, self, ev(store.EventNotePublic), rec, Subject{}, nil, false},
		{"a shared file", ut, pat, self, ev(store.EventFileShared), rec, Subject{File: shared}, nil, true},
		{"an internal file: no", ut, pat, self, ev(store.EventFileShared), rec, Subject{File: internalFile}, nil, false},
		{"a notifying field she sees, named alone", ut, pat, self, ev(store.EventFieldChanged, "Priority", "Status"), rec, Subject{}, []string{"Status"}, true},
		{"only fields the tab does not mark: no", ut, pat, self, ev(store.EventFieldChanged, "Priority"), rec, Subject{}, nil, false},
		{"a marked field hidden from the type: no", func() access.UserType {
			u := casesType(access.ScopeOwn, "Contact_Name")
			u.Fields = map[string]map[string]access.Perm{crm.Cases: {"Subject": access.PermRead}}
			return u
		}(), pat, self, ev(store.EventFieldChanged, "Status"), rec, Subject{}, nil, false},
		{"a record linked to her", ut, pat, self, ev(store.EventRecordLinked), rec, Subject{}, nil, true},
		{"another customer's case: no", ut, pat, self, ev(store.EventRecordLinked), store.Record{ID: "case1", Module: crm.Cases, Fields: map[string]any{"Contact_Name": ref("other")}}, Subject{}, nil, false},
		{"a kind she turned off: no", ut, with(func(u *store.PortalUser) {
			u.Preferences = &store.Preferences{NotifyOff: []string{store.EventNotePublic}}
		}), self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, false},
		{"a kind her type does not notify: no", func() access.UserType { u := ut; u.Notify = []string{store.EventFileShared}; return u }(), pat, self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, false},
		{"a deactivated user: no", ut, with(func(u *store.PortalUser) { u.Status = invite.Deactivated }), self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, false},
		{"a user of another type: no", ut, with(func(u *store.PortalUser) { u.UserTypeID = "ut2" }), self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, false},
		{"a staff kind: no", ut, pat, self, ev(store.EventCustomerNoteCreated), rec, Subject{}, nil, false},
		{"the actor herself: no", ut, pat, self, store.Event{Kind: store.EventRecordLinked, Actor: store.Actor{Kind: store.ActorPortal, ID: "u1"}}, rec, Subject{}, nil, false},
		{"a tab without notes: no", func() access.UserType {
			u := casesType(access.ScopeOwn, "Contact_Name")
			u.Tabs[1].Notes = false
			return u
		}(), pat, self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, false},
		{"a tab removed: no", func() access.UserType { u := ut; u.Tabs = u.Tabs[:1]; return u }(), pat, self, ev(store.EventNotePublic), rec, Subject{Note: public}, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gotFields, got := ForCustomer(tt.ut, tt.u, tt.self, tt.ev, m, tt.r, tt.sub)
			if got != tt.want || !slices.Equal(gotFields, tt.wantFields) {
				t.Errorf("got %v %v, want %v %v", gotFields, got, tt.wantFields, tt.want)
			}
		})
	}
}

func TestStaffTo(t *testing.T) {
	admin := store.Staff{ID: "a1", Email: "admin@acme.example", Role: store.RoleAdmin, Status: store.StaffActive}
	admin2 := store.Staff{ID: "a2", Email: "suporte@acme.example", Role: store.RoleAdmin, Status: store.StaffActive}
	user := store.Staff{ID: "u1", Email: "user@acme.example", Role: store.RoleUser, Status: store.StaffActive}
	off := store.Staff{ID: "u2", Role: store.RoleUser, Status: store.StaffActive, Preferences: store.StaffPreferences{NotifyOff: []string{store.EventCustomerNoteCreated}}}
	gone := store.Staff{ID: "u3", Role: store.RoleUser, Status: "deactivated"}
	members := []store.Staff{admin, admin2, user, off, gone}
	note := store.Event{Kind: store.EventCustomerNoteCreated, Actor: store.Actor{Kind: store.ActorPortal, ID: "p1"}}
	ids := func(ss []store.Staff) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name     string
		ev       store.Event
		owner    string
		notify   store.StaffNotify
		wantIDs  []string
		wantAddr string
	}{
		{"the owner alone", note, "u1", store.StaffNotify{Email: "x@acme.example", Role: "all"}, []string{"u1"}, ""},
		{"an owner who turned the kind off: no one", note, "u2", store.StaffNotify{Role: "all"}, nil, ""},
		{"a deactivated owner: no one", note, "u3", store.StaffNotify{Role: "all"}, nil, ""},
		{"no owner: the address", note, "", store.StaffNotify{Email: "Caixa@Acme.example"}, nil, "caixa@acme.example"},
		{"no owner: the admins", note, "", store.StaffNotify{Role: "admin"}, []string{"a1", "a2"}, ""},
		{"no owner: every active member who wants it", note, "", store.StaffNotify{Role: "all"}, []string{"a1", "a2", "u1"}, ""},
		{"the address of a member already told is not mailed twice", note, "", store.StaffNotify{Email: "suporte@acme.example", Role: "admin"}, []string{"a1", "a2"}, ""},
		{"nobody chosen: no one", note, "", store.StaffNotify{}, nil, ""},
		{"not the actor", store.Event{Kind: store.EventCustomerFileAdded, Actor: store.Actor{Kind: store.ActorStaff, ID: "a1"}}, "", store.StaffNotify{Role: "admin"}, []string{"a2"}, ""},
		{"a customer kind tells no staff", store.Event{Kind: store.EventNotePublic}, "u1", store.StaffNotify{Role: "all"}, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			to, addr := StaffTo(tt.ev, store.Record{OwnerID: tt.owner}, store.Org{StaffNotify: tt.notify}, members)
			if !slices.Equal(ids(to), tt.wantIDs) || addr != tt.wantAddr {
				t.Errorf("got %v %q, want %v %q", ids(to), addr, tt.wantIDs, tt.wantAddr)
			}
		})
	}
}

func TestSuppressions(t *testing.T) {
	for _, tt := range []struct {
		name, msg string
		want      []string
	}{
		{"a permanent bounce", `{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"a@x.example"},{"emailAddress":"b@x.example"}]}}`, []string{"a@x.example", "b@x.example"}},
		{"a configuration set's complaint", `{"eventType":"Complaint","complaint":{"complaintFeedbackType":"abuse","complainedRecipients":[{"emailAddress":"c@x.example"}]}}`, []string{"c@x.example"}},
		{"a transient bounce suppresses nothing", `{"notificationType":"Bounce","bounce":{"bounceType":"Transient","bouncedRecipients":[{"emailAddress":"a@x.example"}]}}`, nil},
		{"a delivery suppresses nothing", `{"notificationType":"Delivery","mail":{"messageId":"m"}}`, nil},
		{"not JSON", `bounce!`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Suppressions(tt.msg, testNow) {
				got = append(got, s.Email)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSummaryNamesKindsCountsAndFieldsOnly(t *testing.T) {
	for _, tt := range []struct {
		name   string
		counts map[string]int
		fields []string
		lang   string
		want   string
	}{
		{"one reply", map[string]int{store.EventNotePublic: 1}, nil, "en", "1 new reply."},
		{"replies and changes, in Portuguese", map[string]int{store.EventNotePublic: 2, store.EventFieldChanged: 100}, []string{"Status"}, "pt-BR",
			"100 alterações em Status; 2 novas respostas."},
		{"a shared file", map[string]int{store.EventFileShared: 1}, nil, "en", "1 new shared file."},
		{"replies and changes, in Spanish", map[string]int{store.EventNotePublic: 2, store.EventFieldChanged: 100}, []string{"Estado"}, "es",
			"100 cambios en Estado; 2 nuevas respuestas."},
		{"a record for you, in Latin American Spanish", map[string]int{store.EventRecordLinked: 1}, nil, "es-419", "Un nuevo registro para usted."},
		{"an accepted quote", map[string]int{store.EventCustomerQuoteAccepted: 1}, nil, "en", "1 quote accepted by the customer."},
		{"quotes declined, in Portuguese", map[string]int{store.EventCustomerQuoteDeclined: 2}, nil, "pt-BR", "2 cotações recusadas pelo cliente."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var kinds []string
			for k := range tt.counts {
				kinds = append(kinds, k)
			}
			slices.Sort(kinds)
			if got := Summary(tt.counts, kinds, tt.fields, tt.lang); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEmailWordsAreInEveryUILanguage: the subject and the summary of every kind of event have
// their own words in every UI language (locale.UILanguages): none falls back to English.
func TestEmailWordsAreInEveryUILanguage(t *testing.T) {
	kinds := slices.Concat(store.CustomerEventKinds, store.StaffEventKinds)
	for _, lang := range locale.UILanguages {
		if lang == "en" {
			continue
		}
		for _, k := range kinds {
			t.Run(lang+"/"+k, func(t *testing.T) {
				for _, n := range []int{1, 2} {
					counts := map[string]int{k: n}
					if got, en := Summary(counts, []string{k}, nil, lang), Summary(counts, []string{k}, nil, "en"); got == en {
						t.Errorf("Summary of %d: got %q, the English one", n, got)
					}
				}
				if got, en := SubjectLine([]string{k}, lang), SubjectLine([]string{k}, "en"); got == en {
					t.Errorf("SubjectLine: got %q, the English one", got)
				}
			})
		}
		if got := SubjectLine(kinds, lang); got == SubjectLine(kinds, "en") {
			t.Errorf("%s SubjectLine of several kinds: got %q, the English one", lang, got)
		}
	}
}

var testNow = mustTime("2026-12-07T10:00:00Z")
