package access

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"crmportal/shared/crm"
)

// The portal user of the scope tests: their Contact and its Account.
const (
	meID   = "contact0001"
	acctID = "account0001"
)

var me = Self{RecordID: meID, AccountID: acctID}

// scopedType is a Contacts-based user type with one tab of each scope, each allowing every
// action its scope allows and hiding closed records (Status ne Closed):
//
//	Contacts  the user's own record;
//	Invoices  own through Contact_Name;
//	Cases     account through Account_Name;
//	Products  catalog.
func scopedType() UserType {
	fixed := func() *Criterion { return &Criterion{Field: "Status", Op: OpNe, Values: []string{"Closed"}} }
	all := func(module, scope, field string) Tab {
		return Tab{Module: module, Enabled: true, Scope: scope, ScopeField: field, Layouts: []string{"default"},
			View: true, Create: true, Edit: true, Delete: true, Notes: true, Attachments: true, Fixed: fixed()}
	}
	return UserType{
		ID: "ut1", Name: "Customers", Position: 0, BaseModule: crm.Contacts,
		Tabs: []Tab{
			all(crm.Contacts, ScopeOwn, ""),
			all(crm.Invoices, ScopeOwn, "Contact_Name"),
			all(crm.Cases, ScopeAccount, "Account_Name"),
			all(crm.Products, ScopeCatalog, ""),
		},
	}
}

