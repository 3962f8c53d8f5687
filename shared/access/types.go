package access

import "crmportal/shared/crm"

// Limits are what the operator sells an organization: how many user types it may have, how
// many users (invited + active) its free user type holds, and the licenses its other user
// types share. The values are used as given (a negative value counts as 0); the seed's are
// [DefaultLimits]. The store keeps this very struct on the organization's item (the
// dynamodbav names are its attributes there).
type Limits struct {
	UserTypes   int `dynamodbav:"userTypes" json:"userTypes"`
	FreeSeats   int `dynamodbav:"freeSeats" json:"freeSeats"`
	LicensePool int `dynamodbav:"licensePool" json:"licensePool"`
}

// DefaultLimits are the seed's: five user types, 3,000 users of the free type, no licenses.
var DefaultLimits = Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 0}

// Perm is a user type's permission on one field of a module.
type Perm string

// The field permissions. Any other value, and a field that is not listed, is hidden.
const (
	PermHidden Perm = "hidden"
	PermRead   Perm = "read"  // read-only
	PermWrite  Perm = "write" // read-write
)

// Record scopes: which records of a tab's module a portal user sees.
const (
	// ScopeOwn: the records whose ScopeField (a lookup to the user type's base module) is the
	// portal user's own Contact or Lead. The base module's tab is always own, with no
	// ScopeField: its one record is the user's own.
	ScopeOwn = "own"
	// ScopeAccount: the records whose ScopeField (a lookup to Accounts) is the Account of the
	// portal user's Contact (its Account_Name). Only for user types whose base module has an
	// Account_Name lookup to Accounts, that is Contacts.
	ScopeAccount = "account"
	// ScopeCatalog: every record of the module, read-only (no create, edit, delete, notes or
	// attachments, which other customers would see). Only for [CatalogModules].
	ScopeCatalog = "catalog"
)

// Display kinds of a tab's record list.
const (
	DisplayList   = "list"   // a table: Columns
	DisplayCanvas = "canvas" // cards: Title, Subtitle and up to 4 CardFields
)

// Criterion operators.
const (
	OpEq = "eq"
	OpNe = "ne"
	OpIn = "in"
)

// Actions, for [Can] and [May]. ActionList is for [May] only: [Can] refuses it.
const (
	ActionList        = "list"
	ActionCreate      = "create"
	ActionEdit        = "edit"
	ActionView        = "view"
	ActionDelete      = "delete"
	ActionNotes       = "notes"
	ActionAttachments = "attachments"
	// ActionDecide: accept or decline a quote awaiting the customer (Quotes tab only).
	ActionDecide = "decide"
)

// Limits of a tab's configuration.
const (
	MaxColumns       = 10 // columns of a list display
	MaxCardFields    = 4  // fields of a canvas card, besides title and subtitle
	MaxCriterionVals = 50 // values of an "in" criterion
	MaxLabelLength   = crm.MaxLabelLength
)

// CatalogModules are the modules a tab may show in catalog scope.
var CatalogModules = map[string]bool{crm.Products: true, crm.Solutions: true}

// UserType is one kind of portal user an organization configures.
//
// Position orders an organization's user types; position 0 is the free type (based on
// Contacts only, holding up to [Limits.FreeSeats] users), the others are licensed (based on
// Leads or Contacts, each holding up to its Seats, allocated from [Limits.LicensePool]).
// Seats is ignored for the free type. Tabs holds at most one tab per module; the tab of
// BaseModule shows the user's own record. Fields maps module -> field -> permission; a field
// that is not listed is hidden.
//
// OpenFirstTab makes the portal open the first tab its users may view instead of the home
// (what needs their attention, built from these same tabs). Its zero value shows the home, so
// a type stored before the setting existed gets the home: it shows nothing the type does not
// already give, and the first tab is one choice away.
type UserType struct {
	ID           string                     `json:"id"`
	Name         string                     `json:"name"`
	Position     int                        `json:"position"`
	BaseModule   string                     `json:"baseModule"`
	Seats        int                        `json:"seats"`
	Tabs         []Tab                      `json:"tabs"`
	Fields       map[string]map[string]Perm `json:"fields"`
	OpenFirstTab bool                       `json:"openFirstTab,omitempty"`
	// Notify are the kinds of notification ([CustomerKinds]) the type's users get; nil (a
	// type that has not chosen) is all of them, an empty list none ([UserType.NotifyKinds]).
	Notify []string `json:"notify"`
	// Delegable lets the organization's account admins (portal users staff marked so) invite
	// and manage users of this type among the Contacts of their own Account; its zero value
	// keeps the type in staff's hands only.
	Delegable bool `json:"delegable,omitempty"`
	// MFA is the type's second-factor policy (mfa.Policy: off, optional or required); empty
	// is optional.
	MFA string `json:"mfa,omitempty"`
	// PasskeyLogin lets the type's users sign in with a passkey alone (user verification
	// makes it both factors); false by default.
	PasskeyLogin bool `json:"passkeyLogin,omitempty"`
}

