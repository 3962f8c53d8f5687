// Package access holds the portal's access rules: the portal's name and slug, the user types
// an organization configures (how many, which module each is based on, their seats and the
// license pool), each type's tabs (which modules a portal user opens, with which record scope,
// layouts, actions, list display, filters and customer-facing picklist labels) and its field
// permissions (hidden, read-only, read-write per module and field).
//
// Two kinds of functions live here. Checks ([CheckSlug], [ValidateUserType], [CheckTypeCount],
// [CheckAllocations], [CheckAllocationChange], [CheckBase], [CheckSeats]) run when an admin
// saves a configuration; they return rule messages in the style of [crm.FieldError]: a short
// English sentence without the field's name. Decisions ([Visible], [Project], [CheckWrite],
// [Can], [Matches], [ListFrom], [InScope], [May]) run on every portal request; they are
// cheap, allocate little and fail closed: a configuration they do not understand grants
// nothing.
//
// Deny by default: a field that is not listed in a user type's permissions is hidden, so a
// field added to a module later stays hidden until an admin opens it; a tab that is not
// enabled shows nothing; an unknown permission, action, scope or operator grants nothing.
//
// The package is plain Go: it knows nothing of storage or HTTP.
package access
