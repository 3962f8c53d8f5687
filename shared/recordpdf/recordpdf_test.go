package recordpdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"crmportal/shared/crm"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"pt money", Portuguese.Money("1234567.5"), "1.234.567,50"},
		{"en money", English.Money("1234567.5"), "1,234,567.50"},
		{"es money negative", Spanish.Money("-1234.56"), "-1.234,56"},
		{"money whole", Portuguese.Money("12"), "12,00"},
		{"small", English.Money("0.05"), "0.05"},
		{"not a number", Portuguese.Decimal("12a"), "12a"},
		{"number", Portuguese.Number(2.5), "2,5"},
		{"pt date", Portuguese.Date("2026-03-01"), "01/03/2026"},
		{"en date", English.Date("2026-03-01"), "03/01/2026"},
		{"bad date", English.Date("soon"), "soon"},
		{"datetime", Spanish.DateTime("2026-03-01T14:05:00-03:00"), "01/03/2026 17:05 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestLangOf(t *testing.T) {
	for tag, want := range map[string]Lang{"pt-BR": Portuguese, "pt": Portuguese, "es-419": Spanish, "en-GB": English, "zh-CN": English, "": English} {
		if got := LangOf(tag); got != want {
			t.Errorf("LangOf(%q) = %q, want %q", tag, got, want)
		}
	}
}

func invoice(n int) Record {
	m, _ := crm.StandardModule(crm.Invoices)
	items := make([]any, n)
	for i := range items {
		items[i] = map[string]any{crm.LineProduct: fmt.Sprintf("prod-%04d", i), crm.LineQuantity: 2.0, crm.LineUnitPrice: "1000.5", crm.LineTotal: "2001.00"}
	}
	return Record{Module: m, Name: "Fatura de São João — 张伟", Version: 3, ModifiedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		Fields: map[string]any{"Subject": "Fatura de São João — 张伟", "Status": "Paid", "Invoice_Date": "2026-03-01",
			"Product_Details": items, "Grand_Total": fmt.Sprintf("%d.00", 2001*n), "Description": "Ação, coração; Ελλάδα; Россия; 北京"}}
}

func TestFromRecord(t *testing.T) {
	d := FromRecord(invoice(2), Portuguese, "Acme Ltda")
	if got, want := d.Kind, "Fatura"; got != want {
		t.Errorf("Kind: got %q, want %q", got, want)
	}
	if got, want := d.GrandTotal, "4.002,00"; got != want {
		t.Errorf("GrandTotal: got %q, want %q", got, want)
	}
	if got, want := len(d.Lines), 2; got != want {
		t.Fatalf("lines: got %d, want %d", got, want)
	}
	if got, want := d.Lines[0], (Line{Product: "prod-0000", Quantity: "2", UnitPrice: "1.000,50", Total: "2.001,00"}); got != want {
		t.Errorf("line: got %+v, want %+v", got, want)
	}
	fields := map[string]string{}
	for _, f := range d.Fields {
		fields[f.Label] = f.Value
	}
	if got, want := fields["Status"], "Paga"; got != want {
		t.Errorf("status: got %q, want the option's label %q", got, want)
	}
	if got, want := fields["Data da fatura"], "01/03/2026"; got != want {
		t.Errorf("date: got %q, want %q (fields %v)", got, want, fields)
	}
	// A field the reader may not see is not in the record given, so not in the document.
	r := invoice(1)
	delete(r.Fields, "Grand_Total")
	if d := FromRecord(r, English, "Acme"); d.HasTotal {
		t.Error("a record without Grand_Total must not show a total")
	}
}

func TestRenderDeterministic(t *testing.T) {
	for _, n := range []int{0, 1, 200, MaxLines} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			d := FromRecord(invoice(n), Portuguese, "Acme Ltda")
			a, err := Render(d, Image{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Render(d, Image{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(a, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", a[:8])
			}
			if !bytes.Equal(a, b) {
				t.Error("the same Doc gave different files")
			}
			d.Version++
			c, err := Render(d, Image{})
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(a, c) {
				t.Error("another version gave the same file")
			}
		})
	}
}

func TestRenderBound(t *testing.T) {
	_, err := Render(FromRecord(invoice(MaxLines+1), English, "Acme"), Image{})
	if err == nil || !strings.Contains(err.Error(), RuleTooManyLines) {
		t.Fatalf("got %v, want %q", err, RuleTooManyLines)
	}
	if errors.Unwrap(err) != nil {
		t.Log(err)
	}
}

func TestDigest(t *testing.T) {
	a := FromRecord(invoice(1), Portuguese, "Acme")
	b := FromRecord(invoice(1), English, "Acme")
	if a.Digest() == b.Digest() {
		t.Error("two languages share a digest")
	}
	if a.Digest() != FromRecord(invoice(1), Portuguese, "Acme").Digest() {
		t.Error("the same Doc has two digests")
	}
}
