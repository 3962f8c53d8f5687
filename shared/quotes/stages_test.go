package quotes

import (
	"reflect"
	"testing"

	"crmportal/shared/crm"
)

func TestCheckStages(t *testing.T) {
	m, _ := crm.StandardModule(crm.Quotes)
	values := StageValues(m)
	tests := []struct {
		name string
		in   Stages
		want []crm.FieldError
	}{
		{"defaults", DefaultStages(), nil},
		{"other valid mapping", Stages{Accepted: "Confirmed", Declined: "On Hold", Awaiting: []string{"Delivered"}}, nil},
		{"missing accepted", Stages{Declined: "Closed Lost", Awaiting: []string{"Delivered"}},
			[]crm.FieldError{{Field: "quoteStages.accepted", Message: "is required: a Quote_Stage value"}}},
		{"unknown stage", Stages{Accepted: "Won", Declined: "Closed Lost", Awaiting: []string{"Delivered"}},
			[]crm.FieldError{{Field: "quoteStages.accepted", Message: "must be a value of the Quotes module's Quote_Stage picklist"}}},
		{"accepted equals declined", Stages{Accepted: "Closed Won", Declined: "Closed Won", Awaiting: []string{"Delivered"}},
			[]crm.FieldError{{Field: "quoteStages.declined", Message: "must differ from the accepted stage"}}},
		{"no awaiting", Stages{Accepted: "Closed Won", Declined: "Closed Lost"},
			[]crm.FieldError{{Field: "quoteStages.awaiting", Message: "must name at least one Quote_Stage value"}}},
		{"awaiting holds a decision stage", Stages{Accepted: "Closed Won", Declined: "Closed Lost", Awaiting: []string{"Delivered", "Closed Lost"}},
			[]crm.FieldError{{Field: "quoteStages.awaiting[1]", Message: "must not be the accepted or the declined stage"}}},
		{"awaiting unknown and twice", Stages{Accepted: "Closed Won", Declined: "Closed Lost", Awaiting: []string{"Delivered", "Sent", "Delivered"}},
			[]crm.FieldError{{Field: "quoteStages.awaiting[1]", Message: "must be a value of the Quotes module's Quote_Stage picklist"},
				{Field: "quoteStages.awaiting[2]", Message: "is listed twice"}}},
		{"awaiting too many", Stages{Accepted: "Closed Won", Declined: "Closed Lost", Awaiting: make([]string, len(values)+1)},
			[]crm.FieldError{{Field: "quoteStages.awaiting", Message: "must name at most 7 values"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckStages("quoteStages", tt.in, values); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckStages = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStagesWithDefaults(t *testing.T) {
	tests := []struct {
		name     string
		in, want Stages
	}{
		{"unset", Stages{}, DefaultStages()},
		{"set", Stages{Accepted: "Confirmed", Declined: "On Hold", Awaiting: []string{"Draft"}},
			Stages{Accepted: "Confirmed", Declined: "On Hold", Awaiting: []string{"Draft"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.WithDefaults()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WithDefaults = %+v, want %+v", got, tt.want)
			}
			if a, d := got.Stage(Accept), got.Stage(Decline); a != tt.want.Accepted || d != tt.want.Declined {
				t.Errorf("Stage = %q/%q, want %q/%q", a, d, tt.want.Accepted, tt.want.Declined)
			}
		})
	}
}

func TestPseudonymizeDetail(t *testing.T) {
	tests := []struct {
		name, detail, want string
	}{
		{"an acceptance", AuditDetail(Input{Decision: Accept, SignerName: " Ana Assinante "}), "quote accepted, signed by erased-1"},
		{"a decline", AuditDetail(Input{Decision: Decline}), "quote declined"},
		{"another entry", "portal user login", "portal user login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PseudonymizeDetail(tt.detail, "erased-1"); got != tt.want {
				t.Errorf("PseudonymizeDetail(%q) = %q, want %q", tt.detail, got, tt.want)
			}
		})
	}
}
