// Package quotes holds the pure rules of a customer's decision on a quote (accept or decline):
// which quotes can be decided, the stage a decision moves a quote to, and what a decision
// request must carry. It knows nothing of storage or HTTP.
package quotes

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"crmportal/shared/crm"
)

// Decisions a customer makes on a quote.
const (
	Accept  = "accept"
	Decline = "decline"
)

// Bounds of a decision request.
const (
	// MaxSignerName is the most characters a signer's full name holds.
	MaxSignerName = 200
	// MaxReason is the most characters a decline's reason holds.
	MaxReason = 2000
)

// The default stages a decision moves a quote to (DefaultStages): Quote_Stage values of the
// standard picklist.
const (
	AcceptedStage = "Closed Won"
	DeclinedStage = "Closed Lost"
)

// AwaitingStages are the Quote_Stage values of a quote that is with the customer for a
// decision; only such a quote can be decided.
var AwaitingStages = []string{"Negotiation", "Delivered"}

// Stage is the Quote_Stage a decision moves a quote to under the default stages
// (DefaultStages): AcceptedStage or DeclinedStage.
func Stage(decision string) string { return DefaultStages().Stage(decision) }

// Input is a decision request as the customer sends it.
type Input struct {
	Decision   string `json:"decision"`
	SignerName string `json:"signerName"`
	Agree      bool   `json:"agree"`
	Reason     string `json:"reason"`
}

// Check returns the errors of in, one per field: decision is accept or decline; an
// acceptance needs a signer's full name (1 to MaxSignerName characters, not only spaces) and
// agree true; a reason holds at most MaxReason characters. A decline needs neither name nor
// agreement (a name sent with one is checked all the same).
func Check(in Input) []crm.FieldError {
	var errs []crm.FieldError
	if in.Decision != Accept && in.Decision != Decline {
		errs = append(errs, crm.FieldError{Field: "decision", Message: "must be accept or decline"})
	}
	name := strings.TrimSpace(in.SignerName)
	switch {
	case in.Decision == Accept && name == "":
		errs = append(errs, crm.FieldError{Field: "signerName", Message: "is required to accept: the signer's full name"})
	case utf8.RuneCountInString(name) > MaxSignerName:
		errs = append(errs, crm.FieldError{Field: "signerName", Message: "must be at most 200 characters"})
	case strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		errs = append(errs, crm.FieldError{Field: "signerName", Message: "must not hold control characters"})
	}
	if in.Decision == Accept && !in.Agree {
		errs = append(errs, crm.FieldError{Field: "agree", Message: "must be true to accept"})
	}
	if utf8.RuneCountInString(in.Reason) > MaxReason {
		errs = append(errs, crm.FieldError{Field: "reason", Message: "must be at most 2000 characters"})
	}
	return errs
}

// Refusal is why a quote cannot be decided now; RefusalNone when it can.
type Refusal int

// Refusals, in the order Decidable checks them.
const (
	RefusalNone Refusal = iota
	// RefusalNotAwaiting: the quote's stage is not one of the awaiting stages (already decided,
	// or not yet sent).
	RefusalNotAwaiting
	// RefusalExpired: the quote's Valid_Till is before today.
	RefusalExpired
)

// Decidable reports whether a quote with the stored fields can be decided on date today
// (YYYY-MM-DD, in the organization's time zone): its Quote_Stage is one of awaiting (the
// organization's Stages.Awaiting) and
// its Valid_Till (YYYY-MM-DD), when set, is not before today (the quote is valid through its
// last day).
func Decidable(fields map[string]any, today string, awaiting []string) Refusal {
	stage, _ := fields["Quote_Stage"].(string)
	if !slices.Contains(awaiting, stage) {
		return RefusalNotAwaiting
	}
	if until, _ := fields["Valid_Till"].(string); until != "" && until < today {
		return RefusalExpired
	}
	return RefusalNone
}

// Today is the date (YYYY-MM-DD) of now in the IANA time zone zone; UTC when zone is empty or
// unknown, so a bad setting never stops a decision.
func Today(now time.Time, zone string) string {
	if zone != "" {
		if loc, err := time.LoadLocation(zone); err == nil {
			return now.In(loc).Format(time.DateOnly)
		}
	}
	return now.UTC().Format(time.DateOnly)
}

// signedPrefix starts the audit detail of an acceptance; the signed name follows it.
const signedPrefix = "quote accepted, signed by "

// AuditDetail is the audit entry's detail of decision in: what was decided and, for an
// acceptance, by which signed name.
func AuditDetail(in Input) string {
	if in.Decision == Accept {
		return signedPrefix + strings.TrimSpace(in.SignerName)
	}
	return "quote declined"
}

// PseudonymizeDetail answers an audit detail of an acceptance (AuditDetail) with the signed
// name replaced by pseudonym (the signer's erasure), and any other detail unchanged.
func PseudonymizeDetail(detail, pseudonym string) string {
	if strings.HasPrefix(detail, signedPrefix) {
		return signedPrefix + pseudonym
	}
	return detail
}
