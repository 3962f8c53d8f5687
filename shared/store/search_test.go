package store

import (
	"testing"

	"crmportal/shared/crm"
)

// TestSearchChanges: a create puts a key per word, an edit touches only the words that
// changed (all of them when the lookups the keys carry changed), a delete deletes every key.
func TestSearchChanges(t *testing.T) {
	m, _ := crm.StandardModule(crm.Cases)
	rec := func(subject, contact string) *Record {
		f := map[string]any{"Subject": subject, "Description": "not searched"}
		if contact != "" {
			f["Contact_Name"] = map[string]any{"id": contact, "name": "Ana"}
		}
		return &Record{OrgID: "o1", Module: crm.Cases, ID: "r1", Fields: f}
	}
	tests := []struct {
		name             string
		old, new         *Record
		wantPut, wantDel int
	}{
		{"create", nil, rec("Mala extraviada", "c1"), 2, 0},
		{"edit of another field", rec("Mala extraviada", "c1"), rec("Mala extraviada", "c1"), 0, 0},
		{"rename one word", rec("Mala extraviada", "c1"), rec("Mala atrasada", "c1"), 1, 1},
		{"another contact", rec("Mala extraviada", "c1"), rec("Mala extraviada", "c2"), 2, 0},
		{"delete", rec("Mala extraviada", "c1"), nil, 0, 2},
	}
	table := "t"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var put, del int
			for _, it := range searchChanges(&table, m, tt.old, tt.new) {
				if it.Put != nil {
					put++
				}
				if it.Delete != nil {
					del++
				}
			}
			if put != tt.wantPut || del != tt.wantDel {
				t.Errorf("puts %d, deletes %d; want %d, %d", put, del, tt.wantPut, tt.wantDel)
			}
		})
	}
}

func TestSearchPK(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		{"sao", "ORG#o#SRCH#Cases#sa"},
		{"ção", "ORG#o#SRCH#Cases#çã"},
		{"ab", "ORG#o#SRCH#Cases#ab"},
	} {
		if got := searchPK("o", crm.Cases, c.word); got != c.want {
			t.Errorf("searchPK(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
