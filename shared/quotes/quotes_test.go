package quotes

import (
	"strings"
	"testing"
	"time"

	"crmportal/shared/crm"
)

func TestCheck(t *testing.T) {
	long := strings.Repeat("a", MaxSignerName+1)
	for _, tt := range []struct {
		name string
		in   Input
		want []string // the fields refused
	}{
		{"an acceptance", Input{Decision: Accept, SignerName: "Patrícia Brandão", Agree: true}, nil},
		{"a decline with a reason", Input{Decision: Decline, Reason: "Too expensive"}, nil},
		{"a decline without anything", Input{Decision: Decline}, nil},
		{"no decision", Input{SignerName: "A", Agree: true}, []string{"decision"}},
		{"an unknown decision", Input{Decision: "maybe", SignerName: "A", Agree: true}, []string{"decision"}},
		{"no name", Input{Decision: Accept, Agree: true}, []string{"signerName"}},
		{"only spaces", Input{Decision: Accept, SignerName: "   ", Agree: true}, []string{"signerName"}},
		{"200 characters", Input{Decision: Accept, SignerName: strings.Repeat("é", MaxSignerName), Agree: true}, nil},
		{"201 characters", Input{Decision: Accept, SignerName: long, Agree: true}, []string{"signerName"}},
		{"500 characters", Input{Decision: Accept, SignerName: strings.Repeat("a", 500), Agree: true}, []string{"signerName"}},
		{"a control character", Input{Decision: Accept, SignerName: "A\nB", Agree: true}, []string{"signerName"}},
		{"not agreed", Input{Decision: Accept, SignerName: "A"}, []string{"agree"}},
		{"a long reason", Input{Decision: Decline, Reason: strings.Repeat("r", MaxReason+1)}, []string{"reason"}},
		{"everything wrong", Input{Decision: Accept, SignerName: long, Reason: strings.Repeat("r", MaxReason+1)}, []string{"signerName", "agree", "reason"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range Check(tt.in) {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Check refuses %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecidable(t *testing.T) {
	for _, tt := range []struct {
		name   string
		fields map[string]any
		want   Refusal
	}{
		{"delivered, no date", map[string]any{"Quote_Stage": "Delivered"}, RefusalNone},
		{"negotiation, valid through today", map[string]any{"Quote_Stage": "Negotiation", "Valid_Till": "2026-12-07"}, RefusalNone},
		{"expired yesterday", map[string]any{"Quote_Stage": "Delivered", "Valid_Till": "2026-12-06"}, RefusalExpired},
		{"accepted", map[string]any{"Quote_Stage": AcceptedStage}, RefusalNotAwaiting},
		{"declined", map[string]any{"Quote_Stage": DeclinedStage}, RefusalNotAwaiting},
		{"a draft", map[string]any{"Quote_Stage": "Draft"}, RefusalNotAwaiting},
		{"no stage", map[string]any{}, RefusalNotAwaiting},
		{"decided and expired", map[string]any{"Quote_Stage": AcceptedStage, "Valid_Till": "2020-01-01"}, RefusalNotAwaiting},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decidable(tt.fields, "2026-12-07", AwaitingStages); got != tt.want {
				t.Errorf("Decidable = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestToday(t *testing.T) {
	// 02:30 UTC on the 8th is still the 7th in São Paulo (UTC-3) and already the 8th in Tokyo.
	now := time.Date(2026, 12, 8, 2, 30, 0, 0, time.UTC)
	for _, tt := range []struct{ zone, want string }{
		{"America/Sao_Paulo", "2026-12-07"},
		{"Asia/Tokyo", "2026-12-08"},
		{"", "2026-12-08"},
		{"Not/AZone", "2026-12-08"},
	} {
		t.Run(tt.zone, func(t *testing.T) {
			if got := Today(now, tt.zone); got != tt.want {
				t.Errorf("Today(%q) = %s, want %s", tt.zone, got, tt.want)
			}
		})
	}
}

func TestStage(t *testing.T) {
	if got, want := Stage(Accept), "Closed Won"; got != want {
		t.Errorf("Stage(accept) = %q, want %q", got, want)
	}
	if got, want := Stage(Decline), "Closed Lost"; got != want {
		t.Errorf("Stage(decline) = %q, want %q", got, want)
	}
}

// TestStagesArePicklistValues: every stage the rules name is a value of the standard
// Quote_Stage picklist, so a decision never writes a value the picklist refuses.
func TestStagesArePicklistValues(t *testing.T) {
	m, _ := crm.StandardModule(crm.Quotes)
	f, ok := m.Field("Quote_Stage")
	if !ok {
		t.Fatal("Quotes has no Quote_Stage")
	}
	values := map[string]bool{}
	for _, o := range f.Options {
		values[o.Value] = true
	}
	for _, s := range append([]string{AcceptedStage, DeclinedStage}, AwaitingStages...) {
		if !values[s] {
			t.Errorf("%q is not a Quote_Stage value", s)
		}
	}
}