// Free reports whether ut is the organization's free user type (position 0).
func (ut UserType) Free() bool { return ut.Position == 0 }

// Tab returns ut's tab for module.
func (ut UserType) Tab(module string) (Tab, bool) {
	for _, t := range ut.Tabs {
		if t.Module == module {
			return t, true
		}
	}
	return Tab{}, false
}

// Perm is ut's permission on field of module: PermRead or PermWrite as listed, PermHidden
// for anything else (not listed, or an unknown value). It does not know the field's
// definition; [Visible], [Project] and [CheckWrite] also cap system fields at read.
func (ut UserType) Perm(module, field string) Perm {
	switch p := ut.Fields[module][field]; p {
	case PermRead, PermWrite:
		return p
	}
	return PermHidden
}

// Tab is the configuration of one module a user type's portal users open.
//
// Scope and ScopeField say which records they see (see [ScopeOwn], [ScopeAccount],
// [ScopeCatalog]); the portal sets ScopeField on the records they create, and they can never
// write it. Layouts are the ids of the module's layouts they may use (at least one). Create,
// Edit, View and Delete are the actions on the records in scope ([Can]). Display is how the
// list shows. Filterable are the fields they may filter the list on; Fixed, when set, hides
// the records that do not match it ([Matches]). PicklistLabels are customer-facing labels of
// picklist values: field -> value -> language -> label ([Project]). Notes and Attachments
// let them read and add notes and attachments on the records they can view.
type Tab struct {
	Module         string                                  `json:"module"`
	Enabled        bool                                    `json:"enabled"`
	Scope          string                                  `json:"scope"`
	ScopeField     string                                  `json:"scopeField"`
	Layouts        []string                                `json:"layouts"`
	Create         bool                                    `json:"create"`
	Edit           bool                                    `json:"edit"`
	View           bool                                    `json:"view"`
	Delete         bool                                    `json:"delete"`
	Display        Display                                 `json:"display"`
	Filterable     []string                                `json:"filterable"`
	Fixed          *Criterion                              `json:"fixed,omitempty"`
	PicklistLabels map[string]map[string]map[string]string `json:"picklistLabels,omitempty"`
	Notes          bool                                    `json:"notes"`
	Attachments    bool                                    `json:"attachments"`
	// NotifyFields are the fields whose change by staff notifies the tab's customers
	// (field.changed): fields its layouts show.
	NotifyFields []string `json:"notifyFields,omitempty"`
	// Decide lets the tab's users accept or decline, with a signature, the quotes awaiting
	// them (Quotes tab only); its zero value, the default, keeps decisions with staff.
	Decide bool `json:"decide,omitempty"`
}

// AllowsLayout reports whether the tab lets its users use the layout with the given id.
func (t Tab) AllowsLayout(id string) bool {
	for _, l := range t.Layouts {
		if l == id {
			return true
		}
	}
	return false
}

// Display is how a tab lists records: Kind "list" shows Columns (1 to 10 fields); Kind
// "canvas" shows cards with a Title field, an optional Subtitle field and up to 4
// CardFields. The fields of the other kind are empty.
type Display struct {
	Kind       string   `json:"kind"`
	Columns    []string `json:"columns,omitempty"`
	Title      string   `json:"title,omitempty"`
	Subtitle   string   `json:"subtitle,omitempty"`
	CardFields []string `json:"cardFields,omitempty"`
}

// Criterion is a tab's fixed filter: the records whose Field compares to Values by Op are
// shown, the others hidden. Op is "eq" (one value), "ne" (one value) or "in" (1 to 50
// values). Values are written as the record stores them (see [ValidateUserType]).
type Criterion struct {
	Field  string   `json:"field"`
	Op     string   `json:"op"`
	Values []string `json:"values"`
}
