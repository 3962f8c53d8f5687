package problemcode

import (
	"reflect"
	"regexp"
	"testing"
)

func TestDefs(t *testing.T) {
	codePattern := regexp.MustCompile(`^[a-z]+(_[a-z0-9]+)*(\.[a-z0-9]+(_[a-z0-9]+)*)+$`)
	codes := map[string]bool{}
	templates := map[string]string{}
	for _, d := range Defs {
		t.Run(d.Code, func(t *testing.T) {
			if !codePattern.MatchString(d.Code) {
				t.Errorf("code %q is not a dotted lower-case identifier", d.Code)
			}
			if codes[d.Code] {
				t.Errorf("code %q is defined twice", d.Code)
			}
			codes[d.Code] = true
			for _, tpl := range d.Templates {
				if other, seen := templates[tpl]; seen {
					t.Errorf("sentence %q is under %q and %q", tpl, other, d.Code)
				}
				templates[tpl] = d.Code
				// A sentence without parameters must come back as its own code: no earlier
				// template may take it.
				if len(paramPattern().FindAllString(tpl, -1)) == 0 {
					if got, _, _ := Match(tpl); got != d.Code {
						t.Errorf("Match(%q): got %q, want %q (an earlier template shadows it)", tpl, got, d.Code)
					}
				}
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name, sentence, wantCode string
		wantParams               map[string]string
		wantOK                   bool
	}{
		{"common password", "password is too common; choose another", "password.common", nil, true},
		{"password is the email", "password must not be your email address", "password.email", nil, true},
		{"short password with its bound", "password must be at least 12 characters", "password.too_short", map[string]string{"min": "12"}, true},
		{"hidden list column", "is hidden for this user type", "field.hidden_for_type", nil, true},
		{"required", "is required", "field.required", nil, true},
		{"unknown field names the module", "is not a field of Contacts", "field.unknown", map[string]string{"module": "Contacts"}, true},
		{"length range", "must be 1 to 10000 characters", "length.range", map[string]string{"min": "1", "max": "10000"}, true},
		{"number range", "must be 1 to 720", "number.range", map[string]string{"min": "1", "max": "720"}, true},
		{"a number parameter takes only a number", "must be 1 to 40 lowercase letters, digits or hyphens", "custom.layout_id", nil, true},
		{"a version conflict", "the record is at version 3, not 2; reload it and try again", "changed.reload", map[string]string{"version": "3", "expected": "2"}, true},
		{"seats taken", "has no free seats: 3 of 3 are taken", "seats.full", map[string]string{"count": "3", "max": "3"}, true},
		{"conflict detail", "this person is already invited; resend the invitation from the portal users list", "invite.already_invited", nil, true},
		{"unknown sentence", "something nobody wrote a code for", "", nil, false},
		{"empty", "", "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, params, ok := Match(tt.sentence)
			if code != tt.wantCode || ok != tt.wantOK || !reflect.DeepEqual(params, tt.wantParams) {
				t.Errorf("Match(%q): got %q %v %v, want %q %v %v", tt.sentence, code, params, ok, tt.wantCode, tt.wantParams, tt.wantOK)
			}
		})
	}
}

func TestParams(t *testing.T) {
	tests := []struct {
		name string
		def  Def
		want []string
	}{
		{"none", Def{"a.b", []string{"is required"}}, nil},
		{"in order, once", Def{"a.b", []string{"must be {min} to {max}", "between {min} and {max}"}}, []string{"min", "max"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.def.Params(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