func TestListFrom(t *testing.T) {
	ut := freeType()
	tests := []struct {
		name   string
		module string
		modify func(*Tab)
		self   Self
		want   ListSource
		ok     bool
	}{
		{"base tab: the own record", crm.Contacts, nil, me,
			ListSource{Kind: SourceSelf, Target: meID, Module: crm.Contacts}, true},
		{"own scope: linked to the contact", crm.Invoices, nil, me,
			ListSource{Kind: SourceLinked, Target: meID, LinkField: "Contact_Name", Module: crm.Invoices}, true},
		{"account scope: linked to the account", crm.Cases, nil, me,
			ListSource{Kind: SourceLinked, Target: acctID, LinkField: "Account_Name", Module: crm.Cases}, true},
		{"account scope through another lookup to Accounts", crm.Cases, func(tab *Tab) { tab.ScopeField = "Billing_Account" }, me,
			ListSource{Kind: SourceLinked, Target: acctID, LinkField: "Billing_Account", Module: crm.Cases}, true},
		{"catalog: the whole module", crm.Products, nil, me,
			ListSource{Kind: SourceModule, Module: crm.Products}, true},
		{"catalog needs no id", crm.Products, nil, Self{},
			ListSource{Kind: SourceModule, Module: crm.Products}, true},
		{"account scope without an account", crm.Cases, nil, Self{RecordID: meID}, ListSource{}, false},
		{"own scope without a record", crm.Invoices, nil, Self{AccountID: acctID}, ListSource{}, false},
		{"base tab without a record", crm.Contacts, nil, Self{AccountID: acctID}, ListSource{}, false},
		{"disabled", crm.Invoices, func(tab *Tab) { tab.Enabled = false }, me, ListSource{}, false},
		{"no view", crm.Cases, func(tab *Tab) { tab.View = false }, me, ListSource{}, false},
		{"unknown scope", crm.Invoices, func(tab *Tab) { tab.Scope = "all" }, me, ListSource{}, false},
		{"account scope without a scope field", crm.Cases, func(tab *Tab) { tab.ScopeField = "" }, me, ListSource{}, false},
		{"catalog with a scope field", crm.Products, func(tab *Tab) { tab.ScopeField = "Vendor" }, me, ListSource{}, false},
		{"no module", crm.Invoices, func(tab *Tab) { tab.Module = "" }, me, ListSource{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := tabOf(t, ut, tt.module)
			if tt.modify != nil {
				tt.modify(&tab)
			}
			got, ok := ListFrom(tab, tt.self)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ListFrom: got %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestInScope(t *testing.T) {
	ref := func(id string) map[string]any { return map[string]any{"id": id, "name": "Someone"} }
	tests := []struct {
		name     string
		module   string
		modify   func(*Tab)
		self     Self
		recordID string
		fields   map[string]any
		want     bool
	}{
		{"base: own record", crm.Contacts, nil, me, meID, map[string]any{"Last_Name": "Silva"}, true},
		{"base: own record without fields", crm.Contacts, func(tab *Tab) { tab.Fixed = nil }, me, meID, nil, true},
		{"base: another contact", crm.Contacts, nil, me, "contact0002", map[string]any{"Last_Name": "Souza"}, false},
		{"base: empty record id", crm.Contacts, nil, Self{}, "", nil, false},
		{"base: own record fails the criterion", crm.Contacts, nil, me, meID, map[string]any{"Status": "Closed"}, false},
		{"own: lookup as {id, name}", crm.Invoices, nil, me, "inv1", map[string]any{"Contact_Name": ref(meID)}, true},
		{"own: lookup as map[string]string", crm.Invoices, nil, me, "inv1",
			map[string]any{"Contact_Name": map[string]string{"id": meID}}, true},
		{"own: lookup as a plain id", crm.Invoices, nil, me, "inv1", map[string]any{"Contact_Name": meID}, true},
		{"own: another contact", crm.Invoices, nil, me, "inv1", map[string]any{"Contact_Name": ref("contact0002")}, false},
		{"own: lookup missing", crm.Invoices, nil, me, "inv1", map[string]any{"Subject": "x"}, false},
		{"own: lookup without id", crm.Invoices, nil, me, "inv1", map[string]any{"Contact_Name": map[string]any{"name": "Ana"}}, false},
		{"own: lookup id of another type", crm.Invoices, nil, me, "inv1", map[string]any{"Contact_Name": map[string]any{"id": 7}}, false},
		{"own: empty lookup and empty self", crm.Invoices, nil, Self{}, "inv1", map[string]any{"Contact_Name": ref("")}, false},
		{"own: me through another field only", crm.Invoices, nil, me, "inv1",
			map[string]any{"Contact_Name": ref("contact0002"), "Account_Name": ref(meID)}, false},
		{"own: filtered out", crm.Invoices, nil, me, "inv1", map[string]any{"Contact_Name": ref(meID), "Status": "Closed"}, false},
		{"own: empty record id", crm.Invoices, nil, me, "", map[string]any{"Contact_Name": ref(meID)}, false},
		{"account: my account", crm.Cases, nil, me, "case1", map[string]any{"Account_Name": ref(acctID)}, true},
		{"account: another account", crm.Cases, nil, me, "case1", map[string]any{"Account_Name": ref("account0002")}, false},
		{"account: my contact but not my account", crm.Cases, nil, me, "case1",
			map[string]any{"Contact_Name": ref(meID), "Account_Name": ref("account0002")}, false},
		{"account: user without an account", crm.Cases, nil, Self{RecordID: meID}, "case1",
			map[string]any{"Account_Name": ref("")}, false},
		{"account: lookup missing", crm.Cases, nil, me, "case1", map[string]any{}, false},
		{"account: through the tab's scope field", crm.Cases, func(tab *Tab) { tab.ScopeField = "Billing_Account" }, me, "case1",
			map[string]any{"Account_Name": ref("account0002"), "Billing_Account": ref(acctID)}, true},
		{"account: not through another lookup to Accounts", crm.Cases, func(tab *Tab) { tab.ScopeField = "Billing_Account" }, me, "case1",
			map[string]any{"Account_Name": ref(acctID)}, false},
		{"account: filtered out", crm.Cases, nil, me, "case1",
			map[string]any{"Account_Name": ref(acctID), "Status": "Closed"}, false},
		{"catalog: any record", crm.Products, nil, Self{}, "prod1", map[string]any{"Product_Name": "Widget"}, true},
		{"catalog: filtered out", crm.Products, nil, me, "prod1", map[string]any{"Status": "Closed"}, false},
		{"catalog: empty record id", crm.Products, nil, me, "", map[string]any{}, false},
		{"unknown scope", crm.Invoices, func(tab *Tab) { tab.Scope = "all" }, me, "inv1", map[string]any{"Contact_Name": ref(meID)}, false},
		{"broken criterion", crm.Invoices, func(tab *Tab) { tab.Fixed.Op = "like" }, me, "inv1",
			map[string]any{"Contact_Name": ref(meID)}, false},
		{"a disabled tab still has a scope", crm.Invoices, func(tab *Tab) { tab.Enabled = false }, me, "inv1",
			map[string]any{"Contact_Name": ref(meID)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := tabOf(t, scopedType(), tt.module) // a new type each time: Fixed is a pointer
			if tt.modify != nil {
				tt.modify(&tab)
			}
			if got := InScope(tab, tt.self, tt.recordID, tt.fields); got != tt.want {
				t.Errorf("InScope: got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestMay holds the named cases; TestMayMatrix covers every combination.
func TestMay(t *testing.T) {
	ref := func(id string) map[string]any { return map[string]any{"id": id, "name": "Someone"} }
	mine := map[string]any{"Contact_Name": ref(meID), "Status": "Open"}
	ours := map[string]any{"Account_Name": ref(acctID), "Contact_Name": ref("contact0002"), "Status": "Open"}
	tests := []struct {
		name     string
		module   string
		modify   func(*UserType, *Tab)
		self     Self
		action   string
		recordID string
		fields   map[string]any
		want     bool
	}{
		// The base module's tab: the user's own record.
		{"view own record", crm.Contacts, nil, me, ActionView, meID, nil, true},
		{"edit own record", crm.Contacts, nil, me, ActionEdit, meID, nil, true},
		{"notes on own record", crm.Contacts, nil, me, ActionNotes, meID, nil, true},
		{"list own record", crm.Contacts, nil, me, ActionList, "", nil, true},
		{"never create on the base tab", crm.Contacts, nil, me, ActionCreate, "", nil, false},
		{"never delete own record", crm.Contacts, nil, me, ActionDelete, meID, nil, false},
		{"view another contact", crm.Contacts, nil, me, ActionView, "contact0002", nil, false},
		{"edit own record without edit", crm.Contacts, func(_ *UserType, tab *Tab) { tab.Edit = false }, me, ActionEdit, meID, nil, false},
		{"session without a record", crm.Contacts, nil, Self{}, ActionView, "", nil, false},

		// Own scope.
		{"view my invoice", crm.Invoices, nil, me, ActionView, "inv1", mine, true},
		{"delete my invoice", crm.Invoices, nil, me, ActionDelete, "inv1", mine, true},
		{"create an invoice: the server sets Contact_Name", crm.Invoices, nil, me, ActionCreate, "", nil, true},
		{"view someone else's invoice", crm.Invoices, nil, me, ActionView, "inv2", ours, false},
		{"edit someone else's invoice", crm.Invoices, nil, me, ActionEdit, "inv2", ours, false},
		{"view a draft hidden by the criterion", crm.Invoices, nil, me, ActionView, "inv1",
			map[string]any{"Contact_Name": ref(meID), "Status": "Closed"}, false},
		{"edit an invoice without a contact", crm.Invoices, nil, me, ActionEdit, "inv1", map[string]any{"Status": "Open"}, false},
		{"delete without delete", crm.Invoices, func(_ *UserType, tab *Tab) { tab.Delete = false }, me, ActionDelete, "inv1", mine, false},
		{"create without create", crm.Invoices, func(_ *UserType, tab *Tab) { tab.Create = false }, me, ActionCreate, "", nil, false},
		{"create without a record to link", crm.Invoices, nil, Self{AccountID: acctID}, ActionCreate, "", nil, false},

		// Account scope.
		{"view my account's case", crm.Cases, nil, me, ActionView, "case1", ours, true},
		{"edit my account's case", crm.Cases, nil, me, ActionEdit, "case1", ours, true},
		{"create a case: the server sets Account_Name", crm.Cases, nil, me, ActionCreate, "", nil, true},
		{"my case under another account", crm.Cases, nil, me, ActionView, "case2",
			map[string]any{"Account_Name": ref("account0002"), "Contact_Name": ref(meID)}, false},
		{"contact without an account lists nothing", crm.Cases, nil, Self{RecordID: meID}, ActionList, "", nil, false},
		{"contact without an account creates nothing", crm.Cases, nil, Self{RecordID: meID}, ActionCreate, "", nil, false},
		{"contact without an account sees no case without account", crm.Cases, nil, Self{RecordID: meID}, ActionView, "case3",
			map[string]any{"Account_Name": ref("")}, false},

		// Catalog.
		{"view a product", crm.Products, nil, Self{}, ActionView, "prod1", map[string]any{"Product_Name": "Widget"}, true},
		{"list products", crm.Products, nil, Self{}, ActionList, "", nil, true},
		{"never edit a product", crm.Products, nil, me, ActionEdit, "prod1", nil, false},
		{"never create a product", crm.Products, nil, me, ActionCreate, "", nil, false},
		{"never delete a product", crm.Products, nil, me, ActionDelete, "prod1", nil, false},
		{"no notes on a product", crm.Products, nil, me, ActionNotes, "prod1", nil, false},

		// Fail closed.
		{"disabled tab lists nothing", crm.Invoices, func(_ *UserType, tab *Tab) { tab.Enabled = false }, me, ActionList, "", nil, false},
		{"disabled tab shows nothing", crm.Invoices, func(_ *UserType, tab *Tab) { tab.Enabled = false }, me, ActionView, "inv1", mine, false},
		{"tab without view allows no edit", crm.Invoices, func(_ *UserType, tab *Tab) { tab.View = false }, me, ActionEdit, "inv1", mine, false},
		{"unknown action", crm.Invoices, nil, me, "export", "inv1", mine, false},
		{"action in capitals", crm.Invoices, nil, me, "View", "inv1", mine, false},
		{"empty action", crm.Invoices, nil, me, "", "inv1", mine, false},
		{"tab not of the user type", crm.Invoices, func(ut *UserType, _ *Tab) { ut.Tabs = ut.Tabs[:1] }, me, ActionView, "inv1", mine, false},
		{"base-shaped tab of another module", crm.Invoices, func(_ *UserType, tab *Tab) { tab.ScopeField = "" }, me, ActionView, meID, mine, false},
		{"base module's tab through a lookup", crm.Contacts, func(_ *UserType, tab *Tab) { tab.ScopeField = "Reports_To" }, me, ActionView, meID,
			map[string]any{"Reports_To": ref(meID)}, false},
		{"user type based on another module", crm.Contacts, func(ut *UserType, _ *Tab) { ut.BaseModule = crm.Leads }, me, ActionView, meID, nil, false},
		{"tab without module", crm.Invoices, func(_ *UserType, tab *Tab) { tab.Module = "" }, me, ActionList, "", nil, false},
		{"unknown scope", crm.Invoices, func(_ *UserType, tab *Tab) { tab.Scope = "everyone" }, me, ActionList, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ut := scopedType()
			tab := tabOf(t, ut, tt.module)
			if tt.modify != nil {
				tt.modify(&ut, &tab)
			}
			if got := May(ut, tab, tt.self, tt.action, tt.recordID, tt.fields); got != tt.want {
				t.Errorf("May(%s): got %v, want %v", tt.action, got, tt.want)
			}
		})
	}
}

// The axes of the May matrix.
const (
	scBase    = "base own"
	scOwn     = "own via lookup"
	scAccount = "account"
	scCatalog = "catalog"

	recIn      = "in scope"
	recInPlain = "in scope, lookup as a plain id"
	recOut     = "out of scope"
	recFilter  = "filtered out by the criterion"
	recMissing = "lookup missing"
)

// matrixRecord builds a record of kind for the scope sc, as seen from the portal user
// (meID, acctID): its id and stored fields.
func matrixRecord(sc, kind string) (string, map[string]any) {
	ref := func(id string) map[string]any { return map[string]any{"id": id, "name": "Someone"} }
	var field string
	switch sc {
	case scOwn:
		field = "Contact_Name"
	case scAccount:
		field = "Account_Name"
	}
	fields := map[string]any{"Subject": "x", "Status": "Open"}
	id := "rec0001"
	switch sc {
	case scBase:
		switch kind {
		case recIn, recInPlain, recFilter:
			id = meID
		case recOut:
			id = "contact0002"
		case recMissing:
			id = ""
		}
	case scOwn, scAccount:
		target := meID
		if sc == scAccount {
			target = acctID
		}
		switch kind {
		case recIn, recFilter:
			fields[field] = ref(target)
		case recInPlain:
			fields[field] = target
		case recOut:
			fields[field] = ref(target + "x")
			fields["Other_Link"] = ref(target) // the user, through another field
		case recMissing:
		}
	case scCatalog:
		switch kind {
		case recOut:
			fields["Contact_Name"] = ref("contact0002")
		}
	}
	if kind == recFilter {
		fields["Status"] = "Closed"
	}
	return id, fields
}

// mayOracle is the expected answer of May, written from the rules rather than from the code:
//   - nothing is allowed on a tab that is disabled or does not allow view;
//   - the base tab allows view, edit, notes and attachments; own and account scopes allow
//     all six actions; catalog allows view only; each also needs its flag on;
//   - list needs the id the scope needs (the user's record for base and own, the account
//     for account, none for catalog), and so does create;
//   - the other actions need the record in scope: the user's own record (base), the user's
//     record in the lookup (own), the user's account in the lookup (account), anything
//     (catalog); and not filtered out by the criterion.
func mayOracle(enabled bool, flags map[string]bool, sc, kind string, self Self, action string) bool {
	if !enabled || !flags[ActionView] {
		return false
	}
	var id, want string
	switch sc {
	case scBase, scOwn:
		id, want = self.RecordID, meID
	case scAccount:
		id, want = self.AccountID, acctID
	case scCatalog:
		id, want = "none needed", "none needed"
	}
	if id == "" {
		return false
	}
	scopeAllows := map[string][]string{
		scBase:    {ActionView, ActionEdit, ActionNotes, ActionAttachments},
		scOwn:     {ActionView, ActionCreate, ActionEdit, ActionDelete, ActionNotes, ActionAttachments},
		scAccount: {ActionView, ActionCreate, ActionEdit, ActionDelete, ActionNotes, ActionAttachments},
		scCatalog: {ActionView},
	}
	switch action {
	case ActionList:
		return true
	case ActionCreate, ActionView, ActionEdit, ActionDelete, ActionNotes, ActionAttachments:
	default:
		return false
	}
	if !flags[action] || indexOf(scopeAllows[sc], action) < 0 {
		return false
	}
	if action == ActionCreate {
		return true
	}
	switch kind {
	case recFilter:
		return false
	case recIn, recInPlain:
		return id == want
	case recOut, recMissing:
		return sc == scCatalog
	}
	return false
}

// TestMayMatrix checks May against mayOracle for every combination of: enabled, and the six
// action flags of the tab on or off; scope; record; portal user; action.
func TestMayMatrix(t *testing.T) {
	scopes := []struct{ sc, module string }{
		{scBase, crm.Contacts}, {scOwn, crm.Invoices}, {scAccount, crm.Cases}, {scCatalog, crm.Products},
	}
	kinds := []string{recIn, recInPlain, recOut, recFilter, recMissing}
	selves := []Self{
		me,
		{RecordID: meID},    // a Contact without an Account, or a Lead
		{AccountID: acctID}, // no record: never a real session
		{},                  // nothing
		{RecordID: "contact0009", AccountID: "account0009"}, // someone else
	}
	actions := []string{ActionList, ActionView, ActionCreate, ActionEdit, ActionDelete, ActionNotes, ActionAttachments,
		"export", "", "View"}
	flagNames := []string{ActionCreate, ActionEdit, ActionView, ActionDelete, ActionNotes, ActionAttachments}

	checked, failed := 0, 0
	allowed := map[string]int{}
	for bits := 0; bits < 1<<(len(flagNames)+1); bits++ {
		enabled := bits&1 != 0
		flags := map[string]bool{}
		for i, name := range flagNames {
			flags[name] = bits&(1<<(i+1)) != 0
		}
		ut := scopedType()
		for i := range ut.Tabs {
			tab := &ut.Tabs[i]
			tab.Enabled = enabled
			tab.Create, tab.Edit, tab.View = flags[ActionCreate], flags[ActionEdit], flags[ActionView]
			tab.Delete, tab.Notes, tab.Attachments = flags[ActionDelete], flags[ActionNotes], flags[ActionAttachments]
		}
		for _, s := range scopes {
			tab := tabOf(t, ut, s.module)
			for _, kind := range kinds {
				id, fields := matrixRecord(s.sc, kind)
				for si, self := range selves {
					for _, action := range actions {
						want := mayOracle(enabled, flags, s.sc, kind, self, action)
						got := May(ut, tab, self, action, id, fields)
						checked++
						if want {
							allowed[s.sc+" "+action]++
						}
						if got != want {
							failed++
							if failed <= 20 {
								t.Errorf("enabled=%v flags=%v scope=%q record=%q self[%d]=%+v action=%q: got %v, want %v",
									enabled, flags, s.sc, kind, si, self, action, got, want)
							}
						}
					}
				}
			}
		}
	}
	if failed > 20 {
		t.Errorf("... and %d more failures", failed-20)
	}
	if want := 128 * len(scopes) * len(kinds) * len(selves) * len(actions); checked != want {
		t.Errorf("checked %d combinations, want %d", checked, want)
	}
	// The oracle is not trivially false: every action a scope allows is allowed somewhere,
	// and the ones it never allows nowhere.
	for _, s := range scopes {
		for _, a := range actions[:7] {
			never := (s.sc == scBase && (a == ActionCreate || a == ActionDelete)) ||
				(s.sc == scCatalog && a != ActionView && a != ActionList)
			if n := allowed[s.sc+" "+a]; (n > 0) == never {
				t.Errorf("%s %s: allowed in %d combinations", s.sc, a, n)
			}
		}
	}
}

// TestListFromMatchesMay checks that ListFrom's answer is May's answer for list, and that a
// record in the list source is one May lets the user view.
func TestListFromMatchesMay(t *testing.T) {
	ut := scopedType()
	for _, tab := range ut.Tabs {
		for _, self := range []Self{me, {RecordID: meID}, {}} {
			src, ok := ListFrom(tab, self)
			if ok != May(ut, tab, self, ActionList, "", nil) {
				t.Errorf("%s %+v: ListFrom %v, May(list) %v", tab.Module, self, ok, !ok)
			}
			if !ok {
				continue
			}
			// A record as the source would return it.
			id, fields := "rec0001", map[string]any{"Status": "Open"}
			switch src.Kind {
			case SourceSelf:
				id = src.Target
			case SourceLinked:
				fields[src.LinkField] = map[string]any{"id": src.Target, "name": "x"}
			}
			if src.Module != tab.Module || !May(ut, tab, self, ActionView, id, fields) {
				t.Errorf("%s %+v: a record of %+v cannot be viewed", tab.Module, self, src)
			}
		}
	}
}

// fieldModes are the permissions of the field mode matrix: "unlisted" is a field left out of
// the user type's permissions.
var fieldModes = []Perm{PermHidden, PermRead, PermWrite, "unlisted", "WRITE", ""}

// allTypesModule has a field of every type, a system field, a custom field and lookups to
// the modules whose lookups the portal protects and to one it does not.
func allTypesModule() crm.Module {
	m := crm.Module{APIName: "Tickets", NameField: "F_text"}
	for _, ft := range crm.FieldTypes {
		f := crm.Field{APIName: "F_" + string(ft), Type: ft}
		switch ft {
		case crm.TypePicklist, crm.TypeMultipicklist:
			f.Options = []crm.Option{{Value: "a"}, {Value: "b"}}
		case crm.TypeLookup:
			f.LookupModule = crm.Products
		}
		m.Fields = append(m.Fields, f)
	}
	m.Fields = append(m.Fields,
		crm.Field{APIName: "Sys_Stamp", Type: crm.TypeDatetime, System: true},
		crm.Field{APIName: "Custom_Note", Type: crm.TypeText, Custom: true},
		crm.Field{APIName: "Contact_Ref", Type: crm.TypeLookup, LookupModule: crm.Contacts},
		crm.Field{APIName: "Other_Contact", Type: crm.TypeLookup, LookupModule: crm.Contacts},
		crm.Field{APIName: "Account_Ref", Type: crm.TypeLookup, LookupModule: crm.Accounts},
		crm.Field{APIName: "Lead_Ref", Type: crm.TypeLookup, LookupModule: crm.Leads},
	)
	return m
}

// sampleValue is a stored value of a field of type ft.
func sampleValue(ft crm.FieldType) any {
	switch ft {
	case crm.TypeNumber, crm.TypePercent:
		return 12.0
	case crm.TypeBoolean:
		return true
	case crm.TypeMultipicklist:
		return []any{"a"}
	case crm.TypeLookup:
		return map[string]any{"id": "rec0002", "name": "Other"}
	case crm.TypeLineItems:
		return []any{map[string]any{"Quantity": 1.0}}
	}
	return "v"
}

// TestFieldModeMatrix checks Project and CheckWrite for every field mode on every field of a
// module with a field of each type, and of each standard module, in tabs of every scope: Project
// shows exactly the fields that are read or write; CheckWrite refuses exactly the fields that
// are not writable, with the message of the first rule they break (hidden or unlisted: not a
// field; the scope field or a protected lookup: set by the portal; read-only, a system field,
// or an action the tab does not allow: read-only).
func TestFieldModeMatrix(t *testing.T) {
	type tabCase struct {
		name string
		tab  Tab
	}
	on := func(module, scope, field string) Tab {
		return Tab{Module: module, Enabled: true, Scope: scope, ScopeField: field, View: true,
			Create: true, Edit: true, Delete: true}
	}
	tabsFor := func(m crm.Module) []tabCase {
		var tabs []tabCase
		tabs = append(tabs, tabCase{"base own", on(m.APIName, ScopeOwn, "")})
		for _, f := range m.Fields {
			if f.Type == crm.TypeLookup && f.LookupModule == crm.Contacts {
				tabs = append(tabs, tabCase{"own via " + f.APIName, on(m.APIName, ScopeOwn, f.APIName)})
				break
			}
		}
		for _, f := range m.Fields {
			if f.Type == crm.TypeLookup && f.LookupModule == crm.Accounts {
				tabs = append(tabs, tabCase{"account via " + f.APIName, on(m.APIName, ScopeAccount, f.APIName)})
				break
			}
		}
		for _, f := range m.Fields {
			if f.Type == crm.TypeText && !f.System {
				tabs = append(tabs, tabCase{"own via a text field " + f.APIName, on(m.APIName, ScopeOwn, f.APIName)})
				break
			}
		}
		tabs = append(tabs, tabCase{"catalog", on(m.APIName, ScopeCatalog, "")})
		readOnly := on(m.APIName, ScopeOwn, "Contact_Ref")
		readOnly.Create, readOnly.Edit = false, false
		tabs = append(tabs, tabCase{"own, view only", readOnly})
		return tabs
	}

	modules := []crm.Module{allTypesModule()}
	modules = append(modules, crm.Standard()...)
	seenTypes := map[crm.FieldType]bool{}
	for _, m := range modules {
		record := map[string]any{"Not_A_Field": "x"}
		sent := []string{"Not_A_Field"}
		for _, f := range m.Fields {
			record[f.APIName] = sampleValue(f.Type)
			sent = append(sent, f.APIName)
			seenTypes[f.Type] = true
		}
		for _, tc := range tabsFor(m) {
			// Each rotation gives every field every mode once, with its neighbours in other
			// modes; rotation 0 with "single" set gives one field a mode and leaves the others
			// unlisted.
			for rot := 0; rot < len(fieldModes); rot++ {
				modeOf := map[string]Perm{}
				perms := map[string]Perm{}
				for i, f := range m.Fields {
					mode := fieldModes[(i+rot)%len(fieldModes)]
					modeOf[f.APIName] = mode
					if mode != "unlisted" {
						perms[f.APIName] = mode
					}
				}
				ut := UserType{BaseModule: m.APIName, Tabs: []Tab{tc.tab}, Fields: map[string]map[string]Perm{m.APIName: perms}}
				checkModes(t, fmt.Sprintf("%s/%s/rotation %d", m.APIName, tc.name, rot), ut, tc.tab, m, record, sent, modeOf)
			}
			for _, f := range m.Fields {
				for _, mode := range fieldModes {
					modeOf := map[string]Perm{f.APIName: mode}
					perms := map[string]Perm{}
					if mode != "unlisted" {
						perms[f.APIName] = mode
					}
					ut := UserType{BaseModule: m.APIName, Tabs: []Tab{tc.tab}, Fields: map[string]map[string]Perm{m.APIName: perms}}
					checkModes(t, fmt.Sprintf("%s/%s/%s=%q", m.APIName, tc.name, f.APIName, mode), ut, tc.tab, m, record, sent, modeOf)
				}
			}
		}
	}
	for _, ft := range crm.FieldTypes {
		if !seenTypes[ft] {
			t.Errorf("no field of type %s in the matrix", ft)
		}
	}
}

// checkModes checks Project and CheckWrite (edit and create) for one user type whose fields
// of m have the modes modeOf (a field not in modeOf is unlisted).
func checkModes(t *testing.T, name string, ut UserType, tab Tab, m crm.Module, record map[string]any, sent []string, modeOf map[string]Perm) {
	t.Helper()
	shown := func(mode Perm) bool { return mode == PermRead || mode == PermWrite }

	wantProject := map[string]any{}
	for _, f := range m.Fields {
		if shown(modeOf[f.APIName]) {
			wantProject[f.APIName] = record[f.APIName]
		}
	}
	if got := Project(ut, tab, m, record, "en"); !reflect.DeepEqual(got, wantProject) {
		t.Errorf("%s: Project:\n got %v\nwant %v", name, keysOf(got), keysOf(wantProject))
	}
	hidden := tab
	hidden.View = false
	if got := Project(ut, hidden, m, record, "en"); len(got) != 0 {
		t.Errorf("%s: Project without view: got %v", name, keysOf(got))
	}

	for _, creating := range []bool{false, true} {
		var actionOn bool
		switch {
		case tab.Scope == ScopeCatalog:
			actionOn = false
		case creating:
			actionOn = tab.Create && tab.ScopeField != "" // the base tab never creates
		default:
			actionOn = tab.Edit
		}
		want := map[string]string{"Not_A_Field": MsgNotAField}
		for _, f := range m.Fields {
			protected := f.APIName == tab.ScopeField ||
				(f.Type == crm.TypeLookup && (f.LookupModule == crm.Contacts || f.LookupModule == crm.Leads || f.LookupModule == crm.Accounts))
			mode := modeOf[f.APIName]
			switch {
			case !shown(mode):
				want[f.APIName] = MsgNotAField
			case protected:
				want[f.APIName] = MsgSetByPortal
			case mode != PermWrite || f.System || !actionOn:
				want[f.APIName] = MsgReadOnly
			}
		}
		errs := CheckWrite(ut, tab, m, sent, creating)
		got := map[string]string{}
		for _, e := range errs {
			if _, dup := got[e.Field]; dup {
				t.Errorf("%s: CheckWrite(creating=%v): %s refused twice", name, creating, e.Field)
			}
			got[e.Field] = e.Message
		}
		if !reflect.DeepEqual(got, want) {
			for _, f := range sent {
				if got[f] != want[f] {
					t.Errorf("%s: CheckWrite(creating=%v) %s: got %q, want %q", name, creating, f, got[f], want[f])
				}
			}
		}
	}
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
