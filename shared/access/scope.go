package access

// Self is who a portal user is, as the scopes see it: RecordID is the user's own Contact or
// Lead (the session's recordId), AccountID, for a Contact, the id its Account_Name lookup
// holds ("" when it has none, and always "" for a Lead). An empty id matches nothing.
type Self struct {
	RecordID  string
	AccountID string
}

// Kinds of [ListSource].
const (
	// SourceSelf: the base module's tab, whose only record is the user's own (Target).
	SourceSelf = "self"
	// SourceLinked: the records of Module whose lookup LinkField holds Target (own and
	// account scopes).
	SourceLinked = "linked"
	// SourceModule: every record of Module (catalog scope).
	SourceModule = "module"
)

// ListSource is where the records of a tab's list come from, for one portal user: see
// [ListFrom].
type ListSource struct {
	Kind      string
	Target    string
	LinkField string
	Module    string
}

// ListFrom returns where the list of tab comes from for the portal user self; the store turns
// each kind into ONE read (data model, patterns 13, 14 and 17), with no Scan and no follow-up
// reads:
//   - [SourceSelf] (the base module's tab: scope own without a ScopeField): GetItem of the
//     record, PK = ORG#o#MOD#<Module>, SK = REC#<Target>, where Target is self.RecordID;
//   - [SourceLinked] (own scope: Target = self.RecordID, LinkField = the tab's ScopeField, a
//     lookup to the base module; account scope: Target = self.AccountID, LinkField = the
//     tab's ScopeField, a lookup to Accounts, Account_Name in the standard modules): Query
//     PK = ORG#o#REF#<Target>, SK begins_with <Module>#, with the filter linkField =
//     LinkField (a record that looks up Target through another field is not in scope); the
//     link items carry a copy of the record;
//   - [SourceModule] (catalog scope): Query GSI1PK = ORG#o#MOD#<Module> (or GSI2 for the
//     name order).
//
// The caller still passes each record it returns through [InScope] (which applies the tab's
// fixed criterion, and guards against a stale copy) before [Project].
//
// It fails closed (false, deny by default): the tab is not enabled, does not allow view, has
// an unknown or incomplete scope or no Module ([Can]), or its scope needs an id self lacks
// (own scope and the base tab without RecordID, account scope without AccountID).
func ListFrom(tab Tab, self Self) (ListSource, bool) {
	if tab.Module == "" || !Can(tab, ActionView) {
		return ListSource{}, false
	}
	target, ok := targetOf(tab, self)
	if !ok {
		return ListSource{}, false
	}
	switch kindOf(tab) {
	case scopeSelf:
		return ListSource{Kind: SourceSelf, Target: target, Module: tab.Module}, true
	case scopeOwn, scopeAccount:
		return ListSource{Kind: SourceLinked, Target: target, LinkField: tab.ScopeField, Module: tab.Module}, true
	case scopeCatalog:
		return ListSource{Kind: SourceModule, Module: tab.Module}, true
	}
	return ListSource{}, false
}

// InScope reports whether the stored record recordID, with the field values fields, is in
// tab's scope for the portal user self and passes the tab's fixed criterion ([Matches]):
//   - the base module's tab (own scope without a ScopeField): recordID is self.RecordID;
//   - own scope: the lookup fields[ScopeField] holds self.RecordID;
//   - account scope: the lookup fields[ScopeField] holds self.AccountID;
//   - catalog scope: every record.
//
// A lookup is stored as {"id", "name"} (map[string]any or map[string]string) or as a plain
// id string. Empty ids never match: an empty recordID, RecordID, AccountID or lookup id is
// out of scope, and so is a record whose lookup is missing or of another shape. An unknown or
// incomplete scope holds no record. InScope does not look at the tab's actions: see [May].
func InScope(tab Tab, self Self, recordID string, fields map[string]any) bool {
	if recordID == "" {
		return false
	}
	target, ok := targetOf(tab, self)
	if !ok {
		return false
	}
	switch kindOf(tab) {
	case scopeSelf:
		if recordID != target {
			return false
		}
	case scopeOwn, scopeAccount:
		if lookupID(fields[tab.ScopeField]) != target {
			return false
		}
	case scopeCatalog:
	default:
		return false
	}
	return Matches(tab.Fixed, fields)
}

// May is the single decision on a portal user's action on a tab's records: ut is the user's
// type, tab its tab for the record's module, self the user, recordID and fields the stored
// record (ignored for list and create). action is:
//   - "list": [ListFrom] succeeds (the tab allows view and self has the id its scope needs);
//   - "create": [Can] create, and self has the id the scope needs, so that the server can set
//     the ScopeField of the new record (the record is not stored yet, so there is no scope or
//     criterion to check; the base tab and catalog tabs never create);
//   - "view", "edit", "delete", "notes", "attachments": [Can] action and [InScope].
//
// It fails closed: an unknown action, a tab that is not one of ut's (no tab of ut for its
// module), or a tab whose shape does not fit ut (the base module's tab must be the own scope
// without a ScopeField, and only it) allows nothing. The caller still checks that the record
// is of tab.Module.
func May(ut UserType, tab Tab, self Self, action string, recordID string, fields map[string]any) bool {
	if !fitsType(ut, tab) {
		return false
	}
	switch action {
	case ActionList:
		_, ok := ListFrom(tab, self)
		return ok
	case ActionCreate:
		_, ok := ListFrom(tab, self)
		return ok && Can(tab, ActionCreate)
	case ActionView, ActionEdit, ActionDelete, ActionNotes, ActionAttachments, ActionDecide:
		return Can(tab, action) && InScope(tab, self, recordID, fields)
	}
	return false
}

// fitsType reports whether tab is a tab of ut in the shape ut's base module implies.
func fitsType(ut UserType, tab Tab) bool {
	if tab.Module == "" {
		return false
	}
	if _, ok := ut.Tab(tab.Module); !ok {
		return false
	}
	return (kindOf(tab) == scopeSelf) == (tab.Module == ut.BaseModule)
}

// scopeKind classifies a tab's scope.
type scopeKind int

const (
	scopeInvalid scopeKind = iota
	scopeSelf              // own scope without a ScopeField: the base module's tab
	scopeOwn               // own scope through ScopeField
	scopeAccount           // account scope through ScopeField
	scopeCatalog           // catalog scope, no ScopeField
)

func kindOf(tab Tab) scopeKind {
	switch {
	case tab.Scope == ScopeOwn && tab.ScopeField == "":
		return scopeSelf
	case tab.Scope == ScopeOwn:
		return scopeOwn
	case tab.Scope == ScopeAccount && tab.ScopeField != "":
		return scopeAccount
	case tab.Scope == ScopeCatalog && tab.ScopeField == "":
		return scopeCatalog
	}
	return scopeInvalid
}

// targetOf is the id tab's scope compares with, for self: RecordID for the base tab and own
// scope, AccountID for account scope, none for catalog. False when the scope is invalid or
// the id is empty.
func targetOf(tab Tab, self Self) (string, bool) {
	switch kindOf(tab) {
	case scopeSelf, scopeOwn:
		return self.RecordID, self.RecordID != ""
	case scopeAccount:
		return self.AccountID, self.AccountID != ""
	case scopeCatalog:
		return "", true
	}
	return "", false
}

// lookupID is the id a stored lookup value holds: {"id", "name"} or a plain id; "" for
// anything else.
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
