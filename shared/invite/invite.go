// Package invite holds the rules of the portal user lifecycle: who may be invited, which
// action applies to which status and what it does to the user type's seats, and how long
// invitation links last. It has no AWS import; the store enforces the same bounds with
// conditional writes.
package invite

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"crmportal/shared/crm"
)

// Portal user statuses as admins know them.
const (
	Invited     = "invited"     // has not accepted the invitation yet
	Active      = "active"      // has a password and may log in
	Deactivated = "deactivated" // turned off by an admin; holds no seat
)

// Actions an admin takes on a portal user.
const (
	Resend     = "resend"
	Revoke     = "revoke"
	Deactivate = "deactivate"
	Activate   = "activate"
	ChangeType = "change-type"
	Erase      = "erase"
)

// Delivery states of the last invitation email.
const (
	Sent       = "sent"
	SendFailed = "send_failed"
	Delivered  = "delivered"
	Bounced    = "bounced"
	Complained = "complained"
)

// Actions lists the actions of POST /api/admin/portal-users/{id}/{action}.
var Actions = []string{Resend, Revoke, Deactivate, Activate, ChangeType}

// Removed is the status Next answers for an action that deletes the portal user.
const Removed = ""

// Transition is what an action does: the status it leaves and the seats it moves on the
// user's type (+1 takes a seat, -1 frees one).
type Transition struct {
	Status string
	Seats  int
	// EndSessions: the user's sessions end (deactivation, type change, erase).
	EndSessions bool
	// NewToken: a new invitation token replaces the current one and is emailed.
	NewToken bool
}

// holdsSeat tells whether a user in status counts against the type's seats.
func holdsSeat(status string) bool { return status == Invited || status == Active }

// Next returns what action does to a user in status, or the rule that refuses it.
// hasPassword tells whether the user ever set one: reactivating a user who never accepted
// makes them invited again (they need a new link), else active.
func Next(status, action string, hasPassword bool) (Transition, string) {
	switch action {
	case Resend:
		if status != Invited {
			return Transition{}, "only an invited user can be sent a new invitation"
		}
		return Transition{Status: Invited, NewToken: true}, ""
	case Revoke:
		if status != Invited {
			return Transition{}, "only a pending invitation can be revoked; deactivate an active user"
		}
		return Transition{Status: Removed, Seats: -1}, ""
	case Deactivate:
		if !holdsSeat(status) {
			return Transition{}, "the user is already deactivated"
		}
		return Transition{Status: Deactivated, Seats: -1, EndSessions: true}, ""
	case Activate:
		if status != Deactivated {
			return Transition{}, "only a deactivated user can be activated"
		}
		if !hasPassword {
			return Transition{Status: Invited, Seats: 1, NewToken: true}, ""
		}
		return Transition{Status: Active, Seats: 1}, ""
	case ChangeType:
		switch status {
		case Invited, Active, Deactivated:
			return Transition{Status: status, EndSessions: true}, ""
		}
	case Erase:
		switch status {
		case Invited, Active:
			return Transition{Status: Removed, Seats: -1, EndSessions: true}, ""
		case Deactivated:
			return Transition{Status: Removed, EndSessions: true}, ""
		}
	default:
		return Transition{}, fmt.Sprintf("unknown action %q", action)
	}
	return Transition{}, fmt.Sprintf("unknown status %q", status)
}

// MovesSeat tells whether changing the type of a user in status moves a seat from the old
// type to the new one.
func MovesSeat(status string) bool { return holdsSeat(status) }

// CanInvite returns the field errors that refuse inviting the person of a record of module
// with email as a user type based on base, or nil: only Contacts and Leads are invited, the
// type's base module must be the record's, and the record needs a valid email.
func CanInvite(module, base, email string) []crm.FieldError {
	var errs []crm.FieldError
	if msg := CheckModule(module); msg != "" {
		return []crm.FieldError{{Field: "module", Message: msg}}
	}
	if base != module {
		errs = append(errs, crm.FieldError{Field: "userTypeId", Message: fmt.Sprintf(
			"is a user type based on %s; this record is in %s", base, module)})
	}
	if msg := CheckEmail(email); msg != "" {
		errs = append(errs, crm.FieldError{Field: "email", Message: msg})
	}
	return errs
}

// CheckModule returns the rule that refuses inviting the person of a record of module (the
// field "module"), or "": only Contacts and Leads are people a portal user can be.
func CheckModule(module string) string {
	if module != crm.Contacts && module != crm.Leads {
		return "only Contacts and Leads records can be invited"
	}
	return ""
}

// CheckEmail returns the rule a record's email breaks for an invitation, or "".
func CheckEmail(email string) string {
	email = strings.TrimSpace(email)
	if email == "" {
		return "the record has no email; add one first"
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		return "the record's email is not a valid address"
	}
	return ""
}

// DefaultLifetime is how long an invitation link works unless the organization says
// otherwise; MaxLifetimeHours bounds what it may say.
const (
	DefaultLifetime  = 72 * time.Hour
	MaxLifetimeHours = 720
)

// Lifetime is the invitation lifetime of an organization whose setting is hours (0: the
// default).
func Lifetime(hours int) time.Duration {
	if hours <= 0 || hours > MaxLifetimeHours {
		return DefaultLifetime
	}
	return time.Duration(hours) * time.Hour
}

// ResendsPerHour bounds how many new links one recipient gets in an hour.
const ResendsPerHour = 3

// RepeatWindow is how soon a second identical invitation counts as the same one (a double
// click, a retried request): it answers the first without sending again.
const RepeatWindow = 5 * time.Minute

// IsRepeat tells whether inviting again as userType at now repeats the invitation of a user
// in status with typeID, invited at invitedAt.
func IsRepeat(status, typeID string, invitedAt time.Time, userType string, now time.Time) bool {
	return status == Invited && typeID == userType && now.Sub(invitedAt) < RepeatWindow && !now.Before(invitedAt)
}
