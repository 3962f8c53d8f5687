package quotes

import (
	"fmt"
	"slices"

	"crmportal/shared/crm"
)

// Stages is an organization's mapping of decisions to Quote_Stage values (its "quoteStages"
// setting): the stage an acceptance moves a quote to, the stage a decline moves it to, and
// the stages of a quote that is with the customer for a decision (only such a quote can be
// decided, and the portal's home lists it as awaiting).
type Stages struct {
	Accepted string   `dynamodbav:"accepted" json:"accepted"`
	Declined string   `dynamodbav:"declined" json:"declined"`
	Awaiting []string `dynamodbav:"awaiting" json:"awaiting"`
}

// DefaultStages are the stages of an organization that has not chosen any: Closed Won,
// Closed Lost, and Negotiation or Delivered as awaiting.
func DefaultStages() Stages {
	return Stages{Accepted: AcceptedStage, Declined: DeclinedStage, Awaiting: slices.Clone(AwaitingStages)}
}

// WithDefaults fills each part of s that is unset (an organization stored before the
// setting existed) with DefaultStages' part.
func (s Stages) WithDefaults() Stages {
	d := DefaultStages()
	if s.Accepted == "" {
		s.Accepted = d.Accepted
	}
	if s.Declined == "" {
		s.Declined = d.Declined
	}
	if len(s.Awaiting) == 0 {
		s.Awaiting = d.Awaiting
	}
	return s
}

// Stage is the Quote_Stage decision moves a quote to under s: Accepted for Accept, else
// Declined.
func (s Stages) Stage(decision string) string {
	if decision == Accept {
		return s.Accepted
	}
	return s.Declined
}

// StageValues are the values of the Quotes module's Quote_Stage picklist in m (the module as
// the organization has it), in order; nil when m has no such picklist.
func StageValues(m crm.Module) []string {
	f, ok := m.Field("Quote_Stage")
	if !ok {
		return nil
	}
	out := make([]string, 0, len(f.Options))
	for _, o := range f.Options {
		out = append(out, o.Value)
	}
	return out
}

// CheckStages returns the errors of a quoteStages setting, each naming its field under
// prefix (e.g. "quoteStages.accepted"): accepted and declined are each one of values (the
// Quote_Stage picklist's values) and differ; awaiting holds 1 to len(values) distinct values,
// none of them accepted or declined (a decided quote must not await a decision again).
func CheckStages(prefix string, s Stages, values []string) []crm.FieldError {
	var errs []crm.FieldError
	add := func(field, msg string) {
		errs = append(errs, crm.FieldError{Field: prefix + "." + field, Message: msg})
	}
	one := func(field, v string) bool {
		switch {
		case v == "":
			add(field, "is required: a Quote_Stage value")
		case !slices.Contains(values, v):
			add(field, "must be a value of the Quotes module's Quote_Stage picklist")
		default:
			return true
		}
		return false
	}
	okA, okD := one("accepted", s.Accepted), one("declined", s.Declined)
	if okA && okD && s.Accepted == s.Declined {
		add("declined", "must differ from the accepted stage")
	}
	if len(s.Awaiting) == 0 {
		add("awaiting", "must name at least one Quote_Stage value")
	}
	if len(s.Awaiting) > len(values) {
		add("awaiting", fmt.Sprintf("must name at most %d values", len(values)))
		return errs
	}
	for i, v := range s.Awaiting {
		field := fmt.Sprintf("awaiting[%d]", i)
		switch {
		case !slices.Contains(values, v):
			add(field, "must be a value of the Quotes module's Quote_Stage picklist")
		case v == s.Accepted || v == s.Declined:
			add(field, "must not be the accepted or the declined stage")
		case slices.Contains(s.Awaiting[:i], v):
			add(field, "is listed twice")
		}
	}
	return errs
}
