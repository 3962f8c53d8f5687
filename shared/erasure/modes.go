package erasure

// The erasure modes of an organization (its "erasure" setting): how a customer's request for
// the erasure of their account is answered.
const (
	// Immediate erases the account at once (the default).
	Immediate = "immediate"
	// Approval stores the request as pending until an admin approves or rejects it; the
	// customer may withdraw it meanwhile.
	Approval = "approval"
)

// Decisions on a pending request.
const (
	Approve = "approve"
	Reject  = "reject"
)

// MaxReasonLength bounds the reason of a decision, in bytes (it goes to the audit log).
const MaxReasonLength = 500

// CheckMode answers "" for a valid erasure mode, else the rule it breaks.
func CheckMode(v string) string {
	switch v {
	case Immediate, Approval:
		return ""
	}
	return `must be "immediate" or "approval"`
}

// CheckDecision answers "" for a valid decision on a pending request, else the rule it breaks.
func CheckDecision(v string) string {
	switch v {
	case Approve, Reject:
		return ""
	}
	return `must be "approve" or "reject"`
}

// CheckReason answers "" for a valid reason of a decision (optional, at most
// MaxReasonLength bytes), else the rule it breaks.
func CheckReason(v string) string {
	if len(v) > MaxReasonLength {
		return "must be at most 500 bytes"
	}
	return ""
}
