package httpapi

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestProblemListsAtMostMaxFieldErrors(t *testing.T) {
	tests := []struct {
		name       string
		fields     int
		wantListed int
		wantMore   int
	}{
		{"none", 0, 0, 0},
		{"one", 1, 1, 0},
		{"exactly the bound", MaxFieldErrors, MaxFieldErrors, 0},
		{"one more than the bound", MaxFieldErrors + 1, MaxFieldErrors, 1},
		{"120,000 unknown fields", 120000, MaxFieldErrors, 120000 - MaxFieldErrors},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fields := make([]FieldError, tc.fields)
			for i := range fields {
				fields[i] = FieldError{Field: fmt.Sprintf("f%d", i), Message: "is not a field of Contacts"}
			}
			p, _ := problemFor(FieldErrors(fields...), "req")
			if got := len(p.Errors); got != tc.wantListed {
				t.Errorf("listed = %d, want %d", got, tc.wantListed)
			}
			if p.MoreErrors != tc.wantMore {
				t.Errorf("moreErrors = %d, want %d", p.MoreErrors, tc.wantMore)
			}
			if tc.fields > 0 && p.Errors[0].Field != "f0" {
				t.Errorf("first listed = %q, want the first error", p.Errors[0].Field)
			}
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			if _, has := m["moreErrors"]; has != (tc.wantMore > 0) {
				t.Errorf("moreErrors present = %v in %s", has, b)
			}
		})
	}
}
