package portalapi

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

func TestExportFormat(t *testing.T) {
	tests := []struct {
		in, want string
		status   int
	}{
		{in: "", want: "json"},
		{in: "json", want: "json"},
		{in: "csv", want: "csv"},
		{in: "CSV", status: http.StatusBadRequest},
		{in: "xlsx", status: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run("format="+tt.in, func(t *testing.T) {
			got, err := exportFormat(tt.in)
			if tt.status != 0 {
				if err == nil || httpapi.KindOf(err).Status() != tt.status {
					t.Fatalf("err = %v, want %d", err, tt.status)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("exportFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestExportCSV(t *testing.T) {
	at := time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)
	out := ExportJSON{ExportedAt: at,
		Profile: ProfileJSON{ID: "u1", Email: "ana@example.com", Name: "=HYPERLINK(\"x\")", Status: "active",
			UserType: TypeRef{ID: "t1", Name: "Clientes"}, InvitedAt: at, RecordID: "c1", RecordModule: "Contacts",
			Preferences: &store.Preferences{Language: "pt-BR", TimeFormat: "24h", TimeZone: "America/Sao_Paulo", Country: "BR"}},
		Records: map[string][]RecordJSON{
			"Invoices": {{ID: "i1", Module: "Invoices", Fields: map[string]any{"Subject": "Fatura, \"novembro\"", "Grand_Total": 4140.5,
				"Account_Name": map[string]any{"id": "a1", "name": "Acme"}, "Tags": []any{"a", "b"}, "Paid": false},
				CreatedAt: at, ModifiedAt: at}},
			"Cases": {{ID: "k1", Module: "Cases", Fields: map[string]any{"Subject": "-1+1", "Status": "New"}, CreatedAt: at, ModifiedAt: at}},
		},
		Truncated: []string{"Invoices"}, TruncatedReason: truncatedRecords,
	}
	b, err := exportCSV(out, exportBudget)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatalf("the file is not CSV: %v\n%s", err, b)
	}
	const ts = "2026-12-06T10:30:00Z"
	want := [][]string{
		{"section", "id", "field", "value"},
		{"profile", "u1", "email", "ana@example.com"},
		{"profile", "u1", "name", "'=HYPERLINK(\"x\")"},
		{"profile", "u1", "status", "active"},
		{"profile", "u1", "userType", "Clientes"},
		{"profile", "u1", "recordModule", "Contacts"},
		{"profile", "u1", "recordId", "c1"},
		{"profile", "u1", "invitedAt", ts},
		{"profile", "u1", "acceptedAt", ""},
		{"profile", "u1", "lastLoginAt", ""},
		{"profile", "u1", "language", "pt-BR"},
		{"profile", "u1", "timeFormat", "24h"},
		{"profile", "u1", "timeZone", "America/Sao_Paulo"},
		{"profile", "u1", "country", "BR"},
		{"profile", "u1", "exportedAt", ts},
		{"Cases", "k1", "Status", "New"},
		{"Cases", "k1", "Subject", "'-1+1"},
		{"Cases", "k1", "createdAt", ts},
		{"Cases", "k1", "modifiedAt", ts},
		{"Invoices", "i1", "Account_Name", "Acme"},
		{"Invoices", "i1", "Grand_Total", "4140.5"},
		{"Invoices", "i1", "Paid", "false"},
		{"Invoices", "i1", "Subject", "Fatura, \"novembro\""},
		{"Invoices", "i1", "Tags", `["a","b"]`},
		{"Invoices", "i1", "createdAt", ts},
		{"Invoices", "i1", "modifiedAt", ts},
		{"Invoices", "", "truncated", "records"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), b)
	}
	for i := range want {
		t.Run(strings.Join(want[i][:3], "/"), func(t *testing.T) {
			if !reflect.DeepEqual(rows[i], want[i]) {
				t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
			}
		})
	}
}

// TestExportCSVStopsBeforeItsLimit: a CSV row repeats the module and the id, so a file can
// outgrow the JSON one; the records stop whole before the limit and the tabs left out are
// listed as truncated for size.
func TestExportCSVStopsBeforeItsLimit(t *testing.T) {
	at := time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)
	var cases, invoices []RecordJSON
	for i := range 20 {
		cases = append(cases, RecordJSON{ID: fmt.Sprintf("k%02d", i), Fields: map[string]any{"Subject": strings.Repeat("x", 100)}, CreatedAt: at, ModifiedAt: at})
		invoices = append(invoices, RecordJSON{ID: fmt.Sprintf("i%02d", i), Fields: map[string]any{"Subject": "y"}, CreatedAt: at, ModifiedAt: at})
	}
	out := ExportJSON{ExportedAt: at, Profile: ProfileJSON{ID: "u1"},
		Records: map[string][]RecordJSON{"Cases": cases, "Invoices": invoices}}
	whole, err := exportCSV(out, exportBudget)
	if err != nil {
		t.Fatal(err)
	}
	limit := len(whole) / 3
	b, err := exportCSV(out, limit)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatalf("the file is not CSV: %v", err)
	}
	last := rows[len(rows)-2:]
	if got, want := last, [][]string{{"Cases", "", "truncated", "size"}, {"Invoices", "", "truncated", "size"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("last rows = %q, want %q", got, want)
	}
	body := len(b) - len("Cases,,truncated,size\nInvoices,,truncated,size\n")
	if body > limit {
		t.Errorf("records take %d bytes, over the limit %d", body, limit)
	}
	// Every record written is whole: its modifiedAt row closes it.
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if r[0] == "Cases" && r[1] != "" {
			seen[r[1]] = seen[r[1]] || r[2] == "modifiedAt"
		}
	}
	for id, closed := range seen {
		if !closed {
			t.Errorf("record %s cut inside", id)
		}
	}
	if len(seen) == 0 || len(seen) == 20 {
		t.Errorf("%d cases written, want some but not all", len(seen))
	}
}
