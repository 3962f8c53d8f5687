package apitest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestPaymentLink: an admin sets the organization's payment link template; a customer's view
// of an invoice they owe carries it filled in (values escaped), an invoice that is not due
// carries none, and neither does one whose link would tell a field the tab hides. Bad
// templates are refused naming paymentUrl, and leave the setting as it was.
func TestPaymentLink(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	const tmpl = "https://pay.example.com/checkout?invoice={id}&amount={amount}&ref={subject}"

	t.Run("bad templates are refused", func(t *testing.T) {
		MustStatus(t, s.Admin.Do("PATCH", "/api/admin/org", map[string]any{"paymentUrl": tmpl}), http.StatusOK)
		for _, bad := range []string{
			"javascript:alert(1)//{id}",
			"http://pay.example.com/{id}",
			"https://pay.example.com/?email={email}",
			"https://{subject}.example.com/pay",
			"https://pay.example.com/?x=" + strings.Repeat("a", 1001),
		} {
			r := s.Admin.Do("PATCH", "/api/admin/org", map[string]any{"paymentUrl": bad})
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "paymentUrl" {
				t.Errorf("%q: fields = %v, want [paymentUrl]", bad, f)
			}
		}
		var org struct{ PaymentURL string }
		settle() // the organization is read eventually consistently: after the template was set
		s.Admin.Do("GET", "/api/admin/org", nil).JSON(t, &org)
		if org.PaymentURL != tmpl {
			t.Errorf("paymentUrl = %q after refused changes, want %q", org.PaymentURL, tmpl)
		}
		settle() // the record views read the organization eventually consistently
	})

	payURL := func(t *testing.T, subject string) string {
		t.Helper()
		var list myRecords
		r := s.client.Do("GET", "/api/records/Invoices?limit=100", nil)
		MustStatus(t, r, http.StatusOK)
		r.JSON(t, &list)
		for _, it := range list.Items {
			if it.Fields["Subject"] == subject {
				var rec struct {
					ID     string
					PayURL string `json:"payUrl"`
				}
				v := s.client.Do("GET", "/api/records/Invoices/"+it.ID, nil)
				MustStatus(t, v, http.StatusOK)
				v.JSON(t, &rec)
				if rec.PayURL != "" && !strings.Contains(rec.PayURL, "invoice="+it.ID+"&") {
					t.Errorf("payUrl %q does not name the invoice %s", rec.PayURL, it.ID)
				}
				return rec.PayURL
			}
		}
		t.Fatalf("no invoice %q in the customer's list", subject)
		return ""
	}

	t.Run("a due invoice carries the link", func(t *testing.T) {
		// "zinco" is Approved (due), 250.5.
		got := payURL(t, "zinco")
		if !strings.HasPrefix(got, "https://pay.example.com/checkout?invoice=") || !strings.HasSuffix(got, "&amount=250.50&ref=zinco") {
			t.Errorf("payUrl = %q, want the template filled in for zinco", got)
		}
	})
	t.Run("an invoice that is not due carries none", func(t *testing.T) {
		var list myRecords
		s.client.Do("GET", "/api/records/Invoices?limit=100", nil).JSON(t, &list)
		for _, it := range list.Items {
			if it.Fields["Subject"] == "Água" {
				var rec record
				s.Admin.Do("GET", "/api/admin/records/Invoices/"+it.ID, nil).JSON(t, &rec)
				MustStatus(t, s.Admin.Do("PATCH", "/api/admin/records/Invoices/"+it.ID, map[string]any{"fields": map[string]any{"Status": "Paid"}},
					"If-Match", `"`+strconv.Itoa(rec.Version)+`"`), http.StatusOK)
			}
		}
		settle()
		if got := payURL(t, "Água"); got != "" {
			t.Errorf("payUrl = %q, want none", got)
		}
	})
	t.Run("a link with a hidden field is not offered", func(t *testing.T) {
		// The customer's type hides Due_Date.
		MustStatus(t, s.Admin.Do("PATCH", "/api/admin/org", map[string]any{"paymentUrl": "https://pay.example.com/{id}?due={due_date}"}), http.StatusOK)
		settle()
		if got := payURL(t, "zinco"); got != "" {
			t.Errorf("payUrl = %q, want none: it would tell the hidden Due_Date", got)
		}
	})
	t.Run("an empty template turns the link off", func(t *testing.T) {
		MustStatus(t, s.Admin.Do("PATCH", "/api/admin/org", map[string]any{"paymentUrl": ""}), http.StatusOK)
		settle()
		if got := payURL(t, "zinco"); got != "" {
			t.Errorf("payUrl = %q, want none", got)
		}
	})
}
