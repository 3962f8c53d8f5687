package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"crmportal/shared/recordpdf/pdftest"
)

// download fetches the document the link answer of r points to.
func download(t *testing.T, r response) []byte {
	t.Helper()
	MustStatus(t, r, http.StatusOK)
	var link struct{ URL string }
	r.JSON(t, &link)
	resp, err := http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(got, []byte("%PDF-")) {
		t.Fatalf("download: status %d, %d bytes, not a PDF", resp.StatusCode, len(got))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q, want application/pdf", ct)
	}
	return got
}

// TestRecordPDF: a customer downloads the PDF of an invoice in scope in their language, with
// the totals in its number format and without the fields their type hides; the same version
// gives the same bytes, an edit a new file; staff get every field; accents, Greek and Chinese
// text extract as written; 200 line items (the record's bound) span pages, 1000 are refused
// at the write naming the rule; out of scope and other modules are 404.
func TestRecordPDF(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	id := ""
	var list myRecords
	MustStatus(t, s.client.Do("GET", "/api/records/Invoices?limit=100", nil), http.StatusOK)
	s.client.Do("GET", "/api/records/Invoices?limit=100", nil).JSON(t, &list)
	for _, it := range list.Items {
		if it.Fields["Subject"] == "zinco" {
			id = it.ID
		}
	}
	if id == "" {
		t.Fatal("no invoice zinco in the customer's list")
	}
	portalPath := "/api/records/Invoices/" + id + "/pdf"
	staffPath := "/api/admin/records/Invoices/" + id + "/pdf"

	first := download(t, s.client.Do("GET", portalPath+"?lang=pt-BR", nil))
	t.Run("the customer's PDF in pt-BR", func(t *testing.T) {
		text := pdftest.Text(first)
		for _, want := range []string{"Fatura: zinco", "Total geral", "250,50"} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "secret") {
			t.Errorf("the customer's PDF shows the hidden Description:\n%s", text)
		}
	})
	t.Run("the same version gives the same file", func(t *testing.T) {
		again := download(t, s.client.Do("GET", portalPath+"?lang=pt-BR", nil))
		if !bytes.Equal(first, again) {
			t.Error("two downloads of the same version differ")
		}
		en := pdftest.Text(download(t, s.client.Do("GET", portalPath+"?lang=en", nil)))
		if !strings.Contains(en, "250.50") || !strings.Contains(en, "Grand total") {
			t.Errorf("the English PDF lacks 250.50 or Grand total:\n%s", en)
		}
	})
	t.Run("staff see every field", func(t *testing.T) {
		text := pdftest.Text(download(t, s.Admin.Do("GET", staffPath+"?lang=en", nil)))
		if !strings.Contains(text, "secret zinco") {
			t.Errorf("the staff PDF lacks the Description:\n%s", text)
		}
	})

	var rec record
	s.Admin.Do("GET", "/api/admin/records/Invoices/"+id, nil).JSON(t, &rec)
	product := s.Admin.MustCreate("Products", map[string]any{"Product_Name": "Pão de queijo", "Unit_Price": 2.5})
	lines := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"Product": product.ID, "Quantity": 2, "Unit_Price": 1234.5}
		}
		return out
	}
	t.Run("over the record's bound is refused and nothing changes", func(t *testing.T) {
		r := s.Admin.Do("PATCH", "/api/admin/records/Invoices/"+id, map[string]any{"fields": map[string]any{"Product_Details": lines(1000)}},
			"If-Match", `"`+strconv.Itoa(rec.Version)+`"`)
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "Product_Details" {
			t.Errorf("fields = %v, want [Product_Details]", f)
		}
		var now record
		s.Admin.Do("GET", "/api/admin/records/Invoices/"+id, nil).JSON(t, &now)
		if now.Version != rec.Version {
			t.Errorf("version %d after a refused change, want %d", now.Version, rec.Version)
		}
	})
	t.Run("an edit gives a new file; every script extracts", func(t *testing.T) {
		subject := "Fatura São João — Ελλάδα — 张伟"
		MustStatus(t, s.Admin.Do("PATCH", "/api/admin/records/Invoices/"+id, map[string]any{"fields": map[string]any{
			"Subject": subject, "Product_Details": lines(200), "Grand_Total": 493800, "Description": "Observação: 北京 Россия"}},
			"If-Match", `"`+strconv.Itoa(rec.Version)+`"`), http.StatusOK)
		settle() // the PDF routes read the record eventually consistently
		next := download(t, s.client.Do("GET", portalPath+"?lang=pt-BR", nil))
		if bytes.Equal(first, next) {
			t.Error("the edited invoice gave the old file")
		}
		if text := pdftest.Text(next); !strings.Contains(text, subject) || !strings.Contains(text, "493.800,00") {
			t.Errorf("the customer's PDF lacks %q or 493.800,00:\n%s", subject, text)
		}
		staff := download(t, s.Admin.Do("GET", staffPath+"?lang=pt-BR", nil))
		text := pdftest.Text(staff)
		for _, want := range []string{"Observação: 北京 Россия", "2.469,00", "1.234,50", "Página 2 de"} {
			if !strings.Contains(text, want) {
				t.Errorf("the staff PDF lacks %q", want)
			}
		}
		if got := strings.Count(text, "2.469,00"); got != 200 {
			t.Errorf("%d line totals, want 200", got)
		}
	})
	t.Run("discounts and taxes are printed where a line has them", func(t *testing.T) {
		var now record
		s.Admin.Do("GET", "/api/admin/records/Invoices/"+id, nil).JSON(t, &now)
		MustStatus(t, s.Admin.Do("PATCH", "/api/admin/records/Invoices/"+id, map[string]any{"fields": map[string]any{
			"Product_Details": []map[string]any{
				{"Product": product.ID, "Quantity": 4, "Unit_Price": 25, "Discount": 10, "Tax": 7.5},
				{"Product": product.ID, "Quantity": 3, "Unit_Price": "0.10", "Tax": 12.5},
			}, "Grand_Total": 97.09}},
			"If-Match", `"`+strconv.Itoa(now.Version)+`"`), http.StatusOK)
		var after record
		s.Admin.Do("GET", "/api/admin/records/Invoices/"+id, nil).JSON(t, &after)
		lines, _ := after.Fields["Product_Details"].([]any)
		var totals []any
		for _, l := range lines {
			if m, ok := l.(map[string]any); ok {
				totals = append(totals, m["Total"])
			}
		}
		if want := []any{"96.75", "0.34"}; fmt.Sprint(totals) != fmt.Sprint(want) {
			t.Errorf("line totals = %v, want %v", totals, want)
		}
		settle()
		text := pdftest.Text(download(t, s.Admin.Do("GET", staffPath+"?lang=pt-BR", nil))) // the customer's type hides the lines
		for _, want := range []string{"Desconto", "Imposto", "10,00", "7,5%", "12,5%", "96,75", "0,34", "97,09"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("out of scope and other modules are 404", func(t *testing.T) {
		other := s.contact(t, "Outra", "")
		alien := s.Admin.MustCreate("Invoices", map[string]any{"Subject": "Alheia 2", "Grand_Total": 1, "Contact_Name": other.ID})
		settle()
		MustStatus(t, s.client.Do("GET", "/api/records/Invoices/"+alien.ID+"/pdf", nil), http.StatusNotFound)
		MustStatus(t, s.client.Do("GET", "/api/records/Products/"+product.ID+"/pdf", nil), http.StatusNotFound)
		MustStatus(t, s.Admin.Do("GET", "/api/admin/records/Contacts/"+other.ID+"/pdf", nil), http.StatusNotFound)
		MustStatus(t, s.Admin.Do("GET", fmt.Sprintf("/api/admin/records/Invoices/%s/pdf", "nope"), nil), http.StatusNotFound)
		MustStatus(t, e.Client(t).Do("GET", portalPath, nil), http.StatusUnauthorized)
	})
}
