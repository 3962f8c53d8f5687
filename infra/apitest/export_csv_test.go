package apitest

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

// TestExportAsCSV: GET /api/me/export?format=csv answers the user's data as one CSV table
// (section,id,field,value) to download, with the profile and the records the user can see;
// another format is refused naming "format", before the export is counted.
func TestExportAsCSV(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	contact := contacts[len(contacts)-2]
	customer := e.customer(t, d, contact)
	email, _ := contact.Fields["Email"].(string)

	t.Run("another format is refused", func(t *testing.T) {
		r := customer.Do("GET", "/api/me/export?format=xlsx", nil)
		MustStatus(t, r, http.StatusBadRequest)
		if got := r.Problem(t).fields(); len(got) != 1 || got[0] != "format" {
			t.Errorf("the problem names %v, want format", got)
		}
	})

	t.Run("a CSV table", func(t *testing.T) {
		r := customer.Do("GET", "/api/me/export?format=csv", nil)
		MustStatus(t, r, http.StatusOK)
		if got := r.Header.Get("Content-Type"); got != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type = %q", got)
		}
		if got := r.Header.Get("Content-Disposition"); got != `attachment; filename="my-data.csv"` {
			t.Errorf("Content-Disposition = %q", got)
		}
		rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v\n%s", err, r.Body)
		}
		if len(rows) < 2 || strings.Join(rows[0], ",") != "section,id,field,value" {
			t.Fatalf("rows = %q, want a header and rows", rows)
		}
		var profileEmail, ownRecord bool
		for _, row := range rows[1:] {
			if len(row) != 4 {
				t.Fatalf("row %q has %d cells, want 4", row, len(row))
			}
			profileEmail = profileEmail || (row[0] == "profile" && row[2] == "email" && row[3] == email)
			ownRecord = ownRecord || (row[0] == "Contacts" && row[1] == contact.ID)
		}
		if !profileEmail || !ownRecord {
			t.Errorf("profile email %v, own contact record %v; want both in:\n%s", profileEmail, ownRecord, r.Body)
		}
	})
}
