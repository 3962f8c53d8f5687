package staffimport

import (
	"encoding/json"
	"testing"

	"crmportal/shared/crm"
)

// FuzzImportRows: a CSV file never panics the parser; an accepted file has a header of at
// most MaxColumns and at most MaxRows rows; each row of the header's width, with column i
// mapped to field i of the module, becomes a body that Validate reads without panicking and
// whose errors name only mapped fields.
func FuzzImportRows(f *testing.F) {
	for _, s := range []string{
		"First_Name,Last_Name,Email\nAna,Silva,ana@cliente.example\n",
		"\xef\xbb\xbfAccount_Name,Annual_Revenue,Employees\nAcme,\"1.234,50\",12\n",
		"a,b\n\"unterminated\n",
		"a,b\n1,2,3\n\n4\n",
		"Name;Tags\nx;\"a;b\"\n",
		"h\n\"\"\"\"\n=cmd|' /C calc'!A0\n",
		"\xff\xfe",
		"",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
	}
	mods := crm.Standard()
	f.Fuzz(func(t *testing.T, b []byte, mi uint8) {
		rows, header, err := parseCSV(b)
		if err != nil {
			if rows != nil || header != nil {
				t.Fatalf("parseCSV: rows %q and header %q with error %v", rows, header, err)
			}
			return
		}
		if len(header) == 0 || len(header) > MaxColumns || len(rows) > MaxRows {
			t.Fatalf("parseCSV: header of %d columns, %d rows", len(header), len(rows))
		}
		m := mods[int(mi)%len(mods)]
		mapping, col := map[string]string{}, map[string]int{}
		for i, h := range header {
			col[h] = i
			mapping[h] = m.Fields[i%len(m.Fields)].APIName
		}
		mapped := map[string]bool{}
		for _, fd := range mapping {
			mapped[fd] = true
		}
		for _, row := range rows {
			if len(row) != len(header) {
				continue
			}
			in := rowInput(m, mapping, col, row)
			for k, v := range in {
				if !mapped[k] || !json.Valid(v) {
					t.Fatalf("rowInput(%q) = %s: %s: %s", row, in, k, v)
				}
			}
			_, errs := m.Validate(in, true)
			for _, e := range errs {
				if e.Field != "" && !mapped[e.Field] && !isRequired(m, e.Field) {
					t.Fatalf("row %q: error %+v names a field the file does not map", row, e)
				}
			}
		}
	})
}

func isRequired(m crm.Module, name string) bool {
	f, ok := m.Field(name)
	return ok && f.Required
}
