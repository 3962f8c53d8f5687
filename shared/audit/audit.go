// Package audit appends to an organization's audit log: who did what, when, from which
// address. Entries are only appended: no route changes or deletes one (staffadmin serves
// the log to admins).
package audit

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// Actions recorded in the log.
const (
	Login            = "login"
	LoginFailed      = "login_failed"
	Logout           = "logout"
	PasswordReset    = "password_reset"
	Preferences      = "preferences_saved"
	RecordView       = store.ViewAction
	RecordCreate     = "record_create"
	RecordUpdate     = "record_update"
	RecordDelete     = "record_delete"
	NoteCreate       = "note_create"
	NoteUpdate       = "note_update"
	NoteDelete       = "note_delete"
	AttachmentUpload = "attachment_upload"
	AttachmentGet    = "attachment_download"
	AttachmentDelete = "attachment_delete"
	DataExport       = "data_export"
	// A customer's erasure request in approval mode: asked, withdrawn, rejected by an admin
	// (an approval is the portal_user_erase it runs).
	ErasureRequested  = "erasure_requested"
	ErasureWithdrawn  = "erasure_withdrawn"
	ErasureRejected   = "erasure_rejected"
	InvitationSent    = "invitation_sent"
	InvitationAccept  = "invitation_accepted"
	InvitationBounced = "invitation_bounced"
	PortalUserAction  = "portal_user_" // + resend, revoke, deactivate, activate, change-type, erase
	PortalChanged     = "portal_changed"
	UserTypeChanged   = "user_type_changed"
	LicensesChanged   = "licenses_changed"
	EmailTemplate     = "email_template_changed"
	PreviewStarted    = "preview_started"
	// Staff members and API tokens: the member or token is the entry's RecordID.
	StaffCreated     = "staff_created"
	StaffDeactivated = "staff_deactivated"
	StaffActivated   = "staff_activated"
	StaffRoleChanged = "staff_role_changed"
	TokenCreated     = "token_created"
	TokenRevoked     = "token_revoked"
	// Second factors (docs/security.md, "Second factor"): Detail names the method.
	MFAEnrolled      = "mfa_enrolled"
	MFAUsed          = "mfa_used"
	MFAFailed        = "mfa_failed"
	MFADisabled      = "mfa_disabled"
	MFARecoveryCodes = "mfa_recovery_codes"
	MFAReset         = "mfa_reset"
)

// Operator is the actor of a change made with the operator's command line (portalctl).
var Operator = store.Actor{Kind: store.ActorSystem, Name: "operator"}

// Entry is what a handler says about an action; Record adds the time, the id and the
// client's address (httpapi.ClientIP: the viewer's, not CloudFront's).
type Entry struct {
	OrgID    string
	Actor    store.Actor
	Action   string
	Module   string
	RecordID string
	Fields   []string
	Detail   string
}

// AppendAttempts bounds Record's tries of an append the table refuses as busy, AppendBackoff
// the first wait between them (doubling): at most 300 ms more for a request whose entry is
// throttled, rather than a change without its entry.
const (
	AppendAttempts = 3
	AppendBackoff  = 100 * time.Millisecond
)

// Log is where Record appends: *store.Store, or a route package's test fake.
type Log interface {
	Now() time.Time
	AppendAudit(ctx context.Context, e store.AuditEntry) error
}

var _ Log = (*store.Store)(nil)

// Record appends e to the log. The action it records has happened already, so a failure to
// append is not the client's: a busy table is tried again (AppendAttempts in all, the entry
// keeping its id), and a failure that remains is written to the function's log in full
// instead (at error level, for alarms) and the request goes on.
func Record(ctx context.Context, st Log, r *httpapi.Request, e Entry) {
	entry, err := Prepare(st, r, e)
	if err == nil {
		err = httpapi.RetryTransient(ctx, AppendAttempts, AppendBackoff, func() error { return st.AppendAudit(ctx, entry) })
	}
	if err != nil {
		httpapi.Logger(ctx).Error("audit entry not stored", "org", e.OrgID, "actorKind", e.Actor.Kind, "actor", e.Actor.ID,
			"action", e.Action, "module", e.Module, "recordId", e.RecordID, "fields", strings.Join(e.Fields, ","), "detail", e.Detail, "err", err.Error())
	}
}

// Prepare is the log entry Record would append for e, for a caller that writes it in a
// transaction of its own (store.CreatePortalLogin).
func Prepare(clock interface{ Now() time.Time }, r *httpapi.Request, e Entry) (store.AuditEntry, error) {
	now := clock.Now()
	id, err := auth.NewTimeID(now)
	if err != nil {
		return store.AuditEntry{}, err
	}
	ip := ""
	if r != nil {
		ip = httpapi.ClientIP(*r)
	}
	actor := e.Actor
	actor.Name = truncate(actor.Name, 254) // a failed login's name is the email typed
	return store.AuditEntry{OrgID: e.OrgID, ID: id, At: now, Actor: actor, Action: e.Action,
		Module: e.Module, RecordID: e.RecordID, Fields: e.Fields, Detail: truncate(e.Detail, 500), IP: ip}, nil
}

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
